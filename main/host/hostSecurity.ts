import { timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

export const tokenCookieName = (port: number) => `latchkey_token_${port}`;

export type Verdict = { ok: true } | { ok: false; status: 401 | 403; reason: string };

function sameToken(given: string | undefined, token: string): boolean {
  if (!given) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(token);
  return a.length === b.length && timingSafeEqual(a, b);
}

export function readCookie(req: IncomingMessage, name: string): string | undefined {
  const header = req.headers.cookie;
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return decodeURIComponent(part.slice(eq + 1).trim());
  }
  return undefined;
}

/**
 * The browser host's gate. Host must be exactly 127.0.0.1:<port> (a DNS-rebinding page
 * arrives with its own host name); a present Origin must be ours; the per-launch token must
 * come as the query parameter on first load or as the cookie set then.
 */
export function checkRequest(req: IncomingMessage, port: number, token: string, options: { requireOrigin: boolean; allowQueryToken: boolean }): Verdict {
  const expectedHost = `127.0.0.1:${port}`;
  if (req.headers.host !== expectedHost) {
    return { ok: false, status: 403, reason: `Refused: Latchkey answers only to ${expectedHost}, not to "${req.headers.host ?? '(no Host header)'}".` };
  }
  const origin = req.headers.origin;
  if (origin !== undefined && origin !== `http://${expectedHost}`) {
    return { ok: false, status: 403, reason: `Refused: requests from ${origin} are not allowed.` };
  }
  if (options.requireOrigin && origin === undefined) {
    return { ok: false, status: 403, reason: 'Refused: the Origin header is missing.' };
  }
  const queryToken = options.allowQueryToken ? new URL(req.url ?? '/', `http://${expectedHost}`).searchParams.get('token') ?? undefined : undefined;
  const given = queryToken ?? readCookie(req, tokenCookieName(port));
  if (given === undefined) {
    return { ok: false, status: 401, reason: 'Latchkey needs its access token: open the full URL that `npm run serve` printed.' };
  }
  if (!sameToken(given, token)) {
    return { ok: false, status: 403, reason: 'That access token is not valid for this Latchkey session. Open the URL printed at start-up.' };
  }
  return { ok: true };
}
