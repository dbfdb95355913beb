import { useSyncExternalStore } from 'react';

/** A value outside React that components follow: the app's shared state (tabs, dialogs) is made of these. */
export interface Store<T> {
  get(): T;
  set(change: T | ((current: T) => T)): void;
  subscribe(listener: () => void): () => void;
  /** The value, kept current in a component. */
  use(): T;
}

export function createStore<T>(initial: T): Store<T> {
  let value = initial;
  const listeners = new Set<() => void>();
  const subscribe = (listener: () => void) => {
    listeners.add(listener);
    return () => void listeners.delete(listener);
  };
  const get = () => value;
  return {
    get,
    set(change) {
      const next = typeof change === 'function' ? (change as (current: T) => T)(value) : change;
      if (Object.is(next, value)) return;
      value = next;
      for (const listener of listeners) listener();
    },
    subscribe,
    use: () => useSyncExternalStore(subscribe, get),
  };
}
