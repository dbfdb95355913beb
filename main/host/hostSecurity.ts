import { timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

/** The subprotocol the app's page asks for; the server selects it (never the token one). */
export const APP_PROTOCOL = 'latchkey';
/** The page sends the launch token as a second subprotocol: `latchkey.token.<token>`. */
export const TOKEN_PROTOCOL_PREFIX = 'latchkey.token.';

export type Verdict = { ok: true } | { ok: false; status: 401 | 403; reason: string };

function sameToken(given: string | undefined, token: string): boolean {
  if (!given) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(token);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** The subprotocols a WebSocket handshake offers (Sec-WebSocket-Protocol, comma-separated). */
export function offeredProtocols(req: IncomingMessage): string[] {
  const header = req.headers['sec-websocket-protocol'];
  return (Array.isArray(header) ? header.join(',') : (header ?? '')).split(',').map((p) => p.trim()).filter(Boolean);
}

/**
 * The gate for the app's static files, which hold nothing secret: Host must be exactly
 * 127.0.0.1:<port> (a DNS-rebinding page arrives with its own host name) and a present Origin
 * must be ours.
 */
export function checkPage(req: IncomingMessage, port: number): Verdict {
  const expectedHost = `127.0.0.1:${port}`;
  if (req.headers.host !== expectedHost) {
    return { ok: false, status: 403, reason: `Refused: Latchkey answers only to ${expectedHost}, not to "${req.headers.host ?? '(no Host header)'}".` };
  }
  const origin = req.headers.origin;
  if (origin !== undefined && origin !== `http://${expectedHost}`) {
    return { ok: false, status: 403, reason: `Refused: requests from ${origin} are not allowed.` };
  }
  return { ok: true };
}

/**
 * The gate for the WebSocket, the only way to main. Besides the page checks, the Origin must be
 * present and ours, and the per-launch token must come as a subprotocol. The token is never in a
 * cookie: browsers send cookies to every port of 127.0.0.1, so any other local server the
 * browser visits would receive it. The page has it from the URL fragment, which is never sent
 * to a server, and keeps it in its own origin's session storage.
 */
export function checkSocket(req: IncomingMessage, port: number, token: string): Verdict {
  const page = checkPage(req, port);
  if (!page.ok) return page;
  if (req.headers.origin === undefined) {
    return { ok: false, status: 403, reason: 'Refused: the Origin header is missing.' };
  }
  const offered = offeredProtocols(req);
  const given = offered.find((p) => p.startsWith(TOKEN_PROTOCOL_PREFIX))?.slice(TOKEN_PROTOCOL_PREFIX.length);
  if (given === undefined || !offered.includes(APP_PROTOCOL)) {
    return { ok: false, status: 401, reason: 'Latchkey needs its access token: open the full link that `npm start` or `npm run serve` printed.' };
  }
  if (!sameToken(given, token)) {
    return { ok: false, status: 403, reason: 'That access token is not valid for this Latchkey session. Open the link printed at start-up.' };
  }
  return { ok: true };
}
