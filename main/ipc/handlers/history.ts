import type { Handlers } from '../../../preload/contract';
import type { Core } from '../../core/createCore';

export function historyHandlers(core: Core): Pick<Handlers, 'history:list' | 'history:clear' | 'history:delete'> {
  return {
    'history:list': async () => core.history.list(),
    'history:clear': async () => ({ removed: core.history.clear() }),
    'history:delete': async ({ id }) => ({ removed: core.history.delete(id) }),
  };
}
