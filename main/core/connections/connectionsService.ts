import { createHash, randomUUID } from 'node:crypto';
import {
  AUTH_TYPE_LABELS,
  ConnectionAuthInput,
  isOAuth,
  type ClientCertificate,
  type Connection,
  type ConnectionAuth,
  type ConnectionInput,
  type ConnectionTest,
  type ExecuteRequest,
  type ExecuteResult,
} from '../../../preload/contract';
import type { BrowserOpener, Clock, Logger } from '../../ports';
import { LatchkeyError } from '../errors';
import type { Credentials } from '../http/planRedirect';
import type { PreparedRequest } from '../http/prepareRequest';
import { readSigningKey } from '../jwt/keys';
import type { DiscoveryCache } from '../oauth/discoveryCache';
import type { StoredDocument } from '../persistence/storedDocument';
import type { SecretService } from '../secrets/secretService';
import { authenticate, type AuthContext } from './authenticators';
import type { Fill } from './authWriter';
import { assumeRole } from './aws';
import { pemOrFile, readPfx, validateClientTls, type ClientTls } from './clientCertificate';
import { ConnectionStore, fieldSecretIds, namedFieldSecrets, toPublic, tokenSecretIds, type ConnectionsData, type StoredConnection, type StoredOAuth } from './connectionStore';
import { testConnection } from './connectionTest';
import { OAuthSessions, sameOAuthClient } from './oauthSessions';
import { mapSecretFields, type SecretInputRef, type SecretRef } from './secretFields';

export { connectionsSpec, type ConnectionsData } from './connectionStore';

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

/** What a connection has resolved for sending, built once per saved version. */
interface Runtime {
  version: string;
  values: Map<string, string>;
  applied: AppliedConnection;
}

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
  profiles?: AuthContext['profiles'];
  /** Where OAuth providers' metadata is kept (tests give their own). */
  discovery?: DiscoveryCache;
}

/**
 * Connections: what the renderer calls. The parts: the store (the `connections` document,
 * secrets as keychain ids), the OAuth sessions (sign-in, refresh, revoke, tokens), and one
 * authenticator per auth type (authenticators/). Secrets are read from the keychain once per
 * saved version and kept in main's memory; the renderer sees connections without token ids.
 */
export class ConnectionsService {
  readonly store: ConnectionStore;
  readonly oauth: OAuthSessions;
  private readonly runtimes = new Map<string, Runtime | Promise<Runtime>>();
  /** The outcomes of recent tests of unsaved edits, by what was tested (a hash, secrets included, kept in memory only). */
  private readonly draftTests = new Map<string, ConnectionTest>();
  /** Saved-version stamps, so pools and caches built for an older version are not reused. */
  private readonly versions = new Map<string, string>();
  private readonly assume: typeof assumeRole;

  constructor(
    doc: StoredDocument<ConnectionsData>,
    private readonly secrets: SecretService,
    private readonly deps: ConnectionsDeps,
  ) {
    this.assume = deps.assumeRole ?? assumeRole;
    this.store = new ConnectionStore(doc);
    this.oauth = new OAuthSessions(this.store, secrets, {
      clock: deps.clock,
      logger: deps.logger,
      ...(deps.opener ? { opener: deps.opener } : {}),
      ...(deps.deviceSleep ? { deviceSleep: deps.deviceSleep } : {}),
      ...(deps.oauthTimeoutMs ? { oauthTimeoutMs: deps.oauthTimeoutMs } : {}),
      ...(deps.discovery ? { discovery: deps.discovery } : {}),
      tls: async (connection) => (await this.resolve(connection.id)).tls,
      // The next request reads the new token (and redacts it).
      tokensChanged: (id) => this.runtimes.delete(id),
    });
  }

  /** Tells `listener` the whole list whenever a connection is saved, deleted, tested, connected or changes status. */
  onChanged(listener: (connections: Connection[]) => void): () => void {
    return this.store.onChanged((list) => listener(list.map(toPublic)));
  }

  list(): Connection[] {
    return this.store.list().map(toPublic);
  }

  /** Every field secret's keychain id with its connection's and field's names (for a run with no keychain). */
  secretFieldNames(): { secretId: string; connection: string; field: string }[] {
    return this.store.list().flatMap((c) => namedFieldSecrets(c).map(({ id, field }) => ({ secretId: id, connection: c.name, field })));
  }

  get(id: string): Connection {
    return toPublic(this.store.get(id));
  }

  async save(input: ConnectionInput): Promise<Connection> {
    const prepared = await this.prepare(input);
    const { writes, owned, previous, keepsTokens } = prepared;
    // Saved exactly as it was just tested (Test, then Save): the test's outcome is this connection's.
    const tested = this.draftTests.get(fingerprint(input));
    const connection = tested ? { ...prepared.connection, lastTest: tested } : prepared.connection;
    const id = connection.id;
    for (const [secretId, value] of writes) await this.secrets.save(value, secretId);
    const kept = new Set(fieldSecretIds(connection));
    this.store.put(connection);
    this.forget(id);
    for (const old of owned) if (!kept.has(old)) await this.dropSecret(old);
    if (previous?.oauth && !keepsTokens) await this.oauth.forget(id, previous.oauth);
    return toPublic(connection);
  }

  /** The connection an input makes, checked, with the secret values it would write; nothing is written. */
  private async prepare(input: ConnectionInput): Promise<{ connection: StoredConnection; writes: Map<string, string>; owned: Set<string>; previous: StoredConnection | null; keepsTokens: StoredOAuth | null }> {
    const previous = input.id ? this.store.get(input.id) : null;
    const id = previous?.id ?? randomUUID();
    // Only ids this connection already holds are kept: an id sent for another secret is ignored.
    const owned = new Set(previous ? fieldSecretIds(previous) : []);
    const name = input.name.trim();
    if (this.store.list().some((c) => c.id !== id && c.name.toLowerCase() === name.toLowerCase())) {
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
    const storeField = (field: SecretInputRef): SecretRef => {
      if (field.set === undefined) return { id: field.id && owned.has(field.id) ? field.id : null };
      return store(field, field.set);
    };

    let auth = mapSecretFields(ConnectionAuthInput, input.auth, storeField) as ConnectionAuth;
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
    const connection: StoredConnection = {
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
    return { connection, writes, owned, previous, keepsTokens };
  }

  async delete(id: string): Promise<boolean> {
    const found = this.store.find(id);
    if (!found) return false;
    this.store.remove(id);
    this.forget(id);
    for (const secretId of fieldSecretIds(found)) await this.dropSecret(secretId);
    await this.oauth.forget(id, found.oauth);
    return true;
  }

  /** Reveal or Copy of one of the connection's own secret fields; its OAuth tokens are not among them. */
  async revealSecret(id: string, secretId: string): Promise<string> {
    const connection = this.store.get(id);
    if (!fieldSecretIds(connection).includes(secretId)) throw new LatchkeyError('invalid_request', `That value is not one of the fields of "${connection.name}".`);
    return this.secrets.reveal(secretId);
  }

  // ---- OAuth (see OAuthSessions) ----

  async connect(id: string): Promise<Connection> {
    return toPublic(await this.oauth.connect(id));
  }

  cancelConnect(id: string): boolean {
    return this.oauth.cancelConnect(id);
  }

  deviceStart(id: string) {
    return this.oauth.deviceStart(id);
  }

  async deviceWait(id: string): Promise<Connection> {
    return toPublic(await this.oauth.deviceWait(id));
  }

  async refresh(id: string): Promise<Connection> {
    return toPublic(await this.oauth.refresh(id));
  }

  async disconnect(id: string): Promise<{ connection: Connection; revoked: boolean }> {
    const { connection, revoked } = await this.oauth.disconnect(id);
    return { connection: toPublic(connection), revoked };
  }

  exportToken(id: string, token: 'access' | 'id' | 'jwt' | 'file', withRefresh = false): Promise<string> {
    return this.oauth.exportToken(id, token, withRefresh);
  }

  /** Deletes a secret no longer used; a keychain that refuses leaves it behind, logged, rather than undoing the change. */
  private async dropSecret(secretId: string): Promise<void> {
    await this.secrets.delete(secretId).catch((error: unknown) => {
      this.deps.logger.warn('could not delete a secret from the keychain', { error: error instanceof Error ? error.message : String(error) });
      return false;
    });
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

  private build(id: string): Promise<Runtime> {
    return this.buildFrom(this.store.get(id), id, this.versionOf(id), (secretId) => this.secrets.reveal(secretId));
  }

  /** A connection as the engine applies it, under `id` (its own, or a test's), its field secrets read with `reveal`. */
  private async buildFrom(connection: StoredConnection, id: string, version: string, reveal: (secretId: string) => Promise<string>): Promise<Runtime> {
    const values = new Map<string, string>();
    for (const secretId of fieldSecretIds(connection)) values.set(secretId, await reveal(secretId));
    // Tokens are redacted like any other secret (they are read again when sent, as they change).
    const tokens = tokenSecretIds(connection.oauth).filter((t) => t !== connection.oauth?.idToken.id);
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
    const context: AuthContext = {
      connectionId: id,
      secret,
      now: () => this.deps.clock.now(),
      // OAuth tokens belong to the saved connection (a test of an edit uses the tokens it keeps).
      accessToken: () => this.oauth.accessToken(connection.id),
      assumeRole: this.assume,
      ...(this.deps.profiles ? { profiles: this.deps.profiles } : {}),
    };
    const applied: AppliedConnection = {
      baseUrl: connection.baseUrl,
      apply: authenticate(connection.auth, context),
      tls,
      secrets: [...values.values(), ...tokenValues].filter((v) => v.length >= 4),
      verifyTls: connection.verifyTls,
      ...(isOAuth(connection.auth) ? { renew: () => this.oauth.refresh(connection.id).then(() => undefined) } : {}),
    };
    return { version, values, applied };
  }

  /**
   * "Test connection" of what the editor holds, saved or not: nothing is saved, no secret is
   * written, and the saved connection keeps its last test. The engine sees the edit under an id
   * of its own for the one request.
   */
  async testDraft(input: ConnectionInput, execute: (input: ExecuteRequest) => Promise<ExecuteResult>): Promise<ConnectionTest> {
    const { connection, writes, keepsTokens } = await this.prepare(input);
    if (isOAuth(connection.auth) && !(input.id && keepsTokens)) {
      throw new LatchkeyError('invalid_request', 'An OAuth connection is tested with its token: save it and click Connect first, then test it.');
    }
    const probeId = randomUUID();
    const runtime = await this.buildFrom(connection, probeId, `test-${probeId.slice(0, 8)}`, async (secretId) => writes.get(secretId) ?? this.secrets.reveal(secretId));
    this.runtimes.set(probeId, runtime);
    try {
      const outcome = await testConnection({ ...connection, id: probeId }, this.deps.clock.now(), execute, runtime.applied.secrets);
      this.draftTests.set(fingerprint(input), outcome);
      // A few recent ones: enough for Test then Save, never a growing list.
      for (const key of [...this.draftTests.keys()].slice(0, Math.max(0, this.draftTests.size - 8))) this.draftTests.delete(key);
      this.deps.logger.info('connection tested', { type: AUTH_TYPE_LABELS[connection.auth.type], ok: outcome.ok, status: outcome.status, saved: false });
      return outcome;
    } finally {
      this.runtimes.delete(probeId);
    }
  }

  /** "Test connection"; the outcome is kept on the connection for the list to show. */
  async test(id: string, execute: (input: ExecuteRequest) => Promise<ExecuteResult>): Promise<ConnectionTest> {
    const connection = this.store.get(id);
    const version = this.versionOf(id);
    const applied = await this.resolve(id);
    const outcome = await testConnection(connection, this.deps.clock.now(), execute, applied.secrets);
    this.deps.logger.info('connection tested', { type: AUTH_TYPE_LABELS[connection.auth.type], ok: outcome.ok, status: outcome.status });
    // The connection may have been edited or deleted meanwhile: only the version tested gets the result.
    if (this.versions.get(id) === version) this.store.update(id, (c) => ({ ...c, lastTest: outcome }));
    return outcome;
  }
}

/** What an editor's input is, as one hash: the same input tested and then saved is recognised. */
function fingerprint(input: ConnectionInput): string {
  return createHash('sha256').update(JSON.stringify(input)).digest('hex');
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
