// Hostile imports that name local files: a collection a colleague sends, with a body read from
// a path on this computer. Nothing may be read or uploaded because the file said so.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { RequestSpec } from '../../../../preload/contract';
import { ConfDocumentStore } from '../../../../main/adapters/confDocumentStore';
import { confFactory } from '../../../../main/adapters/confFactory';
import { createCore, type Core } from '../../../../main/core/createCore';
import type { TreeItem } from '../../../../main/core/collections/collectionsService';
import { importCurl } from '../../../../main/core/importers/curlImport';
import { startEchoServer, type EchoServer } from '../../../fixtures/echoServer';
import { memoryLogger, memorySecretStore, realClock, recordingBrowser } from '../../../fixtures/testPorts';

const SECRET_CONTENT = 'PRIVATE-KEY-MATERIAL-4f1a';
let files: string;
let bodyFile: string;
let partFile: string;
let echo: EchoServer;
let dir: string;
let core: Core;

beforeAll(async () => {
  files = mkdtempSync(join(tmpdir(), 'latchkey-local-'));
  bodyFile = join(files, 'id_rsa');
  partFile = join(files, 'os-release');
  writeFileSync(bodyFile, SECRET_CONTENT);
  writeFileSync(partFile, `NAME=${SECRET_CONTENT}`);
  echo = await startEchoServer();
});
afterAll(async () => {
  await echo.close();
  rmSync(files, { recursive: true, force: true });
});
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'latchkey-import-'));
  core = createCore({ documents: new ConfDocumentStore(dir, confFactory), secrets: memorySecretStore(), browser: recordingBrowser(), dialogs: null, bodiesDir: join(dir, 'bodies'), clock: realClock, logger: memoryLogger(), version: 't' });
});
afterEach(async () => {
  await core.close();
  rmSync(dir, { recursive: true, force: true });
});

function requestsOf(items: TreeItem[]): RequestSpec[] {
  return items.flatMap((item) => (item.kind === 'folder' ? requestsOf(item.items) : [item.request]));
}

let n = 0;
const send = (request: RequestSpec) => core.http.execute({ requestId: `lf${++n}`, request });

/** What a user's "Send this file" does: the same request with the files confirmed. */
function confirmed(request: RequestSpec): RequestSpec {
  const body = request.body;
  if (body.kind === 'file') return { ...request, body: { kind: 'file', path: body.path, contentType: body.contentType } };
  if (body.kind === 'multipart') return { ...request, body: { kind: 'multipart', parts: body.parts.map(({ unconfirmed: _, ...part }) => part) } };
  return request;
}

const hostile = () => ({
  postman: JSON.stringify({
    info: { name: 'Shared by a colleague', schema: 'https://schema.getpostman.com/json/collection/v2.1.0/collection.json' },
    item: [
      { name: 'Upload key', request: { method: 'POST', url: `${echo.url}/echo`, body: { mode: 'file', file: { src: bodyFile } } } },
      { name: 'Profile', request: { method: 'POST', url: `${echo.url}/echo`, body: { mode: 'formdata', formdata: [{ key: 'note', value: 'hi', type: 'text' }, { key: 'attachment', src: partFile, type: 'file' }] } } },
    ],
  }),
  insomnia: JSON.stringify({
    _type: 'export',
    __export_format: 4,
    resources: [
      { _id: 'wrk_1', _type: 'workspace', name: 'Shared workspace' },
      { _id: 'req_1', _type: 'request', parentId: 'wrk_1', name: 'Upload key', method: 'POST', url: `${echo.url}/echo`, body: { mimeType: 'application/octet-stream', fileName: bodyFile } },
      { _id: 'req_2', _type: 'request', parentId: 'wrk_1', name: 'Profile', method: 'POST', url: `${echo.url}/echo`, body: { mimeType: 'multipart/form-data', params: [{ name: 'attachment', type: 'file', fileName: partFile }] } },
    ],
  }),
  har: JSON.stringify({
    log: {
      version: '1.2',
      creator: { name: 'browser', version: '1' },
      entries: [
        {
          request: { method: 'POST', url: `${echo.url}/echo`, headers: [], queryString: [], postData: { mimeType: 'multipart/form-data', params: [{ name: 'attachment', fileName: partFile }] } },
          response: { status: 200, headers: [], content: { size: 0, mimeType: 'text/plain' } },
        },
      ],
    },
  }),
  curl: `curl -X POST ${echo.url}/echo --data-binary @${bodyFile}`,
});

describe('imports that name local files', () => {
  for (const format of ['postman', 'insomnia', 'har', 'curl'] as const) {
    it(`${format}: lists every local path in the preview, and sends none until the user picks it again`, async () => {
      const text = hostile()[format];
      const preview = await core.imports.preview(text, format === 'curl' ? 'upload.sh' : `shared.${format}.json`);
      const expected = format === 'har' ? [partFile] : format === 'curl' ? [bodyFile] : [bodyFile, partFile];
      expect(preview.localFiles.map((f) => f.path)).toEqual(expected);
      for (const file of preview.localFiles) expect(file.where).not.toBe('');

      const { collectionIds } = await core.imports.commit(preview.token);
      const requests = requestsOf(core.collections.exportTree(collectionIds[0]!).items).filter((r) => r.body.kind === 'file' || r.body.kind === 'multipart');
      expect(requests).toHaveLength(expected.length);
      const before = echo.seen.length;
      for (const request of requests) {
        await expect(send(request)).rejects.toMatchObject({ code: 'unconfirmed_file', message: expect.stringMatching(/named by an import.*choose it again in the Body tab/) });
      }
      expect(echo.seen.length).toBe(before);

      // Picked again: now the file goes.
      for (const request of requests) {
        const result = await send(confirmed(request));
        expect(result.status).toBe(200);
      }
      expect(JSON.stringify(echo.seen.slice(before))).toContain(SECRET_CONTENT);
    });
  }

  it('names the file in the refusal', async () => {
    const preview = await core.imports.preview(hostile().postman, 'shared.json');
    const { collectionIds } = await core.imports.commit(preview.token);
    const [upload] = requestsOf(core.collections.exportTree(collectionIds[0]!).items);
    await expect(send(upload!)).rejects.toThrow(`The body file is ${bodyFile}, named by an import.`);
  });

  it('a pasted curl command with @file gives an unconfirmed file and says so', async () => {
    const pasted = await importCurl(`curl ${echo.url}/echo -F avatar=@${partFile}`);
    expect(pasted.request.body).toMatchObject({ kind: 'multipart', parts: [{ type: 'file', value: partFile, unconfirmed: true }] });
    expect(pasted.warnings.join(' ')).toContain(`the local file ${partFile}`);
    await expect(send(pasted.request)).rejects.toMatchObject({ code: 'unconfirmed_file' });
  });

  it('a disabled file field does not stop the request', async () => {
    const preview = await core.imports.preview(hostile().postman, 'shared.json');
    const { collectionIds } = await core.imports.commit(preview.token);
    const profile = requestsOf(core.collections.exportTree(collectionIds[0]!).items)[1]!;
    const body = profile.body as Extract<RequestSpec['body'], { kind: 'multipart' }>;
    const withoutFile = { ...profile, body: { ...body, parts: body.parts.map((p) => (p.type === 'file' ? { ...p, enabled: false } : p)) } };
    expect((await send(withoutFile)).status).toBe(200);
  });
});
