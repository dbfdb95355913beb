import { useCallback, useState, useSyncExternalStore } from 'react';
import type { ApiError, Draft, ExecuteResult, ItemLocation, ResponseProgress, ResponseStarted, StreamEvent } from '../../preload/contract';
import { api } from '../api';

/** A tab's response, from Send to its answer. */
export type ResponseState =
  | { kind: 'idle'; note?: string }
  | { kind: 'restoring' }
  | { kind: 'sending'; startedAt: number; requestId: string }
  | { kind: 'done'; result: ExecuteResult }
  | { kind: 'failed'; error: ApiError };

/** What main pushes about a response still arriving: its head, progress and server-sent events. */
export interface LiveResponse {
  started: ResponseStarted | null;
  progress: ResponseProgress | null;
  events: StreamEvent[];
}

/** Events kept in the page while a stream runs; all of them stay in the stored body. */
export const LIVE_EVENTS_KEPT = 5000;

/**
 * One tab's request session: its send in flight, its response, and what its viewer was showing
 * (Pretty or Raw, search, folds, scroll), so switching tabs never mixes two responses and a
 * tab shown again is as it was left.
 */
export interface Session {
  response: ResponseState;
  live: LiveResponse;
  /** The viewer's remembered state, by name; cleared for each new response. */
  viewer: Map<string, unknown>;
}

const NOTHING_LIVE: LiveResponse = { started: null, progress: null, events: [] };
const IDLE: Session = { response: { kind: 'idle' }, live: NOTHING_LIVE, viewer: new Map() };

const sessions = new Map<string, Session>();
const listeners = new Map<string, Set<() => void>>();
/** The tab each send in flight belongs to. */
const tabOfRequest = new Map<string, string>();
const respondedListeners = new Set<(tabId: string, historyId: string) => void>();

function get(tabId: string): Session {
  return sessions.get(tabId) ?? IDLE;
}

function update(tabId: string, change: (session: Session) => Session): void {
  const next = change(get(tabId));
  sessions.set(tabId, next);
  for (const listener of listeners.get(tabId) ?? []) listener();
}

let following = false;
/** Routes what main pushes about bodies arriving to the tab whose send it is, shown or not. */
function followLive(): void {
  if (following) return;
  following = true;
  const toTab = (requestId: string, change: (live: LiveResponse) => LiveResponse) => {
    const tabId = tabOfRequest.get(requestId);
    if (tabId) update(tabId, (s) => (s.response.kind === 'sending' && s.response.requestId === requestId ? { ...s, live: change(s.live) } : s));
  };
  api.events['http:started']((started) => toTab(started.requestId, (live) => ({ ...live, started })));
  api.events['http:progress']((progress) => toTab(progress.requestId, (live) => ({ ...live, progress })));
  api.events['http:events'](({ requestId, events }) =>
    toTab(requestId, (live) => {
      const all = live.events.concat(events);
      return { ...live, events: all.length > LIVE_EVENTS_KEPT ? all.slice(all.length - LIVE_EVENTS_KEPT) : all };
    }),
  );
}

/** A tab's session, kept current. */
export function useSession(tabId: string): Session {
  followLive();
  const subscribe = useCallback(
    (listener: () => void) => {
      let set = listeners.get(tabId);
      if (!set) listeners.set(tabId, (set = new Set()));
      set.add(listener);
      return () => void set.delete(listener);
    },
    [tabId],
  );
  return useSyncExternalStore(subscribe, () => get(tabId));
}

export function isSending(tabId: string): boolean {
  return get(tabId).response.kind === 'sending';
}

/** What a new response keeps of the last one's viewer: the part chosen (Headers, Tests…), unless it was the body or the events, which each response picks for itself. */
function keptAcrossSends(viewer: Map<string, unknown>): Map<string, unknown> {
  const part = viewer.get('part');
  return part === undefined || part === 'body' || part === 'events' ? new Map() : new Map([['part', part]]);
}

/** Sends a tab's request. It keeps running when another tab is shown, and lands in its own tab. */
export async function send(tabId: string, request: Draft, location: ItemLocation | null): Promise<void> {
  if (isSending(tabId)) return;
  followLive();
  const requestId = crypto.randomUUID();
  tabOfRequest.set(requestId, tabId);
  update(tabId, (s) => ({ response: { kind: 'sending', startedAt: Date.now(), requestId }, live: NOTHING_LIVE, viewer: keptAcrossSends(s.viewer) }));
  const result = await api.calls['http:execute']({ requestId, request, location });
  tabOfRequest.delete(requestId);
  const current = get(tabId).response;
  // Closed, or sent again after a cancel, meanwhile: this answer is no longer the tab's.
  if (current.kind !== 'sending' || current.requestId !== requestId) return;
  update(tabId, (s) => ({ ...s, response: result.ok ? { kind: 'done', result: result.value } : { kind: 'failed', error: result.error }, live: NOTHING_LIVE }));
  if (result.ok) for (const listener of respondedListeners) listener(tabId, result.value.requestId);
}

/** Cancel (for a stream, Stop) for one tab's send. */
export function cancel(tabId: string): void {
  const response = get(tabId).response;
  if (response.kind === 'sending') void api.calls['http:cancel']({ requestId: response.requestId });
}

/** After a restart: shows a tab's last response again, read back from History. */
export async function restore(tabId: string, historyId: string): Promise<void> {
  if (get(tabId).response.kind !== 'idle') return;
  update(tabId, (s) => ({ ...s, response: { kind: 'restoring' } }));
  const result = await api.calls['history:response']({ id: historyId });
  if (get(tabId).response.kind !== 'restoring') return;
  const response: ResponseState =
    result.ok && result.value
      ? { kind: 'done', result: result.value }
      : { kind: 'idle', note: result.ok ? 'The last response of this tab is no longer in History.' : `The last response could not be read: ${result.error.message}` };
  update(tabId, (s) => ({ ...s, response }));
}

/** A tab was closed: its send stops and its response is let go. */
export function closeSession(tabId: string): void {
  cancel(tabId);
  sessions.delete(tabId);
  listeners.delete(tabId);
}

/** Tells `listener` each time a tab's send gets its answer (its History id), to keep the tab's link to it. */
export function onResponded(listener: (tabId: string, historyId: string) => void): () => void {
  respondedListeners.add(listener);
  return () => void respondedListeners.delete(listener);
}

/**
 * Like useState, but kept in the tab's session: shown again, the tab's viewer is as it was
 * left. `key` names the value within the response (several viewers can share a session).
 */
export function useRemembered<T>(memory: Map<string, unknown> | null, key: string, initial: T): [T, (value: T | ((previous: T) => T)) => void] {
  const [value, setValue] = useState<T>(() => (memory?.has(key) ? (memory.get(key) as T) : initial));
  const set = useCallback(
    (next: T | ((previous: T) => T)) =>
      setValue((previous) => {
        const resolved = typeof next === 'function' ? (next as (previous: T) => T)(previous) : next;
        memory?.set(key, resolved);
        return resolved;
      }),
    [memory, key],
  );
  return [value, set];
}

/** For tests: forgets every session. */
export function resetSessions(): void {
  sessions.clear();
  tabOfRequest.clear();
}
