import { describe, expect, it } from 'vitest';
import { importCurl } from '../../../../main/core/importers/curlImport';

describe('import from a pasted curl command', () => {
  it('reads a POST with headers and a JSON body, as Chrome copies it', async () => {
    const { request, warnings } = await importCurl(
      `curl 'https://api.example.com/v1/orders?status=open' \\\n  -H 'accept: application/json' \\\n  -H 'content-type: application/json' \\\n  --data-raw '{"sku":"A-1","qty":2}'`,
    );
    expect(request.method).toBe('POST');
    expect(request.url).toBe('https://api.example.com/v1/orders?status=open');
    expect(request.headers).toEqual([
      { name: 'accept', value: 'application/json', enabled: true },
      { name: 'content-type', value: 'application/json', enabled: true },
    ]);
    expect(request.body).toEqual({ kind: 'json', text: '{"sku":"A-1","qty":2}' });
    expect(warnings).toEqual([]);
  });

  it('turns shell variables into Latchkey variables and never runs a command', async () => {
    const { request, warnings } = await importCurl(`curl -H "Authorization: Bearer $TOKEN" "https://\${HOST}/x?u=$(whoami)"`);
    expect(request.headers[0]).toEqual({ name: 'Authorization', value: 'Bearer {{TOKEN}}', enabled: true });
    expect(request.url).toBe('https://{{HOST}}/x?u=$(whoami)');
    expect(warnings).toContain('$(whoami) is a shell command; it was kept as text and not run.');
  });

  it('maps -u, -k, -L --max-redirs, timeouts and a proxy onto the request', async () => {
    const { request } = await importCurl(`curl -k -L --max-redirs 3 --connect-timeout 2.5 --max-time 30 -x proxy.local:3128 --noproxy localhost -u ada:s3cret https://api.example.com/me`);
    expect(request.method).toBe('GET');
    expect(request.headers).toContainEqual({ name: 'Authorization', value: `Basic ${Buffer.from('ada:s3cret').toString('base64')}`, enabled: true });
    expect(request.settings).toEqual({ verifyTls: false, maxRedirects: 3, connectTimeoutMs: 2500, overallTimeoutMs: 30_000, proxyUrl: 'http://proxy.local:3128', noProxy: 'localhost' });
  });

  it('reads form data, multipart fields and file bodies', async () => {
    expect((await importCurl(`curl -d 'a=1&b=two+words' https://x.test/f`)).request.body).toEqual({
      kind: 'form',
      fields: [
        { name: 'a', value: '1', enabled: true },
        { name: 'b', value: 'two words', enabled: true },
      ],
    });
    // The form table would send %20 as +: to keep the bytes exact, this stays raw.
    expect((await importCurl(`curl -d 'b=two%20words' https://x.test/f`)).request.body).toEqual({ kind: 'raw', text: 'b=two%20words', contentType: 'application/x-www-form-urlencoded' });
    const multipart = await importCurl(`curl -F 'title=Q3' -F 'report=@/tmp/report.csv;type=text/csv' --form-string 'note=@literal' https://x.test/u`);
    expect(multipart.request.method).toBe('POST');
    expect(multipart.request.body).toEqual({
      kind: 'multipart',
      parts: [
        { name: 'title', value: 'Q3', enabled: true, type: 'text' },
        { name: 'report', value: '/tmp/report.csv', enabled: true, type: 'file', contentType: 'text/csv', unconfirmed: true },
        { name: 'note', value: '@literal', enabled: true, type: 'text' },
      ],
    });
    const file = await importCurl(`curl -X PUT --data-binary @/srv/blob.bin -H 'Content-Type: application/octet-stream' https://x.test/b`);
    expect(file.request.body).toEqual({ kind: 'file', path: '/srv/blob.bin', contentType: 'application/octet-stream', unconfirmed: true });
    expect((await importCurl(`curl -F 'a=@rel/path.txt' https://x.test/u`)).warnings).toContain('The file of field "a" is a relative path (rel/path.txt); give its full path.');
  });

  it('names what it could not import', async () => {
    const { request, warnings } = await importCurl(`curl --digest -u a:b --cert client.pem https://x.test/ https://y.test/`);
    expect(request.url).toBe('https://x.test/');
    expect(warnings.join('\n')).toMatch(/cert/);
    expect(warnings).toContain('The command holds 2 requests; the first was imported.');
    expect(warnings).toContain('digest authentication is not supported; the credentials were left out.');
  });

  it('refuses what is not a curl command, with a clear message', async () => {
    await expect(importCurl('wget https://x.test')).rejects.toThrow('That is not a curl command');
    await expect(importCurl('curl')).rejects.toThrow(/no URL/);
    await expect(importCurl(`curl ${'a'.repeat(1024 * 1024)}`)).rejects.toThrow('over 1 MB');
    // Hostile shell syntax is parsed, not executed, and still gives a request or a clear error.
    const odd = await importCurl(`curl "https://x.test/$(rm -rf /)" -H "X: \`id\`"`);
    expect(odd.request.url).toBe('https://x.test/$(rm -rf /)');
    expect(odd.request.headers).toEqual([{ name: 'X', value: '`id`', enabled: true }]);
    await expect(importCurl(`curl https://x.test/; rm -rf /`)).rejects.toThrow(/could not read that curl command: command should begin with "curl"/);
  });
});
