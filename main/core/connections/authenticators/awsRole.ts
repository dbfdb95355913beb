import { LatchkeyError } from '../../errors';
import { profileCredentials, type AwsCredentials } from '../aws';
import type { Fill } from '../authWriter';
import type { Authenticator } from './authenticator';
import { awsSigned } from './awsSigned';

/** How long before expiry assumed-role credentials are renewed. */
const ROLE_RENEW_MS = 5 * 60_000;

type Role = { credentials: AwsCredentials; expiresAt: number };

/** SigV4 with a role's temporary credentials (STS AssumeRole), from an access key pair or a profile; one AssumeRole at a time, kept until five minutes before they expire. */
export const awsRole: Authenticator<'awsRole'> = (auth, { secret, now, assumeRole }) => {
  let role: Role | Promise<Role> | null = null;
  const fresh = async (fill: Fill): Promise<Role> => {
    const source: AwsCredentials =
      auth.source.kind === 'profile'
        ? await profileCredentials(fill(auth.source.profile))
        : { accessKeyId: fill(auth.source.accessKeyId).trim(), secretAccessKey: fill(secret(auth.source.secretAccessKey)), ...(secret(auth.source.sessionToken) ? { sessionToken: secret(auth.source.sessionToken) } : {}) };
    if (!source.accessKeyId || !source.secretAccessKey) throw new LatchkeyError('auth_failed', 'Assuming a role needs source credentials: an access key pair, or a profile.');
    return assumeRole({
      roleArn: fill(auth.roleArn),
      externalId: fill(auth.externalId),
      sessionName: fill(auth.sessionName),
      durationSeconds: auth.durationSeconds,
      region: fill(auth.region),
      endpoint: fill(auth.stsEndpoint),
      source,
    });
  };
  return async (request, fill) => {
    if (!role || (!(role instanceof Promise) && role.expiresAt - ROLE_RENEW_MS <= now())) {
      const pending = fresh(fill);
      role = pending;
      pending.then(
        (value) => role === pending && (role = value),
        () => role === pending && (role = null),
      );
    }
    const { credentials } = await role;
    return awsSigned(request, credentials, fill(auth.region), fill(auth.service));
  };
};
