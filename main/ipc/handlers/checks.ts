import type { Handlers } from '../../../preload/contract';
import type { Core } from '../../core/createCore';

export function checkHandlers(core: Core): Pick<Handlers, 'checks:validate' | 'checks:inherited' | 'checks:clearCaptured'> {
  return {
    'checks:validate': async ({ assertions, captures }) => core.checks.validate(assertions, captures),
    'checks:inherited': async ({ location }) => core.checks.inherited(location.itemId),
    'checks:clearCaptured': async ({ id }) => ({ removed: await core.captured.clear(id) }),
  };
}
