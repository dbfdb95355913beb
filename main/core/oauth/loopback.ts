import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { LatchkeyError } from '../errors';

/** How long an attempt waits for the browser to come back (RFC 8252 leaves it to the app). */
export const DEFAULT_TIMEOUT_MS = 5 * 60_000;

/** The page the browser shows after the redirect: static, never echoing anything it was sent. */
const REPLY_PAGE = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Latchkey</title></head>
<body>
<h1>You can close this tab and return to Latchkey.</h1>
</body></html>`;

const REPLY_HEADERS = {
  'content-type': 'text/html; charset=utf-8',
  // The callback page needs nothing, so it may load nothing (docs/architecture.md, Security).
  'content-security-policy': "default-src 'none'",
  'referrer-policy': 'no-referrer',
  'cache-control': 'no-store',
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  connection: 'close',
};

export interface LoopbackAttempt {
  /** `http://127.0.0.1:<port><path>`: the redirect URI of this attempt. */
  redirectUri: string;
  /** The full callback URL the browser came back with (state already checked). */
  result: Promise<URL>;
  /** Ends the attempt: the port closes and `result` rejects as cancelled. */
  cancel(): void;
}

/**
 * A loopback redirect receiver (RFC 8252 §7.3): bound to 127.0.0.1 on an ephemeral port, alive
 * only during one attempt. A request with the wrong Host, path or state gets 400 and the attempt
 * waits on; the first one with the right state ends it, and the port closes on success, cancel,
 * error or timeout.
 */
export async function startLoopback(options: { path: string; state: string; timeoutMs?: number }): Promise<LoopbackAttempt> {
  const path = options.path.startsWith('/') ? options.path : `/${options.path}`;
  let settle: { resolve(url: URL): void; reject(error: Error): void } | null = null;
  const result = new Promise<URL>((resolve, reject) => (settle = { resolve, reject }));
  // Nobody may be listening when an attempt is cancelled early; the rejection is still seen by whoever awaits.
  result.catch(() => undefined);
  let port = 0;
  let done = false;

  const reply = (res: ServerResponse, status: number, text?: string) => {
    if (text === undefined) {
      res.writeHead(status, REPLY_HEADERS);
      res.end(REPLY_PAGE);
    } else {
      res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store', 'referrer-policy': 'no-referrer', 'content-security-policy': "default-src 'none'" });
      res.end(text);
    }
  };

  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    if (done) return reply(res, 410, 'This sign-in has already finished. Return to Latchkey.');
    if (req.headers.host !== `127.0.0.1:${port}`) return reply(res, 400, 'Unexpected host.');
    const url = new URL(req.url ?? '/', `http://127.0.0.1:${port}`);
    if (req.method !== 'GET' || url.pathname !== path) return reply(res, 404, 'Not found.');
    if (url.searchParams.get('state') !== options.state) return reply(res, 400, 'This response does not belong to the sign-in Latchkey started. Return to Latchkey and try again.');
    done = true;
    // The same static page whether the provider sent a code or an error: the app shows the details.
    res.on('finish', finish);
    reply(res, 200);
    settle!.resolve(url);
  });
  server.on('connection', (socket) => socket.unref());

  const timer = setTimeout(() => {
    if (done) return;
    done = true;
    finish();
    settle!.reject(new LatchkeyError('timeout', `Nothing came back from the browser within ${Math.round((options.timeoutMs ?? DEFAULT_TIMEOUT_MS) / 60_000) || 1} minutes; the sign-in was stopped. Connect again to retry.`));
  }, options.timeoutMs ?? DEFAULT_TIMEOUT_MS);
  timer.unref();

  function finish() {
    clearTimeout(timer);
    server.close();
    server.closeAllConnections();
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  port = (server.address() as AddressInfo).port;
  return {
    redirectUri: `http://127.0.0.1:${port}${path}`,
    result,
    cancel() {
      if (done) return;
      done = true;
      finish();
      settle!.reject(new LatchkeyError('cancelled', 'The sign-in was cancelled.'));
    },
  };
}
