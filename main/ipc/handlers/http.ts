import type { Handlers } from '../../../preload/contract';
import type { Core } from '../../core/createCore';

export function httpHandlers(core: Core): Pick<Handlers, 'http:execute' | 'http:cancel'> {
  return {
    'http:execute': (req) => core.http.execute(req),
    'http:cancel': async ({ requestId }) => ({ cancelled: core.http.cancel(requestId) }),
  };
}
