import type { Handlers } from '../../../preload/contract';
import type { Core } from '../../core/createCore';
import { authorizationServer } from '../../core/oauth/oauthClient';

export function connectionHandlers(core: Core): Pick<Handlers, 'connections:list' | 'connections:save' | 'connections:delete' | 'connections:test' | 'connections:testDraft' | 'connections:discover' | 'connections:deviceStart' | 'connections:deviceWait' | 'connections:connect' | 'connections:cancelConnect' | 'connections:refresh' | 'connections:disconnect' | 'connections:revealSecret' | 'connections:exportToken'> {
  return {
    'connections:list': async () => core.connections.list(),
    'connections:save': (input) => core.connections.save(input),
    'connections:delete': async ({ id }) => ({ deleted: await core.connections.delete(id) }),
    'connections:test': ({ id }) => core.connections.test(id, (input) => core.http.execute(input, { record: false })),
    'connections:testDraft': (draft) => core.connections.testDraft(draft, (input) => core.http.execute(input, { record: false })),
    'connections:discover': async ({ issuer }) => {
      const as = await authorizationServer({ issuer, authorizationUrl: '', tokenUrl: '', revocationUrl: '', clientId: '', clientSecret: '', clientAuth: 'basic', scope: '', extraParams: [], redirectPath: '' });
      return {
        issuer: as.issuer,
        authorizationUrl: as.authorization_endpoint ?? '',
        tokenUrl: as.token_endpoint ?? '',
        revocationUrl: as.revocation_endpoint ?? '',
        deviceAuthorizationUrl: as.device_authorization_endpoint ?? '',
        scopes: as.scopes_supported ?? [],
      };
    },
    'connections:connect': ({ id }) => core.connections.connect(id),
    'connections:deviceStart': ({ id }) => core.connections.deviceStart(id),
    'connections:deviceWait': ({ id }) => core.connections.deviceWait(id),
    'connections:cancelConnect': async ({ id }) => ({ cancelled: core.connections.cancelConnect(id) }),
    'connections:refresh': ({ id }) => core.connections.refresh(id),
    'connections:disconnect': ({ id }) => core.connections.disconnect(id),
    'connections:revealSecret': async ({ id, secretId }) => ({ value: await core.connections.revealSecret(id, secretId) }),
    'connections:exportToken': async ({ id, token, withRefresh }) => ({ value: await core.connections.exportToken(id, token, withRefresh ?? false) }),
  };
}
