import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';
import type { EventName, EventPayload } from '../../preload/contract';
import { createDispatcher, type Dispatch, type Sender } from '../ipc/dispatcher';
import { createHandlers } from '../ipc/handlers';
import { openableUrl } from '../core/app/openableUrl';
import { createCore, type CorePorts } from '../core/createCore';
import { checkRequest, tokenCookieName } from './hostSecurity';
import { readStatic } from './staticFiles';

export interface BrowserHostOptions extends CorePorts {
  port: number;
  rendererDir: string;
  /** Fixed token for tests; a random one per launch otherwise. */
  token?: string;
}

export interface BrowserHost {
  url: string;
  port: number;
  token: string;
  close(): Promise<void>;
}

const MAX_MESSAGE_BYTES = 64 * 1024 * 1024;

function cspFor(port: number): string {
  return [
    "default-src 'none'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data: blob:",
    "font-src 'self'",
    `connect-src ws://127.0.0.1:${port}`,
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ].join('; ');
}

function refuse(res: ServerResponse, status: number, message: string): void {
  res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store' });
  res.end(`${message}\n`);
}

/**
 * Latchkey in a browser tab: the same core and handlers as the Electron app, the contract
 * over a WebSocket, bound to 127.0.0.1 only and gated by a per-launch token.
 */
export async function startBrowserHost(options: BrowserHostOptions): Promise<BrowserHost> {
  const token = options.token ?? randomBytes(24).toString('base64url');
  // In the browser host the user's browser is the system browser: a page that is open gets the
  // URL to open in a new tab; with no page open, the system's own opener is used.
  const browser = {
    async open(url: string) {
      const safe = openableUrl(url);
      if ([...clients].some((ws) => ws.readyState === ws.OPEN)) emit('app:openExternal', { url: safe });
      else await options.browser.open(safe);
    },
  };
  const core = createCore({ ...options, browser });
  const handlers = createHandlers(core, { kind: 'browser', platform: process.platform });
  const clients = new Set<WebSocket>();
  let port = 0;
  let dispatch: Dispatch = async () => ({ ok: false, error: { code: 'disconnected', message: 'Latchkey is still starting.' } });

  const server = createServer((req, res) => {
    void serve(req, res).catch((error: unknown) => {
      options.logger.error('host request failed', { error: String(error) });
      if (!res.headersSent) refuse(res, 500, 'Latchkey could not serve that.');
    });
  });
  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_MESSAGE_BYTES });

  async function serve(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (req.method !== 'GET' && req.method !== 'HEAD') return refuse(res, 405, 'Method not allowed.');
    const verdict = checkRequest(req, port, token, { requireOrigin: false, allowQueryToken: true });
    if (!verdict.ok) return refuse(res, verdict.status, verdict.reason);
    const url = new URL(req.url ?? '/', `http://127.0.0.1:${port}`);
    if (url.searchParams.has('token')) {
      // Move the token from the address bar into an HttpOnly cookie, then drop it from the URL.
      res.writeHead(303, {
        location: '/',
        'set-cookie': `${tokenCookieName(port)}=${encodeURIComponent(token)}; HttpOnly; SameSite=Strict; Path=/`,
        'cache-control': 'no-store',
        'referrer-policy': 'no-referrer',
      });
      return void res.end();
    }
    const file = await readStatic(options.rendererDir, url.pathname);
    if (!file) return refuse(res, 404, 'Not found.');
    res.writeHead(200, {
      'content-type': file.type,
      'content-security-policy': cspFor(port),
      'x-content-type-options': 'nosniff',
      'referrer-policy': 'no-referrer',
      'cross-origin-opener-policy': 'same-origin',
      'cache-control': 'no-store',
    });
    res.end(req.method === 'HEAD' ? undefined : file.body);
  }

  server.on('upgrade', (req, socket, head) => {
    const verdict = checkRequest(req, port, token, { requireOrigin: true, allowQueryToken: false });
    const path = new URL(req.url ?? '/', 'http://127.0.0.1').pathname;
    if (!verdict.ok || path !== '/ws') {
      const status = verdict.ok ? 404 : verdict.status;
      const reason = verdict.ok ? 'Not found.' : verdict.reason;
      socket.end(`HTTP/1.1 ${status} ${status === 401 ? 'Unauthorized' : status === 403 ? 'Forbidden' : 'Not Found'}\r\ncontent-type: text/plain\r\nconnection: close\r\n\r\n${reason}\n`);
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => {
      const sender: Sender = { origin: req.headers.origin ?? null, isMainFrame: true };
      clients.add(ws);
      ws.on('close', () => clients.delete(ws));
      ws.on('message', (raw) => {
        let message: { id?: unknown; channel?: unknown; payload?: unknown };
        try {
          message = JSON.parse(raw.toString()) as typeof message;
        } catch {
          ws.send(JSON.stringify({ id: null, result: { ok: false, error: { code: 'invalid_request', message: 'The message is not valid JSON.' } } }));
          return;
        }
        const id = typeof message.id === 'number' || typeof message.id === 'string' ? message.id : null;
        const channel = typeof message.channel === 'string' ? message.channel : '';
        void dispatch(channel, message.payload, sender).then((result) => {
          if (ws.readyState === ws.OPEN) ws.send(JSON.stringify({ id, result }));
        });
      });
    });
  });

  function emit<E extends EventName>(event: E, payload: EventPayload<E>): void {
    const text = JSON.stringify({ event, payload });
    for (const ws of clients) if (ws.readyState === ws.OPEN) ws.send(text);
  }
  const unsubscribe = core.notices.subscribe((notice) => emit('app:notice', notice));

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  port = (server.address() as AddressInfo).port;
  // The app's origin is known only once the port is.
  dispatch = createDispatcher(handlers, { appOrigin: `http://127.0.0.1:${port}`, logger: options.logger });

  return {
    url: `http://127.0.0.1:${port}/?token=${token}`,
    port,
    token,
    async close() {
      unsubscribe();
      for (const ws of clients) ws.terminate();
      wss.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await core.close();
    },
  };
}
