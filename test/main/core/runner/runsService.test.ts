// The app's runner (runner:* channels) on the real core against a real server: a run's rows as
// events, its environment chosen without touching the app's active one, details, reports,
// Stop, and only the last 20 runs kept with their bodies.
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ConfDocumentStore } from '../../../../main/adapters/confDocumentStore';
import { confFactory } from '../../../../main/adapters/confFactory';
import { createCore, type Core } from '../../../../main/core/createCore';
import type { RunEvent } from '../../../../main/core/runner/runsService';
import { spec } from '../../../fixtures/requests';
import { memoryLogger, memorySecretStore, realClock, recordingBrowser } from '../../../fixtures/testPorts';

let server: Server;
let base: string;
let hold: (() => void)[] = [];
beforeAll(async () => {
  server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    if (url.pathname === '/slow') {
      res.writeHead(200).write('…');
      hold.push(() => res.end());
      return;
    }
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ user: url.searchParams.get('user'), stage: req.headers['x-stage'] ?? null }));
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((done) => server.close(() => done())));

let dir: string;
let core: Core;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'latchkey-runs-'));
  core = createCore({ documents: new ConfDocumentStore(dir, confFactory), secrets: memorySecretStore(), browser: recordingBrowser(), dialogs: null, bodiesDir: join(dir, 'bodies'), clock: realClock, logger: memoryLogger(), version: 't' });
});
afterEach(async () => {
  for (const h of hold) h();
  hold = [];
  await core.close();
  rmSync(dir, { recursive: true, force: true });
});

function collection() {
  const api = core.collections.create({ kind: 'collection', parentId: null, name: 'Partner' });
  const users = core.collections.create({ kind: 'folder', parentId: api.id, name: 'Users' });
  const one = core.collections.create({
    kind: 'request',
    parentId: users.id,
    name: 'Get user',
    request: spec({ url: `${base}/u?user={{user}}`, headers: [{ name: 'X-Stage', value: '{{stage}}', enabled: true }], assertions: [{ target: 'jsonpath', path: '$.user', operator: 'equals', expected: 'ada', enabled: true }] }),
  });
  const two = core.collections.create({ kind: 'request', parentId: api.id, name: 'Ping', request: spec({ url: `${base}/ping` }) });
  return { api, users, one, two };
}

const finished = (id: string) =>
  new Promise<RunEvent & { kind: 'finished' }>((done) => {
    const off = core.runs.onEvent((event) => {
      if (event.kind === 'finished' && event.run.id === id) {
        off();
        done(event);
      }
    });
  });

describe('the app runner', () => {
  it('runs ticked requests per data row with the chosen environment, leaving the active one; rows arrive as events', async () => {
    const { api, one, two } = collection();
    const staging = await core.environments.save({ name: 'Staging', variables: [{ name: 'stage', enabled: true, secret: false, value: 'staging', secretId: null }] });
    const prod = await core.environments.save({ name: 'Prod', variables: [{ name: 'stage', enabled: true, secret: false, value: 'prod', secretId: null }] });
    core.environments.activate(prod.id);
    const rows: string[] = [];
    core.runs.onEvent((event) => event.kind === 'step' && rows.push(`${event.row.iteration}:${event.row.name}:${event.row.passed}/${event.row.failed}`));
    const info = core.runs.start({ rootId: api.id, include: [one.id, two.id], environmentId: staging.id, iterations: null, data: { name: 'users.csv', text: 'user\nada\ngrace\n' }, delayMs: 0, bail: false });
    expect(info).toMatchObject({ status: 'running', planned: 4, iterations: 2, environment: 'Staging', dataFile: 'users.csv', source: 'Partner' });
    const done = await finished(info.id);
    expect(done.run).toMatchObject({ status: 'failed', requests: 4, assertionsPassed: 1, assertionsFailed: 1 });
    expect(rows).toEqual(['0:Get user:1/0', '0:Ping:0/0', '1:Get user:0/1', '1:Ping:0/0']);
    expect(core.environments.active()?.id).toBe(prod.id);
    const detail = await core.runs.detail(info.id, 0);
    expect(detail.bodyKept).toBe(true);
    expect(detail.result?.sent.headers).toContainEqual(['X-Stage', 'staging']);
    expect(core.runs.steps(info.id)[2]!.failures).toEqual(['$.user equals ada: expected ada (actual: grace)']);
    expect(core.runs.export(info.id, 'junit').text).toContain('<failure message="$.user equals ada: expected ada (actual: grace)"');
    expect(core.runs.export(info.id, 'html').fileName).toMatch(/^Partner-\d{4}-\d\d-\d\d-.*\.html$/);
    // Nothing went to History.
    expect(core.history.list()).toHaveLength(0);
  });

  it('refuses a ragged data file with its line, and a run of nothing', () => {
    const { api, one } = collection();
    expect(() => core.runs.start({ rootId: api.id, include: [one.id], environmentId: null, iterations: null, data: { name: 'users.csv', text: 'user,role\nada\n' }, delayMs: 0, bail: false })).toThrow(/users\.csv: line 2 has 1 field, the header has 2/);
    expect(() => core.runs.start({ rootId: api.id, include: ['00000000-0000-4000-8000-000000000000'], environmentId: null, iterations: null, data: null, delayMs: 0, bail: false })).toThrow(/None of the ticked requests/);
  });

  it('Stop cancels the request in flight; two runs at once keep apart', async () => {
    const api = core.collections.create({ kind: 'collection', parentId: null, name: 'Slow' });
    const slow = core.collections.create({ kind: 'request', parentId: api.id, name: 'Slow', request: spec({ url: `${base}/slow` }) });
    const fast = collection();
    const a = core.runs.start({ rootId: api.id, include: [slow.id], environmentId: null, iterations: 3, data: null, delayMs: 0, bail: false });
    const b = core.runs.start({ rootId: fast.api.id, include: [fast.two.id], environmentId: null, iterations: 2, data: null, delayMs: 0, bail: false });
    const bDone = await finished(b.id);
    expect(bDone.run).toMatchObject({ status: 'passed', requests: 2 });
    await expect.poll(() => hold.length).toBe(1);
    const aDone = finished(a.id);
    expect(core.runs.stop(a.id)).toBe(true);
    expect((await aDone).run).toMatchObject({ status: 'stopped', stopped: 'interrupted', requests: 1 });
    expect(core.runs.stop(a.id)).toBe(false);
  });

  it('keeps the last 20 runs and removes the bodies of older ones', async () => {
    const { api, two } = collection();
    const first = core.runs.start({ rootId: api.id, include: [two.id], environmentId: null, iterations: 1, data: null, delayMs: 0, bail: false });
    await finished(first.id);
    const firstBody = (await core.runs.detail(first.id, 0)).result!.bodyId;
    expect(existsSync(await core.http.bodyReady(firstBody))).toBe(true);
    for (let i = 0; i < 20; i++) {
      const run = core.runs.start({ rootId: api.id, include: [two.id], environmentId: null, iterations: 1, data: null, delayMs: 0, bail: false });
      await finished(run.id);
    }
    await expect.poll(() => core.runs.list().length).toBe(20);
    expect(core.runs.list().some((r) => r.id === first.id)).toBe(false);
    await expect.poll(() => existsSync(core.http.bodyPath(firstBody))).toBe(false);
    expect(() => core.runs.steps(first.id)).toThrow(/no longer kept/);
  });
});

describe('kept runs across a restart', () => {
  it('come back with their rows, assertion results and reports, never a response header or body', async () => {
    const { api, one } = collection();
    const info = core.runs.start({ rootId: api.id, include: [one.id], environmentId: null, iterations: null, data: { name: 'users.json', text: '[{"user":"ada","stage":"s1"},{"user":"grace","stage":"s2"}]' }, delayMs: 0, bail: false });
    await finished(info.id);
    const before = core.runs.export(info.id, 'junit').text;
    await core.close();
    const stored = readFileSync(join(dir, 'runs.json'), 'utf8');
    expect(stored).not.toMatch(/content-type|x-stage/i);
    core = createCore({ documents: new ConfDocumentStore(dir, confFactory), secrets: memorySecretStore(), browser: recordingBrowser(), dialogs: null, bodiesDir: join(dir, 'bodies'), clock: realClock, logger: memoryLogger(), version: 't' });
    expect(core.runs.list()).toEqual([expect.objectContaining({ id: info.id, status: 'failed', requests: 2, assertionsFailed: 1 })]);
    expect(core.runs.steps(info.id).map((r) => `${r.name}:${r.status}:${r.passed}/${r.failed}`)).toEqual(['Get user:200:1/0', 'Get user:200:0/1']);
    const detail = await core.runs.detail(info.id, 1);
    expect(detail).toMatchObject({ result: null, bodyKept: false, assertions: [expect.objectContaining({ passed: false, actual: 'grace' })] });
    expect(core.runs.export(info.id, 'junit').text.replace(/time="[^"]+"/g, '')).toBe(before.replace(/time="[^"]+"/g, ''));
  });
});
