import type { Handlers } from '../../../preload/contract';
import type { Core } from '../../core/createCore';

/** A request saved in a collection inherits its connection there; its variables come from its scopes (in core.http). */
export function httpHandlers(core: Core): Pick<Handlers, 'http:execute' | 'http:cancel' | 'http:curl' | 'http:code' | 'http:preview'> {
  return {
    'http:preview': ({ request, location }) => core.http.preview(core.scopes.withConnection(request, location), location),
    'http:curl': async ({ request, includeSecrets, location }) => {
      const effective = core.scopes.withConnection(request, location);
      return { command: await core.http.curl(effective, await core.scopes.exportLookup(effective, location, includeSecrets), includeSecrets) };
    },
    'http:code': async ({ request, language, includeSecrets, location }) => {
      const effective = core.scopes.withConnection(request, location);
      return core.code.write(effective, await core.scopes.exportLookup(effective, location, includeSecrets), includeSecrets, language);
    },
    'http:execute': (req) => core.http.execute(req.location ? { ...req, request: core.scopes.withConnection(req.request, req.location) } : req),
    'http:cancel': async ({ requestId }) => ({ cancelled: core.http.cancel(requestId) }),
  };
}
