import type { Handlers } from '../../../preload/contract';
import type { Core } from '../../core/createCore';

export function environmentHandlers(core: Core): Pick<Handlers, 'environments:list' | 'environments:save' | 'environments:delete' | 'environments:activate' | 'variables:resolved'> {
  return {
    'environments:list': async () => core.environments.list(),
    'environments:save': (input) => core.environments.save(input),
    'environments:delete': async ({ id }) => {
      await core.environments.remove(id);
      await core.captured.forgetOwner(id);
    },
    'environments:activate': async ({ id }) => core.environments.activate(id),
    'variables:resolved': async ({ location, requestVariables }) => core.scopes.explain(requestVariables, location),
  };
}
