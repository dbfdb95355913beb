import type { Handlers } from '../../../preload/contract';
import type { Core } from '../../core/createCore';

type Channels = 'collections:tree' | 'collections:create' | 'collections:rename' | 'collections:duplicate' | 'collections:delete' | 'collections:restore' | 'collections:move' | 'collections:getRequest' | 'collections:saveRequest' | 'collections:getSettings' | 'collections:saveSettings';

export function collectionHandlers(core: Core): Pick<Handlers, Channels> {
  const { collections } = core;
  return {
    'collections:tree': async () => ({ nodes: collections.tree() }),
    'collections:create': async (input) => collections.create(input),
    'collections:rename': async ({ id, name }) => collections.rename(id, name),
    'collections:duplicate': async ({ id }) => collections.duplicate(id),
    'collections:delete': async ({ id }) => collections.remove(id),
    'collections:restore': async ({ undoToken }) => collections.restore(undoToken),
    'collections:move': async ({ id, parentId, index }) => collections.move(id, parentId, index),
    'collections:getRequest': async ({ id }) => collections.getRequest(id),
    'collections:saveRequest': async ({ id, request }) => collections.saveRequest(id, request),
    'collections:getSettings': async ({ id }) => collections.getSettings(id),
    'collections:saveSettings': async ({ id, ...settings }) => collections.saveSettings(id, settings),
  };
}
