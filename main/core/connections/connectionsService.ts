import { randomUUID } from 'node:crypto';
import { rootCertificates } from 'node:tls';
import { Agent, type Dispatcher } from 'undici';
import { z } from 'zod';
import {
  AUTH_TYPE_LABELS,
  Connection,
  type ClientCertificate,
  type ConnectionAuth,
  type ConnectionInput,
  type ConnectionTest,
  type OAuthState,
  type ExecuteRequest,
  type ExecuteResult,
  type RequestSpec,
  type SigningProfile,
} from '../../../preload/contract';
import type { BrowserOpener, Clock, Logger } from '../../ports';
import { authorize, clientCredentials, refresh as refreshTokens, revoke, startDeviceSignIn, type DeviceSignIn, type OAuthConfig, type TokenSet } from '../oauth/oauthClient';
import { LatchkeyError } from '../errors';
import type { Credentials } from '../http/planRedirect';
import type { PreparedRequest } from '../http/prepareRequest';
import { parseObject, sign } from '../jwt/signer';
import { readSigningKey } from '../jwt/keys';
import type { DocumentSpec, StoredDocument } from '../persistence/storedDocument';
import type { SecretService } from '../secrets/secretService';
import { applySimpleAuth, AuthWriter, type Fill } from './applyAuth';
import { assumeRole, profileCredentials, signV4, SIGV4_CREDENTIAL_HEADERS, type AwsCredentials } from './aws';
import { pemOrFile, readPfx, validateClientTls, type ClientTls } from './clientCertificate';

export const ConnectionsData = z.object({ connections: z.array(Connection) });
export type ConnectionsData = z.infer<typeof ConnectionsData>;

export const connectionsSpec: DocumentSpec<ConnectionsData> = {
  name: 'connections',
  title: 'Your connections',
  version: 1,
  schema: ConnectionsData,
  empty: () => ({ connections: [] }),
  migrations: [],
};

/** What the request engine needs of a connection. */
export interface AppliedConnection {
  /** Joined with relative request URLs; empty for none. May hold `{{variables}}`. */
  baseUrl: string;
  /** Adds the connection's credentials to a prepared request. */
  apply(request: PreparedRequest, fill: Fill): { request: PreparedRequest; credentials: Credentials } | Promise<{ request: PreparedRequest; credentials: Credentials }>;
  /** The client certificate, with a key naming this version of it (one pool per key). */
  tls: { key: string; options: ClientTls } | null;
  /** Secret values, redacted from everything shown. */
  secrets: string[];
  /** False when the user turned certificate verification off for this connection. */
  verifyTls: boolean;
  /** OAuth: gets a fresh access token after the server answered 401 (the request is then sent once more). */
  renew?: () => Promise<void>;
}

type SecretRef = { id: string | null };
type SecretInputRef = SecretRef & { set?: string };

/** Every secret field of an auth or certificate, found by its shape: `{ id }` (and `set` on input). */
function secretFields(value: unknown, out: SecretInputRef[] = []): SecretInputRef[] {
  if (Array.isArray(value)) {
    for (const item of value) secretFields(item, out);
  } else if (value && typeof value === 'object') {
    const keys = Object.keys(value);
    if ('id' in value && keys.every((k) => k === 'id' || k === 'set')) out.push(value as SecretInputRef);
    else for (const key of keys) secretFields((value as Record<string, unknown>)[key], out);
  }
  return out;
}

/** What a connection has resolved for sending, built once per saved version. */
interface Runtime {
  version: string;
  values: Map<string, string>;
  applied: AppliedConnection;
}

/** How long before expiry assumed-role credentials are renewed (the issue's 5 minutes). */
const ROLE_RENEW_MS = 5 * 60_000;
/** How long before expiry a reused JWT is replaced. */
const JWT_RENEW_S = 30;

export interface ConnectionsDeps {
  clock: Clock;
  logger: Logger;
  /** STS AssumeRole; the default calls AWS (or the configured endpoint). */
  assumeRole?: typeof assumeRole;
  /** The system browser, for the OAuth sign-in. */
  opener?: BrowserOpener;
  /** Waits between device-code polls (tests make them short). */
  deviceSleep?: (ms: number) => Promise<void>;
  /** How long a sign-in waits for the browser (5 minutes unless a test says otherwise). */
  oauthTimeoutMs?: number;
  /** The JWT signer's saved profiles, for the JWT type's "Signing profile". */
  profiles?: { profile(id: string): SigningProfile; profileKey(profile: SigningProfile): Promise<{ key: string; passphrase: string }> };
}

/**
 * Connections: stored in the `connections` document with every secret field in the keychain.
 * Secrets are read from the keychain once per saved version and kept in main's memory.
 */
export class ConnectionsService {
  private readonly runtimes = new Map<string, Runtime | Promise<Runtime>>();
  /** Saved-version stamps, so pools and caches built for an older version are not reused. */
  private readonly versions = new Map<string, string>();
  private readonly assume: typeof assumeRole;
  /** Sign-ins waiting for the browser, by connection: their cancel. */
  private readonly signIns = new Map<string, () => void>();
  /** Pools carrying a connection's TLS choices to its OAuth provider, by connection and version. */
  private readonly oauthPools = new Map<string, { key: string; agent: Agent }>();
  /** Device sign-ins waiting for approval, by connection. */
  private readonly devices = new Map<string, DeviceSignIn>();
  /** Access tokens by keychain id, so sending does not read the keychain each time. */
  private readonly tokenCache = new Map<string, string>();
  /** Token renewals in progress, by connection: one at a time (single-flight). */
  private readonly renewals = new Map<string, Promise<void>>();

  constructor(
    private readonly doc: StoredDocument<ConnectionsData>,
    private readonly secrets: SecretService,
    private readonly deps: ConnectionsDeps,
  ) {
    this.assume = deps.assumeRole ?? assumeRole;
  }

  /** Tells `listener` the whole list whenever a connection is saved, deleted, tested, connected or changes status. */
  onChanged(listener: (connections: Connection[]) => void): () => void {
    return this.doc.onChange(() => listener(this.list()));
  }

  list(): Connection[] {
    return this.doc.get().connections;
  }

  get(id: string): Connection {
    const found = this.list().find((c) => c.id === id);
    if (!found) throw new LatchkeyError('connection_not_found', 'That connection no longer exists; it may have been deleted. Choose another in the Auth tab.');
    return found;
  }

  async save(input: ConnectionInput): Promise<Connection> {
    const previous = input.id ? this.get(input.id) : null;
    const id = previous?.id ?? randomUUID();
    const owned = new Set(previous ? [...secretFields(previous.auth), ...secretFields(previous.clientCertificate)].map((s) => s.id).filter((s): s is string => s !== null) : []);
    const name = input.name.trim();
    if (this.list().some((c) => c.id !== id && c.name.toLowerCase() === name.toLowerCase())) {
      throw new LatchkeyError('invalid_request', `There is already a connection named "${name}".`);
    }
    const baseUrl = input.baseUrl.trim();
    if (baseUrl !== '' && !baseUrl.includes('{{')) checkBaseUrl(baseUrl);

    // Values to write, by the id they will have; nothing is written until everything checks out.
    const writes = new Map<string, string>();
    const valueOf = async (field: SecretInputRef): Promise<string> => {
      if (field.set !== undefined) return field.set;
      if (field.id && owned.has(field.id)) return this.secrets.reveal(field.id);
      return '';
    };
    const store = (field: SecretInputRef, value: string): SecretRef => {
      if (value === '') return { id: null };
      const secretId = field.id && owned.has(field.id) ? field.id : randomUUID();
      writes.set(secretId, value);
      return { id: secretId };
    };
    const storeField = async (field: SecretInputRef): Promise<SecretRef> => {
      if (field.set === undefined) return { id: field.id && owned.has(field.id) ? field.id : null };
      return store(field, field.set);
    };

    let auth = (await mapSecrets(input.auth, storeField)) as ConnectionAuth;
    if (auth.type === 'custom') {
      // An entry keeps only the kind of value it uses: a plain value, or a keychain one.
      auth = { ...auth, entries: auth.entries.map((e) => (e.secret ? { ...e, value: '' } : { ...e, secretValue: { id: null } })) };
    }
    if (auth.type === 'jwt' && auth.profileId) {
      if (!this.deps.profiles) throw new LatchkeyError('invalid_request', 'Signing profiles are not available here.');
      this.deps.profiles.profile(auth.profileId);
    } else if (auth.type === 'jwt') {
      // Checked now, so a key that does not fit is refused when saved rather than when sending.
      const key = await valueOf((input.auth as { key: SecretInputRef }).key);
      if (key !== '' && !key.includes('{{')) {
        readSigningKey(auth.algorithm, key);
      }
    }
    let clientCertificate: ClientCertificate | null = null;
    const cert = input.clientCertificate;
    const ca = input.ca.trim() === '' ? '' : pemOrFile(input.ca, 'CA bundle');
    if (ca !== '') validateClientTls({ ca });
    if (cert.kind === 'pem') {
      const certificate = pemOrFile(cert.certificate, 'certificate');
      const keyInput = cert.key.set;
      const key = keyInput !== undefined ? pemOrFile(keyInput, 'private key') : await valueOf(cert.key);
      const passphrase = await valueOf(cert.passphrase);
      const { subject, validTo } = validateClientTls({ cert: certificate, key, ...(passphrase ? { passphrase } : {}) });
      clientCertificate = { kind: 'pem', certificate, key: store(cert.key, key), passphrase: store(cert.passphrase, passphrase), subject, validTo };
    } else if (cert.kind === 'pfx') {
      const pfx = cert.pfx.set !== undefined && cert.pfx.set !== '' ? readPfx(cert.pfx.set) : Buffer.from(await valueOf(cert.pfx), 'base64');
      if (pfx.length === 0) throw new LatchkeyError('invalid_certificate', 'Choose the PKCS#12 / PFX file (give its path).');
      const passphrase = await valueOf(cert.passphrase);
      const { subject, validTo } = validateClientTls({ pfx, ...(passphrase ? { passphrase } : {}) });
      clientCertificate = { kind: 'pfx', pfx: store(cert.pfx, pfx.toString('base64')), passphrase: store(cert.passphrase, passphrase), subject, validTo };
    }

    // Tokens stay when the connection still talks to the same provider as the same client.
    const keepsTokens = previous?.oauth && sameOAuthClient(previous.auth, auth) ? previous.oauth : null;
    const connection: Connection = {
      id,
      name,
      baseUrl,
      oauth: keepsTokens,
      auth,
      clientCertificate,
      ca,
      verifyTls: input.verifyTls,
      testPath: input.testPath.trim(),
      // A changed connection has not been tested as it is now.
      lastTest: null,
    };
    for (const [secretId, value] of writes) await this.secrets.save(value, secretId);
    const kept = new Set([...secretFields(connection.auth), ...secretFields(connection.clientCertificate)].map((s) => s.id));
    const connections = previous ? this.list().map((c) => (c.id === id ? connection : c)) : [...this.list(), connection];
    this.doc.set({ connections });
    this.forget(id);
    for (const old of owned) if (!kept.has(old)) await this.dropSecret(old);
    if (previous?.oauth && !keepsTokens) await this.forgetTokens(previous.oauth);
    return connection;
  }

  async delete(id: string): Promise<boolean> {
    const found = this.list().find((c) => c.id === id);
    if (!found) return false;
    this.doc.set({ connections: this.list().filter((c) => c.id !== id) });
    this.forget(id);
    for (const field of [...secretFields(found.auth), ...secretFields(found.clientCertificate)]) {
      if (field.id) await this.dropSecret(field.id);
    }
    if (found.oauth) await this.forgetTokens(found.oauth);
    const pool = this.oauthPools.get(id);
    if (pool) {
      this.oauthPools.delete(id);
      void pool.agent.close().catch(() => undefined);
    }
    return true;
  }

  // ---- OAuth ----

  /** The connection's client certificate, CA bundle and verification choice, for its provider too; undefined when it has none. */
  private async oauthDispatcher(connection: Connection): Promise<Dispatcher | undefined> {
    if (!connection.clientCertificate && !connection.ca && connection.verifyTls) return undefined;
    const applied = await this.resolve(connection.id);
    const key = `${applied.tls?.key ?? ''}|${connection.verifyTls}`;
    const cached = this.oauthPools.get(connection.id);
    if (cached?.key === key) return cached.agent;
    if (cached) void cached.agent.close().catch(() => undefined);
    const { ca, ...material } = applied.tls?.options ?? {};
    const agent = new Agent({ connect: { ...material, ...(ca ? { ca: [...rootCertificates, ca] } : {}), rejectUnauthorized: connection.verifyTls } });
    this.oauthPools.set(connection.id, { key, agent });
    return agent;
  }

  private async oauthConfig(connection: Connection): Promise<{ config: OAuthConfig; kind: 'code' | 'device' | 'clientCredentials' }> {
    const withTls = await this.oauthConfigWithoutTls(connection);
    const dispatcher = await this.oauthDispatcher(connection);
    return dispatcher ? { ...withTls, config: { ...withTls.config, dispatcher } } : withTls;
  }

  private async oauthConfigWithoutTls(connection: Connection): Promise<{ config: OAuthConfig; kind: 'code' | 'device' | 'clientCredentials' }> {
    const auth = connection.auth;
    if (auth.type !== 'oauth2Code' && auth.type !== 'oauth2Device' && auth.type !== 'oauth2ClientCredentials') {
      throw new LatchkeyError('invalid_request', `"${connection.name}" is not an OAuth connection.`);
    }
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
    };
    return { config, kind: auth.type === 'oauth2Code' ? 'code' : auth.type === 'oauth2Device' ? 'device' : 'clientCredentials' };
  }

  /**
   * "Connect": the authorization code sign-in in the system browser, or a client-credentials
   * token. Tokens go to the keychain; the connection keeps only what they are.
   */
  async connect(id: string): Promise<Connection> {
    const connection = this.get(id);
    const { config, kind } = await this.oauthConfig(connection);
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
    const { config, kind } = await this.oauthConfig(this.get(id));
    if (kind !== 'device') throw new LatchkeyError('invalid_request', 'Only a device code connection signs in with a code.');
    this.devices.get(id)?.cancel();
    const device = await startDeviceSignIn(config, () => this.deps.clock.now(), this.deps.deviceSleep);
    this.devices.set(id, device);
    return { userCode: device.userCode, verificationUri: device.verificationUri, verificationUriComplete: device.verificationUriComplete, expiresAt: device.expiresAt };
  }

  /** Waits for the device sign-in to be approved, then keeps its tokens. */
  async deviceWait(id: string): Promise<Connection> {
    const device = this.devices.get(id);
    if (!device) throw new LatchkeyError('invalid_request', 'No device sign-in is waiting; click Connect for a code.');
    try {
      return await this.storeTokens(id, await device.tokens);
    } finally {
      if (this.devices.get(id) === device) this.devices.delete(id);
    }
  }

  /** "Refresh now", and what runs before expiry or after a 401: one at a time per connection. */
  refresh(id: string): Promise<Connection> {
    let running = this.renewals.get(id);
    if (!running) {
      running = this.renewNow(id).finally(() => this.renewals.delete(id));
      this.renewals.set(id, running);
    }
    return running.then(() => this.get(id));
  }

  private async renewNow(id: string): Promise<void> {
    const connection = this.get(id);
    const { config, kind } = await this.oauthConfig(connection);
    const state = connection.oauth;
    if (kind === 'clientCredentials') {
      await this.storeTokens(id, await clientCredentials(config, () => this.deps.clock.now()));
      return;
    }
    if (!state) throw new LatchkeyError('auth_failed', `"${connection.name}" is not connected: click Connect.`);
    if (!state.refreshToken.id) {
      await this.markReconnect(id, 'The access token expired and the provider gave no refresh token (ask for offline access, e.g. the offline_access scope).');
      throw new LatchkeyError('auth_failed', `"${connection.name}" needs to be connected again: the provider gave no refresh token.`);
    }
    let tokens: TokenSet;
    try {
      tokens = await refreshTokens(config, await this.secrets.reveal(state.refreshToken.id), () => this.deps.clock.now());
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      await this.markReconnect(id, reason);
      throw new LatchkeyError('auth_failed', `"${connection.name}" needs to be connected again: ${reason}`, { cause: error });
    }
    await this.storeTokens(id, tokens);
  }

  /** Saves tokens to the keychain (a rotated refresh token before anything uses it), then what they are to the document. */
  private async storeTokens(id: string, tokens: TokenSet): Promise<Connection> {
    const previous = this.get(id).oauth ?? null;
    const access = await this.secrets.save(tokens.accessToken, previous?.accessToken.id);
    this.tokenCache.set(access, tokens.accessToken);
    let refreshId = previous?.refreshToken.id ?? null;
    if (tokens.refreshToken) refreshId = await this.secrets.save(tokens.refreshToken, refreshId ?? undefined);
    let idTokenId = previous?.idToken.id ?? null;
    if (tokens.idToken) idTokenId = await this.secrets.save(tokens.idToken, idTokenId ?? undefined);
    const oauth: OAuthState = {
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
    const current = this.get(id);
    const updated = { ...current, oauth };
    this.doc.set({ connections: this.list().map((c) => (c.id === id ? updated : c)) });
    // The next request reads the new token (and redacts it).
    this.runtimes.delete(id);
    return updated;
  }

  private async markReconnect(id: string, reason: string): Promise<void> {
    const current = this.list().find((c) => c.id === id);
    if (!current?.oauth) return;
    this.doc.set({ connections: this.list().map((c) => (c.id === id ? { ...c, oauth: { ...current.oauth!, status: 'reconnect' as const, reason } } : c)) });
  }

  /** "Disconnect": revokes (refresh token first, else the access token) where supported, then forgets the tokens. */
  async disconnect(id: string): Promise<{ connection: Connection; revoked: boolean }> {
    const connection = this.get(id);
    const state = connection.oauth;
    let revoked = false;
    if (state) {
      try {
        const { config } = await this.oauthConfig(connection);
        const refreshToken = state.refreshToken.id ? await this.secrets.reveal(state.refreshToken.id).catch(() => null) : null;
        revoked = refreshToken ? await revoke(config, refreshToken, 'refresh_token') : await revoke(config, await this.secrets.reveal(state.accessToken.id), 'access_token');
      } catch (error) {
        // Forgetting must not depend on the server: the tokens go either way, and the log says why revocation failed.
        this.deps.logger.warn('token revocation failed', { error: error instanceof Error ? error.message : String(error) });
      }
      await this.forgetTokens(state);
    }
    const updated = { ...this.get(id), oauth: null };
    this.doc.set({ connections: this.list().map((c) => (c.id === id ? updated : c)) });
    this.runtimes.delete(id);
    return { connection: updated, revoked };
  }

  /** Deletes a secret no longer used; a keychain that refuses leaves it behind, logged, rather than undoing the change. */
  private async dropSecret(secretId: string): Promise<void> {
    await this.secrets.delete(secretId).catch((error: unknown) => {
      this.deps.logger.warn('could not delete a secret from the keychain', { error: error instanceof Error ? error.message : String(error) });
      return false;
    });
  }

  private async forgetTokens(state: OAuthState): Promise<void> {
    this.tokenCache.delete(state.accessToken.id);
    for (const secretId of [state.accessToken.id, state.refreshToken.id, state.idToken.id]) if (secretId) await this.dropSecret(secretId);
  }

  /** The access token to send now: renewed first when it expires within a minute. */
  private async accessToken(id: string): Promise<string> {
    let connection = this.get(id);
    if (!connection.oauth) throw new LatchkeyError('auth_failed', `"${connection.name}" is not connected yet: open it and click Connect.`);
    if (connection.oauth.status === 'reconnect') throw new LatchkeyError('auth_failed', `"${connection.name}" needs to be connected again: ${connection.oauth.reason}`);
    if (connection.oauth.expiresAt !== null && connection.oauth.expiresAt - 60_000 <= this.deps.clock.now()) {
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

  /** A stamp for the connection as saved now; a save or delete changes it. */
  private versionOf(id: string): string {
    let version = this.versions.get(id);
    if (!version) this.versions.set(id, (version = randomUUID().slice(0, 8)));
    return version;
  }

  private forget(id: string): void {
    this.runtimes.delete(id);
    this.versions.set(id, randomUUID().slice(0, 8));
  }

  /** The connection as the request engine applies it; synchronous once its secrets are in memory. */
  resolve(id: string): AppliedConnection | Promise<AppliedConnection> {
    const runtime = this.runtimes.get(id);
    if (runtime && !(runtime instanceof Promise)) return runtime.applied;
    const building = runtime ?? this.build(id);
    if (!runtime) {
      this.runtimes.set(id, building);
      building.then(
        (built) => this.runtimes.get(id) === building && this.runtimes.set(id, built),
        () => this.runtimes.get(id) === building && this.runtimes.delete(id),
      );
    }
    return building.then((built) => built.applied);
  }

  private async build(id: string): Promise<Runtime> {
    const connection = this.get(id);
    const version = this.versionOf(id);
    const values = new Map<string, string>();
    for (const field of [...secretFields(connection.auth), ...secretFields(connection.clientCertificate)]) {
      if (field.id) values.set(field.id, await this.secrets.reveal(field.id));
    }
    // Tokens are redacted like any other secret (they are read again when sent, as they change).
    const tokens = connection.oauth ? [connection.oauth.accessToken.id, connection.oauth.refreshToken.id].filter((t): t is string => t !== null) : [];
    const tokenValues = await Promise.all(tokens.map((t) => this.secrets.reveal(t).catch(() => '')));
    const secret = (field: { id: string | null }) => (field.id ? (values.get(field.id) ?? '') : '');
    const cert = connection.clientCertificate;
    let tls: AppliedConnection['tls'] = null;
    if (cert || connection.ca) {
      const passphrase = cert ? secret(cert.passphrase) : '';
      const options: ClientTls = {
        ...(cert?.kind === 'pem' ? { cert: cert.certificate, key: secret(cert.key) } : {}),
        ...(cert?.kind === 'pfx' ? { pfx: Buffer.from(secret(cert.pfx), 'base64') } : {}),
        ...(passphrase ? { passphrase } : {}),
        ...(connection.ca ? { ca: connection.ca } : {}),
      };
      tls = { key: `${id}:${version}`, options };
    }
    const applied: AppliedConnection = {
      baseUrl: connection.baseUrl,
      apply: this.applier(connection, secret),
      tls,
      secrets: [...values.values(), ...tokenValues].filter((v) => v.length >= 4),
      verifyTls: connection.verifyTls,
      ...(connection.auth.type === 'oauth2Code' || connection.auth.type === 'oauth2Device' || connection.auth.type === 'oauth2ClientCredentials' ? { renew: () => this.refresh(id).then(() => undefined) } : {}),
    };
    return { version, values, applied };
  }

  private applier(connection: Connection, secret: (field: { id: string | null }) => string): AppliedConnection['apply'] {
    const auth = connection.auth;
    const now = () => this.deps.clock.now();
    switch (auth.type) {
      case 'jwt': {
        let cached: { token: string; expiresAt: number | null; profile: SigningProfile | null } | null = null;
        const profiles = this.deps.profiles;
        return async (request, fill) => {
          const nowS = Math.floor(now() / 1000);
          const profile = auth.profileId ? (profiles?.profile(auth.profileId) ?? null) : null;
          if (auth.profileId && !profile) throw new LatchkeyError('auth_failed', 'Signing profiles are not available here.');
          // A profile saved since the token was made invalidates it.
          if (!auth.reuse || !cached || cached.profile !== profile || (cached.expiresAt !== null && cached.expiresAt - JWT_RENEW_S <= nowS)) {
            if (profile) {
              const { key, passphrase } = await profiles!.profileKey(profile);
              const claims = withLifetime(fill(profile.claims), auth.lifetimeSeconds, nowS);
              const signed = await sign({ algorithm: profile.algorithm, key, passphrase, hmacEncoding: profile.hmacEncoding, header: fill(profile.header), payload: claims });
              cached = { token: signed.token, expiresAt: signed.expiresAt, profile };
            } else {
              const keyId = fill(auth.keyId);
              const signed = await sign({ algorithm: auth.algorithm, key: fill(secret(auth.key)), header: JSON.stringify(keyId ? { kid: keyId } : {}), payload: withLifetime(fill(auth.claims), auth.lifetimeSeconds, nowS) });
              cached = { token: signed.token, expiresAt: signed.expiresAt, profile: null };
            }
          }
          const out = new AuthWriter(request);
          out.place(auth.placement, cached.token, 'JWT auth');
          return out.finish();
        };
      }
      case 'awsAccessKey':
        return async (request, fill) => {
          const credentials: AwsCredentials = { accessKeyId: fill(auth.accessKeyId).trim(), secretAccessKey: fill(secret(auth.secretAccessKey)) };
          const token = secret(auth.sessionToken);
          if (token) credentials.sessionToken = fill(token);
          if (!credentials.accessKeyId || !credentials.secretAccessKey) throw new LatchkeyError('auth_failed', 'AWS signing needs an access key ID and a secret access key.');
          return this.signed(request, credentials, fill(auth.region), fill(auth.service));
        };
      case 'awsRole': {
        let role: { credentials: AwsCredentials; expiresAt: number } | Promise<{ credentials: AwsCredentials; expiresAt: number }> | null = null;
        const fresh = async (fill: Fill) => {
          const source: AwsCredentials =
            auth.source.kind === 'profile'
              ? await profileCredentials(fill(auth.source.profile))
              : { accessKeyId: fill(auth.source.accessKeyId).trim(), secretAccessKey: fill(secret(auth.source.secretAccessKey)), ...(secret(auth.source.sessionToken) ? { sessionToken: secret(auth.source.sessionToken) } : {}) };
          if (!source.accessKeyId || !source.secretAccessKey) throw new LatchkeyError('auth_failed', 'Assuming a role needs source credentials: an access key pair, or a profile.');
          return this.assume({
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
          // One AssumeRole at a time; kept until five minutes before the credentials expire.
          if (!role || (!(role instanceof Promise) && role.expiresAt - ROLE_RENEW_MS <= now())) {
            const pending = fresh(fill);
            role = pending;
            pending.then(
              (value) => role === pending && (role = value),
              () => role === pending && (role = null),
            );
          }
          const { credentials } = await role;
          return this.signed(request, credentials, fill(auth.region), fill(auth.service));
        };
      }
      case 'oauth2Code':
      case 'oauth2Device':
      case 'oauth2ClientCredentials':
        return async (request) => {
          const out = new AuthWriter(request);
          out.place(auth.placement, await this.accessToken(connection.id), 'OAuth');
          return out.finish();
        };
      default:
        return (request, fill) => applySimpleAuth(auth, request, secret, fill);
    }
  }

  private async signed(request: PreparedRequest, credentials: AwsCredentials, region: string, service: string) {
    const signedRequest = await signV4(request, credentials, region, service);
    const out = new AuthWriter(signedRequest);
    out.mark(SIGV4_CREDENTIAL_HEADERS);
    return out.finish();
  }

  /**
   * "Test connection": a GET to the base URL or its test path with the connection applied.
   * The outcome is kept on the connection for the list to show.
   */
  async test(id: string, execute: (input: ExecuteRequest) => Promise<ExecuteResult>): Promise<ConnectionTest> {
    const connection = this.get(id);
    const version = this.versionOf(id);
    if (connection.baseUrl === '' && !/^https?:\/\//i.test(connection.testPath)) {
      throw new LatchkeyError('invalid_url', 'Give the connection a base URL (or a full URL as its test path) to test it.');
    }
    const request: RequestSpec = { method: 'GET', url: connection.testPath, params: [], pathVariables: [], headers: [], body: { kind: 'none' }, settings: {}, connectionId: id };
    const at = this.deps.clock.now();
    let outcome: ConnectionTest;
    try {
      const result = await execute({ requestId: `connection-test-${randomUUID()}`, request });
      const ok = result.status < 400;
      outcome = {
        ok,
        at,
        url: result.url,
        status: result.status,
        statusText: result.statusText,
        timeMs: Math.round(result.timing.totalMs * 10) / 10,
        message: ok ? '' : `The server answered ${result.status}${result.statusText ? ` ${result.statusText}` : ''}.`,
      };
    } catch (error) {
      const message = error instanceof LatchkeyError ? error.message : `The test failed: ${(error as Error).message}`;
      outcome = { ok: false, at, url: connection.baseUrl, status: null, statusText: '', timeMs: null, message };
    }
    this.deps.logger.info('connection tested', { type: AUTH_TYPE_LABELS[connection.auth.type], ok: outcome.ok, status: outcome.status });
    // The connection may have been edited or deleted meanwhile: only the version tested gets the result.
    if (this.versions.get(id) === version && this.list().some((c) => c.id === id)) {
      this.doc.set({ connections: this.list().map((c) => (c.id === id ? { ...c, lastTest: outcome } : c)) });
    }
    return outcome;
  }
}

/** Whether two auths are the same OAuth client at the same provider (so its tokens still apply). */
function sameOAuthClient(a: ConnectionAuth, b: ConnectionAuth): boolean {
  if (a.type !== b.type || (a.type !== 'oauth2Code' && a.type !== 'oauth2Device' && a.type !== 'oauth2ClientCredentials')) return false;
  const other = b as typeof a;
  return a.clientId === other.clientId && a.issuer === other.issuer && a.tokenUrl === other.tokenUrl;
}

/** Claims with iat and exp added for a lifetime (unless the claims set them); 0 adds neither. */
function withLifetime(claims: string, lifetimeSeconds: number, now: number): string {
  if (lifetimeSeconds <= 0) return claims;
  const parsed = parseObject(claims, 'payload');
  parsed.iat ??= now;
  parsed.exp ??= now + lifetimeSeconds;
  return JSON.stringify(parsed);
}

/** Rebuilds an auth input with each secret field replaced by what `store` returns. */
async function mapSecrets(value: unknown, store: (field: SecretInputRef) => Promise<SecretRef>): Promise<unknown> {
  if (Array.isArray(value)) return Promise.all(value.map((item) => mapSecrets(item, store)));
  if (value && typeof value === 'object') {
    const keys = Object.keys(value);
    if ('id' in value && keys.every((k) => k === 'id' || k === 'set')) return store(value as SecretInputRef);
    const out: Record<string, unknown> = {};
    for (const key of keys) out[key] = await mapSecrets((value as Record<string, unknown>)[key], store);
    return out;
  }
  return value;
}

function checkBaseUrl(baseUrl: string): void {
  let url: URL;
  try {
    url = new URL(baseUrl);
  } catch {
    throw new LatchkeyError('invalid_url', `The base URL "${baseUrl.slice(0, 200)}" is not a valid URL; it needs a scheme, like https://api.example.com/v1.`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new LatchkeyError('unsupported_scheme', `A base URL must be http or https; "${url.protocol}" is not supported.`);
  if (url.search !== '' || url.hash !== '') throw new LatchkeyError('invalid_url', 'A base URL cannot carry a query or fragment; use a "Query parameters" authentication for query keys.');
}
