// The collection runner on the real core against a real server on 127.0.0.1, and the data-file
// readers on the shapes people export from spreadsheets.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Assertion } from '../../../../preload/contract';
import { ConfDocumentStore } from '../../../../main/adapters/confDocumentStore';
import { confFactory } from '../../../../main/adapters/confFactory';
import { createCore, type Core } from '../../../../main/core/createCore';
import { itemsUnder, runCollection } from '../../../../main/core/runner/collectionRunner';
import { parseCsv, parseDataFile, parseJsonData } from '../../../../main/core/runner/dataFile';
import { htmlReport, jsonReport, junitReport } from '../../../../main/core/runner/reports';
import { DOMParser } from '@xmldom/xmldom';
import { spec } from '../../../fixtures/requests';
import { memoryLogger, memorySecretStore, realClock, recordingBrowser } from '../../../fixtures/testPorts';

let server: Server;
let base: string;
const seen: string[] = [];
beforeAll(async () => {
  server = createServer((req, res) => {
    seen.push(`${req.method} ${req.url}`);
    const url = new URL(req.url ?? '/', 'http://x');
    if (url.pathname === '/users') {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ name: url.searchParams.get('name'), plan: url.searchParams.get('name') === 'Grace' ? 'free' : 'pro' }));
    } else {
      res.writeHead(404).end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

let dir: string;
let core: Core;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'latchkey-runner-'));
  core = createCore({ documents: new ConfDocumentStore(dir, confFactory), secrets: memorySecretStore(), browser: recordingBrowser(), dialogs: null, bodiesDir: join(dir, 'bodies'), clock: realClock, logger: memoryLogger(), version: 't' });
  seen.length = 0;
});
afterEach(async () => {
  await core.close();
  rmSync(dir, { recursive: true, force: true });
});

const check = (path: string, expected: string): Assertion => ({ target: 'jsonpath', path, operator: 'equals', expected, enabled: true });
const send = (input: Parameters<Core['http']['execute']>[0]) => core.http.execute(input, { record: false });

function partnerCollection() {
  const api = core.collections.create({ kind: 'collection', parentId: null, name: 'Partner' });
  const users = core.collections.create({ kind: 'folder', parentId: api.id, name: 'Users' });
  core.collections.saveSettings(users.id, { description: '', variables: [], assertions: [{ target: 'status', path: '', operator: 'equals', expected: '200', enabled: true }] });
  const one = core.collections.create({ kind: 'request', parentId: users.id, name: 'Get user', request: spec({ url: `${base}/users?name={{name}}`, assertions: [check('$.plan', '{{plan}}')] }) });
  const two = core.collections.create({ kind: 'request', parentId: api.id, name: 'Missing', request: spec({ url: `${base}/nothing` }) });
  return { api, users, one, two };
}
const request = (id: string) => core.collections.getRequest(id).request;

describe('runCollection', () => {
  it('runs a collection in tree order with what each request inherits, once per data row', async () => {
    const { api } = partnerCollection();
    const items = itemsUnder(core.collections.tree(), api.id, request);
    expect(items.map((i) => [i.name, i.folders])).toEqual([
      ['Get user', ['Users']],
      ['Missing', []],
    ]);
    const data = parseCsv('name,plan\nAda,pro\nGrace,pro\n');
    const summary = await runCollection(send, { items, data });
    expect(summary.iterations).toBe(2);
    expect(seen).toEqual(['GET /users?name=Ada', 'GET /nothing', 'GET /users?name=Grace', 'GET /nothing']);
    expect(summary.steps.map((s) => [s.iteration, s.item.name, s.result?.status, s.passed, s.failed])).toEqual([
      [0, 'Get user', 200, 2, 0],
      [0, 'Missing', 404, 0, 0],
      [1, 'Get user', 200, 1, 1],
      [1, 'Missing', 404, 0, 0],
    ]);
    const failed = summary.steps[2]!.result!.checks!.assertions.find((a) => !a.passed)!;
    expect(failed).toMatchObject({ actual: 'free', assertion: { path: '$.plan' } });
    expect(summary).toMatchObject({ requests: 4, errors: 0, assertionsPassed: 3, assertionsFailed: 1, stopped: null });
    // Nothing of the run went into History.
    expect(core.history.list()).toEqual([]);
  });

  it('--var wins over the data row, which wins over the request; a folder runs alone; include keeps the order', async () => {
    const { api, users, one } = partnerCollection();
    const folderItems = itemsUnder(core.collections.tree(), users.id, request);
    expect(folderItems.map((i) => i.name)).toEqual(['Get user']);
    await runCollection(send, { items: folderItems, data: [{ name: 'Ada', plan: 'pro' }], variables: [{ name: 'name', value: 'Override', enabled: true }] });
    expect(seen).toEqual(['GET /users?name=Override']);
    expect(itemsUnder(core.collections.tree(), api.id, request, new Set([one.id])).map((i) => i.name)).toEqual(['Get user']);
    expect(() => itemsUnder(core.collections.tree(), one.id, request)).toThrow('There is no such collection or folder.');
  });

  it('bail stops at the first failure; a request with no response is a step with its error; an interrupt stops between requests', async () => {
    const { api } = partnerCollection();
    const items = itemsUnder(core.collections.tree(), api.id, request);
    const bailed = await runCollection(send, { items, data: [{ name: 'Grace', plan: 'pro' }, { name: 'Ada', plan: 'pro' }], bail: true });
    expect(bailed.stopped).toBe('bail');
    expect(bailed.steps).toHaveLength(1);

    const dead = await runCollection(send, { items: [{ itemId: null, name: 'Closed port', folders: [], request: spec({ url: 'http://127.0.0.1:1/' }) }, ...items], data: [{ name: 'Ada', plan: 'pro' }] });
    expect(dead.steps[0]).toMatchObject({ result: null, error: { code: expect.any(String) } });
    expect(dead.steps[0]!.error!.message).toMatch(/refused|connect/i);
    expect(dead.errors).toBe(1);
    expect(dead.steps).toHaveLength(3);

    const controller = new AbortController();
    const interrupted = await runCollection(send, { items, iterations: 50, delayMs: 20, signal: controller.signal, onStep: (step) => step.index === 1 && step.iteration === 1 && controller.abort() });
    expect(interrupted.stopped).toBe('interrupted');
    expect(interrupted.steps).toHaveLength(4);
  });

  it('refuses an iteration count that is not a whole number of 1 or more', async () => {
    await expect(runCollection(send, { items: [], iterations: 0 })).rejects.toThrow('iterations must be a whole number of 1 or more, not 0');
  });
});

describe('data files', () => {
  it('reads CSV as spreadsheets write it: quotes, commas, line breaks and "" inside, CRLF, a BOM, a blank last line', () => {
    expect(parseCsv('\uFEFFname,note\r\n"Lovelace, Ada","said ""hi""\r\non two lines"\r\nGrace,\r\n\r\n')).toEqual([
      { name: 'Lovelace, Ada', note: 'said "hi"\r\non two lines' },
      { name: 'Grace', note: '' },
    ]);
  });

  it.each([
    ['a ragged row, naming its line', 'a,b\n1,2\n3\n', 'data.csv: line 3 has 1 field, the header has 2'],
    ['a quote never closed', 'a\n"open\n', 'data.csv: a quoted field opened on line 2 is never closed'],
    ['an empty file', '', 'data.csv: it is empty; a CSV data file needs a header row naming the variables'],
    ['a header without a name', 'a,,c\n1,2,3\n', 'data.csv: column 2 of the header row has no name'],
    ['a name twice', 'a,a\n1,2\n', 'data.csv: the header names "a" twice'],
  ])('refuses %s', (_what, text, message) => {
    expect(() => parseCsv(text, 'data.csv')).toThrow(message);
  });

  it('reads a JSON array of objects, values as text, and refuses anything else', () => {
    expect(parseJsonData('[{"id": 7, "ok": true, "tags": ["a"], "none": null, "name": "Ada"}]')).toEqual([{ id: '7', ok: 'true', tags: '["a"]', none: '', name: 'Ada' }]);
    expect(() => parseJsonData('{"id": 1}', 'rows.json')).toThrow('rows.json: a JSON data file is an array of objects, one per iteration');
    expect(() => parseJsonData('[{"id": 1}, 2]', 'rows.json')).toThrow('rows.json: item 2 is not an object');
    expect(() => parseJsonData('[{', 'rows.json')).toThrow(/^rows\.json: not JSON: /);
    expect(parseDataFile('[{"a":"1"}]', 'rows.txt')).toEqual([{ a: '1' }]);
    expect(parseDataFile('a\n1\n', 'rows.csv')).toEqual([{ a: '1' }]);
  });
});

describe('reports', () => {
  it('JUnit: a testsuite per folder, a testcase per request and iteration, a failure with the assertion and actual value, an error for no response; no secret in any report', async () => {
    const env = await core.environments.save({ name: 'Prod', variables: [{ name: 'apiKey', value: '', enabled: true, secret: true, secretId: null, newSecretValue: 'sk-live-0123456789abcdef' }] });
    core.environments.activate(env.id);
    const { api } = partnerCollection();
    const hostile = core.collections.create({ kind: 'request', parentId: api.id, name: '<script>alert("x")</script> & ]]>\u0001', request: spec({ url: `${base}/users?name=Ada&key={{apiKey}}`, assertions: [check('$.plan', 'pro')] }) });
    const items = [...itemsUnder(core.collections.tree(), api.id, request), { itemId: null, name: 'Closed port', folders: [], request: spec({ url: 'http://127.0.0.1:1/' }) }];
    expect(items.some((i) => i.itemId === hostile.id)).toBe(true);
    const summary = await runCollection(send, { items, data: [{ name: 'Ada', plan: 'pro' }, { name: 'Grace', plan: 'pro' }] });
    expect(seen).toContain('GET /users?name=Ada&key=sk-live-0123456789abcdef');
    const meta = { source: 'Partner', startedAt: Date.now() };
    const junit = junitReport(summary, meta);
    const doc = new DOMParser({ onError: (level, message) => { if (level !== 'warning') throw new Error(`${level}: ${message}`); } }).parseFromString(junit, 'text/xml');
    const suites = [...Array.from(doc.getElementsByTagName('testsuite'))].map((s) => [s.getAttribute('name'), s.getAttribute('tests'), s.getAttribute('failures'), s.getAttribute('errors')]);
    expect(suites).toEqual([
      ['Partner / Users', '2', '1', '0'],
      ['Partner', '6', '0', '2'],
    ]);
    const cases = Array.from(doc.getElementsByTagName('testcase'));
    expect(cases.map((c) => c.getAttribute('name'))).toContain('Get user (iteration 2)');
    const failure = cases.find((c) => c.getAttribute('name') === 'Get user (iteration 2)')!.getElementsByTagName('failure')[0]!;
    expect(failure.getAttribute('message')).toMatch(/^\$\.plan equals \{\{plan\}\}: /);
    expect(failure.textContent).toContain('(actual: free)');
    expect(cases.find((c) => c.getAttribute('name') === 'Closed port (iteration 1)')!.getElementsByTagName('error')).toHaveLength(1);
    expect([...doc.getElementsByTagName('testsuite')].reduce((n, suite) => n + Number(suite.getAttribute('tests')), 0)).toBe(8);
    const html = htmlReport(summary, meta);
    const json = jsonReport(summary, meta);
    for (const report of [junit, html, json]) expect(report).not.toContain('sk-live-0123456789abcdef');
    expect(html).not.toContain('<script>');
    expect(html).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; ]]&gt;');
    expect(JSON.parse(json)).toMatchObject({ iterations: 2, requests: 8, errors: 2, assertions: { failed: 1 } });
  });
});

describe('an environment for one run', () => {
  it('is used by name for this process only: the saved choice and the file stay as they were', async () => {
    const staging = await core.environments.save({ name: 'Staging', variables: [{ name: 'name', value: 'Ada', enabled: true, secret: false, secretId: null }] });
    const prod = await core.environments.save({ name: 'Prod', variables: [{ name: 'name', value: 'Grace', enabled: true, secret: false, secretId: null }] });
    core.environments.activate(staging.id);
    const before = readFileSync(join(dir, 'environments.json'), 'utf8');
    expect(core.environments.useForRun('prod')?.id).toBe(prod.id);
    await runCollection(send, { items: [{ itemId: null, name: 'User', folders: [], request: spec({ url: `${base}/users?name={{name}}` }) }] });
    expect(seen).toEqual(['GET /users?name=Grace']);
    expect(core.environments.list().activeId).toBe(staging.id);
    expect(readFileSync(join(dir, 'environments.json'), 'utf8')).toBe(before);
    expect(() => core.environments.useForRun('Dev')).toThrow('There is no environment called "Dev"; there are "Staging", "Prod".');
  });
});
