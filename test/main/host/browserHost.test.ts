import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfDocumentStore } from '../../../main/adapters/confDocumentStore';
import { confFactory } from '../../../main/adapters/confFactory';
import { startBrowserHost, type BrowserHost } from '../../../main/host/browserHost';
import { startEchoServer, type EchoServer } from '../../fixtures/echoServer';
import { call, openSocket as openSocketOn } from '../../fixtures/hostClient';
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
const cookie = () => `latchkey_token_${host.port}=${TOKEN}`;
const openSocket = (headers: Record<string, string>) => openSocketOn(host.port, headers);

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
  it('binds 127.0.0.1 and prints a tokened URL', () => {
    expect(host.url).toBe(`http://127.0.0.1:${host.port}/?token=${TOKEN}`);
  });

  it('refuses a request without the token', async () => {
    const res = await get('/', own());
    expect(res.status).toBe(401);
    expect(res.body).toContain('access token');
  });

  it('refuses a wrong token', async () => {
    expect((await get('/?token=nope', own())).status).toBe(403);
    expect((await get('/', { ...own(), cookie: `latchkey_token_${host.port}=nope` })).status).toBe(403);
  });

  it('refuses a foreign Host header even with the right token (DNS rebinding)', async () => {
    const res = await get(`/?token=${TOKEN}`, { host: `attacker.example:${host.port}` });
    expect(res.status).toBe(403);
    expect(res.body).toContain('attacker.example');
    expect((await get('/', { host: `localhost:${host.port}`, cookie: cookie() })).status).toBe(403);
  });

  it('refuses a foreign Origin', async () => {
    expect((await get('/', { ...own(), cookie: cookie(), origin: 'https://evil.example' })).status).toBe(403);
  });

  it('moves the query token into an HttpOnly cookie and serves the app with its CSP', async () => {
    const first = await get(`/?token=${TOKEN}`, own());
    expect(first.status).toBe(303);
    expect(first.headers.location).toBe('/');
    expect(String(first.headers['set-cookie'])).toMatch(/HttpOnly; SameSite=Strict/);
    const page = await get('/', { ...own(), cookie: cookie() });
    expect(page.status).toBe(200);
    expect(page.body).toContain('<title>Latchkey</title>');
    expect(page.headers['content-security-policy']).toContain("script-src 'self'");
    expect(page.headers['content-security-policy']).toContain("frame-ancestors 'none'");
  });

  it('serves nothing outside the renderer folder', async () => {
    const res = await get('/..%2Foutside.txt', { ...own(), cookie: cookie() });
    expect(res.status).toBe(404);
    expect(res.body).not.toContain('must not be served');
  });

  it('refuses a WebSocket without the token, without an Origin, or from a foreign Origin', async () => {
    const origin = `http://127.0.0.1:${host.port}`;
    await expect(openSocket({ origin })).rejects.toThrow('401');
    await expect(openSocket({ cookie: cookie() })).rejects.toThrow('403');
    await expect(openSocket({ cookie: cookie(), origin: 'https://evil.example' })).rejects.toThrow('403');
  });
});

describe('browser host contract over WebSocket', () => {
  it('executes a request through the same handlers as the desktop app', async () => {
    const ws = await openSocket({ cookie: cookie(), origin: `http://127.0.0.1:${host.port}` });
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
