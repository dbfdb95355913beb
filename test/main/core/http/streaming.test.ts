import { createHash } from 'node:crypto';
import { createReadStream, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ExecuteResult, RequestSpec } from '../../../../preload/contract';
import { BodyViews } from '../../../../main/core/body/bodyViews';
import { HttpExecutor, type LiveMessage } from '../../../../main/core/http/httpExecutor';
import { largeJson, startEchoServer, type EchoServer } from '../../../fixtures/echoServer';
import { spec } from '../../../fixtures/requests';
import { memoryLogger, realClock } from '../../../fixtures/testPorts';

// Every body here comes from a real HTTP server on 127.0.0.1, framed the way real servers and
// proxies frame them; what is stored is compared byte for byte (sha256) with what was sent.

let server: EchoServer;
let executor: HttpExecutor;
let views: BodyViews;
let dir: string;
let n = 0;
const live: LiveMessage[] = [];

const run = (patch: Partial<RequestSpec> & { url: string }, requestId = `s${++n}`) => executor.execute({ requestId, request: spec(patch) });
const sha = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');
async function fileSha(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}
const messages = <E extends LiveMessage['event']>(event: E, requestId: string) =>
  live.filter((m): m is Extract<LiveMessage, { event: E }> => m.event === event && m.payload.requestId === requestId);

beforeAll(async () => {
  server = await startEchoServer();
  dir = mkdtempSync(join(tmpdir(), 'latchkey-stream-'));
  executor = new HttpExecutor({
    clock: realClock,
    logger: memoryLogger(),
    userAgent: 'Latchkey/test',
    bodiesDir: join(dir, 'bodies'),
    variables: () => ({ lookup: () => undefined, secrets: [] }) as never,
  });
  executor.onLive((message) => live.push(message));
  views = new BodyViews((bodyId) => executor.bodyReady(bodyId), memoryLogger(), undefined, (bodyId) => executor.growingBody(bodyId));
});
afterAll(async () => {
  await executor.close();
  await server.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('a body costs its bytes, however it is framed', () => {
  const expected = () => largeJson(8);
  const framings: [string, string][] = [
    ['Content-Length in one write', '/large?mb=8'],
    ['chunked in 64 KB writes', '/stream?mb=8&write=65536'],
    ['chunked in 4 KB writes', '/stream?mb=8&write=4096'],
    ['chunked in 100-byte writes', '/stream?mb=8&write=100'],
    ['gzip, chunked in 100-byte writes', '/stream?mb=8&write=100&encoding=gzip'],
    ['deflate, chunked in 4 KB writes', '/stream?mb=8&write=4096&encoding=deflate'],
    ['br, chunked in 1 KB writes', '/stream?mb=8&write=1024&encoding=br'],
  ];
  for (const [name, path] of framings) {
    it(`stores exactly what was sent: ${name}`, async () => {
      const result = await run({ url: `${server.url}${path}` });
      expect(result.status).toBe(200);
      expect(result.incomplete).toBeNull();
      expect(result.capped).toBeNull();
      expect(result.bodySize).toBe(expected().length);
      expect(result.sha256).toBe(sha(expected()));
      expect(await fileSha(await executor.bodyReady(result.bodyId))).toBe(sha(expected()));
      if (path.includes('encoding')) expect(result.size).toBeLessThan(result.bodySize / 3);
    });
  }

  it('keeps the connection alive between chunked bodies', async () => {
    const first = await run({ url: `${server.url}/stream?mb=1&write=100` });
    const second = await run({ url: `${server.url}/stream?mb=1&write=100` });
    expect(first.sha256).toBe(sha(largeJson(1)));
    expect(second.sha256).toBe(sha(largeJson(1)));
    expect(second.timing.reusedConnection).toBe(true);
  });

  it('keeps memory bounded for 50 MB in 100-byte chunks', async () => {
    largeJson(50);
    const used = () => process.memoryUsage().heapUsed + process.memoryUsage().arrayBuffers;
    const baseline = used();
    let peak = baseline;
    const sampler = setInterval(() => (peak = Math.max(peak, used())), 10);
    const result = await run({ url: `${server.url}/stream?mb=50&write=100` });
    clearInterval(sampler);
    peak = Math.max(peak, used());
    expect(result.sha256).toBe(sha(largeJson(50)));
    // The server's side of the socket lives in this process too; the engine's own share is a few blocks.
    expect((peak - baseline) / (1024 * 1024)).toBeLessThan(64);
  }, 60_000);
});

describe('compression bombs', () => {
  it('stops 1 MB of gzip that would decode to 1 GiB soon after 64 MB, says why, and keeps what was decoded', async () => {
    const bytes = (await import('../../../fixtures/echoServer')).bigBomb();
    await bytes;
    const started = Date.now();
    const result = await run({ url: `${server.url}/bigbomb` });
    const elapsed = Date.now() - started;
    expect(result.capped).toMatch(/expanded [\d,]+×/);
    expect(result.capped).toContain('Compressed bodies');
    expect(result.capped).toContain('64.0 MB and 100×');
    expect(result.bodySize).toBeGreaterThan(64 * 1024 * 1024);
    expect(result.bodySize).toBeLessThan(80 * 1024 * 1024);
    expect(readFileSync(await executor.bodyReady(result.bodyId)).length).toBe(result.bodySize);
    // Well within the 2 s the bar allows (it takes a few hundred milliseconds here).
    expect(elapsed).toBeLessThan(2000);
  }, 30_000);

  it('lets a legitimately compressible body through: JSON compresses far less than 100×', async () => {
    const result = await run({ url: `${server.url}/stream?mb=8&write=65536&encoding=gzip`, settings: { decodeStopBytes: 1024 * 1024 } });
    expect(result.capped).toBeNull();
    expect(result.sha256).toBe(sha(largeJson(8)));
  });

  it('uses the limits from the settings', async () => {
    const result = await run({ url: `${server.url}/bigbomb`, settings: { decodeStopBytes: 2 * 1024 * 1024, decodeStopRatio: 10 } });
    expect(result.capped).toContain('2.0 MB and 10×');
    expect(result.bodySize).toBeLessThan(8 * 1024 * 1024);
  });
});

describe('slow and stalled servers', () => {
  it('names the first-byte timeout when no response starts', async () => {
    const error = await run({ url: `${server.url}/silent`, settings: { firstByteTimeoutMs: 300 } }).then(
      () => null,
      (e: unknown) => e as { code: string; message: string },
    );
    expect(error?.code).toBe('timeout');
    expect(error?.message).toContain('sent no response in time');
  });

  it('names the idle timeout for a body that stops mid-way, and keeps what arrived', async () => {
    const result = await run({ url: `${server.url}/slow`, settings: { idleTimeoutMs: 300 } });
    expect(result.status).toBe(200);
    expect(result.incomplete?.code).toBe('timeout');
    expect(result.incomplete?.message).toContain('idle timeout');
    expect(result.incomplete?.message).toContain('that arrived before are kept');
    expect(readFileSync(await executor.bodyReady(result.bodyId), 'utf8')).toBe('partial');
  });

  it('names the overall timeout for a server sending one byte a second, and keeps those bytes', async () => {
    const result = await run({ url: `${server.url}/trickle?bytes=100&interval=1000`, settings: { overallTimeoutMs: 2500 } });
    expect(result.incomplete?.code).toBe('timeout');
    expect(result.incomplete?.message).toContain('overall timeout');
    const kept = readFileSync(await executor.bodyReady(result.bodyId), 'utf8');
    expect(kept.length).toBeGreaterThanOrEqual(2);
    expect('abcdefghijklmnopqrstuvwxyz'.startsWith(kept)).toBe(true);
    expect(result.bodySize).toBe(kept.length);
  });

  it('keeps what arrived when the server drops the connection mid-body', async () => {
    const dropper: Server = createServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/plain', 'content-length': '1000000' });
      res.write('x'.repeat(300_000), () => setTimeout(() => res.socket?.destroy(), 50));
    });
    await new Promise<void>((resolve) => dropper.listen(0, '127.0.0.1', resolve));
    try {
      const result = await run({ url: `http://127.0.0.1:${(dropper.address() as AddressInfo).port}/` });
      expect(result.incomplete?.code).toBe('connection_reset');
      expect(result.bodySize).toBe(300_000);
      expect(readFileSync(await executor.bodyReady(result.bodyId)).length).toBe(300_000);
    } finally {
      dropper.close();
    }
  });

  it('Cancel mid-body returns what arrived, marked as cancelled', async () => {
    const pending = run({ url: `${server.url}/trickle?bytes=100&interval=100` }, 'cancel-mid-body');
    await new Promise((resolve) => setTimeout(resolve, 450));
    expect(executor.cancel('cancel-mid-body')).toBe(true);
    const result = await pending;
    expect(result.incomplete?.code).toBe('cancelled');
    expect(result.bodySize).toBeGreaterThanOrEqual(3);
    expect(readFileSync(await executor.bodyReady(result.bodyId), 'utf8')).toBe('abcdefghijklmnopqrstuvwxyz'.slice(0, result.bodySize));
  });
});

describe('bodies shown as they arrive', () => {
  it('announces a slow body with its headers, reports progress, and lets a viewer index it while it grows', async () => {
    const requestId = 'live-1';
    const pending = run({ url: `${server.url}/trickle?bytes=30&interval=40` }, requestId);
    await waitFor(() => messages('http:started', requestId).length > 0);
    const started = messages('http:started', requestId)[0]!.payload;
    expect(started.status).toBe(200);
    expect(started.headers).toContainEqual(['content-type', 'text/plain']);
    const early = await views.open(started.bodyId, 'text/plain');
    expect(early.receiving).toBe(true);
    await waitFor(async () => (await views.search(started.bodyId, 'raw', 'c', false)).count > 0);
    const result = await pending;
    expect(result.bodyId).toBe(started.bodyId);
    await waitFor(async () => (await views.open(started.bodyId, 'text/plain')).done);
    const final = await views.open(started.bodyId, 'text/plain');
    expect(final.receiving).toBe(false);
    expect(final.bytes).toBe(30);
    expect((await views.rows(started.bodyId, 'raw', 0, 10)).rows).toEqual(['abcdefghijklmnopqrstuvwxyzabcd']);
    const progress = messages('http:progress', requestId);
    expect(progress.length).toBeGreaterThan(2);
    expect(progress.at(-1)!.payload.received).toBeGreaterThan(progress[0]!.payload.received);
    expect(progress.at(-1)!.payload.elapsedMs).toBeGreaterThan(500);
  });

  it('shows the rows of a chunked JSON body before it completes', async () => {
    const requestId = 'live-json';
    const pending = run({ url: `${server.url}/stream?mb=30&write=100` }, requestId);
    await waitFor(() => messages('http:started', requestId).length > 0);
    const { bodyId } = messages('http:started', requestId)[0]!.payload;
    await views.open(bodyId, 'application/json');
    let sawRowsEarly = false;
    await waitFor(async () => {
      const status = await views.open(bodyId, 'application/json');
      if (status.receiving && status.rows.pretty > 10) sawRowsEarly = true;
      return sawRowsEarly || status.done;
    });
    expect(sawRowsEarly).toBe(true);
    const { rows } = await views.rows(bodyId, 'pretty', 0, 4);
    expect(rows[0]).toBe('[');
    const result: ExecuteResult = await pending;
    expect(result.sha256).toBe(sha(largeJson(30)));
    await waitFor(async () => (await views.open(bodyId, 'application/json')).done);
    expect((await views.search(bodyId, 'pretty', 'needle-at-the-end', false)).count).toBe(1);
  }, 60_000);
});

describe('live streams', () => {
  it('parses server-sent events as they arrive, sends them in batches, and keeps them with their times', async () => {
    const requestId = 'sse-1';
    const result = await run({ url: `${server.url}/sse?count=6&interval=60` }, requestId);
    expect(result.stream).toBe('events');
    expect(result.events).toBe(6);
    const pushed = messages('http:events', requestId).flatMap((m) => m.payload.events);
    expect(pushed.map((e) => e.index)).toEqual([0, 1, 2, 3, 4, 5]);
    expect(pushed.map((e) => e.event)).toEqual(['tick', 'tock', 'tick', 'tock', 'tick', 'tock']);
    expect(pushed[5]!.id).toBe('5');
    expect(JSON.parse(pushed[2]!.data).text).toBe('event number 2');
    // More than one batch: they were sent as they came, not at the end.
    expect(messages('http:events', requestId).length).toBeGreaterThan(2);
    expect(pushed[5]!.atMs!).toBeGreaterThan(pushed[0]!.atMs! + 200);
    const stored = await views.events(result.bodyId, 0, 100);
    expect(stored.total).toBe(6);
    expect(stored.events.map((e) => e.data)).toEqual(pushed.map((e) => e.data));
    expect(stored.events.map((e) => e.atMs)).toEqual(pushed.map((e) => e.atMs));
    expect((await views.events(result.bodyId, 4, 100)).events.map((e) => e.index)).toEqual([4, 5]);
  });

  it('an event stream is not ended by the overall timeout, but by its idle timeout', async () => {
    const long = await run({ url: `${server.url}/sse?count=8&interval=100`, settings: { overallTimeoutMs: 300 } });
    expect(long.incomplete).toBeNull();
    expect(long.events).toBe(8);
    const idle = await run({ url: `${server.url}/sse?count=3&interval=1000`, settings: { streamIdleTimeoutMs: 300 } });
    expect(idle.incomplete?.message).toContain('idle timeout');
    expect(idle.events).toBe(1);
  });

  it('marks JSON lines as a stream of rows', async () => {
    const result = await run({ url: `${server.url}/ndjson?count=4&interval=30` });
    expect(result.stream).toBe('lines');
    const body = readFileSync(await executor.bodyReady(result.bodyId), 'utf8').trim().split('\n');
    expect(body.map((line) => (JSON.parse(line) as { n: number }).n)).toEqual([0, 1, 2, 3]);
  });
});

async function waitFor(check: () => boolean | Promise<boolean>, timeoutMs = 20_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > until) throw new Error('timed out waiting');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
