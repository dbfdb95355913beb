// Runs against a real Secret Service: `npm run test:keychain` starts gnome-keyring in a
// private D-Bus session (build/with-keychain.sh).
import { spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ConfDocumentStore } from '../../../main/adapters/confDocumentStore';
import { confFactory } from '../../../main/adapters/confFactory';
import { KeytarSecretStore } from '../../../main/adapters/keytarSecretStore';
import { startBrowserHost } from '../../../main/host/browserHost';
import { call, openSocket, pageHandshake } from '../../fixtures/hostClient';
import { header, spec } from '../../fixtures/requests';
import { memoryLogger, realClock, recordingBrowser } from '../../fixtures/testPorts';

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

describe('keychain (real gnome-keyring)', () => {
  it('runs inside a D-Bus session', () => {
    expect(process.env.DBUS_SESSION_BUS_ADDRESS, 'run this suite with `npm run test:keychain`').toBeTruthy();
  });

  it('round-trips a secret under the service "Latchkey" and deletes it', async () => {
    const store = new KeytarSecretStore();
    const account = `test-${randomUUID()}`;
    const value = `s3cr3t-${randomUUID()}`;
    await store.set(account, value);
    expect(await store.get(account)).toBe(value);
    const keytar = (await import('keytar')).default;
    expect(await keytar.getPassword('Latchkey', account)).toBe(value);
    expect(await store.delete(account)).toBe(true);
    expect(await store.get(account)).toBeNull();
    expect(await store.delete(account)).toBe(false);
  });

  it('keeps secret values (a connection field, a secret variable) out of the data directory, and reveals a field only for its connection', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'latchkey-scan-'));
    dirs.push(dir);
    const rendererDir = join(dir, 'renderer');
    mkdirSync(rendererDir);
    writeFileSync(join(rendererDir, 'index.html'), '<!doctype html>');
    const dataDir = join(dir, 'data');
    const host = await startBrowserHost({ port: 0, rendererDir, token: 'scan-token', documents: new ConfDocumentStore(dataDir, confFactory), secrets: new KeytarSecretStore(), browser: recordingBrowser(), dialogs: null, bodiesDir: join(dataDir, 'bodies'), clock: realClock, logger: memoryLogger(), version: 't' });
    const value = `never-on-disk-${randomUUID()}`;
    try {
      const ws = await openSocket(host.port, pageHandshake(host.port, 'scan-token'));
      // A connection's token and a secret variable, saved as the editors save them.
      const saved = await call(ws, 'connections:save', { name: 'Scan', baseUrl: 'http://127.0.0.1/', auth: { type: 'bearer', token: { id: null, set: value } }, clientCertificate: { kind: 'none' }, ca: '', verifyTls: true, testPath: '' });
      expect(saved.ok).toBe(true);
      const connection = saved.value as { id: string; auth: { token: { id: string } } };
      const secretId = connection.auth.token.id;
      expect((await call(ws, 'variables:save', [{ name: 'apiKey', enabled: true, secret: true, value: '', secretId: null, newSecretValue: `${value}-variable` }])).ok).toBe(true);
      const draft = await call(ws, 'workspace:save', { tabs: [{ id: 't', savedId: null, name: null, dirty: false, draft: spec({ url: 'http://127.0.0.1/', headers: [header('X-Secret-Ref', secretId)], connectionId: connection.id }) }], activeTabId: 't' });
      expect(draft.ok).toBe(true);
      // The value comes back only as that connection's field; no channel answers a secret by its id.
      expect(await call(ws, 'connections:revealSecret', { id: connection.id, secretId })).toEqual({ ok: true, value: { value } });
      expect(await call(ws, 'secrets:reveal', { id: secretId })).toMatchObject({ ok: false, error: { code: 'unknown_channel' } });
      const files = readdirSync(dataDir, { recursive: true, withFileTypes: true }).filter((entry) => entry.isFile());
      expect(files.map((f) => f.name)).toContain('workspace.json');
      for (const entry of files) {
        const path = join(entry.parentPath, entry.name);
        expect(readFileSync(path, 'utf8')).not.toContain(value);
        expect(statSync(path).mode & 0o077).toBe(0);
      }
      expect(await call(ws, 'connections:delete', { id: connection.id })).toEqual({ ok: true, value: { deleted: true } });
      expect(await new KeytarSecretStore().get(secretId)).toBeNull();
      ws.close();
    } finally {
      await host.close();
    }
  });

  it('fails with a clear error, never a plaintext fallback, when there is no keychain', () => {
    // A child process with no reachable D-Bus session: libsecret has no Secret Service.
    const script = resolve(import.meta.dirname, '../../fixtures/keychain/saveWithoutKeychain.ts');
    const run = spawnSync(process.execPath, ['--import', 'tsx', script], {
      env: { ...process.env, DBUS_SESSION_BUS_ADDRESS: 'unix:path=/nonexistent/latchkey-no-bus' },
      encoding: 'utf8',
      timeout: 30_000,
    });
    const outcome = JSON.parse(run.stdout.trim().split('\n').at(-1) ?? '{}') as { code?: string; message?: string; status?: { available: boolean } };
    expect(outcome.code).toBe('keychain_unavailable');
    expect(outcome.message).toContain('No OS keychain is available');
    expect(outcome.message).toContain('gnome-keyring');
    expect(outcome.status?.available).toBe(false);
  });
});
