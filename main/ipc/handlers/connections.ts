import type { Handlers } from '../../../preload/contract';
import type { Core } from '../../core/createCore';

export function connectionHandlers(core: Core): Pick<Handlers, 'connections:list' | 'connections:save' | 'connections:delete' | 'connections:test'> {
  return {
    'connections:list': async () => core.connections.list(),
    'connections:save': (input) => core.connections.save(input),
    'connections:delete': async ({ id }) => ({ deleted: await core.connections.delete(id) }),
    'connections:test': ({ id }) => core.connections.test(id, (input) => core.http.execute(input, { record: false })),
  };
}
