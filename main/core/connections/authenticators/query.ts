import { AuthWriter } from '../authWriter';
import type { Authenticator } from './authenticator';

/** Query parameters whose values are kept in the keychain (an API key in the URL). */
export const query: Authenticator<'query'> = (auth, { secret }) => (request, fill) => {
  const out = new AuthWriter(request);
  for (const pair of auth.params) if (pair.name.trim() !== '') out.query(pair.name, fill(secret(pair.value)), 'Query parameter auth');
  return out.finish();
};
