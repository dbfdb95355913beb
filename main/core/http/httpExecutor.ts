import { randomUUID } from 'node:crypto';
import { EventEmitter } from 'node:events';
import { mkdirSync } from 'node:fs';
import { open, unlink, writeFile } from 'node:fs/promises';
import { STATUS_CODES } from 'node:http';
import { join } from 'node:path';
import { rootCertificates } from 'node:tls';
import { Agent, ProxyAgent, type Dispatcher } from 'undici';
import type { ExecuteRequest, ExecuteResult, ItemLocation, RequestSettings, RequestSpec, SentRequest } from '../../../preload/contract';
import type { Clock, Logger, ReclaimMemory } from '../../ports';
import type { AppliedConnection } from '../connections/connectionsService';
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
import { isSmallAndPlain, readWhole, storeBody, type StoreOptions } from './storeBody';
import { StreamedBody } from './streamedBody';

/** Bodies up to this size are held in memory and written to their file after the answer. */
const MEMORY_LIMIT = 256 * 1024;
/** How much of a large body streams to disk between reclaim calls. */
const RECLAIM_EVERY = 8 * 1024 * 1024;
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
  variables: (request: RequestSpec, location: ItemLocation | null | undefined) => VariableValues | Promise<VariableValues>;
  /** The user's request defaults (the Settings screen); a request's own settings override them. */
  defaults?: () => RequestSettings;
  /** Connections requests may name; without it, a request naming one is refused. */
  connections?: ConnectionResolver;
  /** Decoded bytes sent to the renderer with the result; the rest is read from the file. */
  previewBytes?: number;
  /** PEM certificates trusted in addition to the system's roots (a company CA, a test CA). */
  extraCaCertificates?: string[];
  /** Called every RECLAIM_EVERY bytes of a body streamed to disk (see ReclaimMemory). */
  reclaimMemory?: ReclaimMemory;
}

/** Something that runs after every execution (history). */
export type ExecutionListener = (request: RequestSpec, result: ExecuteResult) => void;

interface Running {
  signal: EventEmitter;
  reason: LatchkeyError | null;
  /** When the overall timeout ends the request (clock ms); Infinity for none. */
  deadline: number;
  overallTimeoutMs: number;
}

/** How often running requests' overall deadlines are checked. */
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

  private readonly reclaim: StoreOptions['reclaim'];

  constructor(private readonly options: HttpExecutorOptions) {
    this.previewBytes = options.previewBytes ?? 64 * 1024;
    this.reclaim = options.reclaimMemory ? { every: RECLAIM_EVERY, run: options.reclaimMemory } : undefined;
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

  /** Prepares the request and applies its connection: the base URL, then the credentials. */
  private async authorise(spec: RequestSpec, variables: VariableValues, connection: AppliedConnection | null) {
    const prepared = prepareRequest(spec, variables.lookup, this.settingsDefaults(), connection?.baseUrl ?? '');
    if (!connection) return { request: prepared, credentials: NO_CREDENTIALS };
    return connection.apply(prepared, filler(variables.lookup));
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
    const { request, credentials } = await this.authorise(spec, variables, connection);
    const headers = [...request.headers];
    if (!headers.some(([name]) => name.toLowerCase() === 'user-agent')) headers.push(['User-Agent', this.options.userAgent]);
    return redactSent(request.method, request.url, headers, request.body, credentials, this.redactorFor(variables, connection));
  }

  /**
   * Copy as cURL: the request as it would be sent, its connection applied. The connection's
   * credentials become `<name>` placeholders unless `includeSecrets` (an explicit user action).
   */
  async curl(spec: RequestSpec, lookup: Lookup, includeSecrets: boolean): Promise<string> {
    const connection = await this.connectionOf(spec);
    const prepared = prepareRequest(credentialPlaceholders(spec, includeSecrets), lookup, this.settingsDefaults(), connection?.baseUrl ?? '');
    if (!connection) return toCurl(prepared);
    const { request, credentials } = await connection.apply(prepared, filler(lookup));
    if (includeSecrets) return toCurl(request);
    const url = new URL(request.url);
    for (const name of credentials.query) if (url.searchParams.has(name)) url.searchParams.set(name, `<${name}>`);
    const redact = secretRedactor(connection.secrets);
    return toCurl({
      ...request,
      url,
      headers: request.headers.map(([name, value]) => [name, credentials.headers.has(name.toLowerCase()) ? `<${name}>` : value]),
      body: Buffer.isBuffer(request.body) ? Buffer.from(redact(request.body.toString('utf8'))) : request.body,
    });
  }

  /** `record: false` keeps the execution out of history (a connection test). */
  async execute(input: ExecuteRequest, options: { record?: boolean } = {}): Promise<ExecuteResult> {
    if (this.inFlight.has(input.requestId)) {
      throw new LatchkeyError('invalid_request', `A request with id ${input.requestId} is already running.`);
    }
    refuseUnconfirmedFiles(input.request);
    // Awaited only when there is something to wait for: each await is a turn of the queue.
    const pendingVariables = this.options.variables(input.request, input.location);
    const variables = pendingVariables instanceof Promise ? await pendingVariables : pendingVariables;
    const pendingConnection = this.connectionOf(input.request);
    const connection = pendingConnection instanceof Promise ? await pendingConnection : pendingConnection;
    const redact = this.redactorFor(variables, connection);
    let authed: PreparedRequest;
    let credentials: Credentials;
    if (connection) {
      ({ request: authed, credentials } = await this.authorise(input.request, variables, connection));
    } else {
      authed = prepareRequest(input.request, variables.lookup, this.settingsDefaults());
      credentials = NO_CREDENTIALS;
    }
    // A client certificate is presented to the connection's own origin only.
    let clientTls = connection?.tls ?? null;
    // Verification can be turned off per request or per connection, never for everything.
    const settings = connection && !connection.verifyTls ? { ...authed.settings, verifyTls: false } : authed.settings;
    const headers = this.engineHeaders(authed);

    const started = this.now();
    this.lastStartedAt = started;
    const running: Running = {
      signal: new EventEmitter(),
      reason: null,
      deadline: settings.overallTimeoutMs > 0 ? started + settings.overallTimeoutMs : Infinity,
      overallTimeoutMs: settings.overallTimeoutMs,
    };
    this.inFlight.set(input.requestId, running);
    if (running.deadline !== Infinity) this.watchDeadlines();
    let hop: Hop = { method: authed.method, url: authed.url, headers, body: authed.body };
    const redirects: ExecuteResult['redirects'] = [];
    let proxy: URL | null = null;
    /** Set once a 401 made the connection renew its token: a request is retried once, never more. */
    let renewed = false;
    try {
      for (;;) {
        proxy = this.proxyFor(settings, hop.url);
        const timer = new RequestTimer(this.now);
        const response = await withTimer(timer, this.now, () =>
          // Straight to the pool: the URL is parsed already.
          this.agentFor(settings, proxy, clientTls).request({
            origin: hop.url.origin,
            path: hop.url.pathname + hop.url.search,
            method: hop.method as Dispatcher.HttpMethod,
            headers: flatHeaders(hop.headers),
            body: hop.body instanceof StreamedBody ? hop.body.open() : hop.body,
            signal: running.signal,
            headersTimeout: settings.firstByteTimeoutMs,
            bodyTimeout: settings.firstByteTimeoutMs,
          }),
        );
        if (response.statusCode === 401 && connection?.renew && !renewed && redirects.length === 0) {
          // An OAuth token the server no longer takes: renew it once and send again.
          renewed = true;
          await response.body.dump();
          await connection.renew();
          const fresh = await this.connectionOf(input.request);
          ({ request: authed, credentials } = await this.authorise(input.request, variables, fresh));
          hop = { method: authed.method, url: authed.url, headers: this.engineHeaders(authed), body: authed.body };
          continue;
        }
        const location = single(response.headers.location);
        if (settings.followRedirects && isRedirect(response.statusCode) && location) {
          await response.body.dump();
          if (redirects.length >= settings.maxRedirects) {
            throw new LatchkeyError('too_many_redirects', `Stopped after ${settings.maxRedirects} redirects (the limit in this request's settings). The last one pointed to ${redact(new URL(location, hop.url).href)}.`);
          }
          const next = planRedirect(hop, response.statusCode, location, credentials, this.secretsOf(variables, connection));
          redirects.push({ status: response.statusCode, url: redact(hop.url.href), dropped: next.dropped });
          if (next.crossOrigin) clientTls = null;
          hop = next;
          continue;
        }

        const bodyId = randomUUID();
        const contentType = single(response.headers['content-type']);
        const contentEncoding = single(response.headers['content-encoding']);
        const contentLength = contentLengthOf(response.headers['content-length']);
        const stored = isSmallAndPlain(contentEncoding, contentLength, Math.min(MEMORY_LIMIT, settings.maxBodyBytes))
          ? await readWhole(response.body, this.previewBytes)
          : await storeBody(response.body, {
              contentEncoding,
              contentLength,
              openFile: () => open(this.bodyPath(bodyId), 'w', 0o600),
              cap: settings.maxBodyBytes,
              previewBytes: this.previewBytes,
              memoryLimit: MEMORY_LIMIT,
              reclaim: this.reclaim,
            });
        if (stored.inMemory) this.writeLater(bodyId, stored.inMemory);
        const timing = timer.finish();
        const result: ExecuteResult = {
          requestId: input.requestId,
          url: redact(hop.url.href),
          status: response.statusCode,
          statusText: timer.statusText || STATUS_CODES[response.statusCode] || '',
          httpVersion: 'HTTP/1.1',
          headers: flattenHeaders(response.headers),
          contentType,
          body: classifyBody(stored.preview, contentType, stored.bytes > stored.preview.length),
          size: stored.wireBytes,
          bodySize: stored.bytes,
          bodyId,
          sha256: stored.sha256,
          truncated: stored.bytes > stored.preview.length,
          capped: stored.capped
            ? `The body was cut at ${formatBytes(settings.maxBodyBytes)} of decoded data (the size limit in this request's settings); the rest was discarded.`
            : null,
          redirects,
          timing: { ...timing, totalMs: Math.max(timing.totalMs, this.now() - started) },
          sent: redactSent(hop.method, hop.url, hop.headers, hop.body, credentials, redact),
        };
        if (options.record !== false) for (const listener of this.listeners) listener(input.request, result);
        return result;
      }
    } catch (error) {
      if (running.reason) throw running.reason;
      const described = describeNetworkError(error, hop.url, proxy ? describeProxy(proxy) : null);
      this.options.logger.info('request failed', { code: described.code, host: hop.url.host });
      throw described;
    } finally {
      this.inFlight.delete(input.requestId);
    }
  }

  /**
   * One ticking check for every running request's overall deadline, rather than a timer per
   * request (a timer costs more than the rest of a loopback request's bookkeeping). It stops on
   * the first tick that finds nothing running, so back-to-back requests share it.
   */
  private watchDeadlines(): void {
    if (this.deadlineTimer) return;
    this.deadlineTimer = setInterval(() => {
      if (this.inFlight.size === 0) {
        clearInterval(this.deadlineTimer!);
        this.deadlineTimer = null;
        return;
      }
      const now = this.now();
      for (const running of this.inFlight.values()) {
        if (now >= running.deadline) {
          this.abort(running, new LatchkeyError('timeout', `No complete response within ${formatSeconds(running.overallTimeoutMs)} (the overall timeout).`));
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
    await unlink(this.bodyPath(bodyId)).catch(() => undefined);
  }

  /** Resolves with the body's path once its file is complete. */
  async bodyReady(bodyId: string): Promise<string> {
    const path = this.bodyPath(bodyId);
    await this.writeOne(bodyId);
    return path;
  }

  private abort(running: Running, reason: LatchkeyError): void {
    running.reason ??= reason;
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
  return `${Math.round(bytes / 1024)} KB`;
}

function contentLengthOf(value: string | string[] | undefined): number | null {
  const text = single(value);
  return text !== null && /^\d+$/.test(text) ? Number(text) : null;
}

function single(value: string | string[] | undefined): string | null {
  if (value === undefined) return null;
  return Array.isArray(value) ? (value[0] ?? null) : value;
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
