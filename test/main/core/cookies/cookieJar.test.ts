// The cookie jar against a real server: cookies set, updated, expired and scoped by domain and
// path, sent back only where RFC 6265 says, and kept encrypted with a key in the (in-memory
// stand-in for the) keychain. The real keychain is used by the journeys and keychain tests.
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { ExecuteResult, Handlers, RequestSettings } from '../../../../preload/contract';
import { createCore, type Core } from '../../../../main/core/createCore';
import { createHandlers } from '../../../../main/ipc/handlers';
import { ConfDocumentStore } from '../../../../main/adapters/confDocumentStore';
import { confFactory } from '../../../../main/adapters/confFactory';
import { COOKIE_KEY_ID, CookieJarService, MAX_PER_DOMAIN, cookiesSpec } from '../../../../main/core/cookies/cookieJar';
import { HttpExecutor, withJarCookies } from '../../../../main/core/http/httpExecutor';
import { StoredDocument } from '../../../../main/core/persistence/storedDocument';
import { SecretService } from '../../../../main/core/secrets/secretService';
import type { Notice } from '../../../../preload/contract';
import { startCookieServer, type CookieServer } from '../../../fixtures/cookieServer';
import { header, spec } from '../../../fixtures/requests';
import { memoryLogger, memorySecretStore, realClock, recordingBrowser } from '../../../fixtures/testPorts';

let server: CookieServer;
let dir: string;
let keychain: ReturnType<typeof memorySecretStore>;
let notices: Omit<Notice, 'id'>[];
let jar: CookieJarService;
let executor: HttpExecutor;
let n = 0;

function openJar(): CookieJarService {
  const deps = { store: new ConfDocumentStore(dir, confFactory), clock: realClock, logger: memoryLogger(), notify: (notice: Omit<Notice, 'id'>) => notices.push(notice) };
  return new CookieJarService(StoredDocument.open(cookiesSpec, deps), new SecretService(keychain), deps);
}

beforeAll(async () => {
  server = await startCookieServer();
});
afterAll(async () => {
  await server.close();
});

beforeEach(async () => {
  if (executor) await executor.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
  dir = mkdtempSync(join(tmpdir(), 'latchkey-cookies-'));
  keychain = memorySecretStore();
  notices = [];
  jar = openJar();
  executor = new HttpExecutor({ clock: realClock, logger: memoryLogger(), userAgent: 'Latchkey/test', bodiesDir: join(dir, 'bodies'), variables: () => ({ lookup: () => undefined, secrets: [] }), cookies: jar });
});

/** A request to `url` (on a made-up host, through the server as proxy, unless it is the server itself). */
async function send(url: string, options: { settings?: Partial<RequestSettings>; headers?: ReturnType<typeof header>[] } = {}): Promise<ExecuteResult & { received: string | null }> {
  const direct = url.startsWith(server.url);
  const result = await executor.execute({ requestId: `c${++n}`, request: spec({ url, headers: options.headers ?? [], settings: { ...(direct ? {} : { proxyUrl: server.url }), ...options.settings } }) });
  // Sorted: RFC 6265 orders cookies of one path length by creation time, often the same millisecond here.
  const received = server.seen.at(-1)!.cookie?.split('; ').sort().join('; ') ?? null;
  return { ...result, received };
}
const set = (host: string, ...cookies: string[]) => `http://${host}/set?${cookies.map((c) => `c=${encodeURIComponent(c)}`).join('&')}`;

describe('the cookie jar', () => {
  it('stores a Set-Cookie, sends it back, updates it and removes it when it expires', async () => {
    const first = await send(set('api.shop.test', 'sid=abc123; Path=/; HttpOnly', 'theme=dark'));
    expect(first.received).toBeNull();
    expect(first.cookies?.map((c) => [c.name, c.value, c.outcome, c.httpOnly])).toEqual([
      ['sid', 'abc123', 'stored', true],
      ['theme', 'dark', 'stored', false],
    ]);
    expect((await send('http://api.shop.test/orders')).received).toBe('sid=abc123; theme=dark');

    await send(set('api.shop.test', 'sid=def456; Path=/'));
    const updated = await send('http://api.shop.test/orders');
    expect(updated.received).toBe('sid=def456; theme=dark');
    expect(updated.cookiesSent).toEqual(['sid', 'theme']);
    // The Cookie header the response view shows is redacted; the values stay in the jar.
    expect(updated.sent.headers.find(([name]) => name === 'Cookie')?.[1]).toBe('[redacted]');

    const removed = await send(set('api.shop.test', 'sid=; Max-Age=0; Path=/'));
    expect(removed.cookies?.[0]).toMatchObject({ name: 'sid', outcome: 'removed' });
    expect((await send('http://api.shop.test/orders')).received).toBe('theme=dark');

    await send(set('api.shop.test', 'short=1; Max-Age=1'));
    expect((await send('http://api.shop.test/')).received).toBe('short=1; theme=dark');
    await new Promise((resolve) => setTimeout(resolve, 1100));
    expect((await send('http://api.shop.test/')).received).toBe('theme=dark');
    expect((await jar.list()).cookies.map((c) => c.name)).toEqual(['theme']);
  });

  it('scopes cookies by domain: host-only to its host, Domain= to the domain and its subdomains, never elsewhere', async () => {
    const result = await send(set('api.shop.test', 'narrow=1', 'wide=2; Domain=shop.test', 'evil=3; Domain=other.test', 'suffix=4; Domain=test'));
    expect(result.cookies?.map((c) => [c.name, c.outcome])).toEqual([
      ['narrow', 'stored'],
      ['wide', 'stored'],
      ['evil', 'refused'],
      ['suffix', 'refused'],
    ]);
    expect(result.cookies?.[2]?.reason).toMatch(/not api\.shop\.test or a domain above it/);
    expect((await send('http://api.shop.test/')).received).toBe('narrow=1; wide=2');
    expect((await send('http://www.shop.test/')).received).toBe('wide=2');
    expect((await send('http://shop.test/')).received).toBe('wide=2');
    expect((await send('http://other.test/')).received).toBeNull();
    expect((await send('http://notshop.test/')).received).toBeNull();
    // Another app on this machine (another port on 127.0.0.1) is another server; a host-only cookie of one name is not sent to a different name.
    expect((await send(`${server.url}/`)).received).toBeNull();
  });

  it('scopes cookies by path, and keeps Secure cookies off plain http (except on this machine)', async () => {
    await send(set('api.shop.test', 'admin=1; Path=/admin', 'secure=1; Secure'));
    expect((await send('http://api.shop.test/admin/users')).received).toBe('admin=1');
    expect((await send('http://api.shop.test/administrator')).received).toBeNull();
    expect((await send('http://api.shop.test/public')).received).toBeNull();
    const local = await send(`${server.url}/set?c=${encodeURIComponent('local=1; Secure')}`);
    expect(local.cookies?.[0]?.outcome).toBe('stored');
    expect((await send(`${server.url}/x`)).received).toBe('local=1');
  });

  it('stores a cookie set by a redirect and sends it on the next hop', async () => {
    const result = await send(`http://api.shop.test/redirect?to=/home&c=${encodeURIComponent('login=ok')}`);
    expect(result.status).toBe(200);
    expect(result.received).toBe('login=ok');
    expect(result.cookies?.[0]).toMatchObject({ name: 'login', outcome: 'stored', url: expect.stringContaining('/redirect') });
  });

  it('a request with cookies turned off neither sends nor stores any', async () => {
    await send(set('api.shop.test', 'a=1'));
    const off = await send(set('api.shop.test', 'b=2'), { settings: { cookies: false } });
    expect(off.received).toBeNull();
    expect(off.cookies).toBeUndefined();
    expect((await send('http://api.shop.test/')).received).toBe('a=1');
  });

  it("merges the jar's cookies into a Cookie header the request sets itself; its own cookie wins", async () => {
    await send(set('api.shop.test', 'a=jar', 'b=jar'));
    expect((await send('http://api.shop.test/', { headers: [header('Cookie', 'a=mine')] })).received).toBe('a=mine; b=jar');
    expect(withJarCookies([['Cookie', 'x=1']], { header: 'x=2' })).toEqual([['Cookie', 'x=1']]);
    expect(withJarCookies([], { header: 'x=2' })).toEqual([['Cookie', 'x=2']]);
  });

  it('keeps the jar encrypted with a key in the keychain: no cookie value, name or domain in its file, and it is back after a restart', async () => {
    await send(set('api.shop.test', 'session=s3cr3t-cookie-value; Max-Age=3600', 'plain=also-a-secret'));
    await jar.flush();
    const files = readdirSync(dir).filter((f) => statSync(join(dir, f)).isFile());
    const text = files.map((f) => readFileSync(join(dir, f), 'utf8')).join('\n');
    expect(files).toContain('cookies.json');
    for (const secret of ['s3cr3t-cookie-value', 'also-a-secret', 'session', 'shop.test']) expect(text).not.toContain(secret);
    expect(keychain.values.get(COOKIE_KEY_ID)).toMatch(/^[A-Za-z0-9+/]{43}=$/);

    const reopened = openJar();
    const listed = await reopened.list();
    expect(listed.kept).toBe(true);
    expect(listed.cookies.map((c) => [c.domain, c.name, c.value, c.hostOnly])).toEqual([
      ['api.shop.test', 'plain', 'also-a-secret', true],
      ['api.shop.test', 'session', 's3cr3t-cookie-value', true],
    ]);
  });

  it('a jar whose key left the keychain is set aside with a notice, not overwritten', async () => {
    await send(set('api.shop.test', 'a=1'));
    await jar.flush();
    keychain.values.delete(COOKIE_KEY_ID);
    const reopened = openJar();
    expect((await reopened.list()).cookies).toEqual([]);
    expect(notices.map((x) => x.title)).toContain('Your cookies could not be read');
    expect(readdirSync(dir).some((f) => f.startsWith('cookies.json.corrupt-'))).toBe(true);
  });

  it('without a keychain the jar works for this session and says once that it is not kept', async () => {
    keychain.get = () => Promise.reject(new Error('no secret service'));
    keychain.set = () => Promise.reject(new Error('no secret service'));
    await send(set('api.shop.test', 'a=1'));
    expect((await send('http://api.shop.test/')).received).toBe('a=1');
    await send(set('api.shop.test', 'b=2'));
    await jar.flush();
    expect(notices.filter((x) => x.title === 'Cookies are kept for this session only')).toHaveLength(1);
    expect(readdirSync(dir)).not.toContain('cookies.json');
    expect((await jar.list()).kept).toBe(false);
  });

  it('the manager edits, deletes and clears by domain; a bad name is refused', async () => {
    await send(set('api.shop.test', 'a=1', 'b=2'));
    await send(set('other.test', 'c=3'));
    const [a] = (await jar.list()).cookies;
    await jar.put([{ ...a!, name: 'renamed', value: 'edited' }], { domain: a!.domain, path: a!.path, name: a!.name });
    expect((await send('http://api.shop.test/')).received).toBe('b=2; renamed=edited');
    await expect(jar.put([{ ...a!, name: 'bad name' }], null)).rejects.toThrow(/no spaces/);
    expect(await jar.delete([{ domain: 'api.shop.test', path: '/', name: 'b' }])).toBe(1);
    expect(await jar.clear('shop.test')).toBe(1);
    expect((await jar.list()).cookies.map((c) => c.name)).toEqual(['c']);
    expect(await jar.clear(null)).toBe(1);
    expect((await jar.list()).cookies).toEqual([]);
  });

  it(`keeps at most ${MAX_PER_DOMAIN} cookies for one domain, dropping the least recently used`, async () => {
    const many = Array.from({ length: 200 }, (_, i) => `k${i}=v`);
    for (let i = 0; i < many.length; i += 50) await send(set('api.shop.test', ...many.slice(i, i + 50)));
    const listed = (await jar.list()).cookies;
    expect(listed).toHaveLength(MAX_PER_DOMAIN);
    expect(listed.some((c) => c.name === 'k199')).toBe(true);
  });
});

describe('cookies in the whole app', () => {
  let appDir: string;
  let core: Core;
  let handlers: Handlers;
  beforeAll(() => {
    appDir = mkdtempSync(join(tmpdir(), 'latchkey-cookie-app-'));
    core = createCore({ documents: new ConfDocumentStore(appDir, confFactory), secrets: memorySecretStore(), browser: recordingBrowser(), dialogs: null, bodiesDir: join(appDir, 'bodies'), clock: realClock, logger: memoryLogger(), version: 't' });
    handlers = createHandlers(core, { kind: 'browser', platform: 'linux' });
  });
  afterAll(async () => {
    await core.close();
    rmSync(appDir, { recursive: true, force: true });
  });

  it('History keeps cookie names and attributes, never values; Copy as cURL has placeholders unless secrets are asked for; no data file holds a value', async () => {
    const live = await handlers['http:execute']({ requestId: 'app-1', request: spec({ url: `${server.url}/issue?name=sid` }) });
    const value = server.issued.get('sid')!;
    // The live response shows what the server set.
    expect(live.headers.find(([name]) => name === 'set-cookie')?.[1]).toContain(value);
    expect(live.cookies?.[0]?.value).toBe(value);
    const second = await handlers['http:execute']({ requestId: 'app-2', request: spec({ url: `${server.url}/orders` }) });
    expect(second.cookiesSent).toEqual(['sid']);

    const entry = (await handlers['history:list']()).find((e) => e.id === 'app-1')!;
    expect(entry.response?.headers.find(([name]) => name === 'set-cookie')?.[1]).toBe('sid=[redacted]; Path=/; HttpOnly');
    expect(entry.response?.cookies?.[0]).toMatchObject({ name: 'sid', value: '[redacted]', httpOnly: true });
    const restored = await handlers['history:response']({ id: 'app-1' });
    expect(JSON.stringify(restored)).not.toContain(value);

    const placeholder = await handlers['http:curl']({ request: spec({ url: `${server.url}/orders` }), includeSecrets: false, location: null });
    expect(placeholder.command).toContain("Cookie: sid=<sid>");
    expect(placeholder.command).not.toContain(value);
    const withSecrets = await handlers['http:code']({ request: spec({ url: `${server.url}/orders` }), language: 'python', includeSecrets: true, location: null });
    expect(withSecrets.code).toContain(value);

    await core.history.flush();
    await core.cookies.flush();
    // Every data file; response bodies are what servers sent and are kept as they came.
    const scan = (folder: string): string[] => readdirSync(folder, { withFileTypes: true }).flatMap((d) => (d.isDirectory() ? (d.name === 'bodies' ? [] : scan(join(folder, d.name))) : [join(folder, d.name)]));
    const files = scan(appDir);
    expect(files.some((f) => f.endsWith('history.json'))).toBe(true);
    expect(files.some((f) => f.endsWith('cookies.json'))).toBe(true);
    for (const file of files) expect(readFileSync(file, 'utf8'), file).not.toContain(value);
  });
});
