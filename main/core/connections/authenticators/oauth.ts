import type { TokenPlacement } from '../../../../preload/contract';
import { AuthWriter } from '../authWriter';
import type { Apply, AuthContext } from './authenticator';

/**
 * The three OAuth 2.0 types (authorization code, device code, client credentials) send the same
 * way: the current access token where the connection places it. Getting the token is
 * OAuthSessions' job.
 */
export const oauth = (auth: { placement: TokenPlacement }, { accessToken }: AuthContext): Apply => async (request) => {
  const out = new AuthWriter(request);
  out.place(auth.placement, await accessToken(), 'OAuth');
  return out.finish();
};
