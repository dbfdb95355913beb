import { AuthWriter } from '../authWriter';
import type { Authenticator } from './authenticator';

/** Named headers whose values are kept in the keychain. */
export const header: Authenticator<'header'> = (auth, { secret }) => (request, fill) => {
  const out = new AuthWriter(request);
  for (const pair of auth.headers) if (pair.name.trim() !== '') out.header(pair.name, fill(secret(pair.value)), 'Header auth');
  return out.finish();
};
