import type { PreparedRequest } from '../../http/prepareRequest';
import { signV4, SIGV4_CREDENTIAL_HEADERS, type AwsCredentials } from '../aws';
import { AuthWriter, type Authed } from '../authWriter';

/** A request signed with SigV4, its signature headers marked as credentials. */
export async function awsSigned(request: PreparedRequest, credentials: AwsCredentials, region: string, service: string): Promise<Authed> {
  const out = new AuthWriter(await signV4(request, credentials, region, service));
  out.mark(SIGV4_CREDENTIAL_HEADERS);
  return out.finish();
}
