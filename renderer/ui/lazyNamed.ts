import { lazy, type ComponentType } from 'react';

/**
 * A component that loads its module the first time it renders (show it inside <Suspense>).
 * Features export their dialogs and screens this way from their index, so the start-up bundle
 * holds only what the first screen needs and nobody imports a feature's files directly.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the props are the named component's own
export function lazyNamed<K extends string, M extends Record<K, ComponentType<any>>>(load: () => Promise<M>, name: K): M[K] {
  return lazy(async () => ({ default: (await load())[name] })) as unknown as M[K];
}
