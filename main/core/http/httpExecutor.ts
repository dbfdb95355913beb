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
  private readonly inFlight = new Map<string, AbortController>();
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

    const controller = new AbortController();
    this.inFlight.set(input.requestId, controller);
    const overall = setTimeout(() => controller.abort(new LatchkeyError('timeout', `No complete response from ${url.host} within ${Math.round((this.options.overallTimeoutMs ?? 300_000) / 1000)} s.`)), this.options.overallTimeoutMs ?? 300_000);
    const started = this.options.clock.now();
    try {
      const response = await request(url, {
        method: method as 'GET',
        headers: headers.flat(),
        body,
        dispatcher: this.agent,
        signal: controller.signal,
      });
      const firstByteMs = this.options.clock.now() - started;
      const contentEncoding = single(response.headers['content-encoding']);
      const contentType = single(response.headers['content-type']);
      const preview = await readBodyPreview(response.body, contentEncoding, this.previewCap);
      const totalMs = this.options.clock.now() - started;
      return {
        requestId: input.requestId,
        url: url.toString(),
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
      const reason = controller.signal.aborted ? controller.signal.reason : undefined;
      if (reason instanceof LatchkeyError) throw reason;
      const described = describeNetworkError(error, url);
      this.options.logger.info('request failed', { code: described.code, host: url.host });
      throw described;
    } finally {
      clearTimeout(overall);
      this.inFlight.delete(input.requestId);
    }
  }

  /** Aborts a running request at once. Returns false when nothing by that id is running. */
  cancel(requestId: string): boolean {
    const controller = this.inFlight.get(requestId);
    if (!controller) return false;
    controller.abort(new LatchkeyError('cancelled', 'The request was cancelled.'));
    return true;
  }

  async close(): Promise<void> {
    for (const controller of this.inFlight.values()) controller.abort();
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
