import * as oauth from 'oauth4webapi';
import { createRemoteJWKSet, customFetch as joseFetch, jwtVerify } from 'jose';
import { fetch as undiciFetch, type Dispatcher } from 'undici';
import type { BrowserOpener } from '../../ports';
import { LatchkeyError } from '../errors';
import type { DiscoveryCache } from './discoveryCache';
import { startLoopback, type LoopbackAttempt } from './loopback';

/** What an OAuth 2.0 client needs to know about the provider and itself. */
export interface OAuthConfig {
  /** An issuer or discovery URL; empty to use the endpoints below as given. */
  issuer: string;
  authorizationUrl: string;
  tokenUrl: string;
  /** Empty when the provider has none (or discovery names it). */
  revocationUrl: string;
  clientId: string;
  /** Empty for a public client (PKCE only). */
  clientSecret: string;
  clientAuth: 'basic' | 'post';
  /** Space or comma separated. */
  scope: string;
  /** Extra authorization (or, for client credentials, token) request parameters: audience, prompt, access_type… */
  extraParams: [string, string][];
  redirectPath: string;
  /** The device authorization endpoint (RFC 8628); empty when discovery names it or it is not used. */
  deviceAuthorizationUrl?: string;
  /** Carries the connection's TLS choices (client certificate, CA bundle, verification) to the provider. */
  dispatcher?: Dispatcher;
  /** Where discovered metadata is kept between operations; without it every operation discovers again. */
  discovery?: DiscoveryCache;
}

export interface TokenSet {
  accessToken: string;
  refreshToken: string | null;
  idToken: string | null;
  tokenType: string;
  /** ms since the epoch; null when the server did not say. */
  expiresAt: number | null;
  /** As granted (the server's answer, else what was asked). */
  scope: string | null;
}

/** Plain http is accepted for loopback providers only (a local test server); everything else needs https. */
function insecureAllowed(url: string): boolean {
  try {
    const host = new URL(url).hostname;
    return host === '127.0.0.1' || host === 'localhost' || host === '[::1]';
  } catch {
    return false;
  }
}

/** A fetch through undici with the connection's dispatcher (its TLS choices), never through a relay. */
function fetcher(dispatcher: Dispatcher | undefined): typeof fetch {
  const run = dispatcher ? (url: Parameters<typeof undiciFetch>[0], init?: Parameters<typeof undiciFetch>[1]) => undiciFetch(url, { ...init, dispatcher }) : undiciFetch;
  return run as unknown as typeof fetch;
}

function requestOptions(url: string, dispatcher: Dispatcher | undefined): { [oauth.customFetch]: typeof fetch; [oauth.allowInsecureRequests]?: boolean } {
  return {
    [oauth.customFetch]: fetcher(dispatcher),
    ...(insecureAllowed(url) ? { [oauth.allowInsecureRequests]: true } : {}),
  };
}

export function scopes(text: string): string {
  return text
    .split(/[\s,]+/)
    .filter(Boolean)
    .join(' ');
}

function describe(error: unknown, what: string): LatchkeyError {
  if (error instanceof LatchkeyError) return error;
  if (error instanceof oauth.ResponseBodyError) {
    return new LatchkeyError('auth_failed', `${what}: the server answered ${error.error}${error.error_description ? ` (${error.error_description})` : ''}.`, { cause: error });
  }
  if (error instanceof oauth.WWWAuthenticateChallengeError) {
    const challenge = error.cause[0];
    const code = challenge?.parameters.error ?? `${error.response.status} ${challenge?.scheme ?? ''}`.trim();
    const detail = challenge?.parameters.error_description;
    return new LatchkeyError('auth_failed', `${what}: the server answered ${code}${detail ? ` (${detail})` : ''}.`, { cause: error });
  }
  if (error instanceof oauth.AuthorizationResponseError) {
    return new LatchkeyError('auth_failed', `The provider refused the sign-in: ${error.error}${error.error_description ? ` (${error.error_description})` : ''}.`, { cause: error });
  }
  const message = error instanceof Error ? error.message : String(error);
  return new LatchkeyError('auth_failed', `${what}: ${message}`, { cause: error });
}

/** Tells dispatchers apart in discovery cache keys. */
const dispatcherKeys = new WeakMap<Dispatcher, number>();
let nextDispatcherKey = 1;

/** The issuer to discover from and how, or null when the endpoints are given. */
function issuerOf(config: OAuthConfig): { issuer: URL; algorithm: 'oauth2' | 'oidc' } | null {
  const issuerText = config.issuer.trim();
  if (issuerText === '') return null;
  let issuer: URL;
  try {
    issuer = new URL(issuerText.replace(/\/\.well-known\/(openid-configuration|oauth-authorization-server)$/, ''));
  } catch {
    throw new LatchkeyError('invalid_url', `"${issuerText}" is not a valid issuer URL.`);
  }
  return { issuer, algorithm: /oauth-authorization-server$/.test(issuerText) ? 'oauth2' : 'oidc' };
}

async function discover(issuer: URL, algorithm: 'oauth2' | 'oidc', dispatcher: Dispatcher | undefined): Promise<oauth.AuthorizationServer> {
  try {
    const response = await oauth.discoveryRequest(issuer, { algorithm, ...requestOptions(issuer.href, dispatcher) });
    return await oauth.processDiscoveryResponse(issuer, response);
  } catch (error) {
    throw describe(error, `Discovery at ${issuer.href} failed`);
  }
}

/** The provider's metadata with the endpoints typed in laid over it (some providers need a tenant-specific one). */
function withTypedEndpoints(config: OAuthConfig, discovered: oauth.AuthorizationServer): oauth.AuthorizationServer {
  return {
    ...discovered,
    ...(config.authorizationUrl.trim() ? { authorization_endpoint: config.authorizationUrl.trim() } : {}),
    ...(config.tokenUrl.trim() ? { token_endpoint: config.tokenUrl.trim() } : {}),
    ...(config.revocationUrl.trim() ? { revocation_endpoint: config.revocationUrl.trim() } : {}),
    ...(config.deviceAuthorizationUrl?.trim() ? { device_authorization_endpoint: config.deviceAuthorizationUrl.trim() } : {}),
  };
}

/** The endpoints as given, when there is no issuer to discover from. */
function givenServer(config: OAuthConfig): oauth.AuthorizationServer {
  if (!config.tokenUrl.trim()) throw new LatchkeyError('invalid_request', 'Give the token URL, or an issuer to discover it from.');
  return {
    // No issuer known: RFC 9207 cannot be checked, and the callback's iss (if any) is ignored.
    issuer: new URL(config.tokenUrl.trim()).origin,
    authorization_endpoint: config.authorizationUrl.trim() || undefined,
    token_endpoint: config.tokenUrl.trim(),
    ...(config.revocationUrl.trim() ? { revocation_endpoint: config.revocationUrl.trim() } : {}),
    ...(config.deviceAuthorizationUrl?.trim() ? { device_authorization_endpoint: config.deviceAuthorizationUrl.trim() } : {}),
  };
}

/** The authorization server: discovered (OpenID Connect, then RFC 8414) afresh, or from the URLs given. */
export async function authorizationServer(config: OAuthConfig): Promise<oauth.AuthorizationServer> {
  const from = issuerOf(config);
  return from ? withTypedEndpoints(config, await discover(from.issuer, from.algorithm, config.dispatcher)) : givenServer(config);
}

/** Whether a failure is the provider's own answer (an OAuth error, a refused sign-in) rather than something metadata read afresh could change. */
function providerAnswered(error: unknown): boolean {
  if (error instanceof LatchkeyError && (error.code === 'cancelled' || error.code === 'timeout')) return true;
  const cause = error instanceof LatchkeyError ? error.cause : error;
  return cause instanceof oauth.ResponseBodyError || cause instanceof oauth.AuthorizationResponseError || cause instanceof oauth.WWWAuthenticateChallengeError;
}

/**
 * Runs an operation against the provider's metadata from the discovery cache. When it fails
 * for a reason other than the provider's answer (an endpoint moved, a network error) and the
 * metadata was not just read, the entry is dropped; a `retry` operation then runs once more on
 * metadata read afresh. The interactive sign-in is `once`: the next attempt reads it afresh.
 */
async function withServer<T>(config: OAuthConfig, retry: 'retry' | 'once', run: (as: oauth.AuthorizationServer) => Promise<T>): Promise<T> {
  const from = issuerOf(config);
  const cache = config.discovery;
  if (!from || !cache) return run(await authorizationServer(config));
  let dispatcherKey = 0;
  if (config.dispatcher) {
    dispatcherKey = dispatcherKeys.get(config.dispatcher) ?? nextDispatcherKey++;
    dispatcherKeys.set(config.dispatcher, dispatcherKey);
  }
  const key = `${from.algorithm} ${from.issuer.href} ${dispatcherKey}`;
  const read = () => cache.get(key, () => discover(from.issuer, from.algorithm, config.dispatcher));
  const first = await read();
  try {
    return await run(withTypedEndpoints(config, first.metadata));
  } catch (error) {
    if (first.fresh || providerAnswered(error)) throw error;
    cache.forget(key);
    if (retry === 'once') throw error;
    return run(withTypedEndpoints(config, (await read()).metadata));
  }
}

function clientOf(config: OAuthConfig): { client: oauth.Client; auth: oauth.ClientAuth } {
  const client: oauth.Client = { client_id: config.clientId.trim() };
  if (client.client_id === '') throw new LatchkeyError('invalid_request', 'Give the client ID the provider issued.');
  const secret = config.clientSecret;
  const auth = secret === '' ? oauth.None() : config.clientAuth === 'post' ? oauth.ClientSecretPost(secret) : oauth.ClientSecretBasic(secret);
  return { client, auth };
}

function tokenSet(response: oauth.TokenEndpointResponse, askedScope: string, now: number): TokenSet {
  return {
    accessToken: response.access_token,
    refreshToken: response.refresh_token ?? null,
    idToken: response.id_token ?? null,
    tokenType: response.token_type,
    expiresAt: typeof response.expires_in === 'number' ? now + response.expires_in * 1000 : null,
    scope: response.scope ?? (askedScope || null),
  };
}

export interface AuthorizeOptions {
  opener: BrowserOpener;
  now: () => number;
  timeoutMs?: number;
  /** Called once the loopback is listening, with a way to cancel the attempt. */
  onStarted?: (attempt: { cancel(): void; authorizationUrl: string }) => void;
}

/**
 * The authorization code flow for a native app (RFC 8252, RFC 9700): PKCE S256 with a fresh
 * verifier, a single-use state, the system browser, a loopback redirect on an ephemeral port,
 * iss checked (RFC 9207, required when the server advertises it), and with `openid` the ID token
 * verified against the provider's JWKS with its nonce.
 */
export function authorize(config: OAuthConfig, options: AuthorizeOptions): Promise<TokenSet> {
  return withServer(config, 'once', (as) => authorizeWith(as, config, options));
}

async function authorizeWith(as: oauth.AuthorizationServer, config: OAuthConfig, options: AuthorizeOptions): Promise<TokenSet> {
  if (!as.authorization_endpoint) throw new LatchkeyError('invalid_request', 'Give the authorization URL, or an issuer to discover it from.');
  const { client, auth } = clientOf(config);
  const verifier = oauth.generateRandomCodeVerifier();
  const state = oauth.generateRandomState();
  const scope = scopes(config.scope);
  const openid = scope.split(' ').includes('openid');
  const nonce = openid ? oauth.generateRandomNonce() : undefined;
  let attempt: LoopbackAttempt | null = null;
  try {
    attempt = await startLoopback({ path: config.redirectPath.trim() || '/callback', state, ...(options.timeoutMs ? { timeoutMs: options.timeoutMs } : {}) });
    // The configured URL keeps its own query parameters (e.g. response_type=code some providers want twice).
    const url = new URL(as.authorization_endpoint);
    url.searchParams.set('response_type', 'code');
    url.searchParams.set('client_id', client.client_id);
    url.searchParams.set('redirect_uri', attempt.redirectUri);
    url.searchParams.set('state', state);
    url.searchParams.set('code_challenge', await oauth.calculatePKCECodeChallenge(verifier));
    url.searchParams.set('code_challenge_method', 'S256');
    if (scope) url.searchParams.set('scope', scope);
    if (nonce) url.searchParams.set('nonce', nonce);
    for (const [name, value] of config.extraParams) if (name.trim()) url.searchParams.set(name.trim(), value);
    options.onStarted?.({ cancel: () => attempt?.cancel(), authorizationUrl: url.href });
    await options.opener.open(url.href);
    const callback = await attempt.result;
    if (config.issuer.trim() === '') callback.searchParams.delete('iss');
    let params: URLSearchParams;
    try {
      params = oauth.validateAuthResponse(as, client, callback, state);
    } catch (error) {
      throw describe(error, 'The authorization response was refused');
    }
    const response = await oauth.authorizationCodeGrantRequest(as, client, auth, params, attempt.redirectUri, verifier, requestOptions(as.token_endpoint!, config.dispatcher));
    let result: oauth.TokenEndpointResponse;
    try {
      result = await oauth.processAuthorizationCodeResponse(as, client, response, { ...(nonce ? { expectedNonce: nonce } : {}), requireIdToken: openid });
    } catch (error) {
      throw describe(error, 'The token request failed');
    }
    if (result.id_token) await verifyIdToken(as, client.client_id, result.id_token, nonce, config.dispatcher);
    return tokenSet(result, scope, options.now());
  } finally {
    attempt?.cancel();
  }
}

/** The ID token's signature against the provider's JWKS, with iss, aud, exp and nonce. */
async function verifyIdToken(as: oauth.AuthorizationServer, clientId: string, idToken: string, nonce: string | undefined, dispatcher: Dispatcher | undefined): Promise<void> {
  if (!as.jwks_uri) throw new LatchkeyError('auth_failed', 'The provider sent an ID token but publishes no JWKS to verify it with.');
  try {
    const { payload } = await jwtVerify(idToken, createRemoteJWKSet(new URL(as.jwks_uri), { [joseFetch]: fetcher(dispatcher) }), { issuer: as.issuer, audience: clientId });
    if (nonce !== undefined && payload.nonce !== nonce) throw new Error('its nonce is not the one Latchkey sent');
  } catch (error) {
    throw new LatchkeyError('auth_failed', `The ID token could not be verified: ${(error as Error).message}`, { cause: error });
  }
}

/** Uses a refresh token; the server may rotate it (the new one is in the result). */
export function refresh(config: OAuthConfig, refreshToken: string, now: () => number): Promise<TokenSet> {
  return withServer(config, 'retry', async (as) => {
    const { client, auth } = clientOf(config);
    try {
      const response = await oauth.refreshTokenGrantRequest(as, client, auth, refreshToken, requestOptions(as.token_endpoint!, config.dispatcher));
      const result = await oauth.processRefreshTokenResponse(as, client, response);
      const set = tokenSet(result, scopes(config.scope), now());
      return { ...set, refreshToken: set.refreshToken ?? refreshToken };
    } catch (error) {
      throw describe(error, 'Refreshing the token failed');
    }
  });
}

/** Client credentials (RFC 6749 §4.4), with the secret in a Basic header or in the body. */
export function clientCredentials(config: OAuthConfig, now: () => number): Promise<TokenSet> {
  return withServer(config, 'retry', async (as) => {
    const { client, auth } = clientOf(config);
    const parameters = new URLSearchParams(config.extraParams.filter(([name]) => name.trim()).map(([n, v]): [string, string] => [n.trim(), v]));
    const scope = scopes(config.scope);
    if (scope) parameters.set('scope', scope);
    try {
      const response = await oauth.clientCredentialsGrantRequest(as, client, auth, parameters, requestOptions(as.token_endpoint!, config.dispatcher));
      return tokenSet(await oauth.processClientCredentialsResponse(as, client, response), scope, now());
    } catch (error) {
      throw describe(error, 'The client credentials request failed');
    }
  });
}

/** Revokes a token where the server supports revocation (RFC 7009); false when it does not. */
export function revoke(config: OAuthConfig, token: string, hint: 'refresh_token' | 'access_token'): Promise<boolean> {
  return withServer(config, 'retry', async (as) => {
    if (!as.revocation_endpoint) return false;
    const { client, auth } = clientOf(config);
    try {
      const response = await oauth.revocationRequest(as, client, auth, token, { additionalParameters: { token_type_hint: hint }, ...requestOptions(as.revocation_endpoint, config.dispatcher) });
      await oauth.processRevocationResponse(response);
      return true;
    } catch (error) {
      throw describe(error, 'Revoking the token failed');
    }
  });
}

export interface DeviceSignIn {
  userCode: string;
  verificationUri: string;
  verificationUriComplete: string | null;
  /** ms since the epoch. */
  expiresAt: number;
  /** Polls the token endpoint until the user approves, refuses, or the code expires. */
  tokens: Promise<TokenSet>;
  cancel(): void;
}

/**
 * The device authorization grant (RFC 8628): a user code to enter on another device, then
 * polite polling: the server's interval (5 s by default), 5 s more after each slow_down.
 * `sleep` is injectable so tests can see the waits.
 */
export function startDeviceSignIn(config: OAuthConfig, now: () => number, sleep: (ms: number) => Promise<void> = (ms) => new Promise((r) => setTimeout(r, ms))): Promise<DeviceSignIn> {
  return withServer(config, 'retry', (as) => deviceSignInWith(as, config, now, sleep));
}

async function deviceSignInWith(as: oauth.AuthorizationServer, config: OAuthConfig, now: () => number, sleep: (ms: number) => Promise<void>): Promise<DeviceSignIn> {
  if (!as.device_authorization_endpoint) throw new LatchkeyError('invalid_request', 'This provider offers no device sign-in (its metadata has no device_authorization_endpoint); give the device authorization URL if it has one.');
  const { client, auth } = clientOf(config);
  const parameters = new URLSearchParams(config.extraParams.filter(([name]) => name.trim()).map(([n, v]): [string, string] => [n.trim(), v]));
  const scope = scopes(config.scope);
  if (scope) parameters.set('scope', scope);
  let device: oauth.DeviceAuthorizationResponse;
  try {
    const response = await oauth.deviceAuthorizationRequest(as, client, auth, parameters, requestOptions(as.device_authorization_endpoint, config.dispatcher));
    device = await oauth.processDeviceAuthorizationResponse(as, client, response);
  } catch (error) {
    throw describe(error, 'Starting the device sign-in failed');
  }
  let cancelled = false;
  const expiresAt = now() + device.expires_in * 1000;
  const tokens = (async () => {
    let interval = (device.interval ?? 5) * 1000;
    for (;;) {
      await sleep(interval);
      if (cancelled) throw new LatchkeyError('cancelled', 'The sign-in was cancelled.');
      if (now() >= expiresAt) throw new LatchkeyError('timeout', 'The device code expired before the sign-in was approved. Connect again for a new code.');
      try {
        const response = await oauth.deviceCodeGrantRequest(as, client, auth, device.device_code, requestOptions(as.token_endpoint!, config.dispatcher));
        return tokenSet(await oauth.processDeviceCodeResponse(as, client, response), scope, now());
      } catch (error) {
        if (error instanceof oauth.ResponseBodyError && error.error === 'authorization_pending') continue;
        if (error instanceof oauth.ResponseBodyError && error.error === 'slow_down') {
          interval += 5000;
          continue;
        }
        if (error instanceof oauth.ResponseBodyError && error.error === 'access_denied') throw new LatchkeyError('auth_failed', 'The sign-in was refused on the other device.', { cause: error });
        if (error instanceof oauth.ResponseBodyError && error.error === 'expired_token') throw new LatchkeyError('timeout', 'The device code expired. Connect again for a new code.', { cause: error });
        throw describe(error, 'The device sign-in failed');
      }
    }
  })();
  tokens.catch(() => undefined);
  return {
    userCode: device.user_code,
    verificationUri: device.verification_uri,
    verificationUriComplete: device.verification_uri_complete ?? null,
    expiresAt,
    tokens,
    cancel() {
      cancelled = true;
    },
  };
}
