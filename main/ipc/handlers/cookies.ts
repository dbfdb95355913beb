import type { Handlers } from '../../../preload/contract';
import type { Core } from '../../core/createCore';

export function cookieHandlers(core: Core): Pick<Handlers, 'cookies:list' | 'cookies:put' | 'cookies:delete' | 'cookies:clear'> {
  return {
    'cookies:list': async () => core.cookies.list(),
    'cookies:put': async ({ cookies, replacing }) => ({ count: await core.cookies.put(cookies, replacing) }),
    'cookies:delete': async ({ keys }) => ({ removed: await core.cookies.delete(keys) }),
    'cookies:clear': async ({ domain }) => ({ removed: await core.cookies.clear(domain) }),
  };
}
