import { rootCertificates } from 'node:tls';
import { Agent, type Dispatcher } from 'undici';
import { isOAuth, type ConnectionAuth } from '../../../preload/contract';
import type { BrowserOpener, Clock, Logger } from '../../ports';
import { LatchkeyError } from '../errors';
import { DiscoveryCache } from '../oauth/discoveryCache';
import { authorize, clientCredentials, refresh as refreshTokens, revoke, startDeviceSignIn, type DeviceSignIn, type OAuthConfig, type TokenSet } from '../oauth/oauthClient';
import type { SecretService } from '../secrets/secretService';
import type { ClientTls } from './clientCertificate';
import { tokenSecretIds, type ConnectionStore, type StoredConnection, type StoredOAuth } from './connectionStore';

export interface OAuthSessionsDeps {
  clock: Clock;
  logger: Logger;
  /** The system browser, for the authorization code sign-in. */
  opener?: BrowserOpener;
  /** Waits between device-code polls (tests make them short). */
  deviceSleep?: (ms: number) => Promise<void>;
  /** How long a sign-in waits for the browser (5 minutes unless a test says otherwise). */
  oauthTimeoutMs?: number;
  /** The connection's TLS material (client certificate, CA), keyed by its saved version. */
  tls(connection: StoredConnection): Promise<{ key: string; options: ClientTls } | null>;
  /** Told when a connection's tokens changed, so what was built from the old ones is dropped. */
  tokensChanged(id: string): void;
  /** Where providers' metadata is kept; a new cache unless a test gives its own. */
  discovery?: DiscoveryCache;
}

/**
 * The OAuth side of connections: sign-in (authorization code in the system browser, device
 * code, client credentials), refresh (one at a time per connection), revocation, and the
 * access token to send. Tokens live in the keychain; the store keeps their ids and what they
 * are. Providers' metadata is discovered once per issuer and kept (DiscoveryCache).
 */
export class OAuthSessions {
  private readonly discovery: DiscoveryCache;
  /** Sign-ins waiting for the browser, by connection: their cancel. */
  private readonly signIns = new Map<string, () => void>();
  /** Device sign-ins waiting for approval, by connection. */
  private readonly devices = new Map<string, DeviceSignIn>();
  /** Pools carrying a connection's TLS choices to its provider, by connection. */
  private readonly pools = new Map<string, { key: string; agent: Agent }>();
  /** Access tokens by keychain id, so sending does not read the keychain each time. */
  private readonly tokenCache = new Map<string, string>();
  /** Token renewals in progress, by connection (single-flight). */
  private readonly renewals = new Map<string, Promise<void>>();

  constructor(
    private readonly store: ConnectionStore,
    private readonly secrets: SecretService,
    private readonly deps: OAuthSessionsDeps,
  ) {
    this.discovery = deps.discovery ?? new DiscoveryCache(() => deps.clock.now());
  }

  /** "Connect": the authorization code sign-in, or a client-credentials token. */
  async connect(id: string): Promise<StoredConnection> {
    const connection = this.store.get(id);
    const { config, kind } = await this.config(connection);
    this.signIns.get(id)?.();
    let tokens: TokenSet;
    if (kind === 'device') throw new LatchkeyError('invalid_request', 'A device sign-in starts with its code: use deviceStart.');
    if (kind === 'code') {
      if (!this.deps.opener) throw new LatchkeyError('invalid_request', 'There is no browser to sign in with here.');
      try {
        tokens = await authorize(config, {
          opener: this.deps.opener,
          now: () => this.deps.clock.now(),
          ...(this.deps.oauthTimeoutMs ? { timeoutMs: this.deps.oauthTimeoutMs } : {}),
          onStarted: ({ cancel }) => this.signIns.set(id, cancel),
        });
      } finally {
        this.signIns.delete(id);
      }
    } else {
      tokens = await clientCredentials(config, () => this.deps.clock.now());
    }
    return this.storeTokens(id, tokens);
  }

  cancelConnect(id: string): boolean {
    const device = this.devices.get(id);
    if (device) {
      device.cancel();
      this.devices.delete(id);
      return true;
    }
    const cancel = this.signIns.get(id);
    if (!cancel) return false;
    cancel();
    return true;
  }

  /** Starts a device sign-in: the code and the page to enter it on; polling starts at once. */
  async deviceStart(id: string): Promise<{ userCode: string; verificationUri: string; verificationUriComplete: string | null; expiresAt: number }> {
    const { config, kind } = await this.config(this.store.get(id));
    if (kind !== 'device') throw new LatchkeyError('invalid_request', 'Only a device code connection signs in with a code.');
    this.devices.get(id)?.cancel();
    const device = await startDeviceSignIn(config, () => this.deps.clock.now(), this.deps.deviceSleep);
    this.devices.set(id, device);
    return { userCode: device.userCode, verificationUri: device.verificationUri, verificationUriComplete: device.verificationUriComplete, expiresAt: device.expiresAt };
  }

  /** Waits for the device sign-in to be approved, then keeps its tokens. */
  async deviceWait(id: string): Promise<StoredConnection> {
    const device = this.devices.get(id);
    if (!device) throw new LatchkeyError('invalid_request', 'No device sign-in is waiting; click Connect for a code.');
    try {
      return await this.storeTokens(id, await device.tokens);
    } finally {
      if (this.devices.get(id) === device) this.devices.delete(id);
    }
  }

  /** "Refresh now", and what runs before expiry or after a 401: one at a time per connection. */
  refresh(id: string): Promise<StoredConnection> {
    let running = this.renewals.get(id);
    if (!running) {
      running = this.renewNow(id).finally(() => this.renewals.delete(id));
      this.renewals.set(id, running);
    }
    return running.then(() => this.store.get(id));
  }

  private async renewNow(id: string): Promise<void> {
    const connection = this.store.get(id);
    const { config, kind } = await this.config(connection);
    const state = connection.oauth;
    if (kind === 'clientCredentials') {
      await this.storeTokens(id, await clientCredentials(config, () => this.deps.clock.now()));
      return;
    }
    if (!state) throw new LatchkeyError('auth_failed', `"${connection.name}" is not connected: click Connect.`);
    if (!state.refreshToken.id) {
      this.markReconnect(id, 'The access token expired and the provider gave no refresh token (ask for offline access, e.g. the offline_access scope).');
      throw new LatchkeyError('auth_failed', `"${connection.name}" needs to be connected again: the provider gave no refresh token.`);
    }
    let tokens: TokenSet;
    try {
      tokens = await refreshTokens(config, await this.secrets.reveal(state.refreshToken.id), () => this.deps.clock.now());
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      this.markReconnect(id, reason);
      throw new LatchkeyError('auth_failed', `"${connection.name}" needs to be connected again: ${reason}`, { cause: error });
    }
    await this.storeTokens(id, tokens);
  }

  /** Saves tokens to the keychain (a rotated refresh token before anything uses it), then what they are to the store. */
  private async storeTokens(id: string, tokens: TokenSet): Promise<StoredConnection> {
    const previous = this.store.get(id).oauth ?? null;
    const access = await this.secrets.save(tokens.accessToken, previous?.accessToken.id);
    this.tokenCache.set(access, tokens.accessToken);
    let refreshId = previous?.refreshToken.id ?? null;
    if (tokens.refreshToken) refreshId = await this.secrets.save(tokens.refreshToken, refreshId ?? undefined);
    let idTokenId = previous?.idToken.id ?? null;
    if (tokens.idToken) idTokenId = await this.secrets.save(tokens.idToken, idTokenId ?? undefined);
    const oauth: StoredOAuth = {
      status: 'connected',
      reason: '',
      accessToken: { id: access },
      refreshToken: { id: refreshId },
      idToken: { id: idTokenId },
      tokenType: tokens.tokenType,
      expiresAt: tokens.expiresAt,
      scope: tokens.scope,
      connectedAt: previous?.connectedAt ?? this.deps.clock.now(),
    };
    this.store.update(id, (c) => ({ ...c, oauth }));
    this.deps.tokensChanged(id);
    return this.store.get(id);
  }

  private markReconnect(id: string, reason: string): void {
    this.store.update(id, (c) => (c.oauth ? { ...c, oauth: { ...c.oauth, status: 'reconnect', reason } } : c));
  }

  /** "Disconnect": revokes (refresh token first, else the access token) where supported, then forgets the tokens. */
  async disconnect(id: string): Promise<{ connection: StoredConnection; revoked: boolean }> {
    const connection = this.store.get(id);
    const state = connection.oauth;
    let revoked = false;
    if (state) {
      try {
        const { config } = await this.config(connection);
        const refreshToken = state.refreshToken.id ? await this.secrets.reveal(state.refreshToken.id).catch(() => null) : null;
        revoked = refreshToken ? await revoke(config, refreshToken, 'refresh_token') : await revoke(config, await this.secrets.reveal(state.accessToken.id), 'access_token');
      } catch (error) {
        // Forgetting must not depend on the server: the tokens go either way, and the log says why revocation failed.
        this.deps.logger.warn('token revocation failed', { error: error instanceof Error ? error.message : String(error) });
      }
      await this.forgetTokens(state);
    }
    this.store.update(id, (c) => ({ ...c, oauth: null }));
    this.deps.tokensChanged(id);
    return { connection: this.store.get(id), revoked };
  }

  /** Drops a connection's tokens from the keychain and its pool (on delete, or when its client changed). */
  async forget(id: string, state: StoredOAuth | null | undefined): Promise<void> {
    if (state) await this.forgetTokens(state);
    const pool = this.pools.get(id);
    if (pool) {
      this.pools.delete(id);
      void pool.agent.close().catch(() => undefined);
    }
  }

  private async forgetTokens(state: StoredOAuth): Promise<void> {
    this.tokenCache.delete(state.accessToken.id);
    for (const secretId of tokenSecretIds(state)) {
      await this.secrets.delete(secretId).catch((error: unknown) => {
        this.deps.logger.warn('could not delete a token from the keychain', { error: error instanceof Error ? error.message : String(error) });
      });
    }
  }

  /** The access token to send now: renewed first when it expires within a minute. */
  async accessToken(id: string): Promise<string> {
    let connection = this.store.get(id);
    // Client credentials need no person: the first send (or a headless run) gets the token itself.
    if (connection.auth.type === 'oauth2ClientCredentials' && (!connection.oauth || connection.oauth.status === 'reconnect')) connection = await this.refresh(id);
    if (!connection.oauth) throw new LatchkeyError('auth_failed', `"${connection.name}" is not connected yet: open it and click Connect.`);
    if (connection.oauth.status === 'reconnect') throw new LatchkeyError('auth_failed', `"${connection.name}" needs to be connected again: ${connection.oauth.reason}`);
    const { expiresAt, refreshToken } = connection.oauth;
    const now = this.deps.clock.now();
    // Renewed in its last minute when it can be; without a refresh token (and not client
    // credentials, which fetch a new one) it is used until it has actually expired.
    const renewable = refreshToken.id !== null || connection.auth.type === 'oauth2ClientCredentials';
    if (expiresAt !== null && (renewable ? expiresAt - 60_000 <= now : expiresAt <= now)) {
      connection = await this.refresh(id);
    }
    const secretId = connection.oauth!.accessToken.id;
    let token = this.tokenCache.get(secretId);
    if (token === undefined) {
      token = await this.secrets.reveal(secretId);
      this.tokenCache.set(secretId, token);
    }
    return token;
  }

  /**
   * Export token: the access token, the ID token, a JWT to decode (the ID token, else the access
   * token when it is a JWT), or the token file, with the refresh token only when asked.
   */
  async exportToken(id: string, what: 'access' | 'id' | 'jwt' | 'file', withRefresh: boolean): Promise<string> {
    const connection = this.store.get(id);
    const state = connection.oauth;
    if (!isOAuth(connection.auth)) throw new LatchkeyError('invalid_request', `"${connection.name}" is not an OAuth connection.`);
    if (!state) throw new LatchkeyError('auth_failed', `"${connection.name}" is not connected: click Connect first.`);
    const read = async (secretId: string | null): Promise<string | null> => (secretId ? this.secrets.reveal(secretId).catch(() => null) : null);
    const gone = new LatchkeyError('auth_failed', 'The token is no longer in the keychain: connect again.');
    if (what === 'id') {
      const idToken = await read(state.idToken.id);
      if (!idToken) throw new LatchkeyError('invalid_request', 'The provider sent no ID token (ask for the openid scope).');
      return idToken;
    }
    if (what === 'jwt') {
      const token = (await read(state.idToken.id)) ?? (await read(state.accessToken.id));
      if (!token) throw gone;
      if (token.split('.').length !== 3) throw new LatchkeyError('invalid_request', 'The access token is not a JWT (it is opaque) and the provider sent no ID token.');
      return token;
    }
    const access = await read(state.accessToken.id);
    if (!access) throw gone;
    if (what === 'access') return access;
    const file: Record<string, unknown> = { access_token: access, token_type: state.tokenType, expires_at: state.expiresAt === null ? null : new Date(state.expiresAt).toISOString(), scope: state.scope };
    const idToken = await read(state.idToken.id);
    if (idToken) file.id_token = idToken;
    if (withRefresh) file.refresh_token = await read(state.refreshToken.id);
    this.deps.logger.info('token exported', { withRefresh });
    return `${JSON.stringify(file, null, 2)}\n`;
  }

  /** The connection's client certificate, CA bundle and verification choice, for its provider too; undefined when it has none. */
  private async dispatcher(connection: StoredConnection): Promise<Dispatcher | undefined> {
    if (!connection.clientCertificate && !connection.ca && connection.verifyTls) return undefined;
    const tls = await this.deps.tls(connection);
    const key = `${tls?.key ?? ''}|${connection.verifyTls}`;
    const cached = this.pools.get(connection.id);
    if (cached?.key === key) return cached.agent;
    if (cached) void cached.agent.close().catch(() => undefined);
    const { ca, ...material } = tls?.options ?? {};
    const agent = new Agent({ connect: { ...material, ...(ca ? { ca: [...rootCertificates, ca] } : {}), rejectUnauthorized: connection.verifyTls } });
    this.pools.set(connection.id, { key, agent });
    return agent;
  }

  private async config(connection: StoredConnection): Promise<{ config: OAuthConfig; kind: 'code' | 'device' | 'clientCredentials' }> {
    const auth: ConnectionAuth = connection.auth;
    if (!isOAuth(auth)) throw new LatchkeyError('invalid_request', `"${connection.name}" is not an OAuth connection.`);
    const dispatcher = await this.dispatcher(connection);
    // The fields all three types share; each adds its own endpoints.
    const config: OAuthConfig = {
      issuer: auth.issuer,
      authorizationUrl: auth.type === 'oauth2Code' ? auth.authorizationUrl : '',
      deviceAuthorizationUrl: auth.type === 'oauth2Device' ? auth.deviceAuthorizationUrl : '',
      tokenUrl: auth.tokenUrl,
      revocationUrl: auth.type === 'oauth2ClientCredentials' ? '' : auth.revocationUrl,
      clientId: auth.clientId,
      clientSecret: auth.clientSecret.id ? await this.secrets.reveal(auth.clientSecret.id) : '',
      clientAuth: auth.clientAuth,
      scope: auth.scope,
      extraParams: auth.extraParams.filter((p) => p.name.trim() !== '').map((p): [string, string] => [p.name.trim(), p.value]),
      redirectPath: auth.type === 'oauth2Code' ? auth.redirectPath : '',
      discovery: this.discovery,
      ...(dispatcher ? { dispatcher } : {}),
    };
    return { config, kind: auth.type === 'oauth2Code' ? 'code' : auth.type === 'oauth2Device' ? 'device' : 'clientCredentials' };
  }
}

/** Whether two auths are the same OAuth client at the same provider (so its tokens still apply). */
export function sameOAuthClient(a: ConnectionAuth, b: ConnectionAuth): boolean {
  if (!isOAuth(a) || a.type !== b.type) return false;
  const other = b as typeof a;
  return a.clientId === other.clientId && a.issuer === other.issuer && a.tokenUrl === other.tokenUrl;
}
