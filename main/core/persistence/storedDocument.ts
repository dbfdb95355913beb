import { z } from 'zod';
import type { Notice } from '../../../preload/contract';
import type { Clock, DocumentStore, Logger } from '../../ports';
import { LatchkeyError } from '../errors';
import { runMigrations, type Migration } from './migrations';

export interface DocumentSpec<T> {
  /** File name without extension, e.g. "workspace". */
  name: string;
  /** What people call it in a notice, e.g. "Your workspace". */
  title: string;
  version: number;
  schema: z.ZodType<T>;
  empty(): T;
  migrations: readonly Migration[];
}

const Envelope = z.object({ schemaVersion: z.number().int().positive(), data: z.unknown() });

export interface DocumentDeps {
  store: DocumentStore;
  clock: Clock;
  logger: Logger;
  notify(notice: Omit<Notice, 'id'>): void;
}

function stamp(clock: Clock): string {
  return new Date(clock.now()).toISOString().replace(/[:.]/g, '-');
}

/**
 * A versioned document. Opening never fails: a file that cannot be trusted is moved aside,
 * the user is told, and the app starts from empty. A file from a newer Latchkey is opened
 * read-only so nothing this version does can damage it.
 */
export class StoredDocument<T> {
  private value: T;
  readonly readOnly: boolean;

  private constructor(
    private readonly spec: DocumentSpec<T>,
    private readonly deps: DocumentDeps,
    value: T,
    readOnly: boolean,
  ) {
    this.value = value;
    this.readOnly = readOnly;
  }

  static open<T>(spec: DocumentSpec<T>, deps: DocumentDeps): StoredDocument<T> {
    const { store, logger } = deps;
    const read = store.read(spec.name);
    if (read.status === 'missing') return new StoredDocument(spec, deps, spec.empty(), false);

    const setAside = (why: string) => {
      const movedTo = store.quarantine(spec.name, stamp(deps.clock));
      logger.warn('document set aside', { name: spec.name, why, movedTo });
      deps.notify({
        level: 'warning',
        title: `${spec.title} could not be read`,
        message: `The file was ${why}. Latchkey kept it as ${movedTo} and started with an empty one; nothing was overwritten.`,
      });
      return new StoredDocument(spec, deps, spec.empty(), false);
    };

    if (read.status === 'unreadable') return setAside(`not valid JSON (${read.reason})`);
    const envelope = Envelope.safeParse(read.data);
    if (!envelope.success) return setAside('missing its schema version');

    let outcome;
    try {
      outcome = runMigrations(envelope.data.data, envelope.data.schemaVersion, spec.version, spec.migrations);
    } catch (error) {
      return setAside(`not upgradable (${error instanceof Error ? error.message : String(error)})`);
    }

    if (outcome.status === 'newer') {
      deps.notify({
        level: 'warning',
        title: `${spec.title} is from a newer Latchkey`,
        message: `It has schema version ${outcome.version}; this version understands up to ${spec.version}. It is open read-only; update Latchkey to edit it.`,
      });
      const parsed = spec.schema.safeParse(outcome.data);
      return new StoredDocument(spec, deps, parsed.success ? parsed.data : spec.empty(), true);
    }

    const parsed = spec.schema.safeParse(outcome.data);
    if (!parsed.success) {
      const first = parsed.error.issues[0];
      return setAside(`not in the expected shape (${first ? `${first.path.join('.') || 'root'}: ${first.message}` : 'schema violation'})`);
    }
    const doc = new StoredDocument(spec, deps, parsed.data, false);
    if (outcome.status === 'migrated') {
      const backup = store.backup(spec.name, `v${outcome.from}-${stamp(deps.clock)}`);
      logger.info('document migrated', { name: spec.name, from: outcome.from, to: outcome.to, backup });
      doc.write(parsed.data);
    }
    return doc;
  }

  private readonly listeners = new Set<(value: T) => void>();

  get(): T {
    return this.value;
  }

  set(value: T): void {
    if (this.readOnly) {
      throw new LatchkeyError('read_only', `${this.spec.title} was written by a newer Latchkey and is open read-only.`);
    }
    const parsed = this.spec.schema.parse(value);
    this.write(parsed);
    for (const listener of this.listeners) listener(parsed);
  }

  /** Tells `listener` of every value set from now on. Returns the unsubscribe. */
  onChange(listener: (value: T) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private write(value: T): void {
    this.deps.store.write(this.spec.name, { schemaVersion: this.spec.version, data: value });
    this.value = value;
  }
}
