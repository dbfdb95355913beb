// "Request as code" on the real core: the code each language gets, and the JavaScript, Python
// and Java it writes, run against a real server on 127.0.0.1 and compared with what arrived.
// Python and Java run where they are installed (both are on Latchkey's CI machine); Go, C#,
// PHP and PowerShell have no toolchain here, so their code is only read.
import { execFile, execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { CodeLanguage, RequestSpec } from '../../../../preload/contract';
import { ConfDocumentStore } from '../../../../main/adapters/confDocumentStore';
import { confFactory } from '../../../../main/adapters/confFactory';
import { createCore, type Core } from '../../../../main/core/createCore';
import { httpHandlers } from '../../../../main/ipc/handlers/http';
import { startEchoServer, type EchoServer } from '../../../fixtures/echoServer';
import { header, spec } from '../../../fixtures/requests';
import { memoryLogger, memorySecretStore, realClock, recordingBrowser } from '../../../fixtures/testPorts';

const run = promisify(execFile);
const has = (command: string, args: string[]) => {
  try {
    execFileSync(command, args, { stdio: 'ignore', timeout: 20_000 });
    return true;
  } catch {
    return false;
  }
};
const python = has('python3', ['-c', 'import requests']);
const java = has('java', ['-version']);

let server: EchoServer;
beforeAll(async () => {
  server = await startEchoServer();
});
afterAll(() => server.close());

let dir: string;
let core: Core;
beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'latchkey-code-'));
  core = createCore({ documents: new ConfDocumentStore(dir, confFactory), secrets: memorySecretStore(), browser: recordingBrowser(), dialogs: null, bodiesDir: join(dir, 'bodies'), clock: realClock, logger: memoryLogger(), version: 't' });
  await core.variables.save([
    { name: 'host', value: server.url, enabled: true, secret: false, secretId: null },
    { name: 'token', value: '', newSecretValue: 'tok-s3cret', enabled: true, secret: true, secretId: null },
  ]);
});
afterEach(async () => {
  await core.close();
  rmSync(dir, { recursive: true, force: true });
});

const write = (request: RequestSpec, language: CodeLanguage, includeSecrets = false) => httpHandlers(core)['http:code']({ request, language, includeSecrets, location: null });

/** A request with the awkward parts: quotes of every kind, a space and a quote in the query, JSON with a quote. */
const awkward = () =>
  spec({
    method: 'POST',
    url: "{{host}}/echo?q=a b&x=it's",
    headers: [header('X-Token', '{{token}}'), header('X-Quote', `it's "quoted" $HOME \`x\` \\n`), header('Content-Type', 'application/json')],
    body: { kind: 'json', text: '{"name": "O\'Brien", "note": "$(whoami) \\"ok\\""}' },
  });

/** What the server last received, once the code has run. */
function lastSeen() {
  const seen = server.seen.at(-1);
  if (!seen) throw new Error('The code sent nothing.');
  return seen;
}

function expectAwkwardArrived() {
  const seen = lastSeen();
  expect(seen.method).toBe('POST');
  // Python's requests writes the space as "+": the same query once decoded.
  const url = new URL(seen.url, 'http://x');
  expect(url.pathname).toBe('/echo');
  expect([...url.searchParams]).toEqual([
    ['q', 'a b'],
    ['x', "it's"],
  ]);
  expect(seen.headers['x-token']).toBe('tok-s3cret');
  expect(seen.headers['x-quote']).toBe(`it's "quoted" $HOME \`x\` \\n`);
  expect(seen.headers['content-type']).toMatch(/^application\/json/);
  expect(JSON.parse(seen.body)).toEqual({ name: "O'Brien", note: '$(whoami) "ok"' });
}

describe('Request as code', () => {
  it('writes every language, with secret variables as placeholders unless asked', async () => {
    const languages: CodeLanguage[] = ['curl', 'javascript', 'python', 'go', 'java', 'csharp', 'php', 'powershell'];
    for (const language of languages) {
      const safe = await write(awkward(), language);
      expect(safe.code, language).toContain(`${server.url}/echo`);
      expect(safe.code, language).toContain('{{token}}');
      expect(safe.code, language).not.toContain('tok-s3cret');
      const full = await write(awkward(), language, true);
      expect(full.code, language).toContain('tok-s3cret');
    }
    expect((await write(awkward(), 'go')).code).toContain('http.NewRequest("POST"');
    expect((await write(awkward(), 'csharp')).code).toContain('HttpMethod.Post');
    expect((await write(awkward(), 'php')).code).toContain("curl_setopt($ch, CURLOPT_CUSTOMREQUEST, 'POST')");
    expect((await write(awkward(), 'powershell')).code).toContain('Invoke-RestMethod');
  });

  it('writes a header typed in as a credential as a placeholder', async () => {
    const request = spec({ url: '{{host}}/echo', headers: [header('X-Api-Key', 'typed-key'), header('Authorization', 'Basic dHlwZWQ=')] });
    const code = (await write(request, 'python')).code;
    expect(code).not.toContain('dHlwZWQ=');
    expect(code).toContain('<Authorization>');
  });

  it('names what a language leaves out, in plain words', async () => {
    const request = spec({ url: '{{host}}/echo', settings: { verifyTls: false, followRedirects: true, maxRedirects: 3, connectTimeoutMs: 5000 } });
    const { warnings } = await write(request, 'javascript');
    expect(warnings).toContain('JavaScript (fetch) code leaves out skipping the TLS certificate check.');
    expect(warnings).toContain('JavaScript (fetch) code leaves out the connect timeout.');
    expect(warnings.every((w) => !/supported option/.test(w))).toBe(true);
    const timed = spec({ url: '{{host}}/echo', settings: { overallTimeoutMs: 30_000 } });
    expect((await write(timed, 'python')).warnings).toEqual(["Python (requests) has no timeout for the whole request: the code's timeout is for connecting and for each read."]);
    expect((await write(request, 'curl')).warnings).toEqual([]);
    writeFileSync(join(dir, 'body.bin'), Buffer.from([0, 1, 2]));
    const upload = spec({ method: 'PUT', url: '{{host}}/echo', body: { kind: 'file', path: join(dir, 'body.bin'), contentType: 'application/octet-stream' } });
    expect((await write(upload, 'javascript')).warnings).toContain("JavaScript (fetch) code cannot read the body's file: put its contents where the code says /* contents */.");
    expect((await write(upload, 'python')).code).toContain(`open('${join(dir, 'body.bin')}', 'rb')`);
  });

  it('runs the JavaScript it writes and the server receives the same request', async () => {
    const { code } = await write(awkward(), 'javascript', true);
    const file = join(dir, 'request.mjs');
    writeFileSync(file, code);
    server.seen.length = 0;
    await run(process.execPath, [file], { timeout: 30_000 });
    expectAwkwardArrived();
  });

  it.skipIf(!python)('runs the Python it writes and the server receives the same request', async () => {
    const { code } = await write(awkward(), 'python', true);
    const file = join(dir, 'request.py');
    writeFileSync(file, code);
    server.seen.length = 0;
    await run('python3', [file], { timeout: 30_000 });
    expectAwkwardArrived();
  });

  it.skipIf(!python)('runs the Python it writes for a multipart upload of a file', async () => {
    const upload = join(dir, 'report; final.csv');
    writeFileSync(upload, 'id,name\n1,Ada\n');
    const request = spec({
      method: 'POST',
      url: '{{host}}/echo',
      body: { kind: 'multipart', parts: [{ name: 'note', value: '@not-a-file', enabled: true, type: 'text' }, { name: 'report', value: upload, enabled: true, type: 'file', contentType: 'text/csv' }] },
    });
    const { code } = await write(request, 'python');
    const file = join(dir, 'upload.py');
    writeFileSync(file, code);
    server.seen.length = 0;
    await run('python3', [file], { timeout: 30_000 });
    const body = lastSeen().body;
    expect(body).toContain('name="note"\r\n\r\n@not-a-file\r\n');
    expect(body).toContain('Content-Type: text/csv\r\n\r\nid,name\n1,Ada\n');
  });

  it.skipIf(!java)('runs the Java it writes (as the body of a main method) and the server receives the same request', async () => {
    const { code } = await write(awkward(), 'java', true);
    const lines = code.split('\n');
    const imports = lines.filter((l) => l.startsWith('import '));
    const body = lines.filter((l) => !l.startsWith('import '));
    const file = join(dir, 'Main.java');
    writeFileSync(file, `${imports.join('\n')}\npublic class Main {\n  public static void main(String[] args) throws Exception {\n${body.join('\n')}\n    System.out.println(response.statusCode());\n  }\n}\n`);
    server.seen.length = 0;
    const { stdout } = await run('java', [file], { timeout: 60_000 });
    expect(stdout.trim()).toBe('200');
    expectAwkwardArrived();
  }, 90_000);
});
