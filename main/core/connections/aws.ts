import { createHash } from 'node:crypto';
import type * as Sts from '@aws-sdk/client-sts';
import type { Hash as HashType } from '@smithy/hash-node';
import type { HttpRequest as HttpRequestType } from '@smithy/protocol-http';
import type { SignatureV4 as SignatureV4Type } from '@smithy/signature-v4';
import { LatchkeyError } from '../errors';
import type { PreparedRequest } from '../http/prepareRequest';
import { StreamedBody } from '../http/streamedBody';

export interface AwsCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
}

/** The headers SigV4 adds that carry credentials (dropped on cross-origin redirects, redacted). */
export const SIGV4_CREDENTIAL_HEADERS = ['authorization', 'x-amz-security-token'];

/**
 * The AWS SDK is close to a megabyte of code that only AWS connections use, so it loads on the
 * first signed request, not at start-up (the app's and `latchkey run`'s).
 */
const sdk = {
  signing: null as Promise<{ Hash: typeof HashType; HttpRequest: typeof HttpRequestType; SignatureV4: typeof SignatureV4Type }> | null,
  sts: null as Promise<typeof Sts> | null,
};
const signing = () =>
  (sdk.signing ??= Promise.all([import('@smithy/hash-node'), import('@smithy/protocol-http'), import('@smithy/signature-v4')]).then(([hash, http, v4]) => ({ Hash: hash.Hash, HttpRequest: http.HttpRequest, SignatureV4: v4.SignatureV4 })));

/**
 * Signs a prepared request with AWS Signature Version 4, the body hashed (streamed file bodies
 * are read once to hash them). S3 takes its path as sent; every other service has it escaped
 * again, as AWS specifies.
 */
export async function signV4(request: PreparedRequest, credentials: AwsCredentials, region: string, service: string): Promise<PreparedRequest> {
  if (region.trim() === '') throw new LatchkeyError('auth_failed', 'AWS signing needs a region (for example us-east-1).');
  if (service.trim() === '') throw new LatchkeyError('auth_failed', 'AWS signing needs a service name (for example execute-api, s3, sts).');
  const url = request.url;
  const query: Record<string, string | string[]> = {};
  for (const [name, value] of url.searchParams) {
    const previous = query[name];
    query[name] = previous === undefined ? value : Array.isArray(previous) ? [...previous, value] : [previous, value];
  }
  const headers: Record<string, string> = {};
  for (const [name, value] of request.headers) {
    const key = name.toLowerCase();
    headers[key] = headers[key] === undefined ? value : `${headers[key]},${value}`;
  }
  headers.host = url.host;
  const body = request.body;
  if (body instanceof StreamedBody || service === 's3') headers['x-amz-content-sha256'] = await payloadHash(body);
  const { Hash, HttpRequest, SignatureV4 } = await signing();
  const signer = new SignatureV4({ service: service.trim(), region: region.trim(), credentials, sha256: Hash.bind(null, 'sha256'), uriEscapePath: service !== 's3' });
  const signed = await signer.sign(
    new HttpRequest({
      method: request.method,
      protocol: url.protocol,
      hostname: url.hostname,
      ...(url.port ? { port: Number(url.port) } : {}),
      path: url.pathname,
      query,
      headers,
      body: Buffer.isBuffer(body) ? body : undefined,
    }),
  );
  const added: [string, string][] = [];
  const present = new Set(request.headers.map(([name]) => name.toLowerCase()));
  for (const [name, value] of Object.entries(signed.headers)) {
    if (name === 'host' || present.has(name)) continue;
    added.push([name, value]);
  }
  return { ...request, headers: [...request.headers, ...added] };
}

async function payloadHash(body: PreparedRequest['body']): Promise<string> {
  const hash = createHash('sha256');
  if (body instanceof StreamedBody) for await (const chunk of body.open()) hash.update(chunk as Buffer);
  else if (body) hash.update(body);
  return hash.digest('hex');
}

/** Static keys from a named profile in the user's AWS config and credentials files. */
export async function profileCredentials(profile: string): Promise<AwsCredentials> {
  const name = profile.trim() || 'default';
  let files;
  try {
    const { loadSharedConfigFiles } = await import('@smithy/shared-ini-file-loader');
    files = await loadSharedConfigFiles({ ignoreCache: true });
  } catch (error) {
    throw new LatchkeyError('auth_failed', `Could not read your AWS config files: ${(error as Error).message}`, { cause: error });
  }
  const found = { ...files.configFile[name], ...files.credentialsFile[name] };
  if (Object.keys(found).length === 0) {
    throw new LatchkeyError('auth_failed', `There is no AWS profile "${name}" in ~/.aws/credentials or ~/.aws/config (or the files AWS_SHARED_CREDENTIALS_FILE and AWS_CONFIG_FILE name).`);
  }
  const accessKeyId = found.aws_access_key_id;
  const secretAccessKey = found.aws_secret_access_key;
  if (!accessKeyId || !secretAccessKey) {
    throw new LatchkeyError(
      'auth_failed',
      `The AWS profile "${name}" has no aws_access_key_id and aws_secret_access_key. Latchkey reads static keys from profiles; SSO, credential_process and role-chaining profiles are not supported yet.`,
    );
  }
  return { accessKeyId, secretAccessKey, ...(found.aws_session_token ? { sessionToken: found.aws_session_token } : {}) };
}

export interface AssumeRoleOptions {
  roleArn: string;
  externalId: string;
  sessionName: string;
  durationSeconds: number;
  region: string;
  /** Empty for AWS's own STS endpoint in the region. */
  endpoint: string;
  source: AwsCredentials;
}

/** Temporary credentials from STS AssumeRole, and when they expire (ms since the epoch). */
export async function assumeRole(options: AssumeRoleOptions): Promise<{ credentials: AwsCredentials; expiresAt: number }> {
  if (!/^arn:aws[a-z-]*:iam::\d{12}:role\/.+/.test(options.roleArn.trim())) {
    throw new LatchkeyError('auth_failed', `"${options.roleArn}" is not an IAM role ARN (arn:aws:iam::123456789012:role/name).`);
  }
  const { AssumeRoleCommand, STSClient } = await (sdk.sts ??= import('@aws-sdk/client-sts'));
  const client = new STSClient({
    region: options.region.trim() || 'us-east-1',
    credentials: options.source,
    ...(options.endpoint.trim() ? { endpoint: options.endpoint.trim() } : {}),
    maxAttempts: 1,
  });
  try {
    const out = await client.send(
      new AssumeRoleCommand({
        RoleArn: options.roleArn.trim(),
        RoleSessionName: options.sessionName.trim() || 'latchkey',
        DurationSeconds: options.durationSeconds,
        ...(options.externalId.trim() ? { ExternalId: options.externalId.trim() } : {}),
      }),
    );
    const c = out.Credentials;
    if (!c?.AccessKeyId || !c.SecretAccessKey || !c.Expiration) throw new Error('the answer had no credentials');
    return {
      credentials: { accessKeyId: c.AccessKeyId, secretAccessKey: c.SecretAccessKey, ...(c.SessionToken ? { sessionToken: c.SessionToken } : {}) },
      expiresAt: c.Expiration.getTime(),
    };
  } catch (error) {
    const e = error as { name?: string; message?: string };
    const what = e.name && e.name !== 'Error' ? `${e.name}: ${e.message ?? ''}` : (e.message ?? String(error));
    throw new LatchkeyError('auth_failed', `AWS STS did not let Latchkey assume ${options.roleArn.trim()}: ${what}`, { cause: error });
  } finally {
    client.destroy();
  }
}
