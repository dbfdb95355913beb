import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ExecuteRequest } from '../../../../preload/contract';
import { LatchkeyError } from '../../../../main/core/errors';
import { HttpExecutor } from '../../../../main/core/http/httpExecutor';
import { closedPort, startEchoServer, type EchoServer } from '../../../fixtures/echoServer';
import { memoryLogger, realClock } from '../../../fixtures/testPorts';

let server: EchoServer;
let executor: HttpExecutor;
let n = 0;

const req = (patch: Partial<ExecuteRequest>): ExecuteRequest => ({ requestId: `r${++n}`, method: 'GET', url: `${server.url}/echo`, headers: [], ...patch });

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
  executor = new HttpExecutor({ clock: realClock, logger: memoryLogger(), userAgent: 'Latchkey/test', previewCap: 1024 * 1024 });
});
afterAll(async () => {
  await executor.close();
  await server.close();
});

describe('HttpExecutor against a real server', () => {
  it('sends a GET and returns status, headers, body, size and timing', async () => {
    const result = await executor.execute(req({ url: `${server.url}/echo?q=1`, headers: [{ name: 'X-Test', value: 'hello', enabled: true }] }));
    expect(result.status).toBe(200);
    expect(result.statusText).toBe('OK');
    expect(result.headers).toContainEqual(['x-echo', 'yes']);
    expect(result.body.kind).toBe('text');
    const echoed = JSON.parse(result.body.kind === 'text' ? result.body.text : '{}') as { url: string; headers: Record<string, string> };
    expect(echoed.url).toBe('/echo?q=1');
    expect(echoed.headers['x-test']).toBe('hello');
    expect(echoed.headers['user-agent']).toBe('Latchkey/test');
    expect(result.size).toBeGreaterThan(0);
    expect(result.timing.totalMs).toBeGreaterThanOrEqual(result.timing.firstByteMs);
  });

  it('sends a POST body and reports a 4xx as a response, not an error', async () => {
    const posted = await executor.execute(req({ method: 'POST', body: '{"a":1}', headers: [{ name: 'Content-Type', value: 'application/json', enabled: true }] }));
    expect(JSON.parse(posted.body.kind === 'text' ? posted.body.text : '{}').body).toBe('{"a":1}');
    const missing = await executor.execute(req({ url: `${server.url}/status/404` }));
    expect(missing.status).toBe(404);
    expect(missing.statusText).toBe('Not Found');
  });

  it('decodes gzip', async () => {
    const result = await executor.execute(req({ url: `${server.url}/gzip` }));
    expect(result.body).toEqual({ kind: 'text', text: JSON.stringify({ compressed: true, items: [1, 2, 3] }) });
  });

  it('stops a gzip bomb at the decoded-bytes cap', async () => {
    const result = await executor.execute(req({ url: `${server.url}/bomb` }));
    expect(result.truncated).toBe(true);
    // 64 MiB of zeros: NUL bytes make it binary; only the cap's worth was decoded and kept.
    expect(result.body.kind).toBe('binary');
    expect(Buffer.from(result.body.kind === 'binary' ? result.body.base64 : '', 'base64').length).toBe(1024 * 1024);
  });

  it('keeps a binary body as bytes', async () => {
    const result = await executor.execute(req({ url: `${server.url}/binary` }));
    expect(result.body.kind).toBe('binary');
    const bytes = Buffer.from(result.body.kind === 'binary' ? result.body.base64 : '', 'base64');
    expect([...bytes]).toEqual(Array.from({ length: 256 }, (_, i) => i));
  });

  it('names a refused connection', async () => {
    const port = await closedPort();
    const error = await failure(executor.execute(req({ url: `http://127.0.0.1:${port}/` })));
    expect(error.code).toBe('connection_refused');
    expect(error.message).toContain(`127.0.0.1:${port}`);
  });

  it('sends nothing when a header carries CR/LF', async () => {
    const before = server.seen.length;
    const error = await failure(executor.execute(req({ headers: [{ name: 'X-A', value: 'x\r\nX-B: y', enabled: true }] })));
    expect(error.code).toBe('invalid_header');
    expect(server.seen.length).toBe(before);
  });

  it('cancels a request in flight at once', async () => {
    const running = executor.execute(req({ requestId: 'slow-1', url: `${server.url}/slow` }));
    await new Promise((r) => setTimeout(r, 200));
    const started = Date.now();
    expect(executor.cancel('slow-1')).toBe(true);
    const error = await failure(running);
    expect(error.code).toBe('cancelled');
    expect(Date.now() - started).toBeLessThan(2000);
    expect(executor.cancel('slow-1')).toBe(false);
  });
});
