import diagnosticsChannel from 'node:diagnostics_channel';
import type { Socket } from 'node:net';
import { buildConnector } from 'undici';
import type { Timing } from '../../../preload/contract';

type Now = () => number;

/** When each step of opening a connection finished. Stored on the socket it describes. */
interface ConnectionMarks {
  start: number;
  dnsEnd: number;
  connectEnd: number;
  tlsEnd: number;
  /** Set once the first request on this connection took its phases. */
  claimed: boolean;
}

const kMarks = Symbol('latchkey.connectionMarks');
type MarkedSocket = Socket & { [kMarks]?: ConnectionMarks };

/** An undici connector that notes when DNS, TCP and TLS finished on every new socket. */
export function timedConnector(options: buildConnector.BuildOptions, now: Now): buildConnector.connector {
  const connect = buildConnector(options);
  return (opts, callback) => {
    const marks: ConnectionMarks = { start: now(), dnsEnd: 0, connectEnd: 0, tlsEnd: 0, claimed: false };
    // The connector's type says void; it returns the socket it opens.
    const socket = connect(opts, callback) as unknown as MarkedSocket;
    socket[kMarks] = marks;
    // Prepended: undici's own listener writes the request at once, and the marks must be set by then.
    socket.prependOnceListener('lookup', () => (marks.dnsEnd = now()));
    socket.prependOnceListener('connect', () => (marks.connectEnd = now()));
    socket.prependOnceListener('secureConnect', () => (marks.tlsEnd = now()));
    return socket;
  };
}

/** One hop's clock: filled in by undici's diagnostics channels as the request goes. */
export class RequestTimer {
  start: number;
  sentAt = 0;
  firstByteAt = 0;
  endAt = 0;
  statusText = '';
  connection: { dnsMs: number; connectMs: number; tlsMs: number } | null = null;

  constructor(private readonly now: Now) {
    this.start = now();
  }

  finish(): Timing {
    this.endAt = this.now();
    const sentAt = this.sentAt || this.start;
    const firstByteAt = this.firstByteAt || this.endAt;
    const connection = (this.connection?.dnsMs ?? 0) + (this.connection?.connectMs ?? 0) + (this.connection?.tlsMs ?? 0);
    return {
      dnsMs: this.connection?.dnsMs ?? 0,
      connectMs: this.connection?.connectMs ?? 0,
      tlsMs: this.connection?.tlsMs ?? 0,
      queuedMs: Math.max(0, sentAt - this.start - connection),
      firstByteMs: Math.max(0, firstByteAt - sentAt),
      downloadMs: Math.max(0, this.endAt - firstByteAt),
      totalMs: Math.max(0, this.endAt - this.start),
      reusedConnection: this.connection === null,
    };
  }
}

const timers = new WeakMap<object, RequestTimer>();
let pending: RequestTimer | null = null;
let subscribed = false;

function subscribe(now: Now): void {
  if (subscribed) return;
  subscribed = true;
  diagnosticsChannel.subscribe('undici:request:create', (message) => {
    if (pending) timers.set((message as { request: object }).request, pending);
  });
  diagnosticsChannel.subscribe('undici:client:sendHeaders', (message) => {
    const { request, socket } = message as { request: object; socket: MarkedSocket };
    const timer = timers.get(request);
    if (!timer) return;
    timer.sentAt = now();
    const marks = socket[kMarks];
    if (marks && !marks.claimed) {
      marks.claimed = true;
      const dnsEnd = marks.dnsEnd || marks.start;
      const connectEnd = marks.connectEnd || dnsEnd;
      timer.connection = {
        dnsMs: Math.max(0, dnsEnd - marks.start),
        connectMs: Math.max(0, connectEnd - dnsEnd),
        tlsMs: marks.tlsEnd ? Math.max(0, marks.tlsEnd - connectEnd) : 0,
      };
    }
  });
  diagnosticsChannel.subscribe('undici:request:headers', (message) => {
    const { request, response } = message as { request: object; response: { statusText?: string } };
    const timer = timers.get(request);
    if (!timer) return;
    timer.firstByteAt = now();
    timer.statusText = response.statusText ?? '';
  });
}

/**
 * Runs `dispatch` (which must hand the request to undici synchronously, as `request()` does)
 * with `timer` attached to the request undici creates, so the channels above can find it.
 */
export function withTimer<T>(timer: RequestTimer, now: Now, dispatch: () => T): T {
  subscribe(now);
  pending = timer;
  try {
    return dispatch();
  } finally {
    pending = null;
  }
}
