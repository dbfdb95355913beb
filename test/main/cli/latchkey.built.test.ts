// `latchkey run` as users and CI run it: the built command (bin/latchkey.mjs → dist/cli) in a
// child process, against a real server on 127.0.0.1, with a data directory made by the app's own
// core. The child has no keychain (no D-Bus session, as on a CI runner), so secrets come from
// environment variables; test/main/cli/latchkey.keychain.test.ts covers the keychain.
import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { chmodSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ConfDocumentStore } from '../../../main/adapters/confDocumentStore';
import { confFactory } from '../../../main/adapters/confFactory';
import { createCore } from '../../../main/core/createCore';
import type { Assertion } from '../../../preload/contract';
import { makeTestPki } from '../../fixtures/certificates';
import { projectRoot } from '../../fixtures/packagedFiles';
import { spec } from '../../fixtures/requests';
import { memoryLogger, memorySecretStore, realClock, recordingBrowser } from '../../fixtures/testPorts';

const BIN = resolve(projectRoot, 'bin/latchkey.mjs');
let server: Server;
let base: string;
const seen: { url: string; authorization: string | undefined; token: string | undefined }[] = [];
let releaseSlow: (() => void) | null = null;

beforeAll(async () => {
  server = createServer((req, res) => {
    seen.push({ url: req.url ?? '', authorization: req.headers.authorization, token: req.headers['x-token'] as string | undefined });
    const url = new URL(req.url ?? '/', 'http://x');
    const user = /^\/users\/(\w+)$/.exec(url.pathname);
    if (user) {
      const names: Record<string, string> = { '1': 'Ada', '2': 'Grace', '3': 'Linus' };
      const name = names[user[1]!];
      res.writeHead(name ? 200 : 404, { 'content-type': 'application/json' });
      // Chunked, in several writes, as real servers send.
      res.write('{"id":');
      res.write(JSON.stringify(user[1]));
      res.end(`,"name":${JSON.stringify(name ?? null)}}`);
    } else if (url.pathname === '/slow') {
      res.writeHead(200, { 'content-type': 'text/plain' });
      res.write('started');
      releaseSlow = () => res.end(' and finished');
    } else {
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
    }
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((done) => server.close(() => done())));
beforeEach(() => {
  seen.length = 0;
});

let work: string;
beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), 'latchkey-cli-'));
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** A CI runner's environment: no D-Bus session and no display, so no keychain. */
function ciEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  return { PATH: process.env.PATH, HOME: join(work, 'home'), CI: 'true', ...extra };
}

function runCli(args: string[], options: { env?: Record<string, string>; cwd?: string } = {}): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((done) => {
    const child = spawn(process.execPath, [BIN, 'run', ...args], { cwd: options.cwd ?? work, env: ciEnv(options.env) });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    child.on('close', (code) => done({ code, stdout, stderr }));
  });
}

const status = (expected: string): Assertion => ({ target: 'status', path: '', operator: 'equals', expected, enabled: true });
const json = (path: string, expected: string, name?: string): Assertion => ({ target: 'jsonpath', path, operator: 'equals', expected, enabled: true, ...(name ? { name } : {}) });

/** A Postman v2.1 collection as a colleague exports it: a folder, test scripts, a data variable. */
function postmanFile(): string {
  const path = join(work, `partner-${Math.random().toString(36).slice(2)}.postman_collection.json`);
  writeFileSync(
    path,
    JSON.stringify({
      info: { name: 'Partner API', schema: 'https://schema.getpostman.com/json/collection/v2.1.0/collection.json' },
      item: [
        {
          name: 'Users',
          item: [
            {
              name: 'Get user',
              request: { method: 'GET', url: `${base}/users/{{id}}` },
              event: [{ listen: 'test', script: { exec: ["pm.test('is found', function () { pm.response.to.have.status(200); });", "pm.test('has the name', function () { pm.expect(pm.response.json().name).to.eql('{{name}}'); });"] } }],
            },
          ],
        },
        { name: 'Health', request: { method: 'GET', url: `${base}/health` }, event: [{ listen: 'test', script: { exec: ["pm.test('ok', function () { pm.expect(pm.response.json().ok).to.eql(true); });"] } }] },
      ],
    }),
  );
  return path;
}

/** Every file under a directory with its size, mode, time and contents' hash: what "nothing changed" means. */
function snapshot(dir: string): string[] {
  const out: string[] = [];
  const walk = (at: string) => {
    for (const entry of readdirSync(at, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const path = join(at, entry.name);
      const st = statSync(path);
      if (entry.isDirectory()) {
        out.push(`${path}/ ${st.mode.toString(8)}`);
        walk(path);
      } else out.push(`${path} ${st.size} ${st.mode.toString(8)} ${st.mtimeMs} ${createHash('sha256').update(readFileSync(path)).digest('hex')}`);
    }
  };
  walk(dir);
  return out;
}

/**
 * An app's data directory made by the app's core: a collection with a folder, an environment with
 * a secret variable, a connection with a secret password. The secrets sat in that app's keychain,
 * which the child cannot reach.
 */
async function appDataDir(): Promise<string> {
  const dir = mkdtempSync(join(work, 'data-'));
  const core = createCore({ documents: new ConfDocumentStore(dir, confFactory), secrets: memorySecretStore(), browser: recordingBrowser(), dialogs: null, bodiesDir: join(dir, 'bodies'), clock: realClock, logger: memoryLogger(), version: 't' });
  const connection = await core.connections.save({ name: 'Partner', baseUrl: base, auth: { type: 'basic', username: 'ada', password: { id: null, set: 'app-password' } }, clientCertificate: { kind: 'none' }, ca: '', verifyTls: true, testPath: '' });
  const api = core.collections.create({ kind: 'collection', parentId: null, name: 'Partner API' });
  const users = core.collections.create({ kind: 'folder', parentId: api.id, name: 'Users' });
  core.collections.create({ kind: 'request', parentId: users.id, name: 'Get Ada', request: spec({ url: `${base}/users/1`, headers: [{ name: 'X-Token', value: '{{token}}', enabled: true }], assertions: [status('200'), json('$.name', 'Ada')] }) });
  core.collections.create({ kind: 'request', parentId: api.id, name: 'Health', request: spec({ url: '/health', connectionId: connection.id, assertions: [status('200')] }) });
  await core.environments.save({ name: 'Staging', variables: [{ name: 'token', enabled: true, secret: true, value: '', secretId: null, newSecretValue: 'app-token' }] });
  await core.close();
  // The app leaves its bodies folder; a run must not touch it either.
  return dir;
}

describe('latchkey run (built, in a child process)', () => {
  it('runs a Postman file, data-driven, with every reporter; JUnit valid against both JUnit schemas', async () => {
    const data = join(work, 'users.csv');
    writeFileSync(data, 'id,name\r\n1,Ada\r\n2,"Grace"\r\n');
    const out = join(work, 'reports-pass');
    const run = await runCli([postmanFile(), '--data', data, '--reporter', 'cli,json,junit,html', '--out', out]);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(seen.map((s) => s.url)).toEqual(['/users/1', '/health', '/users/2', '/health']);
    // Plain lines in CI, then the summary table.
    expect(run.stdout).toMatch(/✓ Users \/ Get user {2}GET 200/);
    expect(run.stdout).toMatch(/requests\s+4\s+0/);
    expect(run.stdout).toMatch(/assertions\s+6\s+0/);
    const report = JSON.parse(readFileSync(join(out, 'latchkey-run.json'), 'utf8'));
    expect(report).toMatchObject({ source: 'Partner API', iterations: 2, requests: 4, errors: 0, assertions: { passed: 6, failed: 0 } });
    const html = readFileSync(join(out, 'latchkey-run.html'), 'utf8');
    expect(html).toContain("default-src 'none'");
    expect(html).not.toMatch(/<script/i);
    const xml = join(out, 'latchkey-run.xml');
    for (const schema of ['jenkins-junit.xsd', 'JUnit.xsd']) {
      const lint = spawnSync('xmllint', ['--noout', '--schema', resolve(projectRoot, 'test/fixtures/junit', schema), xml], { encoding: 'utf8' });
      expect(lint.error, 'xmllint is needed (apt-get install libxml2-utils; .ci/run installs it)').toBeUndefined();
      expect(lint.stderr).toContain('validates');
      expect(lint.status).toBe(0);
    }
    expect(readFileSync(xml, 'utf8')).toContain('<testsuite name="Partner API / Users"');
  });

  it('exits 1 when an assertion fails, naming it with the actual value in the output and the JUnit failure', async () => {
    const data = join(work, 'wrong.json');
    writeFileSync(data, JSON.stringify([{ id: '2', name: 'Ada' }]));
    const out = join(work, 'reports-fail');
    const run = await runCli([postmanFile(), '--data', data, '--reporter', 'junit', '--out', out]);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('has the name: expected Ada (actual: Grace)');
    const xml = readFileSync(join(out, 'latchkey-run.xml'), 'utf8');
    expect(xml).toContain('<failure message="has the name: expected Ada (actual: Grace)" type="AssertionFailure">');
  });

  it('exits 2 when a request gets no response, and --bail stops there', async () => {
    const file = join(work, 'down.json');
    writeFileSync(
      file,
      JSON.stringify({
        info: { name: 'Down', schema: 'https://schema.getpostman.com/json/collection/v2.1.0/collection.json' },
        item: [
          { name: 'Nothing listens', request: { method: 'GET', url: 'http://127.0.0.1:1/x' } },
          { name: 'Health', request: { method: 'GET', url: `${base}/health` } },
        ],
      }),
    );
    const all = await runCli([file]);
    expect(all.code).toBe(2);
    expect(all.stdout).toContain('Connection refused by 127.0.0.1:1');
    expect(seen).toHaveLength(1);
    seen.length = 0;
    const bailed = await runCli([file, '--bail']);
    expect(bailed.code).toBe(2);
    expect(bailed.stdout).toContain('stopped at the first failure (--bail)');
    expect(seen).toHaveLength(0);
  });

  it("runs the app's collection by name with secrets from environment variables, and changes nothing in its data directory", async () => {
    const dir = await appDataDir();
    const before = snapshot(dir);
    const env = { LATCHKEY_DATA_DIR: dir, LATCHKEY_VAR_token: 'ci-token', LATCHKEY_SECRET_PARTNER_PASSWORD: 'ci-password' };
    const run = await runCli(['partner api', '--env', 'Staging', '--reporter', 'cli,json', '--out', join(work, 'reports-app')], { env });
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(seen.map((s) => s.url)).toEqual(['/users/1', '/health']);
    expect(seen[0]!.token).toBe('ci-token');
    expect(seen[1]!.authorization).toBe(`Basic ${Buffer.from('ada:ci-password').toString('base64')}`);
    const report = readFileSync(join(work, 'reports-app', 'latchkey-run.json'), 'utf8');
    expect(report).not.toContain('ci-token');
    expect(report).not.toContain('ci-password');
    expect(snapshot(dir)).toEqual(before);

    // A folder alone; then without the secrets: each request says which variable to set.
    seen.length = 0;
    const folder = await runCli(['Partner API', '--folder', 'users', '--env', 'Staging'], { env });
    expect(folder.code).toBe(0);
    expect(seen.map((s) => s.url)).toEqual(['/users/1']);
    const missing = await runCli(['Partner API', '--env', 'Staging'], { env: { LATCHKEY_DATA_DIR: dir } });
    expect(missing.code).toBe(2);
    expect(missing.stdout).toContain('The variable "token" is a secret that is kept in the keychain, and there is no usable keychain here: set the environment variable LATCHKEY_VAR_token (or --var token=…)');
    expect(missing.stdout).toContain('The password of the connection "Partner" is a secret that is kept in the keychain, and there is no usable keychain here: set the environment variable LATCHKEY_SECRET_PARTNER_PASSWORD');
    // --var gives it too.
    seen.length = 0;
    const byVar = await runCli(['Partner API', '--folder', 'Users', '--env', 'Staging', '--var', 'token=from-var'], { env: { LATCHKEY_DATA_DIR: dir } });
    expect(byVar.code).toBe(0);
    expect(seen[0]!.token).toBe('from-var');
    expect(snapshot(dir)).toEqual(before);
  });

  it('refuses bad input with one line and exit code 3, changing nothing in the data directory', async () => {
    const dir = await appDataDir();
    const before = snapshot(dir);
    const file = postmanFile();
    const ragged = join(work, 'ragged.csv');
    writeFileSync(ragged, 'id,name\n1,Ada\n2\n');
    const notArray = join(work, 'object.json');
    writeFileSync(notArray, '{"id": 1}');
    const aFile = join(work, 'a-file');
    writeFileSync(aFile, 'x');
    const readOnly = join(work, 'read-only');
    mkdirSync(readOnly, { recursive: true });
    chmodSync(readOnly, 0o500);
    const cases: [string[], RegExp][] = [
      [['No Such Collection'], /^latchkey run: There is no collection called "No Such Collection"; there is "Partner API"\.\n$/],
      [['Partner API', '--folder', 'Admins'], /^latchkey run: There is no folder called "Admins"; there is "Users"\.\n$/],
      [['Partner API', '--env', 'Prod'], /^latchkey run: There is no environment called "Prod"; there are "Staging"\.\n$/],
      [[file, '--data', ragged], /^latchkey run: ragged\.csv: line 3 has 1 field, the header has 2.*\n$/],
      [[file, '--data', notArray], /^latchkey run: object\.json: .*array.*\n$/],
      [[file, '--reporter', 'cli,xml'], /^latchkey run: Unknown reporter "xml": use any of cli, json, junit, html\.\nRun "latchkey run --help" for the options\.\n$/],
      [[file, '--reporter', 'junit', '--out', join(aFile, 'reports')], /^latchkey run: Cannot write reports to .*a-file\/reports: it is not a folder\.\n$/],
      [[join(work, 'missing.json')], /^latchkey run: Cannot read the collection file .*missing\.json: there is no such file\.\n$/],
      [[file, '--iterations', '0'], /^latchkey run: --iterations takes a whole number of 1 or more, not "0"\.\n/],
    ];
    // Root may write anywhere, so the read-only folder is a case only for other users.
    if (process.getuid?.() !== 0) cases.push([[file, '--reporter', 'json', '--out', readOnly], /^latchkey run: Cannot write reports to .*: permission denied\.\n$/]);
    for (const [args, message] of cases) {
      const run = await runCli(args, { env: { LATCHKEY_DATA_DIR: dir } });
      expect(run.stderr, args.join(' ')).toMatch(message);
      expect(run.code, args.join(' ')).toBe(3);
    }
    expect(seen).toHaveLength(0);
    expect(snapshot(dir)).toEqual(before);
  });

  it('Ctrl+C cancels the request in flight, writes the partial reports and exits 130', async () => {
    const file = join(work, 'slow.json');
    writeFileSync(
      file,
      JSON.stringify({
        info: { name: 'Slow', schema: 'https://schema.getpostman.com/json/collection/v2.1.0/collection.json' },
        item: [
          { name: 'Health', request: { method: 'GET', url: `${base}/health` } },
          { name: 'Slow', request: { method: 'GET', url: `${base}/slow` } },
          { name: 'Never sent', request: { method: 'GET', url: `${base}/never` } },
        ],
      }),
    );
    const out = join(work, 'reports-interrupted');
    const child = spawn(process.execPath, [BIN, 'run', file, '--reporter', 'json,junit', '--out', out], { cwd: work, env: ciEnv() });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    const closed = new Promise<number | null>((done) => child.on('close', done));
    await expect.poll(() => releaseSlow !== null, { timeout: 15_000 }).toBe(true);
    child.kill('SIGINT');
    // The slow response never finishes: the run does not wait for it.
    expect(await closed).toBe(130);
    expect(stderr).toContain('Stopping: the request in flight is cancelled');
    releaseSlow!();
    releaseSlow = null;
    expect(seen.map((s) => s.url)).toEqual(['/health', '/slow']);
    expect(stdout).toContain('interrupted');
    const report = JSON.parse(readFileSync(join(out, 'latchkey-run.json'), 'utf8'));
    expect(report).toMatchObject({ stopped: 'interrupted', requests: 2 });
    expect(readFileSync(join(out, 'latchkey-run.xml'), 'utf8')).toContain('name="latchkey.stopped" value="interrupted"');
  });

  it('--env-file, --iterations and --delay: a Postman environment file, the list run twice with a pause between requests', async () => {
    const env = join(work, 'staging.postman_environment.json');
    writeFileSync(env, JSON.stringify({ name: 'Staging', values: [{ key: 'id', value: '3', enabled: true }, { key: 'name', value: 'Linus', enabled: true }], _postman_variable_scope: 'environment' }));
    const started = Date.now();
    const run = await runCli([postmanFile(), '--env-file', env, '--iterations', '2', '--delay', '300', '--reporter', 'json', '--out', join(work, 'reports-env')]);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(seen.map((s) => s.url)).toEqual(['/users/3', '/health', '/users/3', '/health']);
    // Three pauses of 300 ms between four requests.
    expect(Date.now() - started).toBeGreaterThanOrEqual(900);
    expect(JSON.parse(readFileSync(join(work, 'reports-env', 'latchkey-run.json'), 'utf8'))).toMatchObject({ iterations: 2, requests: 4 });
  });

  it('--timeout stops a request that takes too long (exit 2); --insecure reaches a self-signed server that is refused without it', async () => {
    const slow = join(work, 'slow-timeout.json');
    writeFileSync(slow, JSON.stringify({ info: { name: 'Slow', schema: 'https://schema.getpostman.com/json/collection/v2.1.0/collection.json' }, item: [{ name: 'Slow', request: { method: 'GET', url: `${base}/slow` } }] }));
    const timedOut = await runCli([slow, '--timeout', '300']);
    releaseSlow?.();
    releaseSlow = null;
    expect(timedOut.code).toBe(2);
    expect(timedOut.stdout).toContain('GET 200 (cut short)');
    expect(timedOut.stdout).toContain('No complete response within 0.3 s (the overall timeout)');

    const pki = makeTestPki();
    const tls = createHttpsServer({ key: pki.selfSigned.key, cert: pki.selfSigned.cert }, (_req, res) => res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}'));
    await new Promise<void>((done) => tls.listen(0, '127.0.0.1', done));
    try {
      const file = join(work, 'tls.json');
      writeFileSync(file, JSON.stringify({ info: { name: 'TLS', schema: 'https://schema.getpostman.com/json/collection/v2.1.0/collection.json' }, item: [{ name: 'Secure', request: { method: 'GET', url: `https://127.0.0.1:${(tls.address() as AddressInfo).port}/` } }] }));
      const refused = await runCli([file]);
      expect(refused.code).toBe(2);
      expect(refused.stdout).toMatch(/self-signed/i);
      const insecure = await runCli([file, '--insecure']);
      expect(insecure.code).toBe(0);
      expect(insecure.stdout).toMatch(/✓ Secure {2}GET 200/);
    } finally {
      await new Promise<void>((done) => tls.close(() => done()));
    }
  });

  it('keeps going when its reader goes away (latchkey run … | head -c 10)', async () => {
    const out = join(work, 'reports-pipe');
    const child = spawn('sh', ['-c', `"${process.execPath}" "${BIN}" run "${postmanFile()}" --reporter json --out "${out}" | head -c 10`], { cwd: work, env: ciEnv() });
    let stderr = '';
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    child.stdout.resume();
    await new Promise((done) => child.on('close', done));
    expect(stderr).not.toContain('EPIPE');
    expect(JSON.parse(readFileSync(join(out, 'latchkey-run.json'), 'utf8'))).toMatchObject({ requests: 2 });
  });

  it('runs any file the app imports: curl commands and an OpenAPI document', async () => {
    const curl = join(work, 'requests.curl');
    writeFileSync(curl, `curl ${base}/users/1 -H 'X-Token: from-curl'\ncurl ${base}/health\n`);
    const fromCurl = await runCli([curl]);
    expect(fromCurl.stderr).toBe('');
    expect(fromCurl.code).toBe(0);
    expect(seen.map((s) => `${s.url} ${s.token ?? ''}`.trim())).toEqual(['/users/1 from-curl', '/health']);
    seen.length = 0;
    const openapi = join(work, 'users.openapi.yaml');
    writeFileSync(openapi, `openapi: 3.0.3\ninfo: {title: Users, version: "1"}\nservers: [{url: "${base}"}]\npaths:\n  /health:\n    get: {summary: Health, responses: {"200": {description: ok}}}\n`);
    const fromOpenApi = await runCli([openapi]);
    expect(fromOpenApi.code).toBe(0);
    expect(seen.map((s) => s.url)).toEqual(['/health']);
  });

  it('prints --help with the exit codes, and the top-level usage', async () => {
    const help = await runCli(['--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('Exit codes: 0 all passed, 1 an assertion failed, 2 a request failed');
    const top = spawnSync(process.execPath, [BIN, 'frobnicate'], { encoding: 'utf8', env: ciEnv() });
    expect(top.status).toBe(3);
    expect(top.stderr).toContain('unknown command "frobnicate"');
  });
});
