import type { Handlers } from '../../../preload/contract';
import type { Core } from '../../core/createCore';

export function variableHandlers(core: Core): Pick<Handlers, 'variables:list' | 'variables:save'> {
  return {
    'variables:list': async () => core.variables.list(),
    'variables:save': (inputs) => core.variables.save(inputs),
  };
}
