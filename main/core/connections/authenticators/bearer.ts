import { LatchkeyError } from '../../errors';
import { AuthWriter } from '../authWriter';
import type { Authenticator } from './authenticator';

/** `Authorization: Bearer <token>` (RFC 6750). */
export const bearer: Authenticator<'bearer'> = (auth, { secret }) => (request, fill) => {
  const token = fill(secret(auth.token)).trim();
  if (token === '') throw new LatchkeyError('auth_failed', 'The bearer token is empty: enter it in the connection.');
  const out = new AuthWriter(request);
  out.header('Authorization', `Bearer ${token}`, 'Bearer token');
  return out.finish();
};
