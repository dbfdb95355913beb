import type { Handlers } from '../../../preload/contract';
import type { Core } from '../../core/createCore';
import { generate } from '../../core/jwt/signer';

export function jwtHandlers(core: Core): Pick<Handlers, 'jwt:profiles' | 'jwt:saveProfile' | 'jwt:deleteProfile' | 'jwt:sign' | 'jwt:generate' | 'jwt:decode' | 'jwt:verify' | 'jwt:tokens' | 'jwt:tokenValue' | 'jwt:deleteToken' | 'jwt:clearTokens'> {
  return {
    'jwt:profiles': async () => core.jwt.profiles(),
    'jwt:saveProfile': (input) => core.jwt.saveProfile(input),
    'jwt:deleteProfile': async ({ id }) => ({ deleted: await core.jwt.deleteProfile(id) }),
    'jwt:sign': (input) => core.jwt.sign(input),
    'jwt:generate': ({ kind }) => generate(kind),
    'jwt:decode': async ({ token }) => core.jwt.decode(token),
    'jwt:verify': ({ token, key }) => core.jwt.verify(token, key),
    'jwt:tokens': () => core.jwt.list(),
    'jwt:tokenValue': async ({ id }) => ({ token: await core.jwt.token(id) }),
    'jwt:deleteToken': ({ id }) => core.jwt.remove(id),
    'jwt:clearTokens': () => core.jwt.clear(),
  };
}
