import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { Cookie, CookieJar, MemoryCookieStore, type SerializedCookieJar } from 'tough-cookie';
import { z } from 'zod';
import type { CookieKey, ResponseCookie, StoredCookie } from '../../../preload/contract';
import type { Logger } from '../../ports';
import { LatchkeyError } from '../errors';
import type { DocumentDeps, DocumentSpec, StoredDocument } from '../persistence/storedDocument';
import type { SecretService } from '../secrets/secretService';

/** The keychain entry holding the key the jar is encrypted with. */
export const COOKIE_KEY_ID = 'latchkey-cookie-jar-key';
/** As browsers do: at most this many cookies, and this many for one domain (the least recently used go first). */
export const MAX_COOKIES = 3000;
export const MAX_PER_DOMAIN = 180;
const SAVE_DELAY_MS = 250;

/**
 * The jar on disk: AES-256-GCM over the serialized jar, with a key kept in the keychain. The
 * file says nothing about the cookies in it, not even their domains.
 */
export const CookieFile = z.object({
  sealed: z.object({ iv: z.string().max(64), tag: z.string().max(64), data: z.string().max(64 * 1024 * 1024) }).nullable(),
});
export type CookieFile = z.infer<typeof CookieFile>;

export const cookiesSpec: DocumentSpec<CookieFile> = {
  name: 'cookies',
  title: 'Your cookies',
  version: 1,
  schema: CookieFile,
  empty: () => ({ sealed: null }),
  migrations: [],
};

function seal(key: Buffer, text: string): NonNullable<CookieFile['sealed']> {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  const data = Buffer.concat([cipher.update(text, 'utf8'), cipher.final()]);
  return { iv: iv.toString('base64'), tag: cipher.getAuthTag().toString('base64'), data: data.toString('base64') };
}

function unseal(key: Buffer, sealed: NonNullable<CookieFile['sealed']>): string {
  const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(sealed.iv, 'base64'));
  decipher.setAuthTag(Buffer.from(sealed.tag, 'base64'));
  return Buffer.concat([decipher.update(Buffer.from(sealed.data, 'base64')), decipher.final()]).toString('utf8');
}

function time(value: Date | 'Infinity' | null | undefined): number | null {
  return value instanceof Date && Number.isFinite(value.getTime()) ? value.getTime() : null;
}

function sameSiteOf(cookie: Cookie): StoredCookie['sameSite'] {
  const value = cookie.sameSite?.toLowerCase();
  return value === 'strict' || value === 'lax' || value === 'none' ? value : null;
}

function toStored(cookie: Cookie): StoredCookie {
  const expires = cookie.expiryTime();
  return {
    domain: cookie.domain ?? '',
    path: cookie.path ?? '/',
    name: cookie.key,
    value: cookie.value,
    expires: expires === undefined || !Number.isFinite(expires) ? null : expires,
    hostOnly: cookie.hostOnly === true,
    secure: cookie.secure,
    httpOnly: cookie.httpOnly,
    sameSite: sameSiteOf(cookie),
    created: time(cookie.creation) ?? 0,
  };
}

/** tough-cookie's refusals, in the words the Cookies tab uses. */
function refusal(error: unknown, url: URL): string {
  const message = error instanceof Error ? error.message : String(error);
  if (/not in this host's domain/i.test(message)) return `Its Domain is not ${url.hostname} or a domain above it.`;
  if (/public suffix/i.test(message)) return 'Its Domain is a public suffix (like com or co.uk), which would send it to every site under it.';
  if (/secure/i.test(message)) return 'It is Secure (or named __Secure- / __Host-) but was set over plain http.';
  if (/HttpOnly/i.test(message)) return 'It is HttpOnly and was not set by HTTP.';
  if (/prefix/i.test(message)) return `Its name's prefix asks for rules it does not meet (${message}).`;
  return message;
}

const sameKey = (a: CookieKey, b: CookieKey) => a.domain === b.domain && a.path === b.path && a.name === b.name;

export interface CookieHeader {
  /** The Cookie header value; empty when no cookie matches. */
  header: string;
  names: string[];
}

/**
 * The workspace's cookie jar, with RFC 6265 semantics (tough-cookie): Set-Cookie stored, matching
 * cookies sent back, expired ones gone. Kept encrypted in its data file with a key from the
 * keychain; with no keychain it works for this session only and says so once.
 */
export class CookieJarService {
  private jar = new CookieJar(new MemoryCookieStore(), { rejectPublicSuffixes: true, allowSpecialUseDomain: true, allowSecureOnLocal: true });
  private loading: Promise<void> | null = null;
  private key: Buffer | null = null;
  /** Why the jar is not kept across launches, when it is not. */
  private unkept: string | null = null;
  private told = false;
  private timer: NodeJS.Timeout | null = null;
  private saving: Promise<void> = Promise.resolve();
  private readonly listeners = new Set<(count: number) => void>();

  constructor(
    private readonly doc: StoredDocument<CookieFile>,
    private readonly secrets: SecretService,
    private readonly deps: Pick<DocumentDeps, 'store' | 'notify' | 'clock'> & { logger: Logger },
  ) {}

  /** Reads the jar once, on first use: a request that sends no cookie never touches the keychain. */
  private ready(): Promise<void> {
    this.loading ??= this.load();
    return this.loading;
  }

  private async load(): Promise<void> {
    // An empty jar needs no key until it is first saved.
    const sealed = this.doc.get().sealed;
    if (!sealed) return;
    let stored: string | null;
    try {
      stored = await this.secretOrNull();
    } catch (error) {
      this.unkept = `${error instanceof Error ? error.message : String(error)} Until then the saved cookies cannot be read, and new ones are kept for this session only.`;
      this.notifyUnkept();
      return;
    }
    if (stored === null) return this.setAside('its key is no longer in the keychain');
    try {
      this.key = Buffer.from(stored, 'base64');
      const serialized = JSON.parse(unseal(this.key, sealed)) as SerializedCookieJar;
      this.jar = CookieJar.deserializeSync(serialized, new MemoryCookieStore());
    } catch (error) {
      this.setAside(`it could not be decrypted with the key in the keychain (${error instanceof Error ? error.message : String(error)})`);
    }
  }

  private async secretOrNull(): Promise<string | null> {
    try {
      return await this.secrets.reveal(COOKIE_KEY_ID);
    } catch (error) {
      if (error instanceof LatchkeyError && error.code === 'secret_not_found') return null;
      throw error;
    }
  }

  private setAside(why: string): void {
    const movedTo = this.deps.store.quarantine(cookiesSpec.name, new Date(this.deps.clock.now()).toISOString().replace(/[:.]/g, '-'));
    this.deps.logger.warn('cookie jar set aside', { why, movedTo });
    this.deps.notify({ level: 'warning', title: 'Your cookies could not be read', message: `The cookie jar was kept as ${movedTo} because ${why}. Latchkey started with an empty jar.` });
  }

  /** The Cookie header for a request to `url`: the jar's cookies that match it (domain, path, Secure, expiry). */
  async header(url: URL): Promise<CookieHeader> {
    await this.ready();
    const cookies = this.jar.getCookiesSync(url.href, { http: true });
    return { header: cookies.map((c) => c.cookieString()).join('; '), names: cookies.map((c) => c.key) };
  }

  /** Stores what a response's Set-Cookie headers say, and reports what each did. */
  async store(url: URL, setCookies: readonly string[]): Promise<ResponseCookie[]> {
    if (setCookies.length === 0) return [];
    await this.ready();
    const outcomes: ResponseCookie[] = [];
    const now = new Date(this.deps.clock.now());
    for (const header of setCookies) {
      const cookie = Cookie.parse(header, { loose: true });
      if (!cookie) {
        outcomes.push({ name: header.split('=')[0]?.trim().slice(0, 256) ?? '', value: '', domain: url.hostname, path: '', expires: null, secure: false, httpOnly: false, sameSite: null, url: url.href, outcome: 'refused', reason: 'Not a Set-Cookie header Latchkey can read.' });
        continue;
      }
      const expiry = cookie.expiryTime(now);
      const described = (outcome: ResponseCookie['outcome'], reason?: string): ResponseCookie => ({
        name: cookie.key,
        value: cookie.value,
        domain: cookie.domain ?? url.hostname,
        path: cookie.path ?? '/',
        expires: expiry === undefined || !Number.isFinite(expiry) ? null : expiry,
        secure: cookie.secure,
        httpOnly: cookie.httpOnly,
        sameSite: sameSiteOf(cookie),
        url: url.href,
        outcome,
        ...(reason ? { reason } : {}),
      });
      try {
        const set = this.jar.setCookieSync(cookie, url.href, { http: true, ignoreError: false });
        const removing = expiry !== undefined && expiry <= now.getTime();
        outcomes.push(set || removing ? described(removing ? 'removed' : 'stored') : described('not stored', 'The jar did not keep it.'));
      } catch (error) {
        outcomes.push(described('refused', refusal(error, url)));
      }
    }
    await this.limit();
    this.changed();
    return outcomes;
  }

  /** Every cookie in the jar, by domain then path then name, and whether it is kept across launches. */
  async list(): Promise<{ cookies: StoredCookie[]; kept: boolean; message: string | null }> {
    await this.ready();
    const all = await this.jar.store.getAllCookies();
    const now = this.deps.clock.now();
    const cookies = all
      .map(toStored)
      .filter((c) => c.expires === null || c.expires > now)
      .sort((a, b) => a.domain.localeCompare(b.domain) || a.path.localeCompare(b.path) || a.name.localeCompare(b.name));
    return { cookies, kept: this.unkept === null, message: this.unkept };
  }

  /** Stores cookies as given (the manager's add, edit and Undo); `replacing` goes first when an edit changed its key. */
  async put(cookies: readonly (Omit<StoredCookie, 'created'> & { created?: number })[], replacing: CookieKey | null): Promise<number> {
    await this.ready();
    for (const input of cookies) {
      const name = input.name.trim();
      if (/[\s;,=]/.test(name) || /[;\r\n]/.test(input.value)) {
        throw new LatchkeyError('invalid_request', `The cookie ${JSON.stringify(name)} cannot be stored: a name has no spaces, ";", "," or "=", and a value has no ";" or line breaks.`);
      }
    }
    if (replacing && !cookies.some((c) => sameKey(c, replacing))) await this.jar.store.removeCookie(replacing.domain, replacing.path, replacing.name);
    for (const input of cookies) {
      const domain = input.domain.trim().replace(/^\./, '').toLowerCase();
      const cookie = new Cookie({
        key: input.name.trim(),
        value: input.value,
        domain,
        path: input.path.trim() || '/',
        expires: input.expires === null ? 'Infinity' : new Date(input.expires),
        secure: input.secure,
        httpOnly: input.httpOnly,
        hostOnly: input.hostOnly,
        ...(input.sameSite ? { sameSite: input.sameSite } : {}),
        creation: new Date(input.created ?? this.deps.clock.now()),
      });
      await this.jar.store.putCookie(cookie);
    }
    await this.limit();
    this.changed();
    return cookies.length;
  }

  async delete(keys: readonly CookieKey[]): Promise<number> {
    await this.ready();
    const all = await this.jar.store.getAllCookies();
    let removed = 0;
    for (const key of keys) {
      if (!all.some((c) => sameKey(toStored(c), key))) continue;
      await this.jar.store.removeCookie(key.domain, key.path, key.name);
      removed++;
    }
    if (removed > 0) this.changed();
    return removed;
  }

  /** Removes a domain's cookies (its subdomains' too), or every cookie when `domain` is null. */
  async clear(domain: string | null): Promise<number> {
    await this.ready();
    const all = await this.jar.store.getAllCookies();
    const target = domain?.trim().replace(/^\./, '').toLowerCase() ?? null;
    const gone = all.filter((c) => target === null || c.domain === target || (c.domain ?? '').endsWith(`.${target}`));
    for (const cookie of gone) await this.jar.store.removeCookie(cookie.domain!, cookie.path!, cookie.key);
    if (gone.length > 0) this.changed();
    return gone.length;
  }

  /** Tells `listener` each time the jar changes, with how many cookies it holds. Returns the unsubscribe. */
  onChanged(listener: (count: number) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Writes a pending change now (on quit). */
  async flush(): Promise<void> {
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = null;
      this.saving = this.saving.then(() => this.save());
    }
    await this.saving;
  }

  /** Drops the least recently used cookies past the limits. */
  private async limit(): Promise<void> {
    const all = await this.jar.store.getAllCookies();
    if (all.length <= MAX_PER_DOMAIN) return;
    const used = (c: Cookie) => time(c.lastAccessed) ?? time(c.creation) ?? 0;
    const byDomain = new Map<string, Cookie[]>();
    for (const cookie of all) byDomain.set(cookie.domain ?? '', [...(byDomain.get(cookie.domain ?? '') ?? []), cookie]);
    const dropped = new Set<Cookie>();
    for (const list of byDomain.values()) {
      if (list.length > MAX_PER_DOMAIN) for (const cookie of list.sort((a, b) => used(a) - used(b)).slice(0, list.length - MAX_PER_DOMAIN)) dropped.add(cookie);
    }
    const left = all.filter((c) => !dropped.has(c));
    if (left.length > MAX_COOKIES) for (const cookie of left.sort((a, b) => used(a) - used(b)).slice(0, left.length - MAX_COOKIES)) dropped.add(cookie);
    for (const cookie of dropped) await this.jar.store.removeCookie(cookie.domain!, cookie.path!, cookie.key);
  }

  private changed(): void {
    this.timer ??= setTimeout(() => {
      this.timer = null;
      this.saving = this.saving.then(() => this.save());
    }, SAVE_DELAY_MS);
    this.timer.unref?.();
    if (this.listeners.size === 0) return;
    const count = this.jar.serializeSync()?.cookies.length ?? 0;
    for (const listener of this.listeners) listener(count);
  }

  private async save(): Promise<void> {
    if (this.unkept !== null) return this.notifyUnkept();
    try {
      if (!this.key) {
        const key = randomBytes(32);
        await this.secrets.save(key.toString('base64'), COOKIE_KEY_ID);
        this.key = key;
      }
      this.doc.set({ sealed: seal(this.key, JSON.stringify(this.jar.serializeSync())) });
    } catch (error) {
      this.deps.logger.error('could not save the cookie jar', { error: error instanceof Error ? error.message : String(error) });
      if (error instanceof LatchkeyError && error.code === 'keychain_unavailable') {
        this.unkept = `${error.message} Cookies are kept for this session only; Latchkey never writes them to a file unencrypted.`;
        this.notifyUnkept();
      }
    }
  }

  /** Once per launch: the jar is not kept, and why. */
  private notifyUnkept(): void {
    if (this.told || this.unkept === null) return;
    this.told = true;
    this.deps.notify({ level: 'warning', title: 'Cookies are kept for this session only', message: this.unkept });
  }
}
