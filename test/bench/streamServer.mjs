// The streaming benchmark's server, in its own process (as a real one is): about 100 MB of JSON
// records sent the ways real servers send them. Routes:
//   /cl                     Content-Length, one write
//   /chunked?write=B        chunked, in B-byte writes
//   /gzip?write=B           gzip, chunked in B-byte writes of the compressed bytes
//   /paced                  64 KB every 50 ms for 5 s (for the time to first rows)
//   /sse?count=N&interval=MS  server-sent events carrying the time each was written
// Producers yield to the event loop every 64 KB (a database cursor, a template) and wait for
// drain when the socket is full. The parent is told when the first 64 KB of a response were
// written ({ firstChunkAt }).
import { createServer } from 'node:http';
import { gzipSync } from 'node:zlib';

const MB = Number(process.env.STREAM_MB ?? 100);
const records = [];
let size = 2;
for (let i = 0; size < MB * 1024 * 1024; i++) {
  const record = JSON.stringify({ id: i, name: `record ${i}`, email: `user${i}@example.com`, active: i % 3 === 0, score: i * 1.5, tags: ['alpha', 'beta'], address: { city: 'Utrecht', zip: `${1000 + (i % 9000)}` } });
  records.push(record);
  size += record.length + 1;
}
records.push(JSON.stringify({ id: -1, name: 'needle-at-the-end' }));
const body = Buffer.from(`[${records.join(',')}]`);
records.length = 0;
const gzipped = gzipSync(body, { level: 6 });

function writeInPieces(res, bytes, piece) {
  let at = 0;
  let sinceYield = 0;
  let told = false;
  const pump = () => {
    while (at < bytes.length) {
      if (res.destroyed) return;
      const part = bytes.subarray(at, at + piece);
      at += part.length;
      const ok = res.write(part);
      if (!told && at >= 64 * 1024) {
        told = true;
        process.send?.({ firstChunkAt: Date.now() });
      }
      if (!ok) return void res.once('drain', pump);
      sinceYield += part.length;
      if (sinceYield >= 64 * 1024) {
        sinceYield = 0;
        return void setImmediate(pump);
      }
    }
    res.end();
  };
  pump();
}

const server = createServer((req, res) => {
  req.resume();
  const url = new URL(req.url ?? '/', 'http://x');
  const write = Math.max(1, Number(url.searchParams.get('write')) || 100);
  if (url.pathname === '/cl') {
    res.writeHead(200, { 'content-type': 'application/json', 'content-length': body.length });
    res.end(body);
  } else if (url.pathname === '/chunked') {
    res.writeHead(200, { 'content-type': 'application/json' });
    writeInPieces(res, body, write);
  } else if (url.pathname === '/gzip') {
    res.writeHead(200, { 'content-type': 'application/json', 'content-encoding': 'gzip' });
    writeInPieces(res, gzipped, write);
  } else if (url.pathname === '/paced') {
    res.writeHead(200, { 'content-type': 'application/json' });
    let at = 0;
    const tick = () => {
      if (res.destroyed) return;
      if (at >= 100 * 64 * 1024) return void res.end();
      res.write(body.subarray(at, at + 64 * 1024));
      if (at === 0) process.send?.({ firstChunkAt: Date.now() });
      at += 64 * 1024;
      setTimeout(tick, 50);
    };
    tick();
  } else if (url.pathname === '/sse') {
    const count = Number(url.searchParams.get('count') ?? 20);
    const interval = Number(url.searchParams.get('interval') ?? 200);
    res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
    res.flushHeaders();
    let n = 0;
    const tick = () => {
      if (res.destroyed) return;
      if (n >= count) return void res.end();
      res.write(`event: tick\ndata: ${JSON.stringify({ n, writtenAt: Date.now() })}\n\n`);
      n++;
      setTimeout(tick, interval);
    };
    setTimeout(tick, interval);
  } else {
    res.writeHead(404);
    res.end();
  }
});
server.keepAliveTimeout = 60_000;
server.listen(0, '127.0.0.1', () => {
  const address = server.address();
  process.send?.({ url: `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`, bytes: body.length, gzipped: gzipped.length });
});
process.on('disconnect', () => process.exit(0));
