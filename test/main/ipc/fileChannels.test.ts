import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ExecuteResult, Handlers } from '../../../preload/contract';
import { ConfDocumentStore } from '../../../main/adapters/confDocumentStore';
import { confFactory } from '../../../main/adapters/confFactory';
import { createCore, type Core } from '../../../main/core/createCore';
import { createHandlers } from '../../../main/ipc/handlers';
import { startEchoServer, type EchoServer } from '../../fixtures/echoServer';
import { spec } from '../../fixtures/requests';
import { memoryLogger, memorySecretStore, realClock, recordingBrowser, scriptedDialogs } from '../../fixtures/testPorts';

let dir: string;
let echo: EchoServer;
const answers: (string | null)[] = [];
const dialogs = scriptedDialogs(answers);
let core: Core;
let withDialogs: Handlers;
let withoutDialogs: Handlers;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'latchkey-files-ipc-'));
  echo = await startEchoServer();
  const ports = { documents: new ConfDocumentStore(join(dir, 'data'), confFactory), secrets: memorySecretStore(), browser: recordingBrowser(), bodiesDir: join(dir, 'bodies'), clock: realClock, logger: memoryLogger(), version: 't' };
  core = createCore({ ...ports, dialogs });
  withDialogs = createHandlers(core, { kind: 'electron', platform: 'linux' });
  withoutDialogs = createHandlers(createCore({ ...ports, documents: new ConfDocumentStore(join(dir, 'data2'), confFactory), dialogs: null }), { kind: 'browser', platform: 'linux' });
  writeFileSync(join(dir, 'payload.json'), '{"a":1}');
});
afterAll(async () => {
  await core.close();
  await echo.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('file channels', () => {
  it('says whether the system dialogs exist', async () => {
    expect((await withDialogs['app:info']()).fileDialogs).toBe(true);
    expect((await withoutDialogs['app:info']()).fileDialogs).toBe(false);
  });

  it('returns the chosen file with its size and guessed type, or null when cancelled', async () => {
    answers.push(join(dir, 'payload.json'), null);
    expect(await withDialogs['files:choose']({ title: 'Choose the body file' })).toEqual({ file: { path: join(dir, 'payload.json'), name: 'payload.json', size: 7, contentType: 'application/json' } });
    expect(await withDialogs['files:choose']({ title: 'Choose the body file' })).toEqual({ file: null });
    expect(dialogs.asked.slice(-2)).toEqual(['Choose the body file', 'Choose the body file']);
    await expect(withoutDialogs['files:choose']({ title: 'x' })).rejects.toThrow(/type the full path/);
  });

  it('checks a typed path', async () => {
    expect((await withoutDialogs['files:stat']({ path: join(dir, 'payload.json') })).size).toBe(7);
    await expect(withoutDialogs['files:stat']({ path: join(dir, 'missing.json') })).rejects.toThrow(/^There is no file at .*missing\.json\.$/);
  });

  it('saves a response body where the user chose, byte for byte', async () => {
    const result: ExecuteResult = await withDialogs['http:execute']({ requestId: 's1', request: spec({ url: `${echo.url}/binary` }) });
    const target = join(dir, 'saved.bin');
    answers.push(target);
    expect(await withDialogs['body:saveAs']({ bodyId: result.bodyId, suggestedName: '../../etc/response.bin' })).toEqual({ path: target });
    expect(dialogs.asked.at(-1)).toBe('Save response body: response.bin');
    expect(readFileSync(target)).toEqual(Buffer.from(Array.from({ length: 256 }, (_, i) => i)));
    answers.push(null);
    expect(await withDialogs['body:saveAs']({ bodyId: result.bodyId, suggestedName: 'x.bin' })).toEqual({ path: null });
    answers.push(join(dir, 'no-such-dir', 'x.bin'));
    await expect(withDialogs['body:saveAs']({ bodyId: result.bodyId, suggestedName: 'x.bin' })).rejects.toThrow(/Could not save to .*ENOENT/);
  });
});
