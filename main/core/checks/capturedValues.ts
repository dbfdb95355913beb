import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { SecretId, type CaptureScope } from '../../../preload/contract';
import type { DocumentSpec, StoredDocument } from '../persistence/storedDocument';
import type { SecretService } from '../secrets/secretService';

/**
 * Values captured from responses. They sit over the variables the user defined in the same
 * scope (like Postman's "current value" over its "initial value"): an environment's captured
 * `token` wins over the `token` its table defines, and exports carry only what the user wrote.
 * Session values live in memory only; the others are kept in their own document, a secret one's
 * value in the keychain (the document holds its id).
 */
const StoredCapture = z.object({
  id: z.uuid(),
  scope: z.enum(['environment', 'collection', 'global']),
  /** The environment's or collection's id; null for a global value. */
  ownerId: z.string().max(100).nullable(),
  name: z.string().min(1).max(256),
  secret: z.boolean(),
  /** Empty for a secret. */
  value: z.string().max(1024 * 1024),
  secretId: SecretId.nullable(),
  /** The request it was captured from, and when. */
  from: z.string().max(512),
  at: z.number(),
});
type StoredCapture = z.infer<typeof StoredCapture>;

export const CapturedData = z.object({ entries: z.array(StoredCapture).max(10_000) });
export type CapturedData = z.infer<typeof CapturedData>;

export const capturedSpec: DocumentSpec<CapturedData> = {
  name: 'captured',
  title: 'Values captured from responses',
  version: 1,
  schema: CapturedData,
  empty: () => ({ entries: [] }),
  migrations: [],
};

export interface CapturedEntry {
  id: string;
  scope: CaptureScope;
  ownerId: string | null;
  name: string;
  secret: boolean;
  from: string;
  at: number;
}

/** A scope's captured values by name, and the secret ones among them (to redact). */
export interface CapturedTable {
  values: Map<string, string>;
  secrets: string[];
}

const EMPTY: CapturedTable = { values: new Map(), secrets: [] };

export class CapturedValues {
  private readonly session = new Map<string, CapturedEntry & { value: string }>();
  /** Secret values read from (or written to) the keychain in this run. */
  private readonly revealed = new Map<string, string>();
  private readonly tables = new Map<string, CapturedTable>();

  constructor(
    private readonly doc: StoredDocument<CapturedData>,
    private readonly secrets: SecretService,
  ) {
    doc.onChange(() => this.tables.clear());
  }

  /** Sets a captured value; a secret one goes to the keychain before anything is written. */
  async set(input: { scope: CaptureScope; ownerId: string | null; name: string; value: string; secret: boolean; from: string; at: number }): Promise<void> {
    if (input.scope === 'session') {
      const before = this.session.get(input.name);
      this.session.set(input.name, { id: before?.id ?? randomUUID(), scope: 'session', ownerId: null, name: input.name, secret: input.secret, from: input.from, at: input.at, value: input.value });
      this.tables.delete(this.key('session', null));
      return;
    }
    const { entries } = this.doc.get();
    const before = entries.find((e) => e.scope === input.scope && e.ownerId === input.ownerId && e.name === input.name);
    let secretId: string | null = null;
    if (input.secret) {
      secretId = await this.secrets.save(input.value, before?.secretId ?? undefined);
      this.revealed.set(secretId, input.value);
    }
    const entry: StoredCapture = { id: before?.id ?? randomUUID(), scope: input.scope, ownerId: input.ownerId, name: input.name, secret: input.secret, value: input.secret ? '' : input.value, secretId, from: input.from, at: input.at };
    this.doc.set({ entries: before ? entries.map((e) => (e === before ? entry : e)) : [...entries, entry] });
    // A value that was secret and no longer is leaves the keychain.
    if (before?.secretId && !input.secret) await this.secrets.delete(before.secretId);
  }

  /** One scope's captured values: synchronous once its secrets have been read in this run. */
  /** Whether anything is captured at all: most sends skip the tables when nothing is. */
  any(): boolean {
    return this.session.size > 0 || this.doc.get().entries.length > 0;
  }

  table(scope: CaptureScope, ownerId: string | null): CapturedTable | Promise<CapturedTable> {
    const key = this.key(scope, ownerId);
    const cached = this.tables.get(key);
    if (cached) return cached;
    const entries: { name: string; secret: boolean; value: string; secretId: string | null }[] =
      scope === 'session' ? [...this.session.values()].map((e) => ({ ...e, secretId: null })) : this.doc.get().entries.filter((e) => e.scope === scope && e.ownerId === ownerId);
    if (entries.length === 0) {
      this.tables.set(key, EMPTY);
      return EMPTY;
    }
    const build = (): CapturedTable => {
      const table: CapturedTable = { values: new Map(), secrets: [] };
      for (const entry of entries) {
        const value = entry.secretId ? this.revealed.get(entry.secretId) : entry.value;
        if (value === undefined) continue;
        table.values.set(entry.name, value);
        if (entry.secret) table.secrets.push(value);
      }
      this.tables.set(key, table);
      return table;
    };
    const unread = entries.flatMap((e) => (e.secretId && !this.revealed.has(e.secretId) ? [e.secretId] : []));
    if (unread.length === 0) return build();
    return Promise.all(
      unread.map(async (id) => {
        try {
          this.revealed.set(id, await this.secrets.reveal(id));
        } catch {
          // Gone from the keychain: the capture has no value until the next response sets it again.
        }
      }),
    ).then(build);
  }

  /** Every captured value, newest first, for the Variables view (no values: it masks or reads them itself). */
  list(): CapturedEntry[] {
    const stored = this.doc.get().entries.map(({ id, scope, ownerId, name, secret, from, at }) => ({ id, scope, ownerId, name, secret, from, at }));
    return [...[...this.session.values()].map(({ value: _value, ...entry }) => entry), ...stored].sort((a, b) => b.at - a.at);
  }

  /** A plain captured value as the Variables view shows it; null for a secret or an unknown one. */
  plainValue(id: string): string | null {
    const session = [...this.session.values()].find((e) => e.id === id);
    if (session) return session.secret ? null : session.value;
    const entry = this.doc.get().entries.find((e) => e.id === id);
    return entry && !entry.secret ? entry.value : null;
  }

  /** Forgets one captured value, or all of them; their keychain entries go too. */
  async clear(id?: string): Promise<number> {
    let removed = 0;
    for (const [name, entry] of this.session) {
      if (id === undefined || entry.id === id) {
        this.session.delete(name);
        removed++;
      }
    }
    this.tables.delete(this.key('session', null));
    const { entries } = this.doc.get();
    const gone = entries.filter((e) => id === undefined || e.id === id);
    if (gone.length > 0) {
      this.doc.set({ entries: entries.filter((e) => !gone.includes(e)) });
      for (const entry of gone) if (entry.secretId) await this.secrets.delete(entry.secretId);
    }
    return removed + gone.length;
  }

  /** Drops what was captured into an environment or collection that is gone. */
  async forgetOwner(ownerId: string): Promise<void> {
    for (const entry of this.doc.get().entries.filter((e) => e.ownerId === ownerId)) await this.clear(entry.id);
  }

  /**
   * At start: drops what was captured into a collection or environment that no longer exists
   * (one deleted in an earlier run, whose Undo is gone with it), keychain entries included.
   */
  async forgetMissingOwners(exists: (scope: 'environment' | 'collection', ownerId: string) => boolean): Promise<number> {
    const gone = this.doc.get().entries.filter((e) => e.scope !== 'global' && e.ownerId !== null && !exists(e.scope, e.ownerId));
    for (const entry of gone) await this.clear(entry.id);
    return gone.length;
  }

  private key(scope: CaptureScope, ownerId: string | null): string {
    return `${scope}:${ownerId ?? ''}`;
  }
}
