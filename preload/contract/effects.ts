import type { ChannelName, EventName } from './index';

/**
 * Which cached results a call makes stale, declared once beside the contract. The renderer's
 * state layer (renderer/state/calls.ts) fetches them again after the call succeeds. Lists main
 * pushes when they change (history, collections, connections: see `pushedLists`) need no entry.
 */
export const staleAfter = {
  'variables:save': ['variables:list', 'variables:resolved'],
  'environments:save': ['environments:list', 'variables:resolved'],
  'environments:delete': ['environments:list', 'variables:resolved'],
  'environments:activate': ['environments:list', 'variables:resolved'],
  'collections:saveSettings': ['variables:resolved', 'checks:inherited'],
  'http:execute': ['variables:resolved'],
  'checks:clearCaptured': ['variables:resolved'],
  'settings:save': ['settings:get'],
  'jwt:saveProfile': ['jwt:profiles'],
  'jwt:deleteProfile': ['jwt:profiles'],
  'jwt:deleteToken': ['jwt:tokens'],
  'jwt:clearTokens': ['jwt:tokens'],
  'import:commit': ['environments:list', 'variables:list', 'variables:resolved'],
  'app:dismissNotice': ['app:info'],
  'runner:start': ['runner:runs'],
  'runner:remove': ['runner:runs'],
} as const satisfies Partial<Record<ChannelName, readonly ChannelName[]>>;

/** Lists main keeps the renderer's copy of by pushing an event when they change. */
export const pushedLists = {
  'history:added': 'history:list',
  'collections:changed': 'collections:tree',
  'connections:changed': 'connections:list',
} as const satisfies Partial<Record<EventName, ChannelName>>;
