import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exportCurl } from '../../../../main/core/http/toCurl';
import { startEchoServer, type EchoServer } from '../../../fixtures/echoServer';
import { header, spec } from '../../../fixtures/requests';

let server: EchoServer;
beforeAll(async () => {
  server = await startEchoServer();
});
afterAll(() => server.close());

const lookup = (name: string) => ({ host: server.url, token: 's3cret' })[name];

describe('Copy as cURL', () => {
  it('sends the same bytes when run by curl', async () => {
    const request = spec({
      method: 'POST',
      url: '{{host}}/echo?q=a b&x=it\'s',
      headers: [header('X-Quote', `it's "quoted" $HOME \`x\``), header('Content-Type', 'application/json')],
      body: { kind: 'json', text: '{"a": "it\'s", "b": "$(whoami)"}' },
    });
    const command = exportCurl(request, lookup, true);
    // Async: the echo server runs in this process and must keep answering.
    const { stdout: output } = await promisify(execFile)('sh', ['-c', command], { encoding: 'utf8', timeout: 20_000 });
    const seen = JSON.parse(output) as { method: string; url: string; headers: Record<string, string>; body: string };
    expect(seen.method).toBe('POST');
    // The URL parser encodes the quote; Latchkey sends it the same way.
    expect(seen.url).toBe('/echo?q=a%20b&x=it%27s');
    expect(seen.headers['x-quote']).toBe(`it's "quoted" $HOME \`x\``);
    expect(seen.body).toBe('{"a": "it\'s", "b": "$(whoami)"}');
  });

  it('keeps secrets as placeholders unless asked', () => {
    const request = spec({ url: '{{host}}/echo', headers: [header('Authorization', 'Bearer typed-secret'), header('X-Token', '{{token}}')] });
    const safe = exportCurl(request, (name) => (name === 'token' ? '{{token}}' : lookup(name)), false);
    expect(safe).not.toContain('typed-secret');
    expect(safe).not.toContain('s3cret');
    expect(safe).toContain("'Authorization: <Authorization>'");
    expect(safe).toContain("'X-Token: {{token}}'");
    const full = exportCurl(request, lookup, true);
    expect(full).toContain('Bearer typed-secret');
    expect(full).toContain('X-Token: s3cret');
  });
});
