import { LatchkeyError } from '../../errors';
import type { AwsCredentials } from '../aws';
import type { Authenticator } from './authenticator';
import { awsSigned } from './awsSigned';

/** AWS Signature Version 4 with an access key pair (and a session token when given). */
export const awsAccessKey: Authenticator<'awsAccessKey'> = (auth, { secret }) => async (request, fill) => {
  const credentials: AwsCredentials = { accessKeyId: fill(auth.accessKeyId).trim(), secretAccessKey: fill(secret(auth.secretAccessKey)) };
  const token = secret(auth.sessionToken);
  if (token) credentials.sessionToken = fill(token);
  if (!credentials.accessKeyId || !credentials.secretAccessKey) throw new LatchkeyError('auth_failed', 'AWS signing needs an access key ID and a secret access key.');
  return awsSigned(request, credentials, fill(auth.region), fill(auth.service));
};
