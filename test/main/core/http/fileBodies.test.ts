import { execFile } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MultipartPart, RequestBody, RequestSpec } from '../../../../preload/contract';
import { LatchkeyError } from '../../../../main/core/errors';
import { HttpExecutor } from '../../../../main/core/http/httpExecutor';
import { exportCurl } from '../../../../main/core/http/toCurl';
import { startEchoServer, type EchoServer, type SeenRequest } from '../../../fixtures/echoServer';
import { spec } from '../../../fixtures/requests';
import { memoryLogger, realClock } from '../../../fixtures/testPorts';

let server: EchoServer;
let executor: HttpExecutor;
let dir: string;
let files: string;
let n = 0;
const binary = Buffer.concat([Buffer.from(Array.from({ length: 256 }, (_, i) => i)), randomBytes(3 * 1024 * 1024)]);
const variables = new Map<string, string>();

beforeAll(async () => {
  server = await startEchoServer();
  dir = mkdtempSync(join(tmpdir(), 'latchkey-files-'));
  files = join(dir, 'files');
  mkdirSync(files);
  writeFileSync(join(files, 'all-bytes.bin'), binary);
  writeFileSync(join(files, 'notes; "v2".txt'), 'line one\r\nline two\n');
  writeFileSync(join(files, 'photo.png'), Buffer.from('89504e470d0a1a0a0000', 'hex'));
  variables.set('dir', files);
  executor = new HttpExecutor({
    clock: realClock,
    logger: memoryLogger(),
    userAgent: 'Latchkey/test',
    bodiesDir: join(dir, 'bodies'),
    variables: async () => ({ lookup: (name) => variables.get(name), secrets: [] }),
  });
});
afterAll(async () => {
  await executor.close();
  await server.close();
  rmSync(dir, { recursive: true, force: true });
});

const send = (body: RequestBody, patch: Partial<RequestSpec> = {}) => executor.execute({ requestId: `f${++n}`, request: spec({ method: 'POST', url: `${server.url}/echo`, body, ...patch }) });
/** The echo, read from the stored body (the result's preview holds only its start). */
const echoed = async (result: { bodyId: string }) => JSON.parse(readFileSync(await executor.bodyReady(result.bodyId), 'utf8')) as SeenRequest;
const part = (name: string, value: string, type: 'text' | 'file' = 'text', contentType?: string): MultipartPart => ({ name, value, type, enabled: true, ...(contentType ? { contentType } : {}) });
const sha = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

/** Parses what the server received with the platform's own multipart parser. */
async function formOf(seen: SeenRequest): Promise<FormData> {
  return new Response(Buffer.from(seen.bodyBase64, 'base64'), { headers: { 'content-type': String(seen.headers['content-type']) } }).formData();
}

async function failure(promise: Promise<unknown>): Promise<LatchkeyError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(LatchkeyError);
  return error as LatchkeyError;
}

describe('binary file bodies', () => {
  it('sends a file byte for byte, with its length and a content type from its extension', async () => {
    const result = await send({ kind: 'file', path: join(files, 'all-bytes.bin'), contentType: '' });
    const seen = await echoed(result);
    expect(seen.bytes).toBe(binary.length);
    expect(seen.sha256).toBe(sha(binary));
    expect(seen.headers['content-length']).toBe(String(binary.length));
    expect(seen.headers['content-type']).toBe('application/octet-stream');
    expect(result.sent.bodySize).toBe(binary.length);
    expect(result.sent.bodyPreview).toBe(`<contents of ${join(files, 'all-bytes.bin')}, ${binary.length} bytes>`);
  });

  it('takes the path from a variable and the content type the user gives', async () => {
    const seen = await echoed(await send({ kind: 'file', path: '{{dir}}/photo.png', contentType: 'image/x-custom' }));
    expect(seen.headers['content-type']).toBe('image/x-custom');
    expect(Buffer.from(seen.bodyBase64, 'base64').toString('hex')).toBe('89504e470d0a1a0a0000');
  });

  it('sends the file again on a 307 redirect', async () => {
    const seen = await echoed(await send({ kind: 'file', path: join(files, 'photo.png'), contentType: '' }, { url: `${server.url}/redirect?status=307&to=/echo` }));
    expect(seen.method).toBe('POST');
    expect(seen.url).toBe('/echo');
    expect(Buffer.from(seen.bodyBase64, 'base64').toString('hex')).toBe('89504e470d0a1a0a0000');
  });

  it.each([
    ['a missing file', () => join(files, 'nope.bin'), /^The body file: there is no file at .*nope\.bin\.$/],
    ['a directory', () => files, /is a folder, not a file/],
    ['a relative path', () => 'files/all-bytes.bin', /is not a full path/],
    ['no path at all', () => '  ', /The body file: no file is chosen/],
  ])('refuses %s before sending, naming it', async (_name, path, message) => {
    const before = server.seen.length;
    const error = await failure(send({ kind: 'file', path: path(), contentType: '' }));
    expect(error.code).toBe('file_error');
    expect(error.message).toMatch(message);
    expect(server.seen.length).toBe(before);
  });

  it('names an unresolved variable in the path rather than a missing file', async () => {
    const error = await failure(send({ kind: 'file', path: '{{nowhere}}/x.bin', contentType: '' }));
    expect(error.code).toBe('unresolved_variable');
  });
});

describe('multipart bodies', () => {
  it('sends text fields and files that a multipart parser reads back exactly', async () => {
    const result = await send({
      kind: 'multipart',
      parts: [
        part('title', 'Résumé "draft"\r\nline 2'),
        part('upload', join(files, 'all-bytes.bin'), 'file'),
        part('notes', join(files, 'notes; "v2".txt'), 'file', 'text/plain'),
        { ...part('skipped', 'not sent'), enabled: false },
        part('tag', '{{dir}}'),
      ],
    });
    const seen = await echoed(result);
    expect(String(seen.headers['content-type'])).toMatch(/^multipart\/form-data; boundary=----LatchkeyBoundary[0-9a-f]{24}$/);
    expect(Number(seen.headers['content-length'])).toBe(seen.bytes);
    expect(seen.bodyBase64).toBe('');
    // Over 1 MiB the echo keeps only the hash; check the exact bytes with a smaller request below.
    expect(seen.bytes).toBeGreaterThan(binary.length);
    expect(result.sent.bodyPreview).toContain('name="title"');
    expect(result.sent.bodyPreview).toContain(`<contents of ${join(files, 'all-bytes.bin')}, ${binary.length} bytes>`);
  });

  it('round-trips fields, file names, types and bytes', async () => {
    writeFileSync(join(files, 'small.bin'), binary.subarray(0, 4096));
    const seen = await echoed(
      await send({
        kind: 'multipart',
        parts: [part('title', 'Résumé "draft"\r\nline 2'), part('upload', join(files, 'small.bin'), 'file'), part('notes', join(files, 'notes; "v2".txt'), 'file', 'text/plain'), part('tag', '{{dir}}')],
      }),
    );
    const form = await formOf(seen);
    expect(form.get('title')).toBe('Résumé "draft"\r\nline 2');
    expect(form.get('tag')).toBe(files);
    const upload = form.get('upload') as File;
    expect(upload.name).toBe('small.bin');
    expect(upload.type).toBe('application/octet-stream');
    expect(sha(Buffer.from(await upload.arrayBuffer()))).toBe(sha(binary.subarray(0, 4096)));
    const notes = form.get('notes') as File;
    expect(notes.type).toBe('text/plain');
    expect(await notes.text()).toBe('line one\r\nline two\n');
  });

  it('names the field whose file is missing', async () => {
    const error = await failure(send({ kind: 'multipart', parts: [part('a', 'x'), part('avatar', join(files, 'gone.png'), 'file')] }));
    expect(error.code).toBe('file_error');
    expect(error.message).toContain('Multipart field 2 ("avatar")');
  });
});

describe('Copy as cURL with files', () => {
  const run = async (command: string) => JSON.parse((await promisify(execFile)('sh', ['-c', command], { encoding: 'utf8', timeout: 20_000, maxBuffer: 64 * 1024 * 1024 })).stdout) as SeenRequest;

  it('sends the same file bytes when run by curl', async () => {
    const command = exportCurl(spec({ method: 'PUT', url: `${server.url}/echo`, body: { kind: 'file', path: join(files, 'all-bytes.bin'), contentType: '' } }), () => undefined, false);
    expect(command).toContain(`--data-binary @${join(files, 'all-bytes.bin')}`);
    const seen = await run(command);
    expect(seen.method).toBe('PUT');
    expect(seen.sha256).toBe(sha(binary));
    expect(seen.headers['content-type']).toBe('application/octet-stream');
  });

  it('sends the same multipart fields when run by curl', async () => {
    writeFileSync(join(files, 'small.bin'), binary.subarray(0, 4096));
    const command = exportCurl(
      spec({
        method: 'POST',
        url: `${server.url}/echo`,
        body: { kind: 'multipart', parts: [part('title', '@not-a-file <neither'), part('upload', join(files, 'small.bin'), 'file'), part('notes', join(files, 'notes; "v2".txt'), 'file', 'text/plain')] },
      }),
      () => undefined,
      false,
    );
    const form = await formOf(await run(command));
    expect(form.get('title')).toBe('@not-a-file <neither');
    expect(sha(Buffer.from(await (form.get('upload') as File).arrayBuffer()))).toBe(sha(binary.subarray(0, 4096)));
    expect((form.get('notes') as File).name).toBe('notes; "v2".txt');
    expect(await (form.get('notes') as File).text()).toBe('line one\r\nline two\n');
  });
});
