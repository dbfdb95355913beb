import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { LatchkeyError } from '../core/errors';
import type { DocumentRead, DocumentStore, SecretStore } from '../ports';

/**
 * The documents a `latchkey run` sees: the app's data directory read as it is, and every write
 * kept in this process's memory, so a run (a migration, a capture, a bad argument) leaves the
 * directory exactly as it found it. Only the documents `persist` names at the time of the write
 * go to the real store (the connections, so a token the provider rotated during a run still
 * works in the app), through a store made on that first write.
 */
export class RunDocumentStore implements DocumentStore {
  private readonly memory = new Map<string, string>();
  private readonly removed = new Set<string>();
  /** Documents that could not be read; the run reports them and leaves their files alone. */
  readonly unreadable: { name: string; reason: string }[] = [];
  /** What was last written through to the real store, by name. */
  readonly persisted = new Map<string, unknown>();
  private real: DocumentStore | null = null;
  /** Every document as read from disk, for naming the secrets inside them. */
  private readonly seen = new Map<string, unknown>();

  constructor(
    private readonly directory: string | null,
    private readonly persist: (name: string) => boolean,
    private readonly openReal: () => DocumentStore,
  ) {}

  read(name: string): DocumentRead {
    const kept = this.memory.get(name);
    if (kept !== undefined) return { status: 'ok', data: JSON.parse(kept) };
    if (this.removed.has(name) || this.directory === null) return { status: 'missing' };
    const path = join(this.directory, `${name}.json`);
    if (!existsSync(path)) return { status: 'missing' };
    try {
      const data: unknown = JSON.parse(readFileSync(path, 'utf8'));
      this.seen.set(name, data);
      return { status: 'ok', data: JSON.parse(JSON.stringify(data)) };
    } catch (error) {
      return { status: 'unreadable', reason: error instanceof Error ? error.message : String(error) };
    }
  }

  write(name: string, data: unknown): void {
    if (this.directory !== null && this.persist(name)) {
      this.real ??= this.openReal();
      this.real.write(name, data);
      this.persisted.set(name, data);
    }
    this.memory.set(name, JSON.stringify(data));
    this.removed.delete(name);
  }

  quarantine(name: string, _timestamp: string): string {
    const reason = this.read(name);
    this.unreadable.push({ name, reason: reason.status === 'unreadable' ? reason.reason : 'unreadable' });
    this.removed.add(name);
    return `${name}.json (left as it is)`;
  }

  backup(name: string, _label: string): string {
    return `${name}.json (not copied: a run changes nothing on disk)`;
  }

  /** The name of the variable, in any document read or written, whose value the keychain holds under `secretId`. */
  secretVariableName(secretId: string): string | null {
    const find = (value: unknown): string | null => {
      if (Array.isArray(value)) {
        for (const v of value) {
          const found = find(v);
          if (found !== null) return found;
        }
      } else if (value && typeof value === 'object') {
        const o = value as Record<string, unknown>;
        if (o.secretId === secretId && typeof o.name === 'string') return o.name;
        for (const v of Object.values(o)) {
          const found = find(v);
          if (found !== null) return found;
        }
      }
      return null;
    };
    for (const text of this.memory.values()) {
      const found = find(JSON.parse(text));
      if (found !== null) return found;
    }
    for (const data of this.seen.values()) {
      const found = find(data);
      if (found !== null) return found;
    }
    return null;
  }

  remove(name: string): void {
    this.memory.delete(name);
    this.removed.add(name);
  }
}

/** How a secret a run could not find is named to the user, and where else its value may come from. */
export interface SecretSource {
  /** "The variable \"token\"", "The clientSecret of the connection \"Partner\"". */
  what: string;
  /** The environment variable that may hold it. */
  envName: string;
  /** A value given another way (a --var of the same name). */
  given?: string | undefined;
  /** How to give it another way, for the error ("or --var token=…"). */
  alternative?: string | undefined;
}

/**
 * Secrets for a run: the OS keychain where there is one, else the values the environment
 * variables (or --var) give. New values (a captured secret, a token) go to the keychain only when
 * `persistWrites` holds and the keychain answers; otherwise they stay in memory. `sweep` removes
 * again, at the end of the run, what this run wrote that no saved document refers to.
 */
export class RunSecretStore implements SecretStore {
  private readonly memory = new Map<string, string>();
  private readonly written = new Set<string>();
  private keychainError: unknown = null;
  private keychainOk: boolean | null = null;

  constructor(
    private readonly keychain: SecretStore | null,
    private readonly sourceOf: (id: string) => SecretSource | null,
    private readonly env: NodeJS.ProcessEnv,
    private readonly persistWrites: boolean,
  ) {
    if (!keychain) this.keychainOk = false;
  }

  /** Whether the keychain has answered (null: not asked yet). */
  get keychainWorks(): boolean | null {
    return this.keychainOk;
  }

  private async fromKeychain(id: string): Promise<string | null> {
    if (!this.keychain || this.keychainOk === false) return null;
    try {
      const value = await this.keychain.get(id);
      this.keychainOk = true;
      return value;
    } catch (error) {
      this.keychainOk = false;
      this.keychainError = error;
      return null;
    }
  }

  async get(id: string): Promise<string | null> {
    const kept = this.memory.get(id);
    if (kept !== undefined) return kept;
    if (id === 'latchkey-probe') {
      await this.fromKeychain(id);
      if (this.keychainOk) return null;
      throw this.keychainError ?? new Error('There is no keychain here.');
    }
    const source = this.sourceOf(id);
    if (source?.given !== undefined) return source.given;
    const stored = await this.fromKeychain(id);
    if (stored !== null) return stored;
    if (source) {
      const value = this.env[source.envName];
      if (value !== undefined) return value;
      const where = this.keychainOk ? 'is not in this keychain' : 'is kept in the keychain, and there is no usable keychain here';
      throw new LatchkeyError('secret_not_found', `${source.what} is a secret that ${where}: set the environment variable ${source.envName}${source.alternative ? ` (or ${source.alternative})` : ''}.`);
    }
    return null;
  }

  async set(id: string, value: string): Promise<void> {
    if (this.persistWrites && this.keychain && this.keychainOk !== false) {
      try {
        await this.keychain.set(id, value);
        this.keychainOk = true;
        this.written.add(id);
        this.memory.delete(id);
        return;
      } catch (error) {
        this.keychainOk = false;
        this.keychainError = error;
      }
    }
    this.memory.set(id, value);
  }

  async delete(id: string): Promise<boolean> {
    const had = this.memory.delete(id);
    // Deleting from the keychain only what this run put there: a run never removes the app's secrets.
    if (this.written.has(id) && this.keychain) {
      this.written.delete(id);
      return (await this.keychain.delete(id).catch(() => false)) || had;
    }
    return had;
  }

  /** Removes what this run wrote to the keychain that `kept` does not hold (its saved documents' ids). */
  async sweep(kept: ReadonlySet<string>): Promise<void> {
    for (const id of [...this.written]) {
      if (kept.has(id)) continue;
      this.written.delete(id);
      await this.keychain?.delete(id).catch(() => false);
    }
  }
}

/** Every string inside a JSON value (the keychain ids a saved document refers to, among others). */
export function stringsIn(value: unknown, into = new Set<string>()): Set<string> {
  if (typeof value === 'string') into.add(value);
  else if (Array.isArray(value)) for (const v of value) stringsIn(v, into);
  else if (value && typeof value === 'object') for (const v of Object.values(value)) stringsIn(v, into);
  return into;
}
