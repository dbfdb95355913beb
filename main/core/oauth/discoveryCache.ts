import type * as oauth from 'oauth4webapi';

/** How long discovered metadata is used before it is read again. */
const TTL_MS = 60 * 60_000;

/**
 * Providers' discovered metadata, kept per issuer (and per TLS choice, so a connection that
 * verifies certificates never uses what was read without verifying). Connect, refresh, revoke
 * and the device sign-in read it from here; an operation that fails for any reason other than
 * the provider's own answer drops the entry (see `withServer` in oauthClient), so the next
 * attempt reads the metadata afresh.
 */
export class DiscoveryCache {
  private readonly entries = new Map<string, { at: number; metadata: Promise<oauth.AuthorizationServer> }>();

  constructor(private readonly now: () => number = Date.now) {}

  /** The metadata for `key`, fetched once however many ask at the same time; `fresh` says whether this call fetched it. */
  async get(key: string, fetch: () => Promise<oauth.AuthorizationServer>): Promise<{ metadata: oauth.AuthorizationServer; fresh: boolean }> {
    const entry = this.entries.get(key);
    if (entry && this.now() - entry.at < TTL_MS) return { metadata: await entry.metadata, fresh: false };
    const metadata = fetch();
    const added = { at: this.now(), metadata };
    this.entries.set(key, added);
    metadata.catch(() => this.entries.get(key) === added && this.entries.delete(key));
    return { metadata: await metadata, fresh: true };
  }

  forget(key: string): void {
    this.entries.delete(key);
  }

  clear(): void {
    this.entries.clear();
  }

  get size(): number {
    return this.entries.size;
  }
}
