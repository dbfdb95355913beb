import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfDocumentStore } from '../../../main/adapters/confDocumentStore';
import { confFactory } from '../../../main/adapters/confFactory';
import { startBrowserHost, type BrowserHost } from '../../../main/host/browserHost';
import { startEchoServer, type EchoServer } from '../../fixtures/echoServer';
import { call, openSocket as openSocketOn, pageHandshake, type Handshake } from '../../fixtures/hostClient';
import { spec } from '../../fixtures/requests';
import { memoryLogger, memorySecretStore, realClock, recordingBrowser } from '../../fixtures/testPorts';

const TOKEN = 'test-token-0123456789';
let host: BrowserHost;
let echo: EchoServer;
let dir: string;

function get(path: string, headers: Record<string, string>): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: string }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: '127.0.0.1', port: host.port, path, headers, method: 'GET' }, (res) => {
      let body = '';
      res.on('data', (c: Buffer) => (body += c.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

const own = () => ({ host: `127.0.0.1:${host.port}` });
const origin = () => `http://127.0.0.1:${host.port}`;
const openSocket = (handshake: Handshake) => openSocketOn(host.port, handshake);
const page = () => pageHandshake(host.port, TOKEN);

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'latchkey-host-'));
  const rendererDir = join(dir, 'renderer');
  mkdirSync(rendererDir);
  writeFileSync(join(rendererDir, 'index.html'), '<!doctype html><title>Latchkey</title>');
  writeFileSync(join(dir, 'outside.txt'), 'must not be served');
  echo = await startEchoServer();
  host = await startBrowserHost({
    port: 0,
    rendererDir,
    token: TOKEN,
    documents: new ConfDocumentStore(join(dir, 'data'), confFactory),
    secrets: memorySecretStore(),
    browser: recordingBrowser(),
    dialogs: null,
    bodiesDir: join(dir, 'bodies'),
    clock: realClock,
    logger: memoryLogger(),
    version: '0.0.0-test',
  });
});
afterAll(async () => {
  await host.close();
  await echo.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('browser host gate', () => {
  it('binds 127.0.0.1 and prints a URL with the token in its fragment, which no request carries', () => {
    expect(host.url).toBe(`http://127.0.0.1:${host.port}/#token=${TOKEN}`);
  });

  it('serves the app with its CSP and sets no cookie', async () => {
    const res = await get('/', own());
    expect(res.status).toBe(200);
    expect(res.body).toContain('<title>Latchkey</title>');
    expect(res.headers['content-security-policy']).toContain("script-src 'self'");
    expect(res.headers['content-security-policy']).toContain("frame-ancestors 'none'");
    expect(res.headers['content-security-policy']).toContain(`connect-src ws://127.0.0.1:${host.port}`);
    expect(res.headers['set-cookie']).toBeUndefined();
    // An old-style link with the token in the query is not special: no cookie, no redirect.
    const legacy = await get(`/?token=${TOKEN}`, own());
    expect(legacy.status).toBe(200);
    expect(legacy.headers['set-cookie']).toBeUndefined();
  });

  it('refuses a foreign Host header (DNS rebinding) and a foreign Origin', async () => {
    const res = await get('/', { host: `attacker.example:${host.port}` });
    expect(res.status).toBe(403);
    expect(res.body).toContain('attacker.example');
    expect((await get('/', { host: `localhost:${host.port}` })).status).toBe(403);
    expect((await get('/', { ...own(), origin: 'https://evil.example' })).status).toBe(403);
    expect((await get('/', { ...own(), origin: 'http://127.0.0.1:1' })).status).toBe(403);
  });

  it('serves nothing outside the renderer folder', async () => {
    const res = await get('/..%2Foutside.txt', own());
    expect(res.status).toBe(404);
    expect(res.body).not.toContain('must not be served');
  });

  it('opens the WebSocket only for its own Origin with the token offered as a subprotocol, and names only latchkey back', async () => {
    await expect(openSocket({ headers: { origin: origin() } })).rejects.toThrow('401');
    await expect(openSocket({ headers: { origin: origin() }, protocols: ['latchkey'] })).rejects.toThrow('401');
    await expect(openSocket({ headers: { origin: origin() }, protocols: [`latchkey.token.${TOKEN}`] })).rejects.toThrow('401');
    await expect(openSocket({ headers: { origin: origin() }, protocols: ['latchkey', 'latchkey.token.nope'] })).rejects.toThrow('403');
    await expect(openSocket({ protocols: page().protocols })).rejects.toThrow('403');
    for (const foreign of ['https://evil.example', 'http://127.0.0.1:1', 'http://localhost:' + host.port, 'null']) {
      await expect(openSocket({ headers: { origin: foreign }, protocols: page().protocols })).rejects.toThrow('403');
    }
    // A cookie, which any other port on 127.0.0.1 would see too, opens nothing.
    await expect(openSocket({ headers: { origin: origin(), cookie: `latchkey_token_${host.port}=${TOKEN}` } })).rejects.toThrow('401');
    const ws = await openSocket(page());
    expect(ws.protocol).toBe('latchkey');
    ws.close();
  });

  it('answers malformed frames with an error and keeps serving', async () => {
    const ws = await openSocket(page());
    const answers: unknown[] = [];
    ws.on('message', (raw) => answers.push(JSON.parse(raw.toString())));
    for (const frame of ['null', '42', '"text"', '[]', '{"id":1}', '{"id":{"x":1},"channel":7}', 'not json', '{"id":2,"channel":"app:info","payload":{"__proto__":{"polluted":true}}}']) ws.send(frame);
    await new Promise((r) => setTimeout(r, 200));
    expect(answers).toHaveLength(8);
    for (const answer of answers.slice(0, 7)) expect(answer).toMatchObject({ result: { ok: false, error: { code: 'invalid_request' } } });
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(await call(ws, 'app:info', undefined)).toMatchObject({ ok: true });
    ws.close();
  });
});

describe('browser host contract over WebSocket', () => {
  it('executes a request through the same handlers as the desktop app', async () => {
    const ws = await openSocket(page());
    const result = await call(ws, 'http:execute', { requestId: 'w1', request: spec({ url: `${echo.url}/echo` }) });
    expect(result.ok).toBe(true);
    expect((result.value as { status: number }).status).toBe(200);

    const info = await call(ws, 'app:info', undefined);
    expect(info).toMatchObject({ ok: true, value: { name: 'Latchkey', host: 'browser', version: '0.0.0-test', fileDialogs: false } });

    const bad = await call(ws, 'http:execute', { requestId: 'w2', request: { ...spec({ url: '' }), url: 42 } });
    expect(bad).toMatchObject({ ok: false, error: { code: 'invalid_request' } });

    const scheme = await call(ws, 'http:execute', { requestId: 'w3', request: spec({ url: 'file:///etc/passwd' }) });
    expect(scheme).toMatchObject({ ok: false, error: { code: 'unsupported_scheme' } });
    ws.close();
  });
});
