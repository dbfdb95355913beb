import { AuthWriter } from '../authWriter';
import type { Authenticator } from './authenticator';

/** A token in a named header (api-token unless another name is given). */
export const apiToken: Authenticator<'apiToken'> = (auth, { secret }) => (request, fill) => {
  const out = new AuthWriter(request);
  out.header(auth.headerName.trim() || 'api-token', fill(secret(auth.token)), 'API token');
  return out.finish();
};
