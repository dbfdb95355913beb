import { z } from 'zod';
import type { Namespace } from './result';
import { SecretId } from './secrets';

/**
 * A connection: a named way to reach one API (base URL, authentication, client certificate).
 * Secret fields are kept in the keychain; the document and the renderer see only their ids.
 * On save, the renderer may add `set` to a secret field: a new value (or '' to clear it).
 */
const StoredSecret = z.object({ id: SecretId.nullable() });
const SecretInput = StoredSecret.extend({ set: z.string().max(1024 * 1024).optional() });

const Name = z.string().max(1024);
const Text = z.string().max(64 * 1024);

export const JWT_ALGORITHMS = ['HS256', 'HS384', 'HS512', 'RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512', 'ES256', 'ES384', 'ES512', 'EdDSA'] as const;
export const JwtAlgorithm = z.enum(JWT_ALGORITHMS);
export type JwtAlgorithm = z.infer<typeof JwtAlgorithm>;

/** Where a token goes: `Authorization: Bearer`, another header (with a prefix), or a query parameter. */
export const TokenPlacement = z.object({
  kind: z.enum(['bearer', 'header', 'query']),
  name: Name,
  prefix: Name,
});
export type TokenPlacement = z.infer<typeof TokenPlacement>;

/** The auth schemas, built once for stored secrets and once for what the editor saves. */
function authSchemas<S extends z.ZodType>(secret: S) {
  const pair = z.object({ name: Name, value: secret });
  /** What every OAuth type has: the provider, the client, what to ask for and where the token goes. */
  const oauthClient = {
    /** An issuer or discovery URL; fills in the endpoints when they are empty. */
    issuer: Name,
    tokenUrl: Name,
    clientId: Name,
    /** Empty for a public client. */
    clientSecret: secret,
    clientAuth: z.enum(['basic', 'post']),
    /** Space or comma separated. */
    scope: Text,
    /** Extra authorization (or token) request parameters, e.g. audience, prompt. */
    extraParams: z.array(z.object({ name: Name, value: Text })).max(50),
    placement: TokenPlacement,
  };
  return z.discriminatedUnion('type', [
    z.object({ type: z.literal('none') }),
    z.object({ type: z.literal('basic'), username: Text, password: secret }),
    z.object({ type: z.literal('apiToken'), headerName: Name, token: secret }),
    z.object({ type: z.literal('bearer'), token: secret }),
    z.object({ type: z.literal('header'), headers: z.array(pair).max(50) }),
    z.object({ type: z.literal('query'), params: z.array(pair).max(50) }),
    z.object({
      type: z.literal('custom'),
      entries: z
        .array(
          z.object({
            location: z.enum(['header', 'query', 'body']),
            name: Name,
            secret: z.boolean(),
            /** The value when not secret. */
            value: Text,
            /** The value when secret. */
            secretValue: secret,
          }),
        )
        .max(100),
    }),
    z.object({
      type: z.literal('jwt'),
      /** A saved signing profile to sign with (its algorithm, key, header and claims); absent or null: the fields below. */
      profileId: z.uuid().nullable().optional(),
      algorithm: JwtAlgorithm,
      /** An HMAC secret, or a private key as PEM or JWK. */
      key: secret,
      /** The claims as a JSON object; `{{variables}}` are filled in. */
      claims: Text,
      /** Seconds until `exp` (with `iat` set); 0 for neither. */
      lifetimeSeconds: z.number().int().min(0).max(366 * 86400),
      /** The `kid` header, if any. */
      keyId: Name,
      placement: TokenPlacement,
      /** Reuse a token until 30 seconds before it expires, rather than signing one per request. */
      reuse: z.boolean(),
    }),
    z.object({
      type: z.literal('awsAccessKey'),
      service: Name,
      region: Name,
      accessKeyId: Name,
      secretAccessKey: secret,
      sessionToken: secret,
    }),
    z.object({
      type: z.literal('awsRole'),
      service: Name,
      region: Name,
      roleArn: Name,
      externalId: Name,
      sessionName: Name,
      durationSeconds: z.number().int().min(900).max(43200),
      /** The STS endpoint; empty for AWS's own in the region. */
      stsEndpoint: Name,
      source: z.discriminatedUnion('kind', [
        z.object({ kind: z.literal('keys'), accessKeyId: Name, secretAccessKey: secret, sessionToken: secret }),
        /** A named profile from the user's AWS config and credentials files. */
        z.object({ kind: z.literal('profile'), profile: Name }),
      ]),
    }),
    z.object({
      type: z.literal('oauth2Code'),
      ...oauthClient,
      /** May carry extra query parameters, which are kept. */
      authorizationUrl: Name,
      revocationUrl: Name,
      redirectPath: Name,
    }),
    z.object({ type: z.literal('oauth2Device'), ...oauthClient, deviceAuthorizationUrl: Name, revocationUrl: Name }),
    /** clientAuth "basic": a Basic header; "post": in the request body. */
    z.object({ type: z.literal('oauth2ClientCredentials'), ...oauthClient }),
  ]);
}

/**
 * An OAuth connection's tokens as the renderer sees them: what they are, never their values or
 * their keychain ids. Export token is the one way a token's value reaches the page.
 */
export const OAuthState = z.object({
  status: z.enum(['connected', 'reconnect']),
  /** Why a reconnect is needed (the server's reason). */
  reason: z.string(),
  /** Whether the provider issued a refresh token (and an ID token). */
  hasRefreshToken: z.boolean(),
  hasIdToken: z.boolean(),
  tokenType: z.string(),
  /** ms since the epoch, or null when the server did not say. */
  expiresAt: z.number().nullable(),
  scope: z.string().nullable(),
  connectedAt: z.number(),
});
export type OAuthState = z.infer<typeof OAuthState>;

/** A secret field as stored: its keychain id, null when empty. Secret fields are exactly the places this schema appears. */
export const StoredSecretField = StoredSecret;
/** A secret field as the editor saves it. */
export const SecretFieldInput = SecretInput;

export const ConnectionAuth = authSchemas(StoredSecret);
export type ConnectionAuth = z.infer<typeof ConnectionAuth>;
export const ConnectionAuthInput = authSchemas(SecretInput);
export type ConnectionAuthInput = z.infer<typeof ConnectionAuthInput>;
export type AuthType = ConnectionAuth['type'];

export const OAUTH_TYPES = ['oauth2Code', 'oauth2Device', 'oauth2ClientCredentials'] as const;
export type OAuthAuth = Extract<ConnectionAuth, { type: (typeof OAUTH_TYPES)[number] }>;
/** Whether an auth signs in with OAuth 2.0 (and so has tokens, Connect and Disconnect). */
export function isOAuth<A extends { type: AuthType }>(auth: A): auth is Extract<A, { type: (typeof OAUTH_TYPES)[number] }> {
  return (OAUTH_TYPES as readonly string[]).includes(auth.type);
}

/** A stored client certificate: the certificate as text, key material in the keychain. */
export const ClientCertificate = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('pem'), certificate: z.string().max(1024 * 1024), key: StoredSecret, passphrase: StoredSecret, subject: Text, validTo: Text }),
  z.object({ kind: z.literal('pfx'), pfx: StoredSecret, passphrase: StoredSecret, subject: Text, validTo: Text }),
]);
export type ClientCertificate = z.infer<typeof ClientCertificate>;

/**
 * What the editor saves. The certificate and key are each pasted PEM text or the path of a file
 * main reads; the PFX is a path. A secret field without `set` keeps what is stored.
 */
export const ClientCertificateInput = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('none') }),
  z.object({ kind: z.literal('pem'), certificate: z.string().max(1024 * 1024), key: SecretInput, passphrase: SecretInput }),
  z.object({ kind: z.literal('pfx'), pfx: SecretInput, passphrase: SecretInput }),
]);
export type ClientCertificateInput = z.infer<typeof ClientCertificateInput>;

export const ConnectionTest = z.object({
  ok: z.boolean(),
  /** When it ran (ms since the epoch). */
  at: z.number(),
  url: z.string(),
  status: z.number().int().nullable(),
  statusText: z.string(),
  timeMs: z.number().nonnegative().nullable(),
  /** Why it failed, when it did. */
  message: z.string(),
  /** A failed answer's first lines (secrets taken out): what the server said. */
  body: z.string().max(4000).optional(),
});
export type ConnectionTest = z.infer<typeof ConnectionTest>;

export const Connection = z.object({
  id: z.uuid(),
  name: z.string().min(1).max(200),
  baseUrl: z.string().max(4096),
  auth: ConnectionAuth,
  clientCertificate: ClientCertificate.nullable(),
  /** PEM certificates trusted for this connection's server (a private CA); empty for the usual roots. */
  ca: z.string().max(4 * 1024 * 1024),
  /** Off: this connection's servers are not verified (a test server's self-signed certificate). */
  verifyTls: z.boolean(),
  /** The path "Test connection" requests, relative to the base URL; empty for the base URL itself. */
  testPath: z.string().max(4096),
  lastTest: ConnectionTest.nullable(),
  /** OAuth types only, once connected. */
  oauth: OAuthState.nullable().optional(),
});
export type Connection = z.infer<typeof Connection>;

export const ConnectionInput = z.object({
  /** Omitted for a new connection. */
  id: z.uuid().optional(),
  name: z.string().trim().min(1, 'Give the connection a name.').max(200),
  baseUrl: z.string().max(4096),
  auth: ConnectionAuthInput,
  clientCertificate: ClientCertificateInput,
  /** Pasted PEM certificates or the path of a CA bundle file; empty for none. */
  ca: z.string().max(4 * 1024 * 1024),
  verifyTls: z.boolean(),
  testPath: z.string().max(4096),
});
export type ConnectionInput = z.infer<typeof ConnectionInput>;

export const AUTH_TYPE_LABELS: Record<AuthType, string> = {
  none: 'None',
  basic: 'Basic',
  apiToken: 'API token',
  bearer: 'Bearer token',
  header: 'Header',
  query: 'Query parameters',
  custom: 'Custom',
  jwt: 'JWT',
  awsAccessKey: 'AWS access key',
  awsRole: 'AWS IAM role',
  oauth2Code: 'OAuth 2.0 (authorization code)',
  oauth2Device: 'OAuth 2.0 (device code)',
  oauth2ClientCredentials: 'OAuth 2.0 (client credentials)',
};

export const connections = {
  'connections:list': { req: z.void(), res: z.array(Connection) },
  'connections:save': { req: ConnectionInput, res: Connection },
  'connections:delete': { req: z.object({ id: z.uuid() }), res: z.object({ deleted: z.boolean() }) },
  /** Sends a GET to the base URL (or its test path) with the connection applied; the result is kept on it. */
  'connections:test': { req: z.object({ id: z.uuid() }), res: ConnectionTest },
  /** Tests what the editor holds without saving it (a new connection, or unsaved edits); the saved one keeps its last test. */
  'connections:testDraft': { req: ConnectionInput, res: ConnectionTest },
  /** OAuth: runs the sign-in (system browser and loopback callback) or fetches a client-credentials token. */
  'connections:connect': { req: z.object({ id: z.uuid() }), res: Connection },
  /** Reads a provider's metadata (OpenID Connect discovery, else RFC 8414) to fill in its endpoints. */
  'connections:discover': {
    req: z.object({ issuer: z.string().min(1).max(4096) }),
    res: z.object({ issuer: z.string(), authorizationUrl: z.string(), tokenUrl: z.string(), revocationUrl: z.string(), deviceAuthorizationUrl: z.string(), scopes: z.array(z.string()) }),
  },
  /** Device sign-in (RFC 8628): the code to enter and where; then deviceWait polls until it is approved. */
  'connections:deviceStart': {
    req: z.object({ id: z.uuid() }),
    res: z.object({ userCode: z.string(), verificationUri: z.string(), verificationUriComplete: z.string().nullable(), expiresAt: z.number() }),
  },
  'connections:deviceWait': { req: z.object({ id: z.uuid() }), res: Connection },
  /** Stops a sign-in that is waiting for the browser. */
  'connections:cancelConnect': { req: z.object({ id: z.uuid() }), res: z.object({ cancelled: z.boolean() }) },
  'connections:refresh': { req: z.object({ id: z.uuid() }), res: Connection },
  /** Reveal or Copy of one secret field of the connection being edited (never its OAuth tokens). */
  'connections:revealSecret': { req: z.object({ id: z.uuid(), secretId: SecretId }), res: z.object({ value: z.string() }) },
  /**
   * Export token (an explicit user action): the access token, the ID token, a JWT to decode (the
   * ID token, else the access token when it is one), or the token file (JSON; with the refresh
   * token only when asked).
   */
  'connections:exportToken': {
    req: z.object({ id: z.uuid(), token: z.enum(['access', 'id', 'jwt', 'file']), withRefresh: z.boolean().optional() }),
    res: z.object({ value: z.string() }),
  },
  /** Revokes where the server supports it, then forgets the tokens. */
  'connections:disconnect': { req: z.object({ id: z.uuid() }), res: z.object({ connection: Connection, revoked: z.boolean() }) },
} satisfies Namespace;

export const connectionEvents = {
  /** Every connection, after one was saved, deleted, tested, connected, refreshed or changed status. */
  'connections:changed': z.array(Connection),
};
