import type { Handlers } from '../../../preload/contract';
import type { Core } from '../../core/createCore';

export function httpHandlers(core: Core): Pick<Handlers, 'http:execute' | 'http:cancel' | 'http:curl' | 'http:preview'> {
  return {
    'http:preview': ({ request }) => core.http.preview(request),
    'http:curl': async ({ request, includeSecrets }) => {
      return { command: await core.http.curl(request, await core.variables.exportLookup(includeSecrets), includeSecrets) };
    },
    'http:execute': (req) => core.http.execute(req),
    'http:cancel': async ({ requestId }) => ({ cancelled: core.http.cancel(requestId) }),
  };
}

