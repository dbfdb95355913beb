import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HISTORY_LIMIT } from '../../../../preload/contract';
import { ConfDocumentStore } from '../../../../main/adapters/confDocumentStore';
import { confFactory } from '../../../../main/adapters/confFactory';
import { createCore, type Core } from '../../../../main/core/createCore';
import { startEchoServer, type EchoServer } from '../../../fixtures/echoServer';
import { header, spec } from '../../../fixtures/requests';
import { memoryLogger, memorySecretStore, realClock, recordingBrowser } from '../../../fixtures/testPorts';

let dir: string;
let server: EchoServer;
let core: Core;
let n = 0;

const open = () =>
  createCore({ documents: new ConfDocumentStore(dir, confFactory), secrets: memorySecretStore(), browser: recordingBrowser(), dialogs: null, bodiesDir: join(dir, 'bodies'), clock: realClock, logger: memoryLogger(), version: 't' });
const run = (url: string, headers = [header('Accept', '*/*')]) => core.http.execute({ requestId: `h${++n}`, request: spec({ url, headers }) });

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'latchkey-history-'));
  server = await startEchoServer();
  core = open();
});
afterAll(async () => {
  await core.close();
  await server.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('history', () => {
  it('records each execution newest first, with typed-in credentials redacted', async () => {
    await run(`${server.url}/status/201`);
    const second = await run(`${server.url}/echo`, [header('Authorization', 'Bearer typed-in-token'), header('Authorization', '{{token}}', false)]);
    const [newest, older] = core.history.list();
    expect(newest).toMatchObject({ id: second.requestId, status: 200, bodyId: second.bodyId });
    expect(older?.status).toBe(201);
    expect(newest?.request.headers).toEqual([header('Authorization', '[redacted]'), header('Authorization', '{{token}}', false)]);
    expect(newest?.sent.headers).toContainEqual(['Authorization', '[redacted]']);
  });

  it('is saved to disk without credentials and survives a restart', async () => {
    await core.close();
    const file = readFileSync(join(dir, 'history.json'), 'utf8');
    expect(file).not.toContain('typed-in-token');
    core = open();
    expect(core.history.list().length).toBe(2);
  });

  it(`keeps the last ${HISTORY_LIMIT} and deletes the bodies that fall off`, async () => {
    const first = core.history.list().at(-1);
    for (let i = 0; i < HISTORY_LIMIT; i++) await run(`${server.url}/echo?i=${i}`);
    const entries = core.history.list();
    expect(entries.length).toBe(HISTORY_LIMIT);
    expect(entries.some((e) => e.id === first?.id)).toBe(false);
    // The bodies that fell off go with the next save (flush saves now and waits for them).
    expect(existsSync(core.http.bodyPath(first?.bodyId ?? ''))).toBe(true);
    await core.history.flush();
    expect(existsSync(core.http.bodyPath(first?.bodyId ?? ''))).toBe(false);
    const kept = entries[0];
    expect(existsSync(await core.http.bodyReady(kept?.bodyId ?? ''))).toBe(true);
  }, 60_000);

  it('clears everything, files included', async () => {
    const some = core.history.list()[0];
    expect(core.history.clear()).toBe(HISTORY_LIMIT);
    expect(core.history.list()).toEqual([]);
    await new Promise((r) => setTimeout(r, 300));
    expect(existsSync(core.http.bodyPath(some?.bodyId ?? ''))).toBe(false);
  });
});
