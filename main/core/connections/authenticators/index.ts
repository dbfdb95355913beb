import type { AuthType, ConnectionAuth } from '../../../../preload/contract';
import { apiToken } from './apiToken';
import type { Apply, AuthContext, Authenticator } from './authenticator';
import { awsAccessKey } from './awsAccessKey';
import { awsRole } from './awsRole';
import { basic } from './basic';
import { bearer } from './bearer';
import { custom } from './custom';
import { header } from './header';
import { jwt } from './jwt';
import { none } from './none';
import { oauth } from './oauth';
import { query } from './query';

export type { Apply, AuthContext, Authenticator } from './authenticator';

/** Every auth type's authenticator; the type makes a missing one a compile error. */
const authenticators: { [T in AuthType]: Authenticator<T> } = {
  none,
  basic,
  apiToken,
  bearer,
  header,
  query,
  custom,
  jwt,
  awsAccessKey,
  awsRole,
  oauth2Code: oauth,
  oauth2Device: oauth,
  oauth2ClientCredentials: oauth,
};

/** How requests are sent with this auth. */
export function authenticate(auth: ConnectionAuth, context: AuthContext): Apply {
  return (authenticators[auth.type] as Authenticator<AuthType>)(auth as never, context);
}
