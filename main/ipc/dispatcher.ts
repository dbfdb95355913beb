import { contract, isChannelName } from '../../preload/contract';
import type { ApiError, EventName, EventPayload, Handlers, Result } from '../../preload/contract';
import { LatchkeyError } from '../core/errors';
import type { Logger } from '../ports';

/** Who sent a call, as the transport saw it. */
export interface Sender {
  /** Origin of the calling frame, e.g. "app://latchkey" or "http://127.0.0.1:5173". */
  origin: string | null;
  /** False for iframes and other subframes. */
  isMainFrame: boolean;
}

export type Dispatch = (channel: string, payload: unknown, sender: Sender) => Promise<Result<unknown>>;

/**
 * The single gate every call passes: sender check, schema parse, handler, structured result.
 * Nothing thrown inside a handler reaches the renderer as a raw string or stack.
 */
export function createDispatcher(handlers: Handlers, options: { appOrigin: string; logger: Logger }): Dispatch {
  return async (channel, payload, sender) => {
    if (sender.origin !== options.appOrigin || !sender.isMainFrame) {
      options.logger.warn('call refused: foreign sender', { channel, origin: sender.origin, isMainFrame: sender.isMainFrame });
      return fail({ code: 'forbidden_sender', message: 'Calls are accepted only from the Latchkey window itself.' });
    }
    if (!isChannelName(channel)) {
      return fail({ code: 'unknown_channel', message: `There is no channel called "${String(channel).slice(0, 100)}".` });
    }
    const schema = contract[channel];
    const parsed = schema.req.safeParse(payload);
    if (!parsed.success) {
      return fail({
        code: 'invalid_request',
        message: `The ${channel} call was refused: its payload does not match the contract.`,
        issues: parsed.error.issues.slice(0, 20).map((issue) => ({ path: issue.path.join('.') || '(root)', message: issue.message })),
      });
    }
    try {
      const handler = handlers[channel] as (req: unknown) => Promise<unknown>;
      const value = await handler(parsed.data);
      // The answer is checked too, so a handler bug surfaces here rather than in the renderer.
      const answer = schema.res.safeParse(value);
      if (!answer.success) {
        options.logger.error('handler answered outside the contract', { channel, issues: answer.error.issues.slice(0, 5).map((i) => `${i.path.join('.')}: ${i.message}`) });
        return fail({ code: 'internal', message: `Latchkey hit an unexpected problem handling ${channel}. The details are in the log.` });
      }
      return { ok: true, value: answer.data };
    } catch (error) {
      if (error instanceof LatchkeyError) return fail({ code: error.code, message: error.message });
      options.logger.error('handler failed', { channel, error: error instanceof Error ? (error.stack ?? error.message) : String(error) });
      return fail({ code: 'internal', message: `Latchkey hit an unexpected problem handling ${channel}. The details are in the log.` });
    }
  };
}

function fail(error: ApiError): Result<never> {
  return { ok: false, error };
}

/**
 * How calls reach main and events reach the page: Electron IPC, or the browser host's
 * WebSocket. `serve` hands the transport the dispatcher every call goes through.
 */
export interface Transport {
  serve(dispatch: Dispatch): void;
  emit<E extends EventName>(event: E, payload: EventPayload<E>): void;
}
