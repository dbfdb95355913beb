import type { Handlers } from '../../../preload/contract';
import type { Core } from '../../core/createCore';

export function settingsHandlers(core: Core): Pick<Handlers, 'settings:get' | 'settings:save'> {
  return {
    'settings:get': async () => core.settings.get(),
    'settings:save': async (next) => core.settings.save(next),
  };
}
