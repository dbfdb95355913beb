// A stand-in for main in renderer tests, built from the same contract client the app uses.
// Every request the renderer makes, every answer a test gives and every event a test pushes is
// checked against the contract's schemas, so a stand-in cannot drift from what main really
// accepts and returns. The real main behind a real transport is exercised by test/main/host
// and the Playwright journeys.
import { contract, events, type ApiError, type ChannelName, type EventName, type EventPayload, type Req, type Res, type Result } from '../../preload/contract';
import { buildClient } from '../../preload/contract/client';

/** An answer that is an error, not a value. */
export interface Failure {
  failure: ApiError;
}
export const fail = (code: ApiError['code'], message: string): Failure => ({ failure: { code, message } });

type Answer<K extends ChannelName> = (req: Req<K>) => Res<K> | Failure | Promise<Res<K> | Failure>;
export type Answers = { [K in ChannelName]?: Answer<K> };

export interface FakeMain {
  /** Every call made, in order. */
  calls: { channel: ChannelName; req: unknown }[];
  /** Requests, answers or events that do not match the contract, and calls nobody answers: a test expects none. */
  violations: string[];
  /** Sets (or replaces) the answer for a channel. */
  answer<K extends ChannelName>(channel: K, answer: Answer<K>): void;
  /** Pushes an event to the renderer's listeners, as main would. */
  emit<E extends EventName>(event: E, payload: EventPayload<E>): void;
  /** How many listeners the renderer has for an event. */
  listening(event: EventName): number;
  /** The calls made on one channel, their requests. */
  requests<K extends ChannelName>(channel: K): Req<K>[];
  /** Back to the answers it was made with; forgets calls and violations. */
  reset(): void;
}

/** Builds the stand-in and installs it as `window.latchkey` (import the app after this). */
export function installFakeMain(defaults: Answers): FakeMain {
  let answers: Answers = { ...defaults };
  const listeners = new Map<EventName, Set<(payload: unknown) => void>>();
  const main: FakeMain = {
    calls: [],
    violations: [],
    answer(channel, answer) {
      (answers as Record<string, unknown>)[channel] = answer;
    },
    emit(event, payload) {
      const checked = events[event].safeParse(payload);
      if (!checked.success) main.violations.push(`event ${event}: ${checked.error.message}`);
      for (const listener of listeners.get(event) ?? []) listener(payload);
    },
    listening: (event) => listeners.get(event)?.size ?? 0,
    requests: <K extends ChannelName>(channel: K) => main.calls.filter((c) => c.channel === channel).map((c) => c.req as Req<K>),
    reset() {
      answers = { ...defaults };
      main.calls.length = 0;
      main.violations.length = 0;
    },
  };
  // jsdom lays nothing out, so it has no scrollIntoView; a browser always has one (the tab strip
  // keeps the active tab in view with it, checked in the tabs journey).
  Element.prototype.scrollIntoView ??= function scrollIntoView() {};
  window.latchkey = buildClient(
    async (channel, payload): Promise<Result<unknown>> => {
      main.calls.push({ channel, req: payload });
      const schema = contract[channel];
      const req = schema.req.safeParse(payload);
      if (!req.success) {
        main.violations.push(`request to ${channel}: ${req.error.message}`);
        return { ok: false, error: { code: 'invalid_request', message: `The request to ${channel} does not match the contract.` } };
      }
      const answer = answers[channel] as ((req: unknown) => unknown) | undefined;
      if (!answer) {
        main.violations.push(`no answer for ${channel}`);
        return { ok: false, error: { code: 'internal', message: `The test gives no answer for ${channel}.` } };
      }
      const value = await answer(req.data);
      if (value && typeof value === 'object' && 'failure' in value) return { ok: false, error: (value as Failure).failure };
      const res = schema.res.safeParse(value);
      if (!res.success) main.violations.push(`answer for ${channel}: ${res.error.message}`);
      return { ok: true, value: res.success ? res.data : value };
    },
    (event, listener) => {
      let set = listeners.get(event);
      if (!set) listeners.set(event, (set = new Set()));
      set.add(listener);
      return () => void set.delete(listener);
    },
  );
  return main;
}

/** Stands in for the system clipboard (jsdom has none): what was copied, newest last. */
export function fakeClipboard(): string[] {
  const copied: string[] = [];
  Object.defineProperty(navigator, 'clipboard', { value: { writeText: async (text: string) => void copied.push(text) }, configurable: true });
  return copied;
}
