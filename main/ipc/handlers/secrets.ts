import type { Handlers } from '../../../preload/contract';
import type { Core } from '../../core/createCore';

export function secretHandlers(core: Core): Pick<Handlers, 'secrets:status' | 'secrets:save' | 'secrets:delete' | 'secrets:reveal'> {
  return {
    'secrets:status': () => core.secrets.status(),
    'secrets:save': async ({ id, value }) => ({ id: await core.secrets.save(value, id) }),
    'secrets:delete': async ({ id }) => ({ deleted: await core.secrets.delete(id) }),
    'secrets:reveal': async ({ id }) => ({ value: await core.secrets.reveal(id) }),
  };
}
