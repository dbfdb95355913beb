import { channelNames, eventNames } from './index';
import type { ChannelName, EventName, LatchkeyApi } from './index';
import type { Result } from './result';

type Invoke = (channel: ChannelName, payload: unknown) => Promise<Result<unknown>>;
type Subscribe = (event: EventName, listener: (payload: unknown) => void) => () => void;

/**
 * Builds the renderer's API from the contract's keys: one function per channel and one
 * subscription per event. Used by the Electron preload (over IPC) and by the browser host
 * client (over WebSocket), so both expose exactly the same surface.
 */
export function buildClient(invoke: Invoke, subscribe: Subscribe): LatchkeyApi {
  const calls: Record<string, (req?: unknown) => Promise<Result<unknown>>> = {};
  for (const name of channelNames) calls[name] = (req?: unknown) => invoke(name, req);
  const evts: Record<string, (listener: (payload: unknown) => void) => () => void> = {};
  for (const name of eventNames) evts[name] = (listener) => subscribe(name, listener);
  return Object.freeze({
    calls: Object.freeze(calls),
    events: Object.freeze(evts),
  }) as unknown as LatchkeyApi;
}
