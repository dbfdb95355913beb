import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ConnectionAuthInput, ConnectionInput, RequestSpec } from '../../../../preload/contract';
import { ConfDocumentStore } from '../../../../main/adapters/confDocumentStore';
import { confFactory } from '../../../../main/adapters/confFactory';
import { ConnectionsService, connectionsSpec } from '../../../../main/core/connections/connectionsService';
import type { AuthorizationServer } from 'oauth4webapi';
import { DiscoveryCache } from '../../../../main/core/oauth/discoveryCache';
import { HttpExecutor } from '../../../../main/core/http/httpExecutor';
import { StoredDocument } from '../../../../main/core/persistence/storedDocument';
import { SecretService } from '../../../../main/core/secrets/secretService';
import { startAuthServer, type AuthServer } from '../../../fixtures/authServer';
import { CLIENT, codeAuthFor, MACHINE, scriptedBrowser, startOidcProvider, type TestProvider } from '../../../fixtures/oidcProvider';
import { makeTestPki } from '../../../fixtures/certificates';
import { spec } from '../../../fixtures/requests';
import { memoryLogger, memorySecretStore } from '../../../fixtures/testPorts';

let dir: string;
let op: TestProvider;
let api: AuthServer;
let keychain: ReturnType<typeof memorySecretStore>;
let offset = 0;
const clock = { now: () => Date.now() + offset };
let refreshes = 0;
let n = 0;

/** The discovery cache, with a way to hand out altered metadata once (a provider whose endpoint moved since it was read). */
class TestDiscovery extends DiscoveryCache {
  poison: ((metadata: AuthorizationServer) => AuthorizationServer) | null = null;
  override async get(key: string, fetch: () => Promise<AuthorizationServer>) {
    const read = await super.get(key, fetch);
    const poison = this.poison;
    if (!poison || read.fresh) return read;
    this.poison = null;
    return { ...read, metadata: poison(read.metadata) };
  }
}
const discovery = new TestDiscovery();

function makeService() {
  const logger = memoryLogger();
  const doc = StoredDocument.open(connectionsSpec, { store: new ConfDocumentStore(join(dir, 'data'), confFactory), clock, logger, notify: () => undefined });
  const connections = new ConnectionsService(doc, new SecretService(keychain), { clock, logger, opener: scriptedBrowser('alice'), deviceSleep: (ms) => new Promise((r) => setTimeout(r, ms / 100)), discovery });
  const executor = new HttpExecutor({ clock, logger, userAgent: 'Latchkey/test', bodiesDir: join(dir, 'bodies'), variables: () => ({ lookup: () => undefined, secrets: [] }), connections: (id) => connections.resolve(id) });
  return { connections, executor };
}
let service: ReturnType<typeof makeService>;

const codeAuth = () => codeAuthFor(op.issuer);
const input = (auth: ConnectionAuthInput, baseUrl: string): ConnectionInput => ({ name: `OAuth ${++n}`, baseUrl, auth, clientCertificate: { kind: 'none' }, ca: '', verifyTls: true, testPath: '' });
const send = (connectionId: string, patch: Partial<RequestSpec> & { url: string }) => service.executor.execute({ requestId: `r${++n}`, request: spec({ connectionId, ...patch }) });

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'latchkey-oauth-'));
  op = await startOidcProvider();
  op.provider.on('grant.success', (ctx: { oidc: { params?: { grant_type?: string } } }) => {
    if (ctx.oidc.params?.grant_type === 'refresh_token') refreshes++;
  });
  api = await startAuthServer();
  keychain = memorySecretStore();
  service = makeService();
});
afterAll(async () => {
  await service.executor.close();
  await op.close();
  await api.close();
  rmSync(dir, { recursive: true, force: true });
});

/** The tokens' keychain ids, as main keeps them (the renderer never sees them). */
const stored = (id: string) => service.connections.store.get(id).oauth!;

describe('OAuth connections', () => {
  it("connects through the browser, keeps the tokens in the keychain, and calls the provider's userinfo with 200", async () => {
    const saved = await service.connections.save(input(codeAuth(), op.issuer));
    const connected = await service.connections.connect(saved.id);
    expect(connected.oauth).toMatchObject({ status: 'connected', tokenType: expect.stringMatching(/bearer/i), scope: expect.stringContaining('openid') });
    const token = await service.connections.exportToken(saved.id, 'access');
    expect(keychain.values.get(stored(saved.id).accessToken.id)).toBe(token);
    expect(token.length).toBeGreaterThan(10);
    expect(JSON.stringify(service.connections.list())).not.toContain(token);
    const me = await send(saved.id, { url: '/me' });
    expect(me.status).toBe(200);
    expect(JSON.parse(me.body.kind === 'text' ? me.body.text : '{}')).toMatchObject({ sub: 'alice' });
    expect(me.sent.headers).toContainEqual(['Authorization', '[redacted]']);

    // A restart reads the tokens back from the keychain.
    await service.executor.close();
    service = makeService();
    expect((await send(saved.id, { url: '/me' })).status).toBe(200);
  });

  it('refreshes once, before expiry, for 10 requests at the same time, and saves the rotated refresh token', async () => {
    const saved = await service.connections.save(input(codeAuth(), op.issuer));
    const first = await service.connections.connect(saved.id);
    const oldRefresh = keychain.values.get(stored(saved.id).refreshToken.id!);
    expect(first.oauth).toMatchObject({ hasRefreshToken: true });
    const before = refreshes;
    offset += 119_000; // within a minute of the 120 s access token's expiry
    const results = await Promise.all(Array.from({ length: 10 }, () => send(saved.id, { url: '/me' })));
    offset -= 119_000;
    expect(results.map((r) => r.status)).toEqual(Array(10).fill(200));
    expect(refreshes - before).toBe(1);
    expect(keychain.values.get(stored(saved.id).refreshToken.id!)).not.toBe(oldRefresh);
  });

  it('on a 401 refreshes once and sends the request again', async () => {
    const saved = await service.connections.save(input(codeAuth(), api.url));
    const connected = await service.connections.connect(saved.id);
    expect(connected.oauth?.status).toBe('connected');
    const stale = await service.connections.exportToken(saved.id, 'access');
    api.check = (r) => (r.headers.authorization && r.headers.authorization !== `Bearer ${stale}` ? null : 'token revoked');
    const before = refreshes;
    const result = await send(saved.id, { url: '/orders' });
    expect(result.status).toBe(200);
    expect(refreshes - before).toBe(1);
    // A server that refuses every token gets one retry, not a loop.
    api.check = () => 'no';
    expect((await send(saved.id, { url: '/orders' })).status).toBe(401);
    expect(refreshes - before).toBe(2);
  });

  it('with no refresh token, the access token is used until it expires, and only then does it ask to connect again', async () => {
    // No offline_access: the provider issues a 120 s access token and no refresh token.
    const saved = await service.connections.save(input({ ...codeAuth(), scope: 'openid profile', extraParams: [] }, op.issuer));
    const connected = await service.connections.connect(saved.id);
    expect(connected.oauth).toMatchObject({ status: 'connected', hasRefreshToken: false });
    offset += 100_000; // in the token's last minute: still valid
    try {
      expect((await send(saved.id, { url: '/me' })).status).toBe(200);
      expect(service.connections.list().find((c) => c.id === saved.id)?.oauth?.status).toBe('connected');
      offset += 21_000; // now past its expiry
      await expect(send(saved.id, { url: '/me' })).rejects.toMatchObject({ code: 'auth_failed', message: expect.stringContaining('needs to be connected again') });
      expect(service.connections.list().find((c) => c.id === saved.id)?.oauth?.status).toBe('reconnect');
    } finally {
      offset -= 121_000;
    }
  });

  it('a failed refresh marks the connection "Reconnect needed" with the reason', async () => {
    const saved = await service.connections.save(input(codeAuth(), op.issuer));
    const connected = await service.connections.connect(saved.id);
    // Replaying an old refresh token makes the provider end the grant (reuse detection).
    expect(connected.oauth?.hasRefreshToken).toBe(true);
    const refreshId = stored(saved.id).refreshToken.id!;
    const oldRefresh = keychain.values.get(refreshId)!;
    await service.connections.refresh(saved.id);
    keychain.values.set(refreshId, oldRefresh);
    await expect(service.connections.refresh(saved.id)).rejects.toMatchObject({ code: 'auth_failed', message: expect.stringContaining('invalid_grant') });
    expect(service.connections.get(saved.id).oauth).toMatchObject({ status: 'reconnect', reason: expect.stringContaining('invalid_grant') });
    await expect(send(saved.id, { url: '/me' })).rejects.toMatchObject({ message: expect.stringContaining('needs to be connected again') });
  });

  it('the renderer sees what the tokens are, never their keychain ids; Export token is the one way to a value, the refresh token only when asked', async () => {
    const saved = await service.connections.save(input(codeAuth(), op.issuer));
    await service.connections.connect(saved.id);
    const tokens = stored(saved.id);
    const listed = JSON.stringify(service.connections.list());
    for (const id of [tokens.accessToken.id, tokens.refreshToken.id!, tokens.idToken.id!]) expect(listed).not.toContain(id);
    expect(service.connections.get(saved.id).oauth).toMatchObject({ hasRefreshToken: true, hasIdToken: true });

    const refresh = keychain.values.get(tokens.refreshToken.id!)!;
    const file = JSON.parse(await service.connections.exportToken(saved.id, 'file'));
    expect(file).toMatchObject({ access_token: keychain.values.get(tokens.accessToken.id), id_token: keychain.values.get(tokens.idToken.id!) });
    expect(file).not.toHaveProperty('refresh_token');
    expect(JSON.parse(await service.connections.exportToken(saved.id, 'file', true))).toMatchObject({ refresh_token: refresh });
    expect(await service.connections.exportToken(saved.id, 'jwt')).toBe(keychain.values.get(tokens.idToken.id!));

    // Reveal answers the connection's own fields only: not its tokens, not another connection's secrets.
    const secretId = saved.auth.type === 'oauth2Code' ? saved.auth.clientSecret.id! : '';
    expect(await service.connections.revealSecret(saved.id, secretId)).toBe(CLIENT.secret);
    await expect(service.connections.revealSecret(saved.id, tokens.refreshToken.id!)).rejects.toMatchObject({ code: 'invalid_request' });
    const other = await service.connections.save(input(codeAuth(), op.issuer));
    await expect(service.connections.revealSecret(other.id, secretId)).rejects.toMatchObject({ code: 'invalid_request' });
    // Nor does saving another connection with this one's secret id borrow the value.
    const borrowing = await service.connections.save({ ...input(codeAuth(), op.issuer), auth: { ...codeAuth(), clientSecret: { id: secretId } } as ConnectionAuthInput });
    expect(borrowing.auth.type === 'oauth2Code' && borrowing.auth.clientSecret.id).toBeNull();
  });

  it('reads the provider\'s discovery once for connect, refresh and disconnect, and afresh after a failure that is not the provider\'s answer', async () => {
    const saved = await service.connections.save(input(codeAuth(), op.issuer));
    discovery.clear();
    const before = op.discoveries;
    await service.connections.connect(saved.id);
    await service.connections.refresh(saved.id);
    await service.connections.refresh(saved.id);
    expect(op.discoveries - before).toBe(1);
    // The token endpoint moved: the cached metadata fails, is dropped and read again, and the refresh goes through.
    discovery.poison = (m) => ({ ...m, token_endpoint: `${op.issuer}/moved-away` });
    await service.connections.refresh(saved.id);
    expect(op.discoveries - before).toBe(2);
    // An answer from the provider (invalid_grant) keeps the metadata.
    const refreshId = stored(saved.id).refreshToken.id!;
    keychain.values.set(refreshId, 'not-a-refresh-token');
    await expect(service.connections.refresh(saved.id)).rejects.toMatchObject({ code: 'auth_failed' });
    expect(op.discoveries - before).toBe(2);
    await service.connections.disconnect(saved.id);
    expect(op.discoveries - before).toBe(2);
  });

  it('Disconnect revokes at the provider and forgets the tokens', async () => {
    const saved = await service.connections.save(input(codeAuth(), op.issuer));
    const connected = await service.connections.connect(saved.id);
    expect(connected.oauth?.status).toBe('connected');
    const ids = [stored(saved.id).accessToken.id, stored(saved.id).refreshToken.id!];
    const before = op.revocations;
    const { connection, revoked } = await service.connections.disconnect(saved.id);
    expect(revoked).toBe(true);
    expect(op.revocations).toBe(before + 1);
    expect(connection.oauth).toBeNull();
    for (const id of ids) expect(keychain.values.has(id)).toBe(false);
    await expect(send(saved.id, { url: '/me' })).rejects.toMatchObject({ message: expect.stringContaining('not connected') });
  });

  it('device code: shows the code, and once approved on the device page the connection calls userinfo', async () => {
    const saved = await service.connections.save(
      input({ type: 'oauth2Device', issuer: op.issuer, deviceAuthorizationUrl: '', tokenUrl: '', revocationUrl: '', clientId: CLIENT.id, clientSecret: { id: null, set: CLIENT.secret }, clientAuth: 'basic', scope: 'openid offline_access', extraParams: [], placement: { kind: 'bearer', name: '', prefix: '' } }, op.issuer),
    );
    const code = await service.connections.deviceStart(saved.id);
    expect(code).toMatchObject({ userCode: expect.stringMatching(/^[A-Z]{4}-[A-Z]{4}$/), verificationUri: `${op.issuer}/device` });
    const waiting = service.connections.deviceWait(saved.id);
    await scriptedBrowser('heidi').open(code.verificationUriComplete!);
    expect((await waiting).oauth).toMatchObject({ status: 'connected' });
    const me = await send(saved.id, { url: '/me' });
    expect(JSON.parse(me.body.kind === 'text' ? me.body.text : '{}')).toMatchObject({ sub: 'heidi' });
    // Cancel stops a waiting sign-in.
    await service.connections.deviceStart(saved.id);
    const cancelled = service.connections.deviceWait(saved.id);
    expect(service.connections.cancelConnect(saved.id)).toBe(true);
    await expect(cancelled).rejects.toMatchObject({ code: 'cancelled' });
  });

  it("reaches a provider behind a private CA with the connection's CA bundle (and refuses it without)", async () => {
    const pki = makeTestPki();
    const secureOp = await startOidcProvider({}, pki.valid);
    try {
      const machine = () =>
        input({ type: 'oauth2ClientCredentials', issuer: secureOp.issuer, tokenUrl: '', clientId: MACHINE.id, clientSecret: { id: null, set: MACHINE.secret }, clientAuth: 'post', scope: 'api:read', extraParams: [], placement: { kind: 'bearer', name: '', prefix: '' } }, api.url);
      const trusted = await service.connections.save({ ...machine(), ca: pki.ca.cert });
      expect((await service.connections.connect(trusted.id)).oauth?.status).toBe('connected');
      const untrusted = await service.connections.save(machine());
      await expect(service.connections.connect(untrusted.id)).rejects.toMatchObject({ message: expect.stringMatching(/Discovery .* failed/) });
    } finally {
      await secureOp.close();
    }
  }, 60_000);

  it('client credentials: Connect fetches a token, and it is fetched again before expiry', async () => {
    const seen: string[] = [];
    api.check = (r) => {
      seen.push(String(r.headers.authorization));
      return r.headers.authorization?.startsWith('Bearer ') ? null : 'no token';
    };
    const saved = await service.connections.save(
      input({ type: 'oauth2ClientCredentials', issuer: op.issuer, tokenUrl: '', clientId: MACHINE.id, clientSecret: { id: null, set: MACHINE.secret }, clientAuth: 'post', scope: 'api:read', extraParams: [], placement: { kind: 'bearer', name: '', prefix: '' } }, api.url),
    );
    await service.connections.connect(saved.id);
    expect((await send(saved.id, { url: '/a' })).status).toBe(200);
    offset += 119_000;
    expect((await send(saved.id, { url: '/b' })).status).toBe(200);
    offset -= 119_000;
    expect(seen[1]).not.toBe(seen[0]);
  });
});
