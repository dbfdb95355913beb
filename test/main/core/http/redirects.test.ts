import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RequestSpec } from '../../../../preload/contract';
import { LatchkeyError } from '../../../../main/core/errors';
import type { AppliedConnection } from '../../../../main/core/connections/connectionsService';
import { HttpExecutor } from '../../../../main/core/http/httpExecutor';
import { planRedirect } from '../../../../main/core/http/planRedirect';
import { startEchoServer, type EchoServer } from '../../../fixtures/echoServer';
import { header, spec } from '../../../fixtures/requests';
import { memoryLogger, realClock } from '../../../fixtures/testPorts';

let origin: EchoServer;
let other: EchoServer;
let executor: HttpExecutor;
let dir: string;
let n = 0;

// A connection whose auth adds a custom header and a query parameter and marks both as credentials.
const CONNECTION_ID = '6f1c2d3e-4b5a-4c6d-8e7f-0123456789ab';
const connection: AppliedConnection = {
  baseUrl: '',
  tls: null,
  secrets: [],
  verifyTls: true,
  apply: (request) => {
    request.headers.push(['X-Custom-Auth', 'custom-secret']);
    request.url.searchParams.set('api_key', 'query-secret');
    return { request, credentials: { headers: new Set(['x-custom-auth']), query: new Set(['api_key']) } };
  },
};

const run = (patch: Partial<RequestSpec> & { url: string }) => executor.execute({ requestId: `r${++n}`, request: spec({ connectionId: CONNECTION_ID, ...patch }) });
const echoed = (result: { body: { kind: string; text?: string } }) => JSON.parse(result.body.kind === 'text' ? (result.body.text ?? '') : '{}') as { method: string; url: string; headers: Record<string, string>; body: string };

const credentials = [header('Authorization', 'Bearer abc'), header('Cookie', 'sid=1'), header('api-token', 't0k'), header('X-Api-Key', 'k3y'), header('X-Plain', 'kept')];

beforeAll(async () => {
  origin = await startEchoServer();
  other = await startEchoServer();
  dir = mkdtempSync(join(tmpdir(), 'latchkey-redirect-'));
  executor = new HttpExecutor({ clock: realClock, logger: memoryLogger(), userAgent: 'Latchkey/test', bodiesDir: join(dir, 'b'), variables: async () => ({ lookup: () => undefined, secrets: [] }), connections: () => connection });
});
afterAll(async () => {
  await executor.close();
  await origin.close();
  await other.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('secrets across redirects', () => {
  const SECRET = 'sk_live_7f3a9c2e51';
  let withSecrets: HttpExecutor;
  beforeAll(() => {
    // A secret environment variable, as the scope resolver hands it over: its value, and its value in the secrets list.
    withSecrets = new HttpExecutor({
      clock: realClock,
      logger: memoryLogger(),
      userAgent: 'Latchkey/test',
      bodiesDir: join(dir, 's'),
      variables: () => ({ lookup: (name) => (name === 'apiSecret' ? SECRET : name === 'plain' ? 'visible' : undefined), secrets: [SECRET] }),
    });
  });
  afterAll(async () => {
    await withSecrets.close();
  });
  const send = (url: string) =>
    withSecrets.execute({
      requestId: `s${++n}`,
      request: spec({ url, headers: [header('X-Auth-Token', '{{apiSecret}}'), header('X-Signature', 'v1={{apiSecret}}'), header('X-Plain', '{{plain}}')] }),
    });

  for (const status of [302, 307]) {
    it(`drops headers and query parameters holding a secret variable on a cross-origin ${status}, and names them`, async () => {
      const to = encodeURIComponent(`${other.url}/echo?api_key=${SECRET}&page=2`);
      const before = other.seen.length;
      const result = await send(`${origin.url}/redirect?status=${status}&to=${to}`);
      expect(result.status).toBe(200);
      const seen = echoed(result);
      expect(seen.headers['x-auth-token']).toBeUndefined();
      expect(seen.headers['x-signature']).toBeUndefined();
      expect(seen.headers['x-plain']).toBe('visible');
      expect(seen.url).toBe('/echo?page=2');
      expect(JSON.stringify(other.seen.slice(before))).not.toContain(SECRET);
      expect(result.redirects).toEqual([
        {
          status,
          url: expect.not.stringContaining(SECRET),
          dropped: [
            { part: 'header', name: 'X-Auth-Token' },
            { part: 'header', name: 'X-Signature' },
            { part: 'query', name: 'api_key' },
          ],
        },
      ]);
    });
  }

  it('keeps them on a same-origin redirect', async () => {
    const result = await send(`${origin.url}/redirect?status=307&to=/echo`);
    const seen = echoed(result);
    expect(seen.headers['x-auth-token']).toBe(SECRET);
    expect(seen.headers['x-signature']).toBe(`v1=${SECRET}`);
    expect(result.redirects[0]!.dropped).toEqual([]);
  });
});

describe('redirects', () => {
  it('follows a same-origin redirect and keeps credentials', async () => {
    const result = await run({ url: `${origin.url}/redirect?to=/echo`, headers: credentials });
    expect(result.redirects).toEqual([{ status: 302, url: expect.stringContaining('/redirect?to='), dropped: [] }]);
    const seen = echoed(result);
    expect(seen.headers.authorization).toBe('Bearer abc');
    expect(seen.headers['x-custom-auth']).toBe('custom-secret');
    // The next URL is the Location's: like browsers and curl, Latchkey does not carry a query over.
    expect(seen.url).toBe('/echo');
  });

  it('drops every credential header and auth query parameter on a cross-origin hop', async () => {
    const to = encodeURIComponent(`${other.url}/echo?api_key=reflected&page=2`);
    const result = await run({ url: `${origin.url}/redirect?to=${to}`, headers: credentials });
    const seen = echoed(result);
    expect(result.url).toBe(`${other.url}/echo?page=2`);
    for (const name of ['authorization', 'cookie', 'api-token', 'x-api-key', 'x-custom-auth']) expect(seen.headers[name]).toBeUndefined();
    expect(seen.headers['x-plain']).toBe('kept');
    expect(seen.url).toBe('/echo?page=2');
    expect(JSON.stringify(other.seen)).not.toMatch(/abc|sid=1|t0k|k3y|custom-secret|query-secret/);
  });

  it('turns a POST into a GET on 303 and on 301/302, and keeps it on 307/308', async () => {
    for (const [status, method, body] of [
      [303, 'GET', ''],
      [302, 'GET', ''],
      [301, 'GET', ''],
      [307, 'POST', '{"a":1}'],
      [308, 'POST', '{"a":1}'],
    ] as const) {
      const result = await run({ method: 'POST', url: `${origin.url}/redirect?status=${status}&to=/echo`, body: { kind: 'json', text: '{"a":1}' } });
      expect(echoed(result), `status ${status}`).toMatchObject({ method, body });
    }
  });

  it('stops at the limit, and can be turned off', async () => {
    const error = await run({ url: `${origin.url}/redirect-loop`, settings: { maxRedirects: 3 } }).catch((e: LatchkeyError) => e);
    expect(error).toBeInstanceOf(LatchkeyError);
    expect((error as LatchkeyError).code).toBe('too_many_redirects');
    expect((error as LatchkeyError).message).toContain('Stopped after 3 redirects');
    const off = await run({ url: `${origin.url}/redirect?to=/echo`, settings: { followRedirects: false } });
    expect(off.status).toBe(302);
    expect(off.headers).toContainEqual(['location', '/echo']);
  });

  it('refuses a redirect to a non-http scheme', async () => {
    const error = await run({ url: `${origin.url}/redirect?to=${encodeURIComponent('file:///etc/passwd')}` }).catch((e: LatchkeyError) => e);
    expect((error as LatchkeyError).code).toBe('redirect_blocked');
    expect((error as LatchkeyError).message).toContain('file:');
  });
});

describe('planRedirect', () => {
  const hop = { method: 'GET', url: new URL('https://api.example.com/a?api_key=x'), headers: [['Authorization', 'Bearer t'] as [string, string], ['Accept', '*/*'] as [string, string]], body: undefined };
  const creds = { headers: new Set<string>(), query: new Set(['api_key']) };

  it('treats another port or scheme as another origin', () => {
    expect(planRedirect(hop, 302, 'https://api.example.com:8443/b', creds).crossOrigin).toBe(true);
    expect(planRedirect(hop, 302, 'http://api.example.com/b', creds).headers).toEqual([['Accept', '*/*']]);
    expect(planRedirect(hop, 302, '/b?c=1', creds)).toMatchObject({ crossOrigin: false, headers: hop.headers });
  });

  it('resolves relative locations and drops the fragment', () => {
    expect(planRedirect(hop, 301, '../z#frag', creds).url.href).toBe('https://api.example.com/z');
  });
});
