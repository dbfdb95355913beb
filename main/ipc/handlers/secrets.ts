import type { Handlers } from '../../../preload/contract';
import type { Core } from '../../core/createCore';

/** Only whether the keychain works: no channel answers a secret's value by its id. */
export function secretHandlers(core: Core): Pick<Handlers, 'secrets:status'> {
  return {
    'secrets:status': () => core.secrets.status(),
  };
}
