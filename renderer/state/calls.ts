import { useCallback, useEffect, useSyncExternalStore } from 'react';
import { HISTORY_LIMIT, type ApiError, type ChannelName, type Req, type Res, type Result, type RunInfo } from '../../preload/contract';
import { pushedLists, staleAfter } from '../../preload/contract/effects';
import { api } from '../api';

/** A cached call's result as a component sees it. */
export interface Cached<T> {
  data: T | undefined;
  error: ApiError | null;
  /** True until the first answer. */
  loading: boolean;
}

interface Entry {
  channel: ChannelName;
  req: unknown;
  state: Cached<unknown>;
  listeners: Set<() => void>;
  fetching: Promise<void> | null;
  /** Made stale while a fetch was in flight: fetched again when it lands. */
  again: boolean;
  /** Made stale while nobody showed it: fetched when next shown. */
  stale: boolean;
}

const LOADING: Cached<never> = { data: undefined, error: null, loading: true };
const entries = new Map<string, Entry>();
/** Unwatched results kept for a quick return to a screen; the oldest go first. */
const KEPT_UNWATCHED = 100;

const keyOf = (channel: ChannelName, req: unknown) => (req === undefined ? channel : `${channel}\u0000${JSON.stringify(req)}`);

function invoke(channel: ChannelName, req: unknown): Promise<Result<unknown>> {
  return (api.calls[channel] as (req?: unknown) => Promise<Result<unknown>>)(req);
}

function entryFor(channel: ChannelName, req: unknown): Entry {
  const key = keyOf(channel, req);
  let entry = entries.get(key);
  if (!entry) {
    entry = { channel, req, state: LOADING, listeners: new Set(), fetching: null, again: false, stale: true };
    entries.set(key, entry);
    evictUnwatched();
  }
  return entry;
}

function evictUnwatched(): void {
  const unwatched = [...entries].filter(([, e]) => e.listeners.size === 0 && !e.fetching);
  for (const [key] of unwatched.slice(0, Math.max(0, unwatched.length - KEPT_UNWATCHED))) entries.delete(key);
}

function publish(entry: Entry, state: Cached<unknown>): void {
  entry.state = state;
  for (const listener of entry.listeners) listener();
}

function fetchEntry(entry: Entry): Promise<void> {
  if (entry.fetching) {
    entry.again = true;
    return entry.fetching;
  }
  entry.stale = false;
  entry.fetching = (async () => {
    do {
      entry.again = false;
      const result = await invoke(entry.channel, entry.req);
      publish(entry, result.ok ? { data: result.value, error: null, loading: false } : { data: entry.state.data, error: result.error, loading: false });
    } while (entry.again);
    entry.fetching = null;
  })();
  return entry.fetching;
}

/** Marks every cached result of `channel` stale: shown ones are fetched again now, the rest when next shown. */
export function invalidate(channel: ChannelName): void {
  for (const entry of entries.values()) {
    if (entry.channel !== channel) continue;
    if (entry.listeners.size > 0) void fetchEntry(entry);
    else entry.stale = true;
  }
}

/** Replaces what is cached for one call (a list main pushed), telling every component that shows it. */
export function setCached<K extends ChannelName>(channel: K, req: Req<K> | undefined, update: (current: Res<K> | undefined) => Res<K>): void {
  const entry = entryFor(channel, req);
  publish(entry, { data: update(entry.state.data as Res<K> | undefined), error: null, loading: false });
  entry.stale = false;
}

let pushing = false;
/** Keeps the lists main pushes (history, collections, connections) up to date without fetching them again. */
function followPushedLists(): void {
  if (pushing) return;
  pushing = true;
  api.events['history:added']((entry) =>
    setCached(pushedLists['history:added'], undefined, (list) => [entry, ...(list ?? []).filter((e) => e.id !== entry.id)].slice(0, HISTORY_LIMIT)),
  );
  api.events['collections:changed']((tree) => {
    setCached(pushedLists['collections:changed'], undefined, () => tree);
    // A request moved to another folder inherits other assertions.
    invalidate('checks:inherited');
  });
  api.events['connections:changed']((list) => setCached(pushedLists['connections:changed'], undefined, () => list));
  // A run's rows and totals arrive as it goes; a list nobody has fetched yet is fetched whole when shown.
  const upsertRun = (run: RunInfo) => peekCached('runner:runs') && setCached('runner:runs', undefined, (list) => (list?.some((r) => r.id === run.id) ? list.map((r) => (r.id === run.id ? run : r)) : [run, ...(list ?? [])]));
  api.events['runner:step'](({ run, row }) => {
    upsertRun(run);
    const rows = peekCached('runner:steps', { runId: run.id });
    if (rows && !rows.some((r) => r.n === row.n)) setCached('runner:steps', { runId: run.id }, (current) => [...(current ?? []), row]);
  });
  api.events['runner:finished']((run) => {
    upsertRun(run);
    // Runs beyond the kept 20 went in main.
    invalidate('runner:runs');
  });
}

/**
 * A call's result, cached by channel and request and shared by every component that asks for
 * it. `req` null: not wanted now (nothing is fetched). Lists main pushes stay current by
 * themselves; calls made through `call` refresh what they make stale (see contract/effects.ts).
 */
export function useCall<K extends ChannelName>(channel: K, ...args: undefined extends Req<K> ? [req?: Req<K> | null] : [req: Req<K> | null]): Cached<Res<K>> & { refresh(): Promise<void> } {
  followPushedLists();
  const req = args[0];
  const entry = req === null ? null : entryFor(channel, req);
  const subscribe = useCallback(
    (listener: () => void) => {
      if (!entry) return () => undefined;
      entry.listeners.add(listener);
      return () => void entry.listeners.delete(listener);
    },
    [entry],
  );
  const state = useSyncExternalStore(subscribe, () => entry?.state ?? LOADING);
  useEffect(() => {
    if (entry?.stale && !entry.fetching) void fetchEntry(entry);
  }, [entry]);
  return { ...(state as Cached<Res<K>>), refresh: () => (entry ? fetchEntry(entry) : Promise.resolve()) };
}

/** Makes a call to main; when it succeeds, the cached results it makes stale are fetched again. */
export async function call<K extends ChannelName>(channel: K, ...args: undefined extends Req<K> ? [req?: Req<K>] : [req: Req<K>]): Promise<Result<Res<K>>> {
  const result = (await invoke(channel, args[0])) as Result<Res<K>>;
  if (result.ok) for (const stale of (staleAfter as Partial<Record<ChannelName, readonly ChannelName[]>>)[channel] ?? []) invalidate(stale);
  return result;
}

/** For tests: forgets every cached result. */
export function resetCalls(): void {
  entries.clear();
}

/** What is cached for a call now, outside a render; undefined when nothing is. */
export function peekCached<K extends ChannelName>(channel: K, req?: Req<K>): Res<K> | undefined {
  return entries.get(keyOf(channel, req))?.state.data as Res<K> | undefined;
}
