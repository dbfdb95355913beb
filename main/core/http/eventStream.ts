import { StringDecoder } from 'node:string_decoder';

/** One server-sent event as it arrived. */
export interface StreamEvent {
  /** Its place in the stream, from 0. */
  index: number;
  /** The last event id (`id:` field) in force when it was dispatched; empty when none. */
  id: string;
  /** The `event:` field; "message" when the server sent none. */
  event: string;
  data: string;
  /** Milliseconds from the request starting to the event being read; null when not known (a stored body read again). */
  atMs: number | null;
  /** True when `data` was cut at MAX_DATA characters. */
  truncated: boolean;
}

/** Longest data kept per event (characters); the body file keeps all of it. */
export const MAX_DATA = 256 * 1024;
/** Longest line kept while waiting for its end; the rest of a longer line is dropped. */
const MAX_LINE = MAX_DATA + 1024;

/**
 * Parses `text/event-stream` as the WHATWG HTML standard describes (§9.2.6): lines end in CRLF,
 * LF or CR; a blank line dispatches the event; `data:` lines join with "\n"; `:` starts a comment.
 * Fed decoded bytes in any split (UTF-8 sequences and CRLF may straddle pieces).
 */
export class EventStreamParser {
  private readonly decoder = new StringDecoder('utf8');
  private line = '';
  private lastWasCr = false;
  private id = '';
  private type = '';
  private data: string[] = [];
  private dataLength = 0;
  private truncated = false;
  private count = 0;
  private first = true;

  constructor(
    private readonly onEvent: (event: StreamEvent) => void,
    private readonly now: () => number | null,
  ) {}

  feed(bytes: Buffer): void {
    this.text(this.decoder.write(bytes));
  }

  end(): void {
    this.text(this.decoder.end());
    // A stream that ends without a blank line drops its last, unfinished event (as browsers do).
  }

  get events(): number {
    return this.count;
  }

  private text(chunk: string): void {
    if (chunk === '') return;
    let from = 0;
    if (this.first) {
      this.first = false;
      if (chunk.charCodeAt(0) === 0xfeff) from = 1;
    }
    for (let i = from; i < chunk.length; i++) {
      const c = chunk.charCodeAt(i);
      if (c === 10 || c === 13) {
        if (c === 10 && this.lastWasCr) {
          this.lastWasCr = false;
          from = i + 1;
          continue;
        }
        this.appendLine(chunk, from, i);
        this.processLine(this.line);
        this.line = '';
        this.lastWasCr = c === 13;
        from = i + 1;
      } else {
        this.lastWasCr = false;
      }
    }
    this.appendLine(chunk, from, chunk.length);
  }

  private appendLine(chunk: string, from: number, to: number): void {
    if (to <= from || this.line.length >= MAX_LINE) return;
    this.line += chunk.slice(from, Math.min(to, from + MAX_LINE - this.line.length));
  }

  private processLine(line: string): void {
    if (line === '') return this.dispatch();
    if (line.charCodeAt(0) === 58) return; // ':' a comment
    const colon = line.indexOf(':');
    const field = colon === -1 ? line : line.slice(0, colon);
    let value = colon === -1 ? '' : line.slice(colon + 1);
    if (value.charCodeAt(0) === 32) value = value.slice(1);
    if (field === 'data') {
      if (this.dataLength < MAX_DATA) {
        const room = MAX_DATA - this.dataLength;
        if (value.length > room) this.truncated = true;
        const kept = value.slice(0, room);
        this.data.push(kept);
        this.dataLength += kept.length + 1;
      } else this.truncated = true;
    } else if (field === 'event') this.type = value;
    else if (field === 'id') {
      if (!value.includes('\0')) this.id = value;
    }
    // `retry` and unknown fields change nothing shown.
  }

  private dispatch(): void {
    if (this.data.length === 0) {
      this.type = '';
      return;
    }
    const event: StreamEvent = { index: this.count++, id: this.id, event: this.type || 'message', data: this.data.join('\n'), atMs: this.now(), truncated: this.truncated };
    this.data = [];
    this.dataLength = 0;
    this.type = '';
    this.truncated = false;
    this.onEvent(event);
  }
}

/** What kind of live stream a response is, from its Content-Type: server-sent events, JSON lines, or neither. */
export function streamKind(contentType: string | null): 'events' | 'lines' | null {
  const type = (contentType ?? '').split(';')[0]!.trim().toLowerCase();
  if (type === 'text/event-stream') return 'events';
  if (type === 'application/x-ndjson' || type === 'application/ndjson' || type === 'application/jsonl' || type === 'application/x-jsonlines' || type === 'application/json-seq' || type === 'application/jsonlines') return 'lines';
  return null;
}
