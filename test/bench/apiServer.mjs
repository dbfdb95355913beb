// A minimal JSON API for the pipeline benchmark, run in its own process (as a real API is):
// every request gets the same ~600-byte JSON answer with a Content-Length.
import { createServer } from 'node:http';

const body = Buffer.from(
  JSON.stringify({ id: 42, name: 'Latchkey', tags: ['a', 'b', 'c'], items: Array.from({ length: 12 }, (_, i) => ({ i, label: `item ${i}`, ok: i % 2 === 0 })) }),
);
const server = createServer((req, res) => {
  req.resume();
  req.on('end', () => {
    res.writeHead(200, { 'content-type': 'application/json', 'content-length': body.length });
    res.end(body);
  });
});
server.keepAliveTimeout = 60_000;
server.listen(0, '127.0.0.1', () => {
  const address = server.address();
  process.send?.({ url: `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}` });
});
process.on('disconnect', () => process.exit(0));
