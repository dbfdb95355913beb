import { EventEmitter } from 'node:events';
import { STATUS_CODES } from 'node:http';
import { Agent, request } from 'undici';
import type { ExecuteRequest, ExecuteResult } from '../../../preload/contract';
import type { Clock, Logger } from '../../ports';
import { LatchkeyError } from '../errors';
import { classifyBody } from './classifyBody';
import { describeNetworkError } from './describeNetworkError';
import { readBodyPreview } from './readBodyPreview';
import { validateRequest } from './validateRequest';

export interface HttpExecutorOptions {
  clock: Clock;
  logger: Logger;
  userAgent: string;
  /** Most decoded bytes kept for the viewer. */
  previewCap?: number;
  connectTimeoutMs?: number;
  firstByteTimeoutMs?: number;
  overallTimeoutMs?: number;
}

const BODYLESS = new Set(['GET', 'HEAD']);

/** Executes requests with undici. One instance per app; it owns its connection pool. */
export class HttpExecutor {
  private readonly agent: Agent;
  /** Running requests by id. undici takes an EventEmitter as its abort signal, which costs less per request than an AbortController. */
  private readonly inFlight = new Map<string, { signal: EventEmitter; reason: LatchkeyError | null }>();
  private readonly previewCap: number;

  constructor(private readonly options: HttpExecutorOptions) {
    this.previewCap = options.previewCap ?? 10 * 1024 * 1024;
    this.agent = new Agent({
      connect: { timeout: options.connectTimeoutMs ?? 15_000 },
      headersTimeout: options.firstByteTimeoutMs ?? 60_000,
      bodyTimeout: options.firstByteTimeoutMs ?? 60_000,
    });
  }

  async execute(input: ExecuteRequest): Promise<ExecuteResult> {
    const { method, url, headers } = validateRequest(input);
    if (this.inFlight.has(input.requestId)) {
      throw new LatchkeyError('invalid_request', `A request with id ${input.requestId} is already running.`);
    }
    if (!headers.some(([name]) => name.toLowerCase() === 'user-agent')) headers.push(['user-agent', this.options.userAgent]);
    const body = BODYLESS.has(method) || !input.body ? undefined : input.body;

    const running = { signal: new EventEmitter(), reason: null as LatchkeyError | null };
    this.inFlight.set(input.requestId, running);
    const overallMs = this.options.overallTimeoutMs ?? 300_000;
    const overall = setTimeout(() => this.abort(running, new LatchkeyError('timeout', `No complete response from ${url.host} within ${Math.round(overallMs / 1000)} s.`)), overallMs);
    const started = this.options.clock.now();
    try {
      const response = await request(url.href, {
        method: method as 'GET',
        headers: headers.flat(),
        body,
        dispatcher: this.agent,
        signal: running.signal,
      });
      const firstByteMs = this.options.clock.now() - started;
      const contentEncoding = single(response.headers['content-encoding']);
      const contentType = single(response.headers['content-type']);
      const preview = await readBodyPreview(response.body, contentEncoding, this.previewCap);
      const totalMs = this.options.clock.now() - started;
      return {
        requestId: input.requestId,
        url: url.href,
        status: response.statusCode,
        statusText: STATUS_CODES[response.statusCode] ?? '',
        headers: flattenHeaders(response.headers),
        contentType,
        body: classifyBody(preview.bytes, contentType, preview.truncated),
        size: preview.wireBytes,
        truncated: preview.truncated,
        timing: { firstByteMs, totalMs },
      };
    } catch (error) {
      if (running.reason) throw running.reason;
      const described = describeNetworkError(error, url);
      this.options.logger.info('request failed', { code: described.code, host: url.host });
      throw described;
    } finally {
      clearTimeout(overall);
      this.inFlight.delete(input.requestId);
    }
  }

  private abort(running: { signal: EventEmitter; reason: LatchkeyError | null }, reason: LatchkeyError): void {
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
    await this.agent.close();
  }
}

function single(value: string | string[] | undefined): string | null {
  if (value === undefined) return null;
  return Array.isArray(value) ? (value[0] ?? null) : value;
}

function flattenHeaders(headers: Record<string, string | string[] | undefined>): [string, string][] {
  const rows: [string, string][] = [];
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined) continue;
    for (const v of Array.isArray(value) ? value : [value]) rows.push([name, v]);
  }
  return rows;
}
