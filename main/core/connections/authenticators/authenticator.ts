import type { AuthType, ConnectionAuth, SigningProfile } from '../../../../preload/contract';
import type { PreparedRequest } from '../../http/prepareRequest';
import type { assumeRole } from '../aws';
import type { Authed, Fill, SecretValue } from '../authWriter';

/** Adds a connection's credentials to a prepared request (synchronously where it can). */
export type Apply = (request: PreparedRequest, fill: Fill) => Authed | Promise<Authed>;

/** What an authenticator may use besides its own auth fields. */
export interface AuthContext {
  connectionId: string;
  /** A secret field's value, read from the keychain when the connection was resolved. */
  secret: SecretValue;
  now(): number;
  /** OAuth: the access token to send now (renewed first when it is about to expire). */
  accessToken(): Promise<string>;
  /** The JWT signer's saved profiles, for the JWT type's "Signing profile". */
  profiles?: { profile(id: string): SigningProfile; profileKey(profile: SigningProfile): Promise<{ key: string; passphrase: string }> };
  /** STS AssumeRole (the AWS role type). */
  assumeRole: typeof assumeRole;
}

/**
 * One auth type: given its fields, how a request is sent with it. Built once per saved
 * version of the connection; whatever it caches (a signed JWT, assumed-role credentials)
 * lives in the closure it returns.
 */
export type Authenticator<T extends AuthType> = (auth: Extract<ConnectionAuth, { type: T }>, context: AuthContext) => Apply;
