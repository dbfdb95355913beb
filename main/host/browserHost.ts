import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';
import type { EventName, EventPayload } from '../../preload/contract';
import type { Dispatch, Sender } from '../ipc/dispatcher';
import { startCore, type StartedCore } from '../ipc/startCore';
import { openableUrl } from '../core/app/openableUrl';
import type { CorePorts } from '../core/createCore';
import { APP_PROTOCOL, checkPage, checkSocket } from './hostSecurity';
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

type ParsedMessage = { ok: true; id: number | string | null; channel: string; payload: unknown } | { ok: false; id: number | string | null; reason: string };

/** A frame from the page: `{ id, channel, payload }`, or a reason it is not one. */
export function parseMessage(text: string): ParsedMessage {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return { ok: false, id: null, reason: 'The message is not valid JSON.' };
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return { ok: false, id: null, reason: 'The message must be an object with id, channel and payload.' };
  }
  const { id, channel, payload } = value as Record<string, unknown>;
  const safeId = (typeof id === 'number' && Number.isFinite(id)) || (typeof id === 'string' && id.length <= 100) ? id : null;
  if (typeof channel !== 'string') return { ok: false, id: safeId, reason: 'The message has no channel.' };
  return { ok: true, id: safeId, channel, payload };
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
  const clients = new Set<WebSocket>();
  let port = 0;
  let dispatch: Dispatch = async () => ({ ok: false, error: { code: 'disconnected', message: 'Latchkey is still starting.' } });

  const server = createServer((req, res) => {
    void serve(req, res).catch((error: unknown) => {
      options.logger.error('host request failed', { error: String(error) });
      if (!res.headersSent) refuse(res, 500, 'Latchkey could not serve that.');
    });
  });
  // The page offers `latchkey` and `latchkey.token.<token>`; the answer names only `latchkey`.
  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_MESSAGE_BYTES, handleProtocols: (offered) => (offered.has(APP_PROTOCOL) ? APP_PROTOCOL : false) });

  async function serve(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (req.method !== 'GET' && req.method !== 'HEAD') return refuse(res, 405, 'Method not allowed.');
    // The app's files hold nothing secret; the token guards only the WebSocket.
    const verdict = checkPage(req, port);
    if (!verdict.ok) return refuse(res, verdict.status, verdict.reason);
    const url = new URL(req.url ?? '/', `http://127.0.0.1:${port}`);
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
    const verdict = checkSocket(req, port, token);
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
        // One bad frame gets an error answer; nothing a page sends can end the process.
        try {
          const message = parseMessage(raw.toString());
          if (!message.ok) {
            ws.send(JSON.stringify({ id: message.id, result: { ok: false, error: { code: 'invalid_request', message: message.reason } } }));
            return;
          }
          void dispatch(message.channel, message.payload, sender).then((result) => {
            if (ws.readyState === ws.OPEN) ws.send(JSON.stringify({ id: message.id, result }));
          });
        } catch (error) {
          options.logger.error('host message failed', { error: String(error) });
        }
      });
    });
  });

  function emit<E extends EventName>(event: E, payload: EventPayload<E>): void {
    const text = JSON.stringify({ event, payload });
    for (const ws of clients) if (ws.readyState === ws.OPEN) ws.send(text);
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  port = (server.address() as AddressInfo).port;
  // The app's origin is known only once the port is; until then calls are told it is starting.
  let started: StartedCore;
  try {
    started = startCore({ ...options, browser }, { serve: (ready) => (dispatch = ready), emit }, { kind: 'browser', platform: process.platform, appOrigin: `http://127.0.0.1:${port}` });
  } catch (error) {
    await new Promise<void>((resolve) => server.close(() => resolve()));
    throw error;
  }

  return {
    // In the fragment: never sent to a server, so never in a request log or a Referer.
    url: `http://127.0.0.1:${port}/#token=${token}`,
    port,
    token,
    async close() {
      for (const ws of clients) ws.terminate();
      wss.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await started.close();
    },
  };
}
