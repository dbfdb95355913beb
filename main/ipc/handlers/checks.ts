import type { Handlers } from '../../../preload/contract';
import type { Core } from '../../core/createCore';

export function checkHandlers(core: Core): Pick<Handlers, 'checks:validate' | 'checks:clearCaptured'> {
  return {
    'checks:validate': async ({ assertions, captures }) => core.checks.validate(assertions, captures),
    'checks:clearCaptured': async ({ id }) => ({ removed: await core.captured.clear(id) }),
  };
}
