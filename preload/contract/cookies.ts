import { z } from 'zod';
import type { Namespace } from './result';

export const SameSite = z.enum(['strict', 'lax', 'none']);

/** Which cookie: RFC 6265 keys a cookie by its domain, path and name. */
export const CookieKey = z.object({
  domain: z.string().min(1).max(253),
  path: z.string().min(1).max(1024),
  name: z.string().min(1).max(256),
});
export type CookieKey = z.infer<typeof CookieKey>;

/** A cookie in the jar, as the Cookies manager shows and edits it. */
export const StoredCookie = CookieKey.extend({
  value: z.string().max(8192),
  /** When it expires (ms since the epoch); null for a session cookie (kept until the jar is cleared). */
  expires: z.number().nullable(),
  /** Sent only to the host that set it (no Domain attribute), not to its subdomains. */
  hostOnly: z.boolean(),
  secure: z.boolean(),
  httpOnly: z.boolean(),
  sameSite: SameSite.nullable(),
  /** When it was first stored (ms since the epoch). */
  created: z.number(),
});
export type StoredCookie = z.infer<typeof StoredCookie>;

/** What a response's Set-Cookie headers did to the jar: stored, removed (expired), or refused and why. */
export const ResponseCookie = z.object({
  name: z.string(),
  /** As sent by the server; "[redacted]" once the response is read back from History. */
  value: z.string(),
  domain: z.string(),
  path: z.string(),
  expires: z.number().nullable(),
  secure: z.boolean(),
  httpOnly: z.boolean(),
  sameSite: SameSite.nullable(),
  /** The URL of the hop that set it (a redirect's cookie is set by the hop before it). */
  url: z.string(),
  outcome: z.enum(['stored', 'removed', 'refused', 'not stored']),
  /** Why it was refused or not stored, in plain words. */
  reason: z.string().optional(),
});
export type ResponseCookie = z.infer<typeof ResponseCookie>;

export const cookies = {
  /**
   * Every cookie in the jar, and whether the jar is kept across launches (it is encrypted with
   * a key held in the keychain; without a keychain it lives for this session only).
   */
  'cookies:list': { req: z.void(), res: z.object({ cookies: z.array(StoredCookie), kept: z.boolean(), message: z.string().nullable() }) },
  /**
   * Stores cookies as given (a new one, an edit, an Undo); `replacing` is the cookie an edit
   * started from, removed first when its domain, path or name changed.
   */
  'cookies:put': {
    req: z.object({ cookies: z.array(StoredCookie.omit({ created: true }).extend({ created: z.number().optional() })).max(3000), replacing: CookieKey.nullable() }),
    res: z.object({ count: z.number().int() }),
  },
  /** Removes the cookies named; returns how many there were. */
  'cookies:delete': { req: z.object({ keys: z.array(CookieKey).max(3000) }), res: z.object({ removed: z.number().int() }) },
  /** Removes every cookie of a domain (and of its subdomains), or of every domain when it is null. */
  'cookies:clear': { req: z.object({ domain: z.string().max(253).nullable() }), res: z.object({ removed: z.number().int() }) },
} satisfies Namespace;

export const cookieEvents = {
  /** The jar changed (a response set or removed cookies, or the manager edited it): lists should be read again. */
  'cookies:changed': z.object({ count: z.number().int() }),
};
