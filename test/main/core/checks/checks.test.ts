import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Assertion, AssertionOperator, AssertionTarget, Capture, ExecuteResult, RequestSpec } from '../../../../preload/contract';
import { ConfDocumentStore } from '../../../../main/adapters/confDocumentStore';
import { confFactory } from '../../../../main/adapters/confFactory';
import { createCore, type Core } from '../../../../main/core/createCore';
import { createHandlers } from '../../../../main/ipc/handlers';
import { spec } from '../../../fixtures/requests';
import { memoryLogger, memorySecretStore, realClock, recordingBrowser } from '../../../fixtures/testPorts';

// A real HTTP server on 127.0.0.1 with the bodies the checks read: JSON, XML, text, a large
// chunked JSON document, and a login that hands out a token.
const PROFILE = { id: 7, name: 'Ada', email: 'ada@example.com', active: true, score: 9.5, manager: null, roles: ['admin', 'dev'], address: { city: 'Utrecht', zip: '3511' }, 'odd key': 'x' };
const XML = '<?xml version="1.0"?><users><user id="1"><name>Ada</name></user><user id="2"><name>Grace</name></user></users>';
let server: Server;
let base: string;
let profileStatus = 200;
const LARGE_MB = 100;

beforeAll(async () => {
  server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    if (path === '/login') {
      res.writeHead(200, { 'content-type': 'application/json', 'x-request-id': 'req-42' });
      res.end(JSON.stringify({ access_token: 'tok-secret-0123456789', expires_in: 3600 }));
    } else if (path === '/profile') {
      const auth = req.headers.authorization ?? '';
      // Echoes the Authorization header only when asked: a server that echoes a secret puts it in its own answer.
      res.writeHead(profileStatus, { 'content-type': 'application/json', 'x-auth-ok': auth === 'Bearer tok-secret-0123456789' ? 'yes' : 'no', ...(req.url?.includes('echo') ? { 'x-seen-auth': auth } : {}) });
      res.end(JSON.stringify(PROFILE));
    } else if (path === '/xml') {
      res.writeHead(200, { 'content-type': 'application/xml' });
      res.end(XML);
    } else if (path === '/text') {
      res.writeHead(200, { 'content-type': 'text/plain' });
      res.end('hello world, order 1234 shipped');
    } else if (path === '/letters') {
      res.writeHead(200, { 'content-type': 'text/plain' });
      res.end('a'.repeat(5000));
    } else if (path === '/not-json') {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('{"broken": ');
    } else if (path === '/large') {
      // Chunked, in 64 KB writes: the token is the document's last key, after ~100 MB of records.
      res.writeHead(200, { 'content-type': 'application/json' });
      const record = JSON.stringify({ id: 1, name: 'record', tags: ['a', 'b'], text: 'x'.repeat(200) });
      const chunk = Array.from({ length: Math.floor(65536 / (record.length + 1)) }, () => record).join(',');
      let written = 0;
      res.write('{"items":[');
      const more = () => {
        while (written < LARGE_MB * 1024 * 1024) {
          const ok = res.write((written === 0 ? '' : ',') + chunk);
          written += chunk.length + 1;
          if (!ok) return void res.once('drain', more);
        }
        res.end('],"meta":{"token":"large-token-at-the-end"}}');
      };
      more();
    } else {
      res.writeHead(404);
      res.end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

let dir: string;
let core: Core;
let handlers: ReturnType<typeof createHandlers>;
const secrets = memorySecretStore();
const open = () =>
  createCore({ documents: new ConfDocumentStore(dir, confFactory), secrets, browser: recordingBrowser(), dialogs: null, bodiesDir: join(dir, 'bodies'), clock: realClock, logger: memoryLogger(), version: 't' });

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'latchkey-checks-'));
  core = open();
  handlers = createHandlers(core, { kind: 'browser', platform: 'linux' });
  profileStatus = 200;
});
afterEach(async () => {
  await core.close();
  rmSync(dir, { recursive: true, force: true });
});

const assertion = (target: AssertionTarget, path: string, operator: AssertionOperator, expected = ''): Assertion => ({ target, path, operator, expected, enabled: true });
const capture = (name: string, source: Capture['source'], path: string, scope: Capture['scope'] = 'session', secret = false): Capture => ({ name, source, path, scope, secret, enabled: true });
let sends = 0;
const send = (request: RequestSpec, itemId?: string): Promise<ExecuteResult> => core.http.execute({ requestId: `r${++sends}`, request, location: itemId ? { itemId } : null });

describe('assertions, one per target and operator, on real responses', () => {
  const cases: [string, AssertionTarget, string, AssertionOperator, string, boolean, string | null][] = [
    ['/profile', 'status', '', 'equals', '200', true, '200'],
    ['/profile', 'status', '', 'notEquals', '200', false, '200'],
    ['/profile', 'status', '', 'lessThan', '300', true, '200'],
    ['/profile', 'status', '', 'greaterThan', '299', false, '200'],
    ['/profile', 'status', '', 'isOneOf', '200, 201, 204', true, '200'],
    ['/profile', 'status', '', 'isOneOf', '[201, 204]', false, '200'],
    ['/profile', 'header', 'Content-Type', 'contains', 'json', true, 'application/json'],
    ['/profile', 'header', 'content-type', 'equals', 'application/json', true, 'application/json'],
    ['/profile', 'header', 'X-Missing', 'notExists', '', true, null],
    ['/profile', 'header', 'X-Missing', 'equals', 'x', false, null],
    ['/profile', 'jsonpath', '$.name', 'equals', 'Ada', true, 'Ada'],
    ['/profile', 'jsonpath', '$.id', 'equals', '7', true, '7'],
    ['/profile', 'jsonpath', '$.id', 'equals', '7.0', true, '7'],
    ['/profile', 'jsonpath', '$.active', 'equals', 'true', true, 'true'],
    ['/profile', 'jsonpath', '$.manager', 'equals', 'null', true, 'null'],
    ['/profile', 'jsonpath', '$.manager', 'isType', 'null', true, 'null'],
    ['/profile', 'jsonpath', '$.roles', 'isType', 'array', true, '["admin","dev"]'],
    ['/profile', 'jsonpath', '$.address', 'isType', 'object', true, '{"city":"Utrecht","zip":"3511"}'],
    ['/profile', 'jsonpath', '$.address.zip', 'isType', 'number', false, '3511'],
    ['/profile', 'jsonpath', '$.roles', 'contains', 'admin', true, '["admin","dev"]'],
    ['/profile', 'jsonpath', '$.roles', 'notContains', 'guest', true, '["admin","dev"]'],
    ['/profile', 'jsonpath', '$.address', 'contains', '{"city":"Utrecht"}', true, '{"city":"Utrecht","zip":"3511"}'],
    ['/profile', 'jsonpath', '$.address', 'equals', '{"zip":"3511","city":"Utrecht"}', true, '{"city":"Utrecht","zip":"3511"}'],
    ['/profile', 'jsonpath', '$.email', 'matches', '/^[a-z]+@EXAMPLE\\.com$/i', true, 'ada@example.com'],
    ['/profile', 'jsonpath', '$.score', 'greaterThan', '9', true, '9.5'],
    ['/profile', 'jsonpath', '$.name', 'lessThan', '9', false, 'Ada'],
    ['/profile', 'jsonpath', "$['odd key']", 'equals', 'x', true, 'x'],
    ['/profile', 'jsonpath', '$.roles[*]', 'contains', 'dev', true, '["admin","dev"]'],
    ['/profile', 'jsonpath', '$.nothing.here', 'exists', '', false, null],
    ['/profile', 'jsonpath', '$.nothing', 'equals', '1', false, null],
    ['/profile', 'jsonpath', '$.name', 'isOneOf', '["Ada","Grace"]', true, 'Ada'],
    ['/profile', 'jsonpath', '$.address', 'matchesSchema', '{"type":"object","required":["city","zip"],"properties":{"zip":{"type":"string","pattern":"^[0-9]{4}$"}}}', true, '{"city":"Utrecht","zip":"3511"}'],
    ['/profile', 'body', '', 'matchesSchema', '{"type":"object","required":["id","missing"]}', false, null],
    ['/xml', 'xpath', '//user[@id="2"]/name', 'equals', 'Grace', true, 'Grace'],
    ['/xml', 'xpath', 'count(//user)', 'equals', '2', true, '2'],
    ['/xml', 'xpath', '//user/@id', 'contains', '1', true, '["1","2"]'],
    ['/xml', 'xpath', '//admin', 'exists', '', false, null],
    ['/text', 'body', '', 'contains', 'order 1234', true, 'hello world, order 1234 shipped'],
    ['/text', 'body', '', 'notContains', 'cancelled', true, 'hello world, order 1234 shipped'],
    ['/text', 'body', '', 'matches', 'order \\d+ shipped', true, 'hello world, order 1234 shipped'],
    ['/text', 'body', '', 'equals', 'hello', false, 'hello world, order 1234 shipped'],
    ['/text', 'body', '', 'isType', 'string', true, 'hello world, order 1234 shipped'],
    ['/text', 'size', '', 'equals', '31', true, '31'],
    ['/text', 'time', '', 'lessThan', '60000', true, null],
    ['/text', 'jsonpath', '$.a', 'exists', '', false, null],
  ];
  it.each(cases)('%s: %s %s %s %s → %s', async (path, target, p, operator, expected, passed, actual) => {
    const result = await send(spec({ url: `${base}${path}`, assertions: [assertion(target, p, operator, expected)] }));
    const [row] = result.checks!.assertions;
    expect(row, JSON.stringify(row)).toMatchObject({ passed });
    if (actual !== null) expect(row!.actual).toBe(actual);
    if (target === 'time') expect(Number(row!.actual)).toBeGreaterThanOrEqual(0);
    expect(result.checks).toMatchObject({ passed: passed ? 1 : 0, failed: passed ? 0 : 1 });
  });

  it('says where a JSONPath or XPath value was found, and fails a missing one with "not found"', async () => {
    const json = await send(spec({ url: `${base}/profile`, assertions: [assertion('jsonpath', '$.address.city', 'equals', 'Utrecht'), assertion('jsonpath', '$.address.country', 'equals', 'NL')] }));
    expect(json.checks!.assertions[0]).toMatchObject({ passed: true, foundAt: "$['address']['city']" });
    expect(json.checks!.assertions[1]).toMatchObject({ passed: false, message: 'not found', actual: null });
    const xml = await send(spec({ url: `${base}/xml`, assertions: [assertion('xpath', '//user[2]/name', 'equals', 'Grace')] }));
    expect(xml.checks!.assertions[0]).toMatchObject({ passed: true, foundAt: '/users[1]/user[2]/name[1]' });
  });

  it('fills {{variables}} into expected values and fails a row that uses an undefined one', async () => {
    await core.variables.save([{ name: 'who', value: 'Ada', enabled: true, secret: false, secretId: null }]);
    const result = await send(spec({ url: `${base}/profile`, assertions: [assertion('jsonpath', '$.name', 'equals', '{{who}}'), assertion('jsonpath', '$.name', 'equals', '{{nobody}}')] }));
    expect(result.checks!.assertions[0]).toMatchObject({ passed: true });
    expect(result.checks!.assertions[1]).toMatchObject({ passed: false, message: 'uses {{nobody}}, which is not defined' });
  });

  it('fails a body that is not JSON or XML with the reason, and disabled rows do not run', async () => {
    const result = await send(spec({ url: `${base}/not-json`, assertions: [assertion('jsonpath', '$.broken', 'exists'), assertion('xpath', '//a', 'exists'), { ...assertion('status', '', 'equals', '500'), enabled: false }] }));
    expect(result.checks!.assertions).toHaveLength(2);
    expect(result.checks!.assertions[0]!.message).toMatch(/^the body is not JSON/);
    expect(result.checks!.assertions[1]!.message).toMatch(/^the body is not XML/);
  });

  it('inherits assertions from the folder and collection, after the request\'s own', async () => {
    const api = core.collections.create({ kind: 'collection', parentId: null, name: 'API' });
    const folder = core.collections.create({ kind: 'folder', parentId: api.id, name: 'Users' });
    const item = core.collections.create({ kind: 'request', parentId: folder.id, name: 'Profile', request: spec({ url: `${base}/profile` }) });
    core.collections.saveSettings(api.id, { description: '', variables: [], assertions: [assertion('status', '', 'lessThan', '500')] });
    core.collections.saveSettings(folder.id, { description: '', variables: [], assertions: [assertion('header', 'content-type', 'contains', 'json')] });
    const result = await send(spec({ url: `${base}/profile`, assertions: [assertion('jsonpath', '$.id', 'equals', '7')] }), item.id);
    expect(result.checks!.assertions.map((a) => [a.origin, a.originName, a.passed])).toEqual([
      ['request', 'This request', true],
      ['folder', 'Users', true],
      ['collection', 'API', true],
    ]);
    expect(core.collections.getSettings(folder.id).assertions).toHaveLength(1);
    // The Tests tab shows the inherited rows, disabled ones too, nearest first.
    core.collections.saveSettings(api.id, { description: '', variables: [], assertions: [assertion('status', '', 'lessThan', '500'), { ...assertion('size', '', 'lessThan', '10'), enabled: false }] });
    const inherited = await handlers['checks:inherited']({ location: { itemId: item.id } });
    expect(inherited.map((r) => [r.originName, r.assertion.target, r.assertion.enabled])).toEqual([
      ['Users', 'header', true],
      ['API', 'status', true],
      ['API', 'size', false],
    ]);
    const again = await send(spec({ url: `${base}/profile` }), item.id);
    expect(again.checks!.assertions.map((a) => a.assertion.target)).toEqual(['header', 'status']);
  });

  it('a request with no rows gets no checks at all', async () => {
    const result = await send(spec({ url: `${base}/profile` }));
    expect(result.checks).toBeUndefined();
  });
});

describe('bad rows are refused with the reason', () => {
  it('validates JSONPath, XPath, regex, schema, numbers, types and names as they are typed', async () => {
    const { assertions, captures } = await handlers['checks:validate']({
      assertions: [
        assertion('jsonpath', 'data.id', 'exists'),
        assertion('xpath', '//user[', 'exists'),
        assertion('body', '', 'matches', '(unclosed'),
        assertion('body', '', 'matchesSchema', '{"type": 12}'),
        assertion('body', '', 'matchesSchema', 'not json'),
        assertion('status', '', 'lessThan', 'soon'),
        assertion('jsonpath', '$.a', 'isType', 'integer'),
        assertion('status', '', 'matchesSchema', '{}'),
        assertion('header', 'Bad Header', 'exists'),
        assertion('jsonpath', '$.ok', 'equals', '{{fine}}'),
        assertion('body', '', 'matches', 'id-{{suffix}}'),
      ],
      captures: [capture('', 'jsonpath', '$.a'), capture('bad name', 'jsonpath', '$.a'), capture('t', 'regex', '[z-a]'), capture('ok', 'status', '')],
    });
    expect(assertions.map((p) => p.index)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8]);
    expect(assertions[0]!.message).toBe('a JSONPath starts with $, as in $.data.id');
    expect(assertions[1]!.message).toMatch(/^not an XPath/);
    expect(assertions[2]!.message).toMatch(/^not a regular expression: .*(Unterminated group|unclosed)/i);
    expect(assertions[3]!.message).toMatch(/^not a usable JSON Schema/);
    expect(assertions[4]!.message).toMatch(/^not a usable JSON Schema/);
    expect(assertions[5]!.message).toBe('type a number to compare with');
    expect(assertions[6]!.message).toBe('type one of string, number, boolean, object, array, null');
    expect(assertions[7]!.message).toBe('only a JSON body or a JSONPath value can match a schema');
    expect(captures.map((p) => [p.index, p.message])).toEqual([
      [0, 'name the variable to set'],
      [1, 'a variable name uses letters, digits and _ . $ - only'],
      [2, expect.stringMatching(/^not a regular expression/)],
    ]);
  });

  it('a bad row sent anyway fails with its reason and the others still run', async () => {
    const result = await send(spec({ url: `${base}/profile`, assertions: [assertion('body', '', 'matches', '(unclosed'), assertion('status', '', 'equals', '200')] }));
    expect(result.checks!.assertions[0]).toMatchObject({ passed: false, actual: null });
    expect(result.checks!.assertions[0]!.message).toMatch(/^not a regular expression/);
    expect(result.checks!.assertions[1]).toMatchObject({ passed: true });
  });

  it('a catastrophic regular expression fails with "took too long" while main keeps running', async () => {
    let ticks = 0;
    const timer = setInterval(() => ticks++, 50);
    const result = await send(spec({ url: `${base}/letters`, assertions: [assertion('body', '', 'matches', '^(a+)+$X'), assertion('status', '', 'equals', '200')], captures: [capture('slow', 'regex', '(a|aa)+b')] }));
    clearInterval(timer);
    expect(result.checks!.assertions[0]).toMatchObject({ passed: false, message: 'took too long (stopped after 2 s)' });
    // The rows after it ran on a fresh thread.
    expect(result.checks!.assertions[1]).toMatchObject({ passed: true });
    expect(result.checks!.captures[0]).toMatchObject({ value: null, error: 'took too long (stopped after 2 s)' });
    // Main's event loop turned throughout the ~4 s the two patterns were given.
    expect(ticks).toBeGreaterThan(40);
  }, 20_000);
});

describe('captures', () => {
  it('sets a session value the next request uses, and the Variables view shows where it came from', async () => {
    const api = core.collections.create({ kind: 'collection', parentId: null, name: 'API' });
    const login = core.collections.create({ kind: 'request', parentId: api.id, name: 'Login', request: spec({ method: 'POST', url: `${base}/login` }) });
    const first = await send(spec({ method: 'POST', url: `${base}/login`, captures: [capture('token', 'jsonpath', '$.access_token'), capture('rid', 'header', 'X-Request-Id'), capture('code', 'status', ''), capture('expiry', 'regex', '"expires_in":(\\d+)')] }), login.id);
    expect(first.checks!.captures.map((c) => [c.capture.name, c.value, c.error])).toEqual([
      ['token', 'tok-secret-0123456789', null],
      ['rid', 'req-42', null],
      ['code', '200', null],
      ['expiry', '3600', null],
    ]);
    const second = await send(spec({ url: `${base}/profile?echo`, headers: [{ name: 'Authorization', value: 'Bearer {{token}}', enabled: true }], assertions: [assertion('header', 'x-seen-auth', 'equals', 'Bearer {{token}}')] }));
    expect(second.checks!.assertions[0]).toMatchObject({ passed: true, actual: 'Bearer tok-secret-0123456789' });
    const resolved = await handlers['variables:resolved']({ location: null, requestVariables: [] });
    const token = resolved.find((v) => v.name === 'token')!;
    expect(token).toMatchObject({ scope: 'session', value: 'tok-secret-0123456789', secret: false, captured: { from: 'Login' } });
    expect(Math.abs(token.captured!.at - Date.now())).toBeLessThan(60_000);
    // Session values do not outlive the run.
    await core.close();
    core = open();
    handlers = createHandlers(core, { kind: 'browser', platform: 'linux' });
    expect((await handlers['variables:resolved']({ location: null, requestVariables: [] })).some((v) => v.name === 'token')).toBe(false);
  });

  it('captures into the active environment, the collection and the globals, over what they define, and keeps them across a restart', async () => {
    const env = await core.environments.save({ name: 'Staging', variables: [{ name: 'envToken', value: 'initial', enabled: true, secret: false, secretId: null }] });
    core.environments.activate(env.id);
    const api = core.collections.create({ kind: 'collection', parentId: null, name: 'API' });
    core.collections.saveSettings(api.id, { description: '', variables: [{ name: 'colToken', value: 'initial', enabled: true }] });
    const login = core.collections.create({ kind: 'request', parentId: api.id, name: 'Login', request: spec({ url: `${base}/login` }) });
    const result = await send(spec({ url: `${base}/login`, captures: [capture('envToken', 'jsonpath', '$.access_token', 'environment'), capture('colToken', 'jsonpath', '$.expires_in', 'collection'), capture('globalRid', 'header', 'x-request-id', 'global')] }), login.id);
    expect(result.checks!.captures.every((c) => c.error === null)).toBe(true);
    await core.close();
    core = open();
    const values = await core.scopes.values(spec({ url: '' }), { itemId: login.id });
    expect([values.lookup('envToken'), values.lookup('colToken'), values.lookup('globalRid')]).toEqual(['tok-secret-0123456789', '3600', 'req-42']);
    // What the user wrote in the environment is untouched (exports carry it, not the captured value).
    expect(core.environments.list().environments[0]!.variables[0]!.value).toBe('initial');
    // Another collection does not see this collection's captured value.
    const other = core.collections.create({ kind: 'collection', parentId: null, name: 'Other' });
    const elsewhere = core.collections.create({ kind: 'request', parentId: other.id, name: 'R' });
    expect((await core.scopes.values(spec({ url: '' }), { itemId: elsewhere.id })).lookup('colToken')).toBeUndefined();
  });

  it("a deleted collection's captured values come back with Undo, and are gone (keychain too) after the next start", async () => {
    const api = core.collections.create({ kind: 'collection', parentId: null, name: 'API' });
    const login = core.collections.create({ kind: 'request', parentId: api.id, name: 'Login', request: spec({ url: `${base}/login` }) });
    await send(spec({ url: `${base}/login`, captures: [capture('colSecret', 'jsonpath', '$.access_token', 'collection', true)] }), login.id);
    expect([...secrets.values.values()]).toContain('tok-secret-0123456789');
    const { undoToken } = core.collections.remove(api.id);
    core.collections.restore(undoToken);
    expect((await core.scopes.values(spec({ url: '' }), { itemId: login.id })).lookup('colSecret')).toBe('tok-secret-0123456789');
    core.collections.remove(api.id);
    await core.close();
    core = open();
    await core.close();
    expect([...secrets.values.values()]).not.toContain('tok-secret-0123456789');
    core = open();
    handlers = createHandlers(core, { kind: 'browser', platform: 'linux' });
    expect((await handlers['variables:resolved']({ location: null, requestVariables: [] })).some((v) => v.name === 'colSecret')).toBe(false);
  });

  it('explains why a capture could not be kept: no environment, an unsaved request, nothing found', async () => {
    const result = await send(spec({ url: `${base}/login`, captures: [capture('a', 'jsonpath', '$.access_token', 'environment'), capture('b', 'jsonpath', '$.access_token', 'collection'), capture('c', 'jsonpath', '$.nope')] }));
    expect(result.checks!.captures.map((c) => c.error)).toEqual(['no environment is active, so there is nowhere to keep it', 'this request is not saved in a collection; save it first, or capture into the session', 'not found']);
  });

  it('keeps a secret capture in the keychain only: masked in results, redacted from actual values, in no data file', async () => {
    const env = await core.environments.save({ name: 'Prod', variables: [] });
    core.environments.activate(env.id);
    const result = await send(spec({ url: `${base}/login`, captures: [capture('access', 'jsonpath', '$.access_token', 'environment', true)], assertions: [assertion('jsonpath', '$.access_token', 'exists')] }));
    expect(result.checks!.captures[0]).toMatchObject({ value: '••••••', error: null });
    expect(result.checks!.assertions[0]!.actual).not.toContain('tok-secret-0123456789');
    expect([...secrets.values.values()]).toContain('tok-secret-0123456789');
    const next = await send(spec({ url: `${base}/profile`, headers: [{ name: 'Authorization', value: 'Bearer {{access}}', enabled: true }], assertions: [assertion('header', 'x-auth-ok', 'equals', 'yes')] }));
    expect(next.sent.headers.find(([n]) => n === 'Authorization')![1]).not.toContain('tok-secret');
    expect(next.checks!.assertions[0]).toMatchObject({ passed: true });
    const resolved = await handlers['variables:resolved']({ location: null, requestVariables: [] });
    expect(resolved.find((v) => v.name === 'access')).toMatchObject({ secret: true, value: '••••••', scope: 'environment' });
    await core.history.flush();
    await core.close();
    // Every data file, response bodies aside (the server's own answer is kept as it came).
    const files = readdirSync(dir, { recursive: true, withFileTypes: true }).filter((f) => f.isFile() && !f.parentPath.includes('bodies'));
    expect(files.length).toBeGreaterThan(2);
    for (const f of files) expect(readFileSync(join(f.parentPath, f.name), 'utf8'), f.name).not.toContain('tok-secret-0123456789');
    core = open();
    // After a restart the value comes back from the keychain.
    expect((await core.scopes.values(spec({ url: '' }), null)).lookup('access')).toBe('tok-secret-0123456789');
    // Clearing it removes the keychain entry.
    handlers = createHandlers(core, { kind: 'browser', platform: 'linux' });
    const id = (await handlers['variables:resolved']({ location: null, requestVariables: [] })).find((v) => v.name === 'access')!.captured!.id;
    expect(await handlers['checks:clearCaptured']({ id })).toEqual({ removed: 1 });
    expect([...secrets.values.values()]).not.toContain('tok-secret-0123456789');
  });

  it(`captures from a ${LARGE_MB} MB chunked body by reading its file, not loading it`, async () => {
    const result = await send(spec({ url: `${base}/large`, captures: [capture('big', 'jsonpath', '$.meta.token')], assertions: [assertion('jsonpath', '$.items[1].name', 'equals', 'record'), assertion('jsonpath', '$.items[*].id', 'exists'), assertion('body', '', 'contains', 'large-token-at-the-end')] }));
    expect(result.bodySize).toBeGreaterThan(LARGE_MB * 1024 * 1024);
    expect(statSync(core.http.bodyPath(result.bodyId)).size).toBe(result.bodySize);
    expect(result.checks!.captures[0]).toMatchObject({ value: 'large-token-at-the-end', error: null });
    expect(result.checks!.assertions[0]).toMatchObject({ passed: true, foundAt: "$['items'][1]['name']" });
    expect(result.checks!.assertions[1]!.message).toMatch(/a plain path such as \$\.data\.token works on any size/);
    expect(result.checks!.assertions[2]).toMatchObject({ passed: true });
    expect((await core.scopes.values(spec({ url: '' }), null)).lookup('big')).toBe('large-token-at-the-end');
  }, 60_000);
});
