import { LatchkeyError } from '../../errors';
import { AuthWriter } from '../authWriter';
import type { Authenticator } from './authenticator';

/** HTTP Basic (RFC 7617): username and password, UTF-8, in the Authorization header. */
export const basic: Authenticator<'basic'> = (auth, { secret }) => (request, fill) => {
  const username = fill(auth.username);
  if (username.includes(':')) throw new LatchkeyError('auth_failed', 'A Basic auth username cannot contain a colon (RFC 7617).');
  const out = new AuthWriter(request);
  out.header('Authorization', `Basic ${Buffer.from(`${username}:${fill(secret(auth.password))}`, 'utf8').toString('base64')}`, 'Basic auth');
  return out.finish();
};
