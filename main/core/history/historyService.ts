import { z } from 'zod';
import { HISTORY_LIMIT, HistoryEntry, type ExecuteResult, type KeyValue, type RequestSpec } from '../../../preload/contract';
import type { Logger } from '../../ports';
import { CREDENTIAL_HEADERS } from '../http/planRedirect';
import { REDACTED } from '../http/redactSent';
import type { DocumentSpec, StoredDocument } from '../persistence/storedDocument';

export const HistoryData = z.object({ entries: z.array(HistoryEntry) });
export type HistoryData = z.infer<typeof HistoryData>;

export const historySpec: DocumentSpec<HistoryData> = {
  name: 'history',
  title: 'Your request history',
  version: 1,
  schema: HistoryData,
  empty: () => ({ entries: [] }),
  migrations: [],
};

const SAVE_DELAY_MS = 2000;

/** A header typed straight into a request (not through a variable) may hold a credential. */
function redactRows(rows: KeyValue[]): KeyValue[] {
  return rows.map((row) => (CREDENTIAL_HEADERS.includes(row.name.trim().toLowerCase() as (typeof CREDENTIAL_HEADERS)[number]) && !/^\{\{[^}]+\}\}$/.test(row.value.trim()) ? { ...row, value: REDACTED } : row));
}

/** `name=value; attributes` with the value redacted. */
function redactSetCookie(header: string): string {
  return header.replace(/^([^=;]*=)[^;]*/, `$1${REDACTED}`);
}

/** Cookie values are credentials: the response's Set-Cookie headers and its Cookies tab keep names and attributes only. */
function redactCookies(response: HistoryEntry['response']): HistoryEntry['response'] {
  if (!response) return response;
  const setsCookies = response.headers.some(([name]) => name.toLowerCase() === 'set-cookie');
  if (!setsCookies && !response.cookies) return response;
  return {
    ...response,
    headers: setsCookies ? response.headers.map(([name, value]) => [name, name.toLowerCase() === 'set-cookie' ? redactSetCookie(value) : value]) : response.headers,
    ...(response.cookies ? { cookies: response.cookies.map((cookie) => ({ ...cookie, value: REDACTED })) } : {}),
  };
}

function withoutBody(result: ExecuteResult): NonNullable<HistoryEntry['response']> {
  const { body: _body, sent: _sent, ...rest } = result;
  return rest;
}

/**
 * The last 500 executions, newest first. Recording one is cheap (it sits on every request's
 * path): typed-in credentials are redacted when the history is next read or saved, the file is
 * saved a little later, and the bodies of entries that fall off the end are deleted with that save.
 */
export class HistoryService {
  private timer: NodeJS.Timeout | null = null;
  /** Oldest first; may run up to twice the limit before it is trimmed (so trimming is rare). */
  private log: HistoryEntry[];
  /** Entries whose request still carries the headers as typed. */
  private unredacted = new Set<HistoryEntry>();
  private readonly ids = new Set<string>();
  /** Bodies of entries that fell off the end, deleted with the next save. */
  private evicted: string[] = [];
  private changed = false;
  private removing: Promise<void> = Promise.resolve();
  private readonly addedListeners = new Set<(entry: HistoryEntry) => void>();
  /** Entries recorded since listeners were last told (they are told once per turn of the event loop, off the request's path). */
  private untold: HistoryEntry[] = [];

  constructor(
    private readonly doc: StoredDocument<HistoryData>,
    private readonly removeBody: (bodyId: string) => Promise<void>,
    private readonly logger: Logger,
    private readonly now: () => number,
  ) {
    this.log = [...doc.get().entries].reverse();
    for (const entry of this.log) this.ids.add(entry.id);
  }

  list(): HistoryEntry[] {
    this.trim();
    this.redactPending();
    return this.log.slice().reverse();
  }

  /** Adds an execution. Nothing is returned: the entry is redacted only when read or saved. */
  record(request: RequestSpec, result: ExecuteResult): void {
    const entry: HistoryEntry = {
      id: result.requestId,
      at: this.now(),
      request,
      sent: result.sent,
      status: result.status,
      statusText: result.statusText,
      totalMs: result.timing.totalMs,
      bodySize: result.bodySize,
      contentType: result.contentType,
      bodyId: result.bodyId,
      ...(result.stream === 'events' ? { events: result.events } : {}),
      ...(result.incomplete ? { incomplete: result.incomplete.message } : {}),
      response: withoutBody(result),
    };
    if (this.ids.has(entry.id)) this.drop((e) => e.id === entry.id);
    this.ids.add(entry.id);
    this.log.push(entry);
    this.unredacted.add(entry);
    if (this.log.length >= 2 * HISTORY_LIMIT) this.trim();
    this.changed = true;
    this.scheduleSave();
    if (this.addedListeners.size > 0) {
      if (this.untold.length === 0) setImmediate(() => this.tell());
      this.untold.push(entry);
    }
  }

  /** One entry, redacted; null when it is not (or no longer) in the history. */
  get(id: string): HistoryEntry | null {
    if (!this.ids.has(id)) return null;
    this.redactPending();
    return this.log.find((e) => e.id === id) ?? null;
  }

  /** Tells `listener` of every entry recorded from now on (redacted). Returns the unsubscribe. */
  onAdded(listener: (entry: HistoryEntry) => void): () => void {
    this.addedListeners.add(listener);
    return () => this.addedListeners.delete(listener);
  }

  private tell(): void {
    this.redactPending();
    const entries = this.untold.splice(0).filter((entry) => this.ids.has(entry.id));
    for (const entry of entries) for (const listener of this.addedListeners) listener(entry);
  }

  delete(id: string): boolean {
    if (!this.ids.has(id)) return false;
    this.changed = true;
    void this.removeBodies(this.drop((e) => e.id === id).map((e) => e.bodyId));
    this.scheduleSave();
    return true;
  }

  clear(): number {
    this.trim();
    const gone = this.drop(() => true);
    this.changed = true;
    void this.removeBodies([...gone.map((e) => e.bodyId), ...this.evicted.splice(0)]);
    this.scheduleSave();
    return gone.length;
  }

  /** Writes any pending change now and finishes deleting the bodies that fell off (on quit). */
  async flush(): Promise<void> {
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = null;
    }
    this.write();
    await this.removing;
  }

  /** Removes the entries `match` picks; returns them. */
  private drop(match: (entry: HistoryEntry) => boolean): HistoryEntry[] {
    const gone = this.log.filter(match);
    if (gone.length === 0) return gone;
    this.log = this.log.filter((e) => !match(e));
    for (const entry of gone) {
      this.ids.delete(entry.id);
      this.unredacted.delete(entry);
    }
    return gone;
  }

  /** Keeps the newest HISTORY_LIMIT entries; the rest's bodies wait for the next save. */
  private trim(): void {
    const over = this.log.length - HISTORY_LIMIT;
    if (over <= 0) return;
    for (const entry of this.log.splice(0, over)) {
      this.ids.delete(entry.id);
      this.unredacted.delete(entry);
      this.evicted.push(entry.bodyId);
    }
  }

  private redactPending(): void {
    for (const entry of this.unredacted) {
      entry.request = { ...entry.request, headers: redactRows(entry.request.headers) };
      const response = redactCookies(entry.response);
      if (response) entry.response = response;
    }
    this.unredacted.clear();
  }

  private scheduleSave(): void {
    this.timer ??= setTimeout(() => {
      this.timer = null;
      this.write();
    }, SAVE_DELAY_MS);
  }

  private write(): void {
    this.trim();
    if (this.evicted.length > 0) void this.removeBodies(this.evicted.splice(0));
    if (!this.changed) return;
    this.changed = false;
    try {
      this.doc.set({ entries: this.list() });
    } catch (error) {
      this.logger.error('could not save the history', { error: String(error) });
    }
  }

  private removeBodies(bodyIds: string[]): Promise<void> {
    // One after another, after any earlier batch, so flush() can wait for all of them.
    this.removing = this.removing.then(async () => {
      for (const bodyId of bodyIds) await this.removeBody(bodyId).catch(() => undefined);
    });
    return this.removing;
  }
}
