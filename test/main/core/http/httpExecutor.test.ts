import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RequestSpec } from '../../../../preload/contract';
import { LatchkeyError } from '../../../../main/core/errors';
import { HttpExecutor } from '../../../../main/core/http/httpExecutor';
import { closedPort, startEchoServer, type EchoServer } from '../../../fixtures/echoServer';
import { header, spec } from '../../../fixtures/requests';
import { memoryLogger, realClock } from '../../../fixtures/testPorts';

let server: EchoServer;
let executor: HttpExecutor;
let dir: string;
let n = 0;
const variables = new Map([
  ['base', ''],
  ['secretToken', 's3cr3t value/+'],
]);

const run = (patch: Partial<RequestSpec> & { url: string }) => executor.execute({ requestId: `r${++n}`, request: spec(patch) });
const text = (result: { body: { kind: string; text?: string } }) => (result.body.kind === 'text' ? (result.body.text ?? '') : '');
const echoed = (result: { body: { kind: string; text?: string } }) => JSON.parse(text(result)) as { method: string; url: string; headers: Record<string, string>; body: string };

async function failure(promise: Promise<unknown>): Promise<LatchkeyError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof LatchkeyError) return error;
    throw error;
  }
  throw new Error('expected the request to fail');
}

beforeAll(async () => {
  server = await startEchoServer();
  variables.set('base', server.url);
  dir = mkdtempSync(join(tmpdir(), 'latchkey-exec-'));
  executor = new HttpExecutor({
    clock: realClock,
    logger: memoryLogger(),
    userAgent: 'Latchkey/test',
    bodiesDir: join(dir, 'bodies'),
    variables: async () => ({ lookup: (name) => variables.get(name), secrets: [variables.get('secretToken') ?? ''] }),
    previewBytes: 64 * 1024,
  });
});
afterAll(async () => {
  await executor.close();
  await server.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('HttpExecutor against a real server', () => {
  it('sends a GET and returns status, reason, headers, body, sizes, hash and timing', async () => {
    const result = await run({ url: `${server.url}/echo?q=1`, headers: [header('X-Test', 'hello')] });
    expect(result.status).toBe(200);
    expect(result.statusText).toBe('OK');
    expect(result.headers).toContainEqual(['x-echo', 'yes']);
    const seen = echoed(result);
    expect(seen.url).toBe('/echo?q=1');
    expect(seen.headers['x-test']).toBe('hello');
    expect(seen.headers['user-agent']).toBe('Latchkey/test');
    expect(result.size).toBe(result.bodySize);
    expect(result.timing.totalMs).toBeGreaterThanOrEqual(result.timing.firstByteMs);
    expect(result.sent).toMatchObject({ method: 'GET', url: `${server.url}/echo?q=1` });
  });

  it('accounts for the whole total: redirects before the final hop, waiting, the phases, and storing the body', async () => {
    const { createServer } = await import('node:http');
    const slow = createServer((req, res) => {
      if (req.url === '/first') setTimeout(() => res.writeHead(302, { location: '/done' }).end(), 120);
      else setTimeout(() => res.writeHead(200, { 'content-type': 'text/plain' }).end('done'), 40);
    });
    await new Promise<void>((done) => slow.listen(0, '127.0.0.1', done));
    try {
      const port = (slow.address() as { port: number }).port;
      const result = await run({ url: `http://127.0.0.1:${port}/first` });
      expect(result.status).toBe(200);
      const t = result.timing;
      // The first hop, redirect included, comes before the final hop's phases.
      expect(t.redirectsMs).toBeGreaterThanOrEqual(110);
      expect(t.firstByteMs).toBeGreaterThanOrEqual(30);
      expect(t.queuedMs).toBeGreaterThanOrEqual(0);
      const named = t.redirectsMs! + t.queuedMs! + t.dnsMs + t.connectMs + t.tlsMs + t.firstByteMs + t.downloadMs;
      // What is left is storing the body: a few milliseconds for four bytes, never the 120 ms hop.
      expect(named).toBeLessThanOrEqual(t.totalMs + 0.001);
      expect(t.totalMs - named).toBeLessThan(30);
      const { timingPhases } = await import('../../../../renderer/features/response/TimingChart');
      const rows = timingPhases(t);
      expect(rows.map((r) => r.label)).toContain('Redirects');
      expect(rows.reduce((sum, r) => sum + r.value, 0)).toBeCloseTo(t.totalMs, 3);
    } finally {
      await new Promise<void>((done) => slow.close(() => done()));
    }
  });

  it('stores the whole body in a 0600 file under the bodies folder, with its SHA-256', async () => {
    const result = await run({ url: `${server.url}/binary` });
    const path = await executor.bodyReady(result.bodyId);
    const stored = readFileSync(path);
    expect([...stored]).toEqual(Array.from({ length: 256 }, (_, i) => i));
    expect(statSync(path).mode & 0o777).toBe(0o600);
    expect(result.sha256).toBe('40aff2e9d2d8922e47afd4648e6967497158785fbd1da870e7110266bf944880');
    expect(result.body.kind).toBe('binary');
  });

  it('writes small bodies behind: not while requests keep coming, then once they have stopped', async () => {
    const results = [];
    for (let i = 0; i < 5; i++) results.push(await run({ url: `${server.url}/echo?n=${i}` }));
    const path = (bodyId: string) => join(dir, 'bodies', `${bodyId}.body`);
    // The last request started moments ago, so its body must still be waiting (earlier ones
    // could be written if the machine stalled between requests, so they are not asserted here).
    expect(existsSync(path(results[results.length - 1]!.bodyId))).toBe(false);
    await new Promise((resolve) => setTimeout(resolve, 600));
    for (const r of results) expect(JSON.parse(readFileSync(path(r.bodyId), 'utf8'))).toEqual(echoed(r));
  });

  it('round-trips every body kind byte for byte', async () => {
    const json = await run({ method: 'POST', url: `${server.url}/echo`, body: { kind: 'json', text: '{"a": [1, "ü"]}' } });
    expect(echoed(json)).toMatchObject({ method: 'POST', body: '{"a": [1, "ü"]}', headers: { 'content-type': 'application/json' } });

    const xml = await run({ method: 'PUT', url: `${server.url}/echo`, body: { kind: 'raw', text: '<a>1</a>', contentType: 'application/soap+xml' } });
    expect(echoed(xml)).toMatchObject({ method: 'PUT', body: '<a>1</a>', headers: { 'content-type': 'application/soap+xml' } });

    const form = await run({ method: 'PATCH', url: `${server.url}/echo`, body: { kind: 'form', fields: [header('a b', '1&2'), header('skip', 'x', false), header('c', 'ü')] } });
    expect(echoed(form)).toMatchObject({ method: 'PATCH', body: 'a+b=1%262&c=%C3%BC', headers: { 'content-type': 'application/x-www-form-urlencoded' } });

    const gql = await run({ method: 'POST', url: `${server.url}/echo`, body: { kind: 'graphql', query: '{ me { id } }', variables: '{"x": 1}' } });
    expect(JSON.parse(echoed(gql).body)).toEqual({ query: '{ me { id } }', variables: { x: 1 } });

    const own = await run({ method: 'POST', url: `${server.url}/echo`, headers: [header('Content-Type', 'application/vnd.api+json')], body: { kind: 'json', text: '{}' } });
    expect(echoed(own).headers['content-type']).toBe('application/vnd.api+json');
  });

  it.each(['DELETE', 'OPTIONS', 'PURGE'])('sends the %s method', async (method) => {
    expect(echoed(await run({ method, url: `${server.url}/echo` })).method).toBe(method);
  });

  it('sends HEAD without reading a body', async () => {
    const result = await run({ method: 'HEAD', url: `${server.url}/echo` });
    expect(result.status).toBe(200);
    expect(result.bodySize).toBe(0);
  });

  it('resolves {{variables}} and :path variables, and names the missing ones', async () => {
    const result = await run({ url: '{{base}}/:kind/:id', pathVariables: [header('kind', 'echo'), header('id', 'a b')] });
    expect(echoed(result).url).toBe('/echo/a%20b');
    const missing = await failure(run({ url: '{{base}}/echo', headers: [header('Authorization', 'Bearer {{token}}'), header('X-{{other}}', 'y')] }));
    expect(missing.code).toBe('unresolved_variable');
    expect(missing.message).toContain('{{token}}');
    expect(missing.message).toContain('{{other}}');
  });

  it('redacts secret variables from everything shown: URL, headers, body preview', async () => {
    const result = await run({
      method: 'POST',
      url: '{{base}}/echo?key={{secretToken}}',
      headers: [header('X-Key', 'Token {{secretToken}}')],
      body: { kind: 'json', text: '{"k": "{{secretToken}}"}' },
    });
    const seen = echoed(result);
    // The server got the real value...
    expect(seen.headers['x-key']).toBe('Token s3cr3t value/+');
    expect(seen.body).toBe('{"k": "s3cr3t value/+"}');
    // ...the renderer gets no trace of it, in any encoding.
    const shown = JSON.stringify({ url: result.url, sent: result.sent, redirects: result.redirects });
    expect(shown).not.toContain('s3cr3t');
    expect(result.sent.headers).toContainEqual(['X-Key', 'Token [redacted]']);
    expect(result.sent.url).toContain('key=[redacted]');
    expect(result.sent.bodyPreview).toBe('{"k": "[redacted]"}');
  });

  it('previews what would be sent, engine headers included and credentials redacted, without sending', async () => {
    const before = server.seen.length;
    const sent = await executor.preview(
      spec({ method: 'POST', url: '{{base}}/echo', headers: [header('Authorization', 'Bearer typed'), header('X-Key', '{{secretToken}}')], body: { kind: 'json', text: '{}' } }),
    );
    expect(sent.headers).toEqual([
      ['Authorization', '[redacted]'],
      ['X-Key', '[redacted]'],
      ['Content-Type', 'application/json'],
      ['User-Agent', 'Latchkey/test'],
    ]);
    expect(sent.url).toBe(`${server.url}/echo`);
    expect(server.seen.length).toBe(before);
  });

  it('never evaluates what is inside the braces', async () => {
    const hostile = "{{''.constructor.constructor('return process')()}}";
    const result = await run({ url: `${server.url}/echo`, headers: [header('X-A', hostile)] });
    // Not even a variable name: the text is sent as it is.
    expect(echoed(result).headers['x-a']).toBe(hostile);
  });

  it('decodes gzip', async () => {
    const result = await run({ url: `${server.url}/gzip` });
    expect(result.body).toEqual({ kind: 'text', text: JSON.stringify({ compressed: true, items: [1, 2, 3] }) });
    expect(result.size).toBeLessThan(result.bodySize + 30);
  });

  it('stops a gzip bomb at the decoded-bytes cap and says so', async () => {
    const result = await run({ url: `${server.url}/bomb`, settings: { maxBodyBytes: 1024 * 1024 } });
    expect(result.bodySize).toBe(1024 * 1024);
    expect(statSync(await executor.bodyReady(result.bodyId)).size).toBe(1024 * 1024);
    expect(result.capped).toMatch(/cut at 1\.0 MB/);
    expect(result.size).toBeLessThan(1024 * 1024);
  });

  it('names a refused connection', async () => {
    const port = await closedPort();
    const error = await failure(run({ url: `http://127.0.0.1:${port}/` }));
    expect(error.code).toBe('connection_refused');
    expect(error.message).toContain(`127.0.0.1:${port}`);
  });

  it('sends nothing when a header carries CR/LF', async () => {
    const before = server.seen.length;
    const error = await failure(run({ url: `${server.url}/echo`, headers: [header('X-A', 'x\r\nX-B: y')] }));
    expect(error.code).toBe('invalid_header');
    expect(server.seen.length).toBe(before);
  });

  it('cancels a request in flight at once', async () => {
    const running = executor.execute({ requestId: 'silent-1', request: spec({ url: `${server.url}/silent` }) });
    await new Promise((r) => setTimeout(r, 200));
    const started = Date.now();
    expect(executor.cancel('silent-1')).toBe(true);
    const error = await failure(running);
    expect(error.code).toBe('cancelled');
    expect(Date.now() - started).toBeLessThan(2000);
    expect(executor.cancel('silent-1')).toBe(false);
  });

  it('cancelled mid-body, answers at once with what arrived', async () => {
    const running = executor.execute({ requestId: 'slow-1', request: spec({ url: `${server.url}/slow` }) });
    await new Promise((r) => setTimeout(r, 200));
    const started = Date.now();
    expect(executor.cancel('slow-1')).toBe(true);
    const result = await running;
    expect(Date.now() - started).toBeLessThan(2000);
    expect(result.incomplete).toEqual({ code: 'cancelled', message: 'The request was cancelled. The 7 B that arrived before are kept.' });
    expect(readFileSync(await executor.bodyReady(result.bodyId), 'utf8')).toBe('partial');
  });

  it('applies the first-byte, idle and overall timeouts, each named', async () => {
    const firstByte = await failure(run({ url: `${server.url}/silent`, settings: { firstByteTimeoutMs: 300 } }));
    expect(firstByte.code).toBe('timeout');
    expect(firstByte.message).toContain('sent no response in time');
    const idle = await run({ url: `${server.url}/slow`, settings: { idleTimeoutMs: 300 } });
    expect(idle.incomplete?.code).toBe('timeout');
    expect(idle.incomplete?.message).toContain('(the idle timeout)');
    const overall = await run({ url: `${server.url}/slow`, settings: { overallTimeoutMs: 300 } });
    expect(overall.incomplete?.code).toBe('timeout');
    expect(overall.incomplete?.message).toContain('overall timeout');
    const overallBeforeHeaders = await failure(run({ url: `${server.url}/silent`, settings: { overallTimeoutMs: 300 } }));
    expect(overallBeforeHeaders.message).toContain('overall timeout');
  });

  it('records connection phases on a new connection and marks a reused one', async () => {
    const other = await startEchoServer();
    try {
      const first = await run({ url: `${other.url}/echo` });
      expect(first.timing.reusedConnection).toBe(false);
      expect(first.timing.connectMs).toBeGreaterThan(0);
      // undici may open a second socket if the first is not released yet; after that it reuses.
      const later = [];
      for (let i = 0; i < 4; i++) later.push((await run({ url: `${other.url}/echo` })).timing);
      const reused = later.filter((t) => t.reusedConnection);
      expect(reused.length).toBeGreaterThan(0);
      for (const t of reused) expect(t.connectMs + t.dnsMs + t.tlsMs).toBe(0);
    } finally {
      await other.close();
    }
  });
});
