import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS, type RequestSettings } from '../../../../preload/contract';
import { LatchkeyError } from '../../../../main/core/errors';
import { HttpExecutor } from '../../../../main/core/http/httpExecutor';
import { bypassesProxy, parseProxyUrl } from '../../../../main/core/http/proxy';
import { exportCurl } from '../../../../main/core/http/toCurl';
import { makeTestPki } from '../../../fixtures/certificates';
import { closedPort, startEchoServer, type EchoServer } from '../../../fixtures/echoServer';
import { startProxyServer, type ProxyServer } from '../../../fixtures/proxyServer';
import { spec } from '../../../fixtures/requests';
import { memoryLogger, realClock } from '../../../fixtures/testPorts';

describe('the no-proxy list', () => {
  const skips = (url: string, list: string) => bypassesProxy(new URL(url), list);

  it('matches names with their subdomains, with or without a leading dot', () => {
    expect(skips('http://example.com/', 'example.com')).toBe(true);
    expect(skips('http://api.example.com/', 'example.com')).toBe(true);
    expect(skips('http://api.example.com/', '.example.com')).toBe(true);
    expect(skips('http://api.example.com/', '*.example.com')).toBe(true);
    expect(skips('http://notexample.com/', 'example.com')).toBe(false);
    expect(skips('http://example.com.evil.test/', 'example.com')).toBe(false);
    expect(skips('http://EXAMPLE.com./', 'example.com')).toBe(true);
  });

  it('matches IP addresses, CIDR ranges, ports and *', () => {
    expect(skips('http://10.1.2.3/', '10.0.0.0/8')).toBe(true);
    expect(skips('http://11.1.2.3/', '10.0.0.0/8')).toBe(false);
    expect(skips('http://127.0.0.1:8080/', '127.0.0.1')).toBe(true);
    expect(skips('http://[::1]:8080/', '::1')).toBe(true);
    expect(skips('http://[fd00::5]/', 'fd00::/8')).toBe(true);
    expect(skips('http://localhost:8080/', 'localhost:8080')).toBe(true);
    expect(skips('http://localhost:9090/', 'localhost:8080')).toBe(false);
    expect(skips('https://internal.test/', 'internal.test:443')).toBe(true);
    expect(skips('http://anything.test/', 'a.test, *')).toBe(true);
    expect(skips('http://anything.test/', '')).toBe(false);
  });

  it('refuses proxy URLs that are not http(s) or carry a path', () => {
    expect(() => parseProxyUrl('socks4://proxy:1080')).toThrow(/must start with http:\/\/ or https:\/\//);
    expect(() => parseProxyUrl('not a url')).toThrow(/not a valid URL/);
    expect(() => parseProxyUrl('http://proxy:3128/some/path')).toThrow(/just a scheme, host and port/);
    expect(parseProxyUrl(' http://proxy:3128 ').host).toBe('proxy:3128');
  });
});

describe('requests through a real proxy', () => {
  let origin: EchoServer;
  let tlsOrigin: EchoServer;
  let proxy: ProxyServer;
  let guarded: ProxyServer;
  let executor: HttpExecutor;
  let dir: string;
  let defaults: RequestSettings = DEFAULT_SETTINGS;
  let n = 0;
  const variables = new Map([['proxyPassword', 'pr0xy secret']]);

  beforeAll(async () => {
    const pki = makeTestPki();
    origin = await startEchoServer();
    tlsOrigin = await startEchoServer({ tls: pki.valid });
    proxy = await startProxyServer();
    guarded = await startProxyServer({ credentials: 'alice:pr0xy secret' });
    dir = mkdtempSync(join(tmpdir(), 'latchkey-proxy-'));
    executor = new HttpExecutor({
      clock: realClock,
      logger: memoryLogger(),
      userAgent: 'Latchkey/test',
      bodiesDir: join(dir, 'b'),
      variables: async () => ({ lookup: (name) => variables.get(name), secrets: ['pr0xy secret'] }),
      extraCaCertificates: [pki.ca.cert],
      defaults: () => defaults,
    });
  }, 60_000);
  afterAll(async () => {
    await executor.close();
    for (const server of [origin, tlsOrigin, proxy, guarded]) await server.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const run = (url: string, settings: Partial<RequestSettings>) => executor.execute({ requestId: `p${++n}`, request: spec({ url, settings }) });
  const failure = async (promise: Promise<unknown>) => {
    const error = await promise.then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(LatchkeyError);
    return error as LatchkeyError;
  };

  it('forwards plain http:// requests to the proxy as absolute URLs', async () => {
    const before = proxy.seen.length;
    const result = await run(`${origin.url}/echo?via=proxy`, { proxyUrl: proxy.url });
    expect(result.status).toBe(200);
    expect(proxy.seen.slice(before).map((s) => s.line)).toEqual([`GET ${origin.url}/echo?via=proxy`]);
  });

  it('tunnels https:// requests through CONNECT, with TLS verified end to end', async () => {
    const before = proxy.seen.length;
    const result = await run(`${tlsOrigin.url}/echo`, { proxyUrl: proxy.url });
    expect(result.status).toBe(200);
    expect(proxy.seen.slice(before).map((s) => s.line)).toEqual([`CONNECT ${new URL(tlsOrigin.url).host}`]);
  });

  it('goes direct for hosts on the no-proxy list', async () => {
    const before = proxy.seen.length;
    const result = await run(`${origin.url}/echo`, { proxyUrl: proxy.url, noProxy: 'example.com, 127.0.0.0/8' });
    expect(result.status).toBe(200);
    expect(proxy.seen.length).toBe(before);
  });

  it('takes the proxy from the Settings defaults, and a request can opt out', async () => {
    defaults = { ...DEFAULT_SETTINGS, proxyUrl: proxy.url };
    try {
      const before = proxy.seen.length;
      await run(`${origin.url}/echo?from=defaults`, {});
      expect(proxy.seen.length).toBe(before + 1);
      await run(`${origin.url}/echo?direct`, { proxyUrl: '' });
      expect(proxy.seen.length).toBe(before + 1);
    } finally {
      defaults = DEFAULT_SETTINGS;
    }
  });

  it('sends proxy credentials from the URL, with the password from a secret variable', async () => {
    const result = await run(`${origin.url}/echo`, { proxyUrl: `http://alice:{{proxyPassword}}@127.0.0.1:${guarded.port}` });
    expect(result.status).toBe(200);
    expect(guarded.seen.at(-1)?.proxyAuthorization).toBe(`Basic ${Buffer.from('alice:pr0xy secret').toString('base64')}`);
    // The origin never sees the proxy's credentials.
    expect(JSON.stringify(result.headers) + (result.body.kind === 'text' ? result.body.text : '')).not.toContain('proxy-authorization');
  });

  it('names a 407 from a tunnelling proxy and says how to give credentials', async () => {
    const error = await failure(run(`${tlsOrigin.url}/echo`, { proxyUrl: guarded.url }));
    expect(error.code).toBe('proxy_error');
    expect(error.message).toContain(`The proxy ${guarded.url} would not open a tunnel`);
    expect(error.message).toContain('407');
  });

  it('says so when the proxy cannot be reached, without echoing its password', async () => {
    const port = await closedPort();
    const error = await failure(run(`${origin.url}/echo`, { proxyUrl: `http://bob:{{proxyPassword}}@127.0.0.1:${port}` }));
    expect(error.code).toBe('proxy_error');
    expect(error.message).toContain(`Could not reach the proxy http://127.0.0.1:${port}`);
    expect(error.message).not.toContain('pr0xy');
  });

  it('refuses a proxy URL that is not a proxy URL before sending', async () => {
    const error = await failure(run(`${origin.url}/echo`, { proxyUrl: 'ftp://proxy.test:21' }));
    expect(error.code).toBe('unsupported_scheme');
    expect(error.message).toContain('proxy URL');
  });

  it('exports the proxy and no-proxy list to cURL', () => {
    const command = exportCurl(spec({ url: 'http://api.test/x', settings: { proxyUrl: 'http://proxy.test:3128', noProxy: 'a.test  b.test' } }), () => undefined, false);
    expect(command).toContain('--proxy http://proxy.test:3128');
    expect(command).toContain('--noproxy a.test,b.test');
  });
});
