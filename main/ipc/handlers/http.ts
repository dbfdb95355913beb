import type { Handlers } from '../../../preload/contract';
import type { Core } from '../../core/createCore';
import { exportCurl } from '../../core/http/toCurl';

export function httpHandlers(core: Core): Pick<Handlers, 'http:execute' | 'http:cancel' | 'http:curl' | 'http:preview'> {
  return {
    'http:preview': ({ request }) => core.http.preview(request),
    'http:curl': async ({ request, includeSecrets }) => {
      return { command: exportCurl(request, await core.variables.exportLookup(includeSecrets), includeSecrets, core.settings.requestDefaults()) };
    },
    'http:execute': (req) => core.http.execute(req),
    'http:cancel': async ({ requestId }) => ({ cancelled: core.http.cancel(requestId) }),
  };
}

