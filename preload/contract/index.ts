import type { z } from 'zod';
import { app, appEvents } from './app';
import { body } from './body';
import { checks } from './checks';
import { collectionEvents, collections } from './collections';
import { connectionEvents, connections } from './connections';
import { cookieEvents, cookies } from './cookies';
import { environments } from './environments';
import { jwt } from './jwt';
import { files } from './files';
import { history, historyEvents } from './history';
import { importing } from './importing';
import { http, httpEvents } from './http';
import type { Result } from './result';
import { runner, runnerEvents } from './runner';
import { secrets } from './secrets';
import { settings } from './settings';
import { variables } from './variables';
import { workspace } from './workspace';

export * from './result';
export * from './app';
export * from './http';
export * from './secrets';
export * from './workspace';
export * from './variables';
export * from './templates';
export * from './history';
export * from './body';
export * from './settings';
export * from './files';
export * from './importing';
export * from './connections';
export * from './cookies';
export * from './jwt';
export * from './collections';
export * from './environments';
export * from './checks';
export * from './runner';

/** Every call the renderer can make, declared once. */
// Built by a call marked pure, so a bundle that uses none of the schemas (the renderer) drops
// them: Rollup keeps a large object literal of spreads even when nothing reads it.
const every = () => ({ ...app, ...http, ...body, ...history, ...workspace, ...secrets, ...variables, ...settings, ...files, ...importing, ...connections, ...jwt, ...collections, ...environments, ...checks, ...runner, ...cookies });
export const contract: ReturnType<typeof every> = /* @__PURE__ */ every();
/** Every event main can push to the renderer. */
export const events = { ...appEvents, ...httpEvents, ...historyEvents, ...collectionEvents, ...connectionEvents, ...runnerEvents, ...cookieEvents };

export type Contract = typeof contract;
export type ChannelName = keyof Contract;
export type Events = typeof events;
export type EventName = keyof Events;

export type Req<K extends ChannelName> = z.infer<Contract[K]['req']>;
export type Res<K extends ChannelName> = z.infer<Contract[K]['res']>;
export type EventPayload<E extends EventName> = z.infer<Events[E]>;

/** What main must implement: one function per channel. A missing one fails to compile. */
export type Handlers = { [K in ChannelName]: (req: Req<K>) => Promise<Res<K>> };

/** What the renderer sees: one function per channel, each resolving to a Result. */
export type LatchkeyCalls = {
  [K in ChannelName]: undefined extends Req<K>
    ? (req?: Req<K>) => Promise<Result<Res<K>>>
    : (req: Req<K>) => Promise<Result<Res<K>>>;
};
export type LatchkeyEvents = {
  [E in EventName]: (listener: (payload: EventPayload<E>) => void) => () => void;
};
export interface LatchkeyApi {
  calls: LatchkeyCalls;
  events: LatchkeyEvents;
}

export const channelNames = Object.keys(contract) as ChannelName[];
export const eventNames = Object.keys(events) as EventName[];

export function isChannelName(name: string): name is ChannelName {
  return Object.prototype.hasOwnProperty.call(contract, name);
}
