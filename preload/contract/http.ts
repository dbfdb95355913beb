import { z } from 'zod';
import { Assertion, Capture, CheckResults } from './checks';
import { ResponseCookie } from './cookies';
import { ErrorCode, type Namespace } from './result';

/** A row of a key/value table: headers, query parameters, path variables, form fields. */
export const KeyValue = z.object({
  name: z.string().max(8192),
  value: z.string().max(1024 * 1024),
  enabled: z.boolean(),
  description: z.string().max(4096).optional(),
});
export type KeyValue = z.infer<typeof KeyValue>;

export const RAW_CONTENT_TYPES = ['text/plain', 'application/xml', 'text/xml', 'application/soap+xml', 'text/html', 'application/javascript'] as const;

/** A multipart field: text, or a file whose full path is in `value`. */
export const MultipartPart = KeyValue.extend({
  type: z.enum(['text', 'file']),
  /** For a file: its Content-Type; empty to guess from the extension. */
  contentType: z.string().max(256).optional(),
  /** For a file named by an import: not sent until the user picks it again in the editor. */
  unconfirmed: z.boolean().optional(),
});
export type MultipartPart = z.infer<typeof MultipartPart>;

export const RequestBody = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('none') }),
  z.object({ kind: z.literal('json'), text: z.string().max(50 * 1024 * 1024) }),
  z.object({ kind: z.literal('raw'), text: z.string().max(50 * 1024 * 1024), contentType: z.string().max(256) }),
  z.object({ kind: z.literal('form'), fields: z.array(KeyValue).max(1000) }),
  z.object({ kind: z.literal('graphql'), query: z.string().max(1024 * 1024), variables: z.string().max(1024 * 1024) }),
  z.object({ kind: z.literal('multipart'), parts: z.array(MultipartPart).max(1000) }),
  /** A file sent as the whole body, read by main at send time. Empty contentType: guessed from the extension. */
  z.object({
    kind: z.literal('file'),
    path: z.string().max(4096),
    contentType: z.string().max(256),
    /** Named by an import: not sent until the user picks the file again in the editor. */
    unconfirmed: z.boolean().optional(),
  }),
]);
export type RequestBody = z.infer<typeof RequestBody>;
export type BodyKind = RequestBody['kind'];

export const RequestSettings = z.object({
  followRedirects: z.boolean(),
  maxRedirects: z.number().int().min(0).max(50),
  verifyTls: z.boolean(),
  /** 0 means no limit. */
  connectTimeoutMs: z.number().int().min(0).max(600_000),
  firstByteTimeoutMs: z.number().int().min(0).max(3_600_000),
  overallTimeoutMs: z.number().int().min(0).max(24 * 3_600_000),
  /** Longest pause while a body arrives before it is stopped (what arrived is kept). 0 for none. */
  idleTimeoutMs: z.number().int().min(0).max(3_600_000),
  /** The same for event streams and JSON lines, which the overall timeout does not end. 0 for none. */
  streamIdleTimeoutMs: z.number().int().min(0).max(24 * 3_600_000),
  /** Decoded bytes kept on disk; the rest is discarded and the response marked truncated. */
  maxBodyBytes: z.number().int().min(1024).max(8 * 1024 * 1024 * 1024),
  /** A compressed body stops decoding once it passes both this many decoded bytes… */
  decodeStopBytes: z.number().int().min(1024 * 1024).max(8 * 1024 * 1024 * 1024),
  /** …and this many times the bytes received (a compression bomb). */
  decodeStopRatio: z.number().int().min(2).max(100_000),
  /** An http:// or https:// proxy for this request; empty for a direct connection. May use `{{variables}}`. */
  proxyUrl: z.string().max(2048),
  /** Hosts reached directly even with a proxy: names (subdomains included), IPs, CIDR ranges, `*`; comma separated. */
  noProxy: z.string().max(8192),
  /** Send the jar's cookies that match, and store the ones the response sets. */
  cookies: z.boolean(),
});
export type RequestSettings = z.infer<typeof RequestSettings>;

export const DEFAULT_SETTINGS: RequestSettings = {
  followRedirects: true,
  maxRedirects: 10,
  verifyTls: true,
  connectTimeoutMs: 30_000,
  firstByteTimeoutMs: 60_000,
  overallTimeoutMs: 300_000,
  idleTimeoutMs: 60_000,
  streamIdleTimeoutMs: 300_000,
  maxBodyBytes: 1024 * 1024 * 1024,
  decodeStopBytes: 64 * 1024 * 1024,
  decodeStopRatio: 100,
  proxyUrl: '',
  noProxy: '',
  cookies: true,
};

/** A request as the user wrote it: `{{variables}}` and `:path` variables unresolved. */
export const RequestSpec = z.object({
  method: z.string().min(1).max(64),
  url: z.string().max(65536),
  /** Query parameters unticked in the table; enabled ones live in the URL itself. */
  params: z.array(KeyValue).max(1000),
  pathVariables: z.array(KeyValue).max(100),
  headers: z.array(KeyValue).max(500),
  body: RequestBody,
  /** Only what differs from the defaults. */
  settings: RequestSettings.partial(),
  /** The connection whose base URL and authentication apply; absent or null for none. */
  connectionId: z.uuid().nullable().optional(),
  /** Variables of this request alone: the innermost scope, over its folders', collection's, environment's and globals. */
  variables: z.array(KeyValue).max(500).optional(),
  /** Checks on the response, evaluated by main after every send (its Tests tab). */
  assertions: z.array(Assertion).max(500).optional(),
  /** Variables set from the response after every send. */
  captures: z.array(Capture).max(500).optional(),
});
export type RequestSpec = z.infer<typeof RequestSpec>;

/** Where a request is sent from: the saved request (or folder) whose variables and connection it inherits. */
export const ItemLocation = z.object({ itemId: z.uuid() });
export type ItemLocation = z.infer<typeof ItemLocation>;

export const ExecuteRequest = z.object({
  requestId: z.string().min(1).max(100),
  request: RequestSpec,
  /** Absent or null: a request not saved anywhere, which sees the environment and global variables only. */
  location: ItemLocation.nullable().optional(),
  /** The environment this send uses instead of the active one (a run's choice); null for none. Absent: the active one. */
  environmentId: z.uuid().nullable().optional(),
});
export type ExecuteRequest = z.infer<typeof ExecuteRequest>;

export const ResponseBody = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('text'), text: z.string() }),
  z.object({ kind: z.literal('binary'), base64: z.string() }),
]);

export const Timing = z.object({
  /** 0 when a pooled connection was reused. */
  dnsMs: z.number().nonnegative(),
  connectMs: z.number().nonnegative(),
  tlsMs: z.number().nonnegative(),
  /** From the request being written to the first response byte. */
  firstByteMs: z.number().nonnegative(),
  downloadMs: z.number().nonnegative(),
  /** Before the final hop: the redirects followed and a retry after a renewed token. Absent in older history. */
  redirectsMs: z.number().nonnegative().optional(),
  /** In the final hop before DNS (or before sending, on a reused connection): waiting for a free connection. Absent in older history. */
  queuedMs: z.number().nonnegative().optional(),
  /** From the request starting to the body stored: the phases above, these, and storing the body. */
  totalMs: z.number().nonnegative(),
  reusedConnection: z.boolean(),
});
export type Timing = z.infer<typeof Timing>;

/** What went on the wire, with credential values replaced. */
export const SentRequest = z.object({
  method: z.string(),
  url: z.string(),
  headers: z.array(z.tuple([z.string(), z.string()])),
  bodyPreview: z.string(),
  bodySize: z.number().int().nonnegative(),
});
export type SentRequest = z.infer<typeof SentRequest>;

export const ExecuteResult = z.object({
  requestId: z.string(),
  url: z.string(),
  status: z.number().int(),
  statusText: z.string(),
  httpVersion: z.string(),
  headers: z.array(z.tuple([z.string(), z.string()])),
  contentType: z.string().nullable(),
  /** The first part of the decoded body, for the viewer's first screen. */
  body: ResponseBody,
  /** Bytes received on the wire (compressed size when compressed). */
  size: z.number().int().nonnegative(),
  /** Decoded bytes stored. */
  bodySize: z.number().int().nonnegative(),
  /** The whole decoded body, on disk in main; the renderer asks for parts by this id. */
  bodyId: z.string(),
  sha256: z.string(),
  /** True when the preview holds less than the stored body. */
  truncated: z.boolean(),
  /** Set when the stored body itself stopped at a limit: the size cap, or a compression bomb. */
  capped: z.string().nullable(),
  /** Set when the body ended before the server finished it (Cancel, a timeout, a dropped connection): what arrived is kept. */
  incomplete: z.object({ code: ErrorCode, message: z.string() }).nullable(),
  /** A live stream: server-sent events, or JSON lines (one record per row). */
  stream: z.enum(['events', 'lines']).nullable(),
  /** Server-sent events read (0 for other bodies). */
  events: z.number().int().nonnegative(),
  redirects: z.array(
    z.object({
      status: z.number().int(),
      url: z.string(),
      /** Headers and query parameters not forwarded when this redirect left the origin (credentials and anything holding a secret). */
      dropped: z.array(z.object({ part: z.enum(['header', 'query']), name: z.string() })).default([]),
    }),
  ),
  timing: Timing,
  sent: SentRequest,
  /** The request's assertions (its own and those it inherits) and captures, run on this response; absent when it has none. */
  checks: CheckResults.optional(),
  /** What the Set-Cookie headers of this response (and of the redirects before it) did to the cookie jar; absent when there were none. */
  cookies: z.array(ResponseCookie).max(1000).optional(),
  /** Names of the jar's cookies sent with the last hop (their values are in the jar, never here). */
  cookiesSent: z.array(z.string()).max(1000).optional(),
});
export type ExecuteResult = z.infer<typeof ExecuteResult>;

/** One server-sent event. */
export const StreamEvent = z.object({
  index: z.number().int().nonnegative(),
  id: z.string(),
  event: z.string(),
  data: z.string(),
  /** From the request starting to the event arriving; null when not known. */
  atMs: z.number().nullable(),
  truncated: z.boolean(),
});
export type StreamEvent = z.infer<typeof StreamEvent>;

/** A response whose body is still arriving: what the renderer needs to show it while it does. */
export const ResponseStarted = z.object({
  requestId: z.string(),
  url: z.string(),
  status: z.number().int(),
  statusText: z.string(),
  headers: z.array(z.tuple([z.string(), z.string()])),
  contentType: z.string().nullable(),
  bodyId: z.string(),
  stream: z.enum(['events', 'lines']).nullable(),
  /** The Content-Length header, when the server sent one (wire bytes). */
  expectedBytes: z.number().int().nullable(),
});
export type ResponseStarted = z.infer<typeof ResponseStarted>;

export const ResponseProgress = z.object({
  requestId: z.string(),
  /** Bytes read from the wire so far. */
  received: z.number().int().nonnegative(),
  /** Decoded bytes so far. */
  decoded: z.number().int().nonnegative(),
  /** From the request starting. */
  elapsedMs: z.number().nonnegative(),
  /** Wire bytes per second over the last moment. */
  rate: z.number().nonnegative(),
});
export type ResponseProgress = z.infer<typeof ResponseProgress>;

export const httpEvents = {
  /** A body has started arriving and will take a moment: its headers and body id, to show it as it comes. */
  'http:started': ResponseStarted,
  /** A few times a second while a body arrives. */
  'http:progress': ResponseProgress,
  /** Server-sent events as they arrive. */
  'http:events': z.object({ requestId: z.string(), events: z.array(StreamEvent) }),
};

/** The languages "Request as code" writes, besides cURL. */
export const CodeLanguage = z.enum(['curl', 'javascript', 'python', 'go', 'java', 'csharp', 'php', 'powershell']);
export type CodeLanguage = z.infer<typeof CodeLanguage>;

export const http = {
  'http:execute': { req: ExecuteRequest, res: ExecuteResult },
  /** The request as it would be sent now, credentials redacted: for the "will be sent" view. */
  'http:preview': { req: z.object({ request: RequestSpec, location: ItemLocation.nullable().optional() }), res: SentRequest },
  /** Copy as cURL. Secrets stay `{{placeholders}}` unless includeSecrets (an explicit user action). */
  'http:curl': { req: z.object({ request: RequestSpec, includeSecrets: z.boolean(), location: ItemLocation.nullable().optional() }), res: z.object({ command: z.string() }) },
  /**
   * The request as code in one language (cURL too), as it would be sent now. Secrets stay
   * placeholders unless includeSecrets. `warnings` name what the language's code leaves out.
   */
  'http:code': {
    req: z.object({ request: RequestSpec, language: CodeLanguage, includeSecrets: z.boolean(), location: ItemLocation.nullable().optional() }),
    res: z.object({ code: z.string(), warnings: z.array(z.string()) }),
  },
  'http:cancel': { req: z.object({ requestId: z.string().min(1).max(100) }), res: z.object({ cancelled: z.boolean() }) },
} satisfies Namespace;
