import { randomUUID } from 'node:crypto';
import { EventEmitter } from 'node:events';
import { mkdirSync } from 'node:fs';
import { open, unlink, writeFile } from 'node:fs/promises';
import { STATUS_CODES } from 'node:http';
import { join } from 'node:path';
import { rootCertificates } from 'node:tls';
import { Agent, ProxyAgent, type Dispatcher } from 'undici';
import type { z } from 'zod';
import type { CheckResults, ExecuteRequest, ExecuteResult, ItemLocation, RequestSettings, RequestSpec, SentRequest, StreamEvent } from '../../../preload/contract';
import type { httpEvents } from '../../../preload/contract/http';
import type { Clock, Logger } from '../../ports';
import type { AppliedConnection } from '../connections/connectionsService';
import type { CookieJarService, CookieHeader } from '../cookies/cookieJar';
import { LatchkeyError } from '../errors';
import { resolveTemplate, type Lookup } from '../variables/resolveTemplate';
import { secretRedactor } from '../variables/secretRedactor';
import type { VariableValues } from '../variables/variablesService';
import { classifyBody } from './classifyBody';
import { describeNetworkError } from './describeNetworkError';
import { refuseUnconfirmedFiles } from './localFiles';
import { isRedirect, planRedirect, type Credentials, type Hop } from './planRedirect';
import { prepareRequest, type PreparedRequest } from './prepareRequest';
import { bypassesProxy, describeProxy, parseProxyUrl } from './proxy';
import { redactSent } from './redactSent';
import { credentialPlaceholders, toCurl } from './toCurl';
import { RequestTimer, timedConnector, withTimer } from './requestTiming';
import { EventStreamParser, streamKind } from './eventStream';
import { storeBody, type BodyControl, type StoredBody } from './storeBody';
import { StreamedBody } from './streamedBody';

/** Bodies up to this size (that end quickly) are held in memory and written to their file after the answer. */
const MEMORY_LIMIT = 256 * 1024;
/** A body still arriving this long after its headers goes live: to its file, shown as it arrives. */
const LIVE_AFTER_MS = 50;
/** How often progress is reported while a body arrives. */
const PROGRESS_MS = 200;
/** Most bytes of small bodies waiting to be written before writing starts regardless. */
const WRITE_BEHIND_LIMIT = 32 * 1024 * 1024;
/** How long no request must have started before queued bodies are written. */
const QUIET_MS = 200;

const NO_CREDENTIALS: Credentials = { headers: new Set(), query: new Set() };

/** Finds a request's connection (base URL, credentials, client certificate) by id. */
export type ConnectionResolver = (id: string) => AppliedConnection | Promise<AppliedConnection>;

export interface HttpExecutorOptions {
  clock: Clock;
  logger: Logger;
  userAgent: string;
  /** Directory for response bodies (created 0700). */
  bodiesDir: string;
  /** Variables for `{{name}}` as a request sees them from where it is saved, read once per execution (synchronously when nothing needs fetching). */
  variables: (request: RequestSpec, location: ItemLocation | null | undefined, environmentId?: string | null) => VariableValues | Promise<VariableValues>;
  /** The user's request defaults (the Settings screen); a request's own settings override them. */
  defaults?: () => RequestSettings;
  /** Connections requests may name; without it, a request naming one is refused. */
  connections?: ConnectionResolver;
  /** Decoded bytes sent to the renderer with the result; the rest is read from the file. */
  previewBytes?: number;
  /** PEM certificates trusted in addition to the system's roots (a company CA, a test CA). */
  extraCaCertificates?: string[];
  /** Runs the request's assertions and captures on its stored response (null when it has none), before it is recorded. */
  inspect?: ResponseInspector;
  /** The cookie jar; without it no cookie is sent or stored. */
  cookies?: CookieStore;
}

/** What the executor needs of the cookie jar. */
export type CookieStore = Pick<CookieJarService, 'header' | 'store'>;

/** What the inspect stage is given: the send, its stored response, and the variables it saw. */
export interface InspectContext {
  input: ExecuteRequest;
  result: ExecuteResult;
  bodyPath: string;
  /** A small body still waiting to be written behind: its bytes, so checks need not wait for the disk. */
  bodyBytes: Buffer | undefined;
  lookup: Lookup;
  redact(text: string): string;
}
export type ResponseInspector = (context: InspectContext) => Promise<CheckResults | undefined> | null;

/** Something that runs after every execution (history). */
export type ExecutionListener = (request: RequestSpec, result: ExecuteResult) => void;

/** A message for the renderer about a body still arriving. */
export type LiveMessage = { [E in keyof typeof httpEvents]: { event: E; payload: z.infer<(typeof httpEvents)[E]> } }[keyof typeof httpEvents];
export type LiveListener = (message: LiveMessage) => void;

/** A body being written as it arrives, as a viewer following it sees it. */
export interface GrowingBody {
  /** Decoded bytes in its file so far. */
  written(): number;
  complete(): boolean;
  /** Resolves when more is written or the body is complete. */
  grown(): Promise<void>;
}

interface Growing {
  written: number;
  complete: boolean;
  waiters: (() => void)[];
}

function wake(growing: Growing): void {
  const waiters = growing.waiters.splice(0);
  for (const waiter of waiters) waiter();
}

/** A body being stored, as the tick watches it. */
interface BodyWatch {
  control: BodyControl | null;
  /** The idle timeout for this body (0 for none). */
  idleMs: number;
  startedAt: number;
  lastReceived: number;
  /** When bytes last arrived. */
  activeAt: number;
  /** Written to its file as it arrives, and announced. */
  live: boolean;
  progressAt: number;
  progressBytes: number;
}

interface Running {
  signal: EventEmitter;
  reason: LatchkeyError | null;
  started: number;
  /** When the overall timeout ends the request (clock ms); Infinity for none. */
  deadline: number;
  overallTimeoutMs: number;
  body: BodyWatch | null;
}

interface Resolved {
  variables: VariableValues;
  connection: AppliedConnection | null;
  redact: (text: string) => string;
}

/** Where a request's hops stand. */
interface Dispatch {
  hop: Hop;
  credentials: Credentials;
  proxy: URL | null;
  redirects: ExecuteResult['redirects'];
  /** A client certificate is presented to the connection's own origin only. */
  clientTls: AppliedConnection['tls'] | null;
  /** The jar's Cookie header sent with the current hop, when it sent one. */
  jar: CookieHeader | null;
  /** What every hop's Set-Cookie did to the jar. */
  cookies: NonNullable<ExecuteResult['cookies']>;
}

function toHop(request: PreparedRequest, headers: [string, string][]): Hop {
  return { method: request.method, url: request.url, headers, body: request.body };
}

/** The capped message for a body stopped at a limit, or null. */
function stoppedAtLimit(stored: StoredBody, settings: RequestSettings): string | null {
  const stop = stored.stopped;
  if (stop?.kind === 'cap') return `The body was cut at ${formatBytes(settings.maxBodyBytes)} of decoded data (the size limit in this request's settings); the rest was discarded.`;
  if (stop?.kind === 'bomb') {
    return `Decoding stopped: the compressed body expanded ${Math.round(stop.ratio).toLocaleString('en')}× (${formatBytes(stored.wireBytes)} received became ${formatBytes(stored.bytes)}), past the limits for compressed bodies (${formatBytes(settings.decodeStopBytes)} and ${settings.decodeStopRatio}×). This is how a compression bomb looks. The part decoded so far is kept; raise the limits in Settings under "Compressed bodies" to read more.`;
  }
  return null;
}

/** Server-sent events as they arrive: parsed, sent to the renderer in small batches, and their times kept beside the body. */
class LiveEvents {
  private readonly parser: EventStreamParser;
  private pending: StreamEvent[] = [];
  private readonly times: number[] = [];
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly requestId: string,
    elapsed: () => number,
    private readonly tell: LiveListener,
  ) {
    this.parser = new EventStreamParser((event) => {
      this.times.push(event.atMs ?? -1);
      this.pending.push(event);
      this.timer ??= setTimeout(() => this.flush(), EVENTS_BATCH_MS);
    }, elapsed);
  }

  get count(): number {
    return this.parser.events;
  }

  feed(piece: Buffer): void {
    this.parser.feed(piece);
  }

  private flush(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    if (this.pending.length === 0) return;
    const events = this.pending;
    this.pending = [];
    this.tell({ event: 'http:events', payload: { requestId: this.requestId, events } });
  }

  /** The stream ended: the last events are sent and their times written beside the body. */
  async finish(timesPath: string): Promise<void> {
    this.parser.end();
    this.flush();
    if (this.times.length > 0) await writeFile(timesPath, Buffer.from(new Float64Array(this.times).buffer), { mode: 0o600 }).catch(() => undefined);
  }
}

/** Events wait at most this long to be sent together. */
const EVENTS_BATCH_MS = 16;

/** How often running requests are checked (deadlines, idle bodies, progress). */
const DEADLINE_TICK_MS = 25;

/** Executes requests with undici. One instance per app; it owns its connection pools. */
export class HttpExecutor {
  private readonly agents = new Map<string, Dispatcher>();
  private readonly combinedSecrets = new WeakMap<AppliedConnection, { variables: readonly string[]; list: string[] }>();
  private readonly inFlight = new Map<string, Running>();
  private readonly previewBytes: number;
  private readonly listeners = new Set<ExecutionListener>();
  private readonly now: () => number;
  /** Small bodies waiting to be written, by body id. */
  private readonly writeQueue = new Map<string, Buffer>();
  private readonly writing = new Map<string, Promise<void>>();
  private queuedBytes = 0;
  private flushTimer: NodeJS.Timeout | null = null;
  /** When the latest request started (clock ms). */
  private lastStartedAt = -Infinity;
  private deadlineTimer: NodeJS.Timeout | null = null;

  private readonly liveListeners = new Set<LiveListener>();
  private readonly growing = new Map<string, Growing>();

  constructor(private readonly options: HttpExecutorOptions) {
    this.previewBytes = options.previewBytes ?? 64 * 1024;
    this.now = () => options.clock.now();
    mkdirSync(options.bodiesDir, { recursive: true, mode: 0o700 });
  }

  /** Path of a stored body, by the id a result carries. */
  bodyPath(bodyId: string): string {
    if (!/^[0-9a-f-]{36}$/.test(bodyId)) throw new LatchkeyError('invalid_request', 'That is not a response body id.');
    return join(this.options.bodiesDir, `${bodyId}.body`);
  }

  onExecuted(listener: ExecutionListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** The proxy a hop goes through, or null for a direct connection. */
  private proxyFor(settings: RequestSettings, target: URL): URL | null {
    if (settings.proxyUrl === '' || bypassesProxy(target, settings.noProxy)) return null;
    return parseProxyUrl(settings.proxyUrl);
  }

  /**
   * One pool per TLS, connect-timeout and proxy choice, so opting out of verification (or into a
   * proxy) never leaks to other requests.
   */
  private agentFor(settings: RequestSettings, proxy: URL | null, client: AppliedConnection['tls']): Dispatcher {
    const key = `${settings.verifyTls}|${settings.connectTimeoutMs}|${proxy?.href ?? ''}|${client?.key ?? ''}`;
    let agent = this.agents.get(key);
    if (!agent) {
      if (client) this.closeOlderPools(client.key);
      const extraCa = [...(this.options.extraCaCertificates ?? []), ...(client?.options.ca ? [client.options.ca] : [])];
      const { ca: _ca, ...clientMaterial } = client?.options ?? {};
      const tls = {
        rejectUnauthorized: settings.verifyTls,
        timeout: settings.connectTimeoutMs || 24 * 3_600_000,
        ...(extraCa.length ? { ca: [...rootCertificates, ...extraCa] } : {}),
        ...clientMaterial,
      };
      agent = proxy
        ? // Plain http:// requests go to the proxy as absolute URLs; https:// ones through a CONNECT tunnel.
          new ProxyAgent({ uri: proxy.href, proxyTunnel: false, requestTls: tls, proxyTls: tls })
        : new Agent({ connect: timedConnector(tls, this.now) });
      this.agents.set(key, agent);
    }
    return agent;
  }

  /** A connection's certificate changed: its pools for the earlier version are closed. */
  private closeOlderPools(clientKey: string): void {
    const connectionId = clientKey.slice(0, clientKey.indexOf(':') + 1);
    for (const [key, agent] of this.agents) {
      const owner = key.slice(key.lastIndexOf('|') + 1);
      if (owner.startsWith(connectionId) && owner !== clientKey) {
        this.agents.delete(key);
        void agent.close().catch(() => undefined);
      }
    }
  }

  /** The request's connection, if it names one: awaited only when its secrets are not in memory yet. */
  private connectionOf(spec: RequestSpec): AppliedConnection | Promise<AppliedConnection> | null {
    const id = spec.connectionId;
    if (!id) return null;
    if (!this.options.connections) throw new LatchkeyError('connection_not_found', 'Connections are not available here.');
    return this.options.connections(id);
  }

  /** The request's headers with what the engine adds: User-Agent, and Content-Length for a streamed body (as curl does). */
  private engineHeaders(request: PreparedRequest): [string, string][] {
    const headers = request.headers;
    if (!headers.some(([name]) => name.toLowerCase() === 'user-agent')) headers.push(['User-Agent', this.options.userAgent]);
    if (request.body instanceof StreamedBody && !headers.some(([name]) => name.toLowerCase() === 'content-length' || name.toLowerCase() === 'transfer-encoding')) {
      headers.push(['Content-Length', String(request.body.length)]);
    }
    return headers;
  }

  /** The variables' and the connection's secrets together, the list kept while neither changes (the redactor is built once per list). */
  private secretsOf(variables: VariableValues, connection: AppliedConnection | null): readonly string[] {
    if (!connection || connection.secrets.length === 0) return variables.secrets;
    let combined = this.combinedSecrets.get(connection);
    if (combined?.variables !== variables.secrets) {
      combined = { variables: variables.secrets, list: [...variables.secrets, ...connection.secrets] };
      this.combinedSecrets.set(connection, combined);
    }
    return combined.list;
  }

  private redactorFor(variables: VariableValues, connection: AppliedConnection | null): (text: string) => string {
    return secretRedactor(this.secretsOf(variables, connection));
  }

  private settingsDefaults(): RequestSettings | undefined {
    return this.options.defaults?.();
  }

  /** What would go on the wire for this request now (auth and engine headers included), redacted. */
  async preview(spec: RequestSpec, location?: ItemLocation | null): Promise<SentRequest> {
    const variables = await this.options.variables(spec, location);
    const connection = await this.connectionOf(spec);
    const { request, credentials } = await this.prepareAndAuthorise(spec, { variables, connection, redact: (text) => text });
    const headers = [...request.headers];
    if (!headers.some(([name]) => name.toLowerCase() === 'user-agent')) headers.push(['User-Agent', this.options.userAgent]);
    return redactSent(request.method, request.url, headers, request.body, credentials, this.redactorFor(variables, connection));
  }

  /**
   * The request as it would be sent, its connection applied, for Copy as cURL and code. The
   * connection's credentials become `<name>` placeholders unless `includeSecrets` (an explicit user action).
   */
  async exportable(spec: RequestSpec, lookup: Lookup, includeSecrets: boolean): Promise<PreparedRequest> {
    const request = await this.exportableWithoutCookies(spec, lookup, includeSecrets);
    const jar = request.settings.cookies && this.options.cookies ? await this.options.cookies.header(request.url) : null;
    if (!jar || jar.header === '') return request;
    // The jar's cookies are credentials: by name with a placeholder unless secrets were asked for.
    const cookies = includeSecrets ? jar : { header: jar.names.map((name) => `${name}=<${name}>`).join('; ') };
    return { ...request, headers: withJarCookies(request.headers, cookies) };
  }

  private async exportableWithoutCookies(spec: RequestSpec, lookup: Lookup, includeSecrets: boolean): Promise<PreparedRequest> {
    const connection = await this.connectionOf(spec);
    const prepared = prepareRequest(credentialPlaceholders(spec, includeSecrets), lookup, this.settingsDefaults(), connection?.baseUrl ?? '');
    if (!connection) return prepared;
    const { request, credentials } = await connection.apply(prepared, filler(lookup));
    if (includeSecrets) return request;
    const url = new URL(request.url);
    for (const name of credentials.query) if (url.searchParams.has(name)) url.searchParams.set(name, `<${name}>`);
    const redact = secretRedactor(connection.secrets);
    return {
      ...request,
      url,
      headers: request.headers.map(([name, value]) => [name, credentials.headers.has(name.toLowerCase()) ? `<${name}>` : value]),
      body: Buffer.isBuffer(request.body) ? Buffer.from(redact(request.body.toString('utf8'))) : request.body,
    };
  }

  /** Copy as cURL: `exportable` as a curl command. */
  async curl(spec: RequestSpec, lookup: Lookup, includeSecrets: boolean): Promise<string> {
    return toCurl(await this.exportable(spec, lookup, includeSecrets));
  }

  /**
   * Sends a request and stores its response, in named stages each done once: resolve (variables
   * and connection), prepare (templates filled, request checked), authorise (the connection's
   * credentials), dispatch (hops: redirects, one renewal on 401), store (the body, live), inspect
   * (assertions and captures), record (history). `record: false` keeps the execution out of history (a connection test).
   */
  async execute(input: ExecuteRequest, options: { record?: boolean } = {}): Promise<ExecuteResult> {
    if (this.inFlight.has(input.requestId)) {
      throw new LatchkeyError('invalid_request', `A request with id ${input.requestId} is already running.`);
    }
    refuseUnconfirmedFiles(input.request);
    const resolved = await this.resolve(input);
    const authorised = await this.prepareAndAuthorise(input.request, resolved);
    // Verification can be turned off per request or per connection, never for everything.
    const settings = resolved.connection && !resolved.connection.verifyTls ? { ...authorised.request.settings, verifyTls: false } : authorised.request.settings;
    const running = this.begin(input.requestId, settings);
    const dispatch: Dispatch = { hop: toHop(authorised.request, this.engineHeaders(authorised.request)), credentials: authorised.credentials, proxy: null, redirects: [], clientTls: resolved.connection?.tls ?? null, jar: null, cookies: [] };
    try {
      const answer = await this.dispatch(input, resolved, settings, running, dispatch);
      const stored = await this.store(input.requestId, answer, settings, running, dispatch, resolved.redact);
      const result = await this.inspect(input, stored, resolved);
      if (options.record !== false) this.record(input.request, result);
      return result;
    } catch (error) {
      if (running.reason) throw running.reason;
      const described = describeNetworkError(error, dispatch.hop.url, dispatch.proxy ? describeProxy(dispatch.proxy) : null);
      this.options.logger.info('request failed', { code: described.code, host: dispatch.hop.url.host });
      throw described;
    } finally {
      this.inFlight.delete(input.requestId);
    }
  }

  /** Stage 6: the request's assertions and captures, when it has any. */
  private async inspect(input: ExecuteRequest, result: ExecuteResult, resolved: Resolved): Promise<ExecuteResult> {
    const pending = this.options.inspect?.({ input, result, bodyPath: this.bodyPath(result.bodyId), bodyBytes: this.writeQueue.get(result.bodyId), lookup: resolved.variables.lookup, redact: resolved.redact });
    if (!pending) return result;
    const checks = await pending;
    return checks ? { ...result, checks } : result;
  }

  /** Stage 1: the variables the request sees from where it is saved, and its connection. Awaited only when something must be fetched. */
  private async resolve(input: ExecuteRequest): Promise<Resolved> {
    const pendingVariables = this.options.variables(input.request, input.location, input.environmentId);
    const variables = pendingVariables instanceof Promise ? await pendingVariables : pendingVariables;
    const pendingConnection = this.connectionOf(input.request);
    const connection = pendingConnection instanceof Promise ? await pendingConnection : pendingConnection;
    return { variables, connection, redact: this.redactorFor(variables, connection) };
  }

  /** Stages 2 and 3: templates filled and the request checked (once), then the connection's credentials applied. */
  private prepareAndAuthorise(spec: RequestSpec, resolved: Resolved): { request: PreparedRequest; credentials: Credentials } | Promise<{ request: PreparedRequest; credentials: Credentials }> {
    const prepared = prepareRequest(spec, resolved.variables.lookup, this.settingsDefaults(), resolved.connection?.baseUrl ?? '');
    if (!resolved.connection) return { request: prepared, credentials: NO_CREDENTIALS };
    return resolved.connection.apply(prepared, filler(resolved.variables.lookup));
  }

  private begin(requestId: string, settings: RequestSettings): Running {
    const started = this.now();
    this.lastStartedAt = started;
    const running: Running = {
      signal: new EventEmitter(),
      reason: null,
      started,
      deadline: settings.overallTimeoutMs > 0 ? started + settings.overallTimeoutMs : Infinity,
      overallTimeoutMs: settings.overallTimeoutMs,
      body: null,
    };
    this.inFlight.set(requestId, running);
    this.watch();
    return running;
  }

  /** Stage 4: sends each hop until a response that is not followed (a redirect) or retried (a 401 with a renewable token). */
  private async dispatch(input: ExecuteRequest, resolved: Resolved, settings: RequestSettings, running: Running, state: Dispatch): Promise<{ response: Dispatcher.ResponseData; timer: RequestTimer }> {
    /** Set once a 401 made the connection renew its token: a request is retried once, never more. */
    let renewed = false;
    for (;;) {
      const { hop } = state;
      state.proxy = this.proxyFor(settings, hop.url);
      const jar = settings.cookies && this.options.cookies ? await this.options.cookies.header(hop.url) : null;
      state.jar = jar && jar.header !== '' ? jar : null;
      const timer = new RequestTimer(this.now);
      const response = await withTimer(timer, this.now, () =>
        // Straight to the pool: the URL is parsed already.
        this.agentFor(settings, state.proxy, state.clientTls).request({
          origin: hop.url.origin,
          path: hop.url.pathname + hop.url.search,
          method: hop.method as Dispatcher.HttpMethod,
          headers: flatHeaders(withJarCookies(hop.headers, state.jar)),
          body: hop.body instanceof StreamedBody ? hop.body.open() : hop.body,
          signal: running.signal,
          headersTimeout: settings.firstByteTimeoutMs,
          // The store stage watches for an idle body itself, so it can keep what arrived.
          bodyTimeout: 0,
        }),
      );
      if (settings.cookies && this.options.cookies) {
        const setCookies = response.headers['set-cookie'];
        if (setCookies) state.cookies.push(...(await this.options.cookies.store(hop.url, Array.isArray(setCookies) ? setCookies : [setCookies])));
      }
      if (response.statusCode === 401 && resolved.connection?.renew && !renewed && state.redirects.length === 0) {
        // An OAuth token the server no longer takes: renew it once and send again.
        renewed = true;
        await response.body.dump();
        await resolved.connection.renew();
        const fresh = await this.connectionOf(input.request);
        const again = await this.prepareAndAuthorise(input.request, { ...resolved, connection: fresh });
        state.hop = toHop(again.request, this.engineHeaders(again.request));
        state.credentials = again.credentials;
        continue;
      }
      const location = single(response.headers.location);
      if (settings.followRedirects && isRedirect(response.statusCode) && location) {
        await response.body.dump();
        if (state.redirects.length >= settings.maxRedirects) {
          throw new LatchkeyError('too_many_redirects', `Stopped after ${settings.maxRedirects} redirects (the limit in this request's settings). The last one pointed to ${resolved.redact(new URL(location, hop.url).href)}.`);
        }
        const next = planRedirect(hop, response.statusCode, location, state.credentials, this.secretsOf(resolved.variables, resolved.connection));
        state.redirects.push({ status: response.statusCode, url: resolved.redact(hop.url.href), dropped: next.dropped });
        if (next.crossOrigin) state.clientTls = null;
        state.hop = next;
        continue;
      }
      return { response, timer };
    }
  }

  /**
   * Stage 5: the body, stored as it arrives. A body still arriving after a moment goes live:
   * its headers and body id are announced, it is written as it comes (so the viewer can show
   * it), and progress is reported. Event streams are parsed as they arrive. A body cut short
   * keeps what arrived and says why.
   */
  private async store(requestId: string, answer: { response: Dispatcher.ResponseData; timer: RequestTimer }, settings: RequestSettings, running: Running, state: Dispatch, redact: (text: string) => string): Promise<ExecuteResult> {
    const { response, timer } = answer;
    const bodyId = randomUUID();
    const path = this.bodyPath(bodyId);
    const contentType = single(response.headers['content-type']);
    const contentEncoding = single(response.headers['content-encoding']);
    const stream = streamKind(contentType);
    const url = redact(state.hop.url.href);
    const headers = flattenHeaders(response.headers);
    const statusText = () => timer.statusText || STATUS_CODES[response.statusCode] || '';
    // A stream that keeps sending is ended by its idle timeout, not the overall one.
    if (stream) running.deadline = Infinity;
    const events = stream === 'events' ? new LiveEvents(requestId, () => this.now() - running.started, (message) => this.tell(message)) : null;
    const growing: Growing = { written: 0, complete: false, waiters: [] };
    const watch: BodyWatch = {
      control: null,
      idleMs: stream ? settings.streamIdleTimeoutMs : settings.idleTimeoutMs,
      startedAt: this.now(),
      lastReceived: -1,
      activeAt: this.now(),
      live: false,
      progressAt: 0,
      progressBytes: 0,
    };
    running.body = watch;
    const stored = await storeBody(response.body, {
      contentEncoding,
      file: {
        path,
        onOpened: () => {
          watch.live = true;
          this.growing.set(bodyId, growing);
          this.tell({
            event: 'http:started',
            payload: { requestId, url, status: response.statusCode, statusText: statusText(), headers, contentType, bodyId, stream, expectedBytes: contentLengthOf(response.headers['content-length']) },
          });
        },
        onWritten: (bytes) => {
          growing.written = bytes;
          wake(growing);
        },
      },
      cap: settings.maxBodyBytes,
      bomb: { bytes: settings.decodeStopBytes, ratio: settings.decodeStopRatio },
      previewBytes: this.previewBytes,
      memoryLimit: MEMORY_LIMIT,
      ...(events ? { tap: (piece: Buffer) => events.feed(piece) } : {}),
      onStart: (control) => (watch.control = control),
    });
    running.body = null;
    if (events) await events.finish(`${path}.times`);
    if (stored.inMemory) this.writeLater(bodyId, stored.inMemory);
    growing.complete = true;
    wake(growing);
    this.growing.delete(bodyId);
    const timing = timer.finish();
    return {
      requestId,
      url,
      status: response.statusCode,
      statusText: statusText(),
      httpVersion: 'HTTP/1.1',
      headers,
      contentType,
      body: classifyBody(stored.preview, contentType, stored.bytes > stored.preview.length),
      size: stored.wireBytes,
      bodySize: stored.bytes,
      bodyId,
      sha256: stored.sha256,
      truncated: stored.bytes > stored.preview.length,
      capped: stoppedAtLimit(stored, settings),
      incomplete: this.incompleteOf(stored, running, state),
      stream,
      events: events?.count ?? 0,
      redirects: state.redirects,
      timing: { ...timing, redirectsMs: Math.max(0, timer.start - running.started), totalMs: Math.max(timing.totalMs, this.now() - running.started) },
      sent: redactSent(state.hop.method, state.hop.url, withJarCookies(state.hop.headers, state.jar), state.hop.body, state.credentials, redact),
      ...(state.cookies.length > 0 ? { cookies: state.cookies.slice(-1000) } : {}),
      ...(state.jar ? { cookiesSent: state.jar.names.slice(0, 1000) } : {}),
    };
  }

  /** Why a body ended early, when it did (not at a limit): named, with what was kept. */
  private incompleteOf(stored: StoredBody, running: Running, state: Dispatch): ExecuteResult['incomplete'] {
    const stop = stored.stopped;
    if (!stop || stop.kind === 'cap' || stop.kind === 'bomb') return null;
    const kept = `The ${formatBytes(stored.bytes)} that arrived before are kept.`;
    if (stop.kind === 'disk') {
      const code = (stop.error as { code?: string }).code;
      this.options.logger.error('could not store a response body', { code });
      return { code: 'file_error', message: `Latchkey could not write the response body to disk (${code === 'ENOSPC' ? 'the disk is full' : (code ?? String(stop.error))}). ${kept}` };
    }
    const reason = running.reason ?? describeNetworkError(stop.error, state.hop.url, state.proxy ? describeProxy(state.proxy) : null);
    return { code: reason.code, message: `${reason.message} ${kept}` };
  }

  /** Stage 6: history and anyone else listening. */
  private record(request: RequestSpec, result: ExecuteResult): void {
    for (const listener of this.listeners) listener(request, result);
  }

  private tell(message: LiveMessage): void {
    for (const listener of this.liveListeners) listener(message);
  }

  /** Live messages about bodies still arriving (started, progress, events), for the renderer. */
  onLive(listener: LiveListener): () => void {
    this.liveListeners.add(listener);
    return () => this.liveListeners.delete(listener);
  }

  /** A body still being written, for a viewer that follows it; null once complete (or never live). */
  growingBody(bodyId: string): GrowingBody | null {
    const growing = this.growing.get(bodyId);
    if (!growing) return null;
    return {
      written: () => growing.written,
      complete: () => growing.complete,
      grown: () => (growing.complete ? Promise.resolve() : new Promise<void>((resolve) => growing.waiters.push(resolve))),
    };
  }

  /**
   * One ticking check for every running request, rather than a timer per request (a timer costs
   * more than the rest of a loopback request's bookkeeping): overall deadlines, idle bodies,
   * bodies to show live, and progress. It stops on the first tick that finds nothing running, so
   * back-to-back requests share it.
   */
  private watch(): void {
    if (this.deadlineTimer) return;
    this.deadlineTimer = setInterval(() => {
      if (this.inFlight.size === 0) {
        clearInterval(this.deadlineTimer!);
        this.deadlineTimer = null;
        return;
      }
      const now = this.now();
      for (const [requestId, running] of this.inFlight) {
        if (now >= running.deadline) {
          this.abort(running, new LatchkeyError('timeout', `No complete response within ${formatSeconds(running.overallTimeoutMs)} (the overall timeout).`));
          continue;
        }
        const body = running.body;
        if (!body?.control) continue;
        const received = body.control.received();
        if (received !== body.lastReceived) {
          body.lastReceived = received;
          body.activeAt = now;
        } else if (body.idleMs > 0 && now - body.activeAt >= body.idleMs) {
          this.abort(running, new LatchkeyError('timeout', `Nothing arrived for ${formatSeconds(body.idleMs)} while the body was arriving (the idle timeout).`));
          continue;
        }
        if (!body.live && now - body.startedAt >= LIVE_AFTER_MS) body.control.goLive();
        if (body.live && now - body.progressAt >= PROGRESS_MS) {
          const seconds = body.progressAt === 0 ? Math.max(0.001, (now - body.startedAt) / 1000) : (now - body.progressAt) / 1000;
          const rate = Math.max(0, (received - body.progressBytes) / seconds);
          body.progressAt = now;
          body.progressBytes = received;
          this.tell({ event: 'http:progress', payload: { requestId, received, decoded: body.control.decoded(), elapsedMs: now - running.started, rate } });
        }
      }
    }, DEADLINE_TICK_MS);
    this.deadlineTimer.unref();
  }

  /**
   * Small bodies are written behind: queued, then written once no request has started for
   * QUIET_MS (or when the queue holds WRITE_BEHIND_LIMIT), so disk work stays off the request
   * path even when requests come back to back. `bodyReady` writes a body at once when someone
   * needs its file; `close` writes the rest.
   */
  private writeLater(bodyId: string, bytes: Buffer): void {
    this.writeQueue.set(bodyId, bytes);
    this.queuedBytes += bytes.length;
    if (this.queuedBytes > WRITE_BEHIND_LIMIT) void this.flushWrites(true);
    else this.scheduleFlush();
  }

  private isQuiet(): boolean {
    return this.inFlight.size === 0 && this.now() - this.lastStartedAt >= QUIET_MS;
  }

  private scheduleFlush(): void {
    // Already waiting: the timer checks again for quiet when it fires.
    if (this.flushTimer) return;
    this.flushTimer = setTimeout(() => {
      this.flushTimer = null;
      if (this.isQuiet()) void this.flushWrites(false);
      else this.scheduleFlush();
    }, QUIET_MS);
    this.flushTimer.unref();
  }

  private async writeOne(bodyId: string): Promise<void> {
    const bytes = this.writeQueue.get(bodyId);
    if (!bytes) return this.writing.get(bodyId);
    this.writeQueue.delete(bodyId);
    this.queuedBytes -= bytes.length;
    const write = writeFile(this.bodyPath(bodyId), bytes, { mode: 0o600 })
      .catch((error: unknown) => this.options.logger.error('could not store a response body', { bodyId, error: String(error) }))
      .finally(() => this.writing.delete(bodyId));
    this.writing.set(bodyId, write);
    return write;
  }

  /** Writes the queue; unless `all`, it stops when a request starts and waits for quiet again. */
  private async flushWrites(all: boolean): Promise<void> {
    for (const bodyId of [...this.writeQueue.keys()]) {
      if (!all && !this.isQuiet() && this.queuedBytes <= WRITE_BEHIND_LIMIT) return this.scheduleFlush();
      await this.writeOne(bodyId);
    }
  }

  /** Forgets a stored body: drops it from the write queue and deletes its file. */
  async removeBody(bodyId: string): Promise<void> {
    const queued = this.writeQueue.get(bodyId);
    if (queued) {
      // Never written: there is no file to delete (and a failing unlink costs a stack trace).
      this.writeQueue.delete(bodyId);
      this.queuedBytes -= queued.length;
      return;
    }
    await this.writing.get(bodyId);
    const path = this.bodyPath(bodyId);
    await unlink(path).catch(() => undefined);
    await unlink(`${path}.times`).catch(() => undefined);
  }

  /** The first part of a stored body, as a response's preview; null when its file is gone. */
  async storedPreview(bodyId: string, contentType: string | null): Promise<Pick<ExecuteResult, 'body' | 'truncated'> | null> {
    const file = await open(await this.bodyReady(bodyId), 'r').catch(() => null);
    if (!file) return null;
    try {
      const { size } = await file.stat();
      const bytes = Buffer.alloc(Math.min(size, this.previewBytes));
      await file.read(bytes, 0, bytes.length, 0);
      return { body: classifyBody(bytes, contentType, size > bytes.length), truncated: size > bytes.length };
    } finally {
      await file.close();
    }
  }

  /** Resolves with the body's path once its file is complete. */
  async bodyReady(bodyId: string): Promise<string> {
    const path = this.bodyPath(bodyId);
    await this.writeOne(bodyId);
    return path;
  }

  private abort(running: Running, reason: LatchkeyError): void {
    running.reason ??= reason;
    // A body being stored stops at once and keeps what arrived; before that, undici aborts the request.
    running.body?.control?.stop(reason);
    running.signal.emit('abort');
  }

  /** Aborts a running request at once. Returns false when nothing by that id is running. */
  cancel(requestId: string): boolean {
    const running = this.inFlight.get(requestId);
    if (!running) return false;
    this.abort(running, new LatchkeyError('cancelled', 'The request was cancelled.'));
    return true;
  }

  async close(): Promise<void> {
    for (const running of this.inFlight.values()) this.abort(running, new LatchkeyError('cancelled', 'Latchkey is shutting down.'));
    await Promise.all([...this.agents.values()].map((agent) => agent.close()));
    if (this.flushTimer) clearTimeout(this.flushTimer);
    if (this.deadlineTimer) clearInterval(this.deadlineTimer);
    await this.flushWrites(true);
    await Promise.all(this.writing.values());
  }
}

/** Fills `{{variables}}` in connection fields; a missing one is an error naming it. */
function filler(lookup: Lookup): (text: string) => string {
  return (text) => {
    const { text: filled, missing } = resolveTemplate(text, lookup);
    if (missing.length > 0) {
      throw new LatchkeyError('unresolved_variable', `The connection uses ${missing.map((n) => `{{${n}}}`).join(', ')}, which ${missing.length === 1 ? 'has' : 'have'} no value. Define ${missing.length === 1 ? 'it' : 'them'} in Variables.`);
    }
    return filled;
  };
}

function formatSeconds(ms: number): string {
  return ms % 1000 === 0 ? `${ms / 1000} s` : `${(ms / 1000).toFixed(1)} s`;
}

function formatBytes(bytes: number): string {
  if (bytes >= 1024 * 1024 * 1024) return `${(bytes / (1024 * 1024 * 1024)).toFixed(1)} GB`;
  if (bytes >= 1024 * 1024) return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
  if (bytes >= 1024) return `${Math.round(bytes / 1024)} KB`;
  return `${bytes} B`;
}

function contentLengthOf(value: string | string[] | undefined): number | null {
  const text = single(value);
  return text !== null && /^\d+$/.test(text) ? Number(text) : null;
}

function single(value: string | string[] | undefined): string | null {
  if (value === undefined) return null;
  return Array.isArray(value) ? (value[0] ?? null) : value;
}

/**
 * The headers with the jar's cookies added: to the request's own Cookie header when it has one
 * (a cookie it names itself wins over the jar's of the same name), else as a Cookie header.
 */
export function withJarCookies(rows: [string, string][], jar: { header: string } | null): [string, string][] {
  if (!jar) return rows;
  const index = rows.findIndex(([name]) => name.toLowerCase() === 'cookie');
  if (index < 0) return [...rows, ['Cookie', jar.header]];
  const own = rows[index]![1];
  const named = new Set(own.split(';').map((pair) => pair.split('=')[0]!.trim()));
  const added = jar.header.split('; ').filter((pair) => !named.has(pair.split('=')[0]!.trim()));
  if (added.length === 0) return rows;
  return rows.map((row, i) => (i === index ? [row[0], own.trim() === '' ? added.join('; ') : `${own}; ${added.join('; ')}`] : row));
}

/** [[name, value], ...] as undici's flat [name, value, name, value, ...]. */
function flatHeaders(rows: [string, string][]): string[] {
  const flat = new Array<string>(rows.length * 2);
  for (let i = 0; i < rows.length; i++) {
    const [name, value] = rows[i]!;
    flat[2 * i] = name;
    flat[2 * i + 1] = value;
  }
  return flat;
}

function flattenHeaders(headers: Record<string, string | string[] | undefined>): [string, string][] {
  const rows: [string, string][] = [];
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined) continue;
    for (const v of Array.isArray(value) ? value : [value]) rows.push([name, v]);
  }
  return rows;
}
