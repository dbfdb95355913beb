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

/**
 * The last 500 executions, newest first. Saved shortly after each one (not on the request's
 * path); the body files of entries that fall off the end are deleted with them.
 */
export class HistoryService {
  private timer: NodeJS.Timeout | null = null;
  private pending: HistoryData | null = null;

  constructor(
    private readonly doc: StoredDocument<HistoryData>,
    private readonly removeBody: (bodyId: string) => Promise<void>,
    private readonly logger: Logger,
    private readonly now: () => number,
  ) {}

  list(): HistoryEntry[] {
    return (this.pending ?? this.doc.get()).entries;
  }

  record(request: RequestSpec, result: ExecuteResult): HistoryEntry {
    const entry: HistoryEntry = {
      id: result.requestId,
      at: this.now(),
      request: { ...request, headers: redactRows(request.headers) },
      sent: result.sent,
      status: result.status,
      statusText: result.statusText,
      totalMs: result.timing.totalMs,
      bodySize: result.bodySize,
      contentType: result.contentType,
      bodyId: result.bodyId,
    };
    // The pending list is this service's own copy, so it is changed in place: no copy of 500
    // entries per request.
    const entries = this.pending?.entries ?? [...this.doc.get().entries];
    const existing = entries.findIndex((e) => e.id === entry.id);
    if (existing !== -1) entries.splice(existing, 1);
    entries.unshift(entry);
    const dropped = entries.length > HISTORY_LIMIT ? entries.splice(HISTORY_LIMIT) : [];
    this.replace(entries);
    if (dropped.length > 0) void this.removeBodies(dropped);
    return entry;
  }

  delete(id: string): boolean {
    const entries = this.list();
    const gone = entries.filter((e) => e.id === id);
    if (gone.length === 0) return false;
    this.replace(entries.filter((e) => e.id !== id));
    void this.removeBodies(gone);
    return true;
  }

  clear(): number {
    const entries = this.list();
    this.replace([]);
    void this.removeBodies(entries);
    return entries.length;
  }

  /** Writes any pending change now (on quit). */
  flush(): void {
    if (!this.timer) return;
    clearTimeout(this.timer);
    this.timer = null;
    this.write();
  }

  private replace(entries: HistoryEntry[]): void {
    this.pending = { entries };
    this.timer ??= setTimeout(() => {
      this.timer = null;
      this.write();
    }, SAVE_DELAY_MS);
  }

  private write(): void {
    if (!this.pending) return;
    const data = this.pending;
    this.pending = null;
    try {
      this.doc.set(data);
    } catch (error) {
      this.logger.error('could not save the history', { error: String(error) });
    }
  }

  private async removeBodies(entries: HistoryEntry[]): Promise<void> {
    for (const entry of entries) await this.removeBody(entry.bodyId).catch(() => undefined);
  }
}
