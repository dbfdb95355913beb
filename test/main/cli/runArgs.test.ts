// `latchkey run`'s arguments: every option, and a one-line reason (exit code 3) for each bad one.
import { describe, expect, it } from 'vitest';
import { parseRunArgs, RUN_USAGE } from '../../../main/cli/runArgs';

describe('latchkey run arguments', () => {
  it('reads every option, in either --flag value or --flag=value form', () => {
    const parsed = parseRunArgs(['Partner API', '--folder', 'Users', '--env=staging', '--var', 'token=a=b', '--var', 'id=', '--data', 'rows.csv', '--iterations', '3', '--delay', '50', '--bail', '--timeout', '5000', '--insecure', '--reporter', 'cli,junit,junit,html', '--out', 'reports', '--data-dir', '/tmp/lk']);
    expect(parsed).toEqual({
      ok: true,
      args: { target: 'Partner API', folder: 'Users', env: 'staging', envFile: null, vars: [{ name: 'token', value: 'a=b' }, { name: 'id', value: '' }], data: 'rows.csv', iterations: 3, delayMs: 50, bail: true, timeoutMs: 5000, insecure: true, reporters: ['cli', 'junit', 'html'], out: 'reports', dataDir: '/tmp/lk' },
    });
    expect(parseRunArgs(['c.json'])).toMatchObject({ ok: true, args: { reporters: ['cli'], out: 'latchkey-reports', iterations: null, delayMs: 0 } });
    expect(parseRunArgs(['--help'])).toEqual({ ok: false, help: true });
    expect(RUN_USAGE).toMatch(/Exit codes: 0 all passed, 1 an assertion failed, 2 a request failed/);
  });

  it.each([
    [[], 'Name the collection to run, or the path of a Postman v2.1 file or a Latchkey export.'],
    [['a', 'b'], 'One collection at a time: "a" and "b" were both given.'],
    [['a', '--reporter', 'cli,xml'], 'Unknown reporter "xml": use any of cli, json, junit, html.'],
    [['a', '--iterations', '0'], '--iterations takes a whole number of 1 or more, not "0".'],
    [['a', '--delay', '-5'], '--delay takes a whole number, not "-5".'],
    [['a', '--delay', 'soon'], '--delay takes a whole number, not "soon".'],
    [['a', '--var', 'no-equals'], '--var takes NAME=VALUE with a name of letters, digits and _ . $ -, not "no-equals".'],
    [['a', '--folder'], '--folder needs a value.'],
    [['a', '--folder', '--bail'], '--folder needs a value.'],
    [['a', '--frobnicate'], 'Unknown option "--frobnicate".'],
    [['a', '--env', 'x', '--env-file', 'y.json'], 'Use --env or --env-file, not both.'],
  ])('refuses %j', (argv, error) => {
    expect(parseRunArgs(argv)).toEqual({ ok: false, help: false, error });
  });
});
