// `latchkey run` with the OS keychain (a real gnome-keyring, `npm run test:keychain`) and a real
// OIDC provider: the app's OAuth connections used headless. The command runs in this process
// (runCommand, as bin/latchkey.mjs calls it) so it shares the test's D-Bus session.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import keytar from 'keytar';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfDocumentStore } from '../../../main/adapters/confDocumentStore';
import { confFactory } from '../../../main/adapters/confFactory';
import { KEYCHAIN_SERVICE, KeytarSecretStore } from '../../../main/adapters/keytarSecretStore';
import { runCommand } from '../../../main/cli/runCommand';
import { createCore } from '../../../main/core/createCore';
import { codeAuthFor, MACHINE, scriptedBrowser, startOidcProvider, type TestProvider } from '../../fixtures/oidcProvider';
import { startAuthServer, type AuthServer } from '../../fixtures/authServer';
import { spec } from '../../fixtures/requests';
import { memoryLogger } from '../../fixtures/testPorts';

let op: TestProvider;
let api: AuthServer;
let work: string;
let refreshes = 0;
beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), 'latchkey-cli-keychain-'));
  op = await startOidcProvider();
  op.provider.on('grant.success', (ctx: { oidc: { params?: { grant_type?: string } } }) => {
    if (ctx.oidc.params?.grant_type === 'refresh_token') refreshes++;
  });
  api = await startAuthServer();
});
afterAll(async () => {
  await op.close();
  await api.close();
  rmSync(work, { recursive: true, force: true });
});

/** The app on a data directory, with the real keychain; `offsetMs` moves its clock. */
function appCore(dir: string, offsetMs = 0) {
  return createCore({ documents: new ConfDocumentStore(dir, confFactory), secrets: new KeytarSecretStore(), browser: scriptedBrowser('alice'), dialogs: null, bodiesDir: join(dir, 'bodies'), clock: { now: () => Date.now() + offsetMs }, logger: memoryLogger(), version: 't' });
}

async function run(args: string[], dir: string) {
  let stdout = '';
  let stderr = '';
  const code = await runCommand(args, {
    stdout: { write: (t: string) => (stdout += t) },
    stderr: { write: (t: string) => (stderr += t) },
    env: { LATCHKEY_DATA_DIR: dir, CI: 'true' },
    cwd: work,
    version: 't',
    signal: new AbortController().signal,
  });
  return { code, stdout, stderr };
}

const accounts = async () => (await keytar.findCredentials(KEYCHAIN_SERVICE)).map((c) => c.account).sort();
const codeAuth = () => codeAuthFor(op.issuer);

describe('latchkey run with the keychain and OAuth', () => {
  it('runs inside a D-Bus session', () => {
    expect(process.env.DBUS_SESSION_BUS_ADDRESS, 'run this suite with `npm run test:keychain`').toBeTruthy();
  });

  it("uses an authorization-code connection's stored refresh token, keeps the rotated one, and the app still works after", async () => {
    const dir = mkdtempSync(join(work, 'code-'));
    // Connected in the app a little under two minutes ago: the 120 s access token is about to expire.
    const app = appCore(dir, -119_000);
    const connection = await app.connections.save({ name: 'Identity', baseUrl: op.issuer, auth: codeAuth(), clientCertificate: { kind: 'none' }, ca: '', verifyTls: true, testPath: '' });
    await app.connections.connect(connection.id);
    const api = app.collections.create({ kind: 'collection', parentId: null, name: 'Identity API' });
    app.collections.create({ kind: 'request', parentId: api.id, name: 'Who am I', request: spec({ url: '/me', connectionId: connection.id, assertions: [{ target: 'jsonpath', path: '$.sub', operator: 'equals', expected: 'alice', enabled: true }] }) });
    await app.close();
    const before = await accounts();
    const startRefreshes = refreshes;

    const result = await run(['Identity API'], dir);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(refreshes - startRefreshes).toBe(1);
    // The rotated tokens replaced the old ones under the same keychain ids: nothing added, nothing lost.
    expect(await accounts()).toEqual(before);

    // The app's stored refresh token is the rotated one: refreshing again from the app works.
    const again = appCore(dir);
    const refreshed = await again.connections.refresh(connection.id);
    expect(refreshed.oauth).toMatchObject({ status: 'connected' });
    await again.close();
  }, 60_000);

  it('a connection with no usable token says to connect in the app first and exits 2', async () => {
    const dir = mkdtempSync(join(work, 'unconnected-'));
    const app = appCore(dir);
    const connection = await app.connections.save({ name: 'Never connected', baseUrl: op.issuer, auth: codeAuth(), clientCertificate: { kind: 'none' }, ca: '', verifyTls: true, testPath: '' });
    const api = app.collections.create({ kind: 'collection', parentId: null, name: 'Pending' });
    app.collections.create({ kind: 'request', parentId: api.id, name: 'Who am I', request: spec({ url: '/me', connectionId: connection.id }) });
    await app.close();
    const result = await run(['Pending'], dir);
    expect(result.code).toBe(2);
    expect(result.stdout).toContain('"Never connected" is not connected yet');
    expect(result.stdout).toContain('A run cannot sign in: connect it in the Latchkey app, then run again.');
  });

  it('client credentials get their token headless, kept for the app; a captured secret leaves no keychain entry behind', async () => {
    const dir = mkdtempSync(join(work, 'machine-'));
    const app = appCore(dir);
    const connection = await app.connections.save({
      name: 'Machine',
      baseUrl: api.url,
      auth: { type: 'oauth2ClientCredentials', issuer: op.issuer, tokenUrl: '', clientId: MACHINE.id, clientSecret: { id: null, set: MACHINE.secret }, clientAuth: 'post', scope: 'api:read', extraParams: [], placement: { kind: 'bearer', name: '', prefix: '' } },
      clientCertificate: { kind: 'none' },
      ca: '',
      verifyTls: true,
      testPath: '',
    });
    const collection = app.collections.create({ kind: 'collection', parentId: null, name: 'Machine API' });
    app.collections.create({
      kind: 'request',
      parentId: collection.id,
      name: 'Orders',
      request: spec({ url: '/orders', connectionId: connection.id, assertions: [{ target: 'status', path: '', operator: 'equals', expected: '200', enabled: true }], captures: [{ name: 'orderToken', source: 'header', path: 'content-type', scope: 'collection', secret: true, enabled: true }] }),
    });
    await app.close();
    const seen: string[] = [];
    api.check = (r) => {
      seen.push(String(r.headers.authorization));
      return r.headers.authorization?.startsWith('Bearer ') ? null : 'no token';
    };
    const before = await accounts();
    const result = await run(['Machine API'], dir);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(seen).toHaveLength(1);
    // One new entry, the access token the app now holds; nothing for the captured value.
    const after = await accounts();
    expect(after.filter((a) => !before.includes(a))).toHaveLength(1);
    const reopened = appCore(dir);
    expect(reopened.connections.list().find((c) => c.id === connection.id)?.oauth).toMatchObject({ status: 'connected' });
    const sent = await reopened.http.execute({ requestId: 'again', request: spec({ url: '/orders', connectionId: connection.id }) });
    expect(sent.status).toBe(200);
    expect(seen[1]).toBe(seen[0]);
    await reopened.close();
  }, 60_000);
});
