import { describe, expect, it } from 'vitest';
import { validateRequest } from '../../../../main/core/http/validateRequest';

const ok = (url: string, headers = [] as { name: string; value: string; enabled: boolean }[]) => validateRequest({ method: 'GET', url, headers });
const codeOf = (fn: () => unknown) => {
  try {
    fn();
  } catch (error) {
    return { code: (error as { code: string }).code, message: (error as Error).message };
  }
  return null;
};

describe('validateRequest', () => {
  it('accepts http, https, and a bare host with port', () => {
    expect(ok('https://api.example.com/v1?x=1').url.href).toBe('https://api.example.com/v1?x=1');
    expect(ok('localhost:8080/path').url.href).toBe('http://localhost:8080/path');
    expect(ok('  http://127.0.0.1:3000  ').url.port).toBe('3000');
  });

  it.each(['file:///etc/passwd', 'javascript:alert(1)', 'ftp://example.com/', 'smb://host/share', 'data:text/plain,hi'])('refuses the scheme of %s', (url) => {
    expect(codeOf(() => ok(url))).toMatchObject({ code: 'unsupported_scheme' });
  });

  it.each(['', '   ', 'http://', 'http://exa mple.com', 'http://[::1'])('refuses the malformed URL %j', (url) => {
    expect(codeOf(() => ok(url))?.code).toBe('invalid_url');
  });

  it('refuses CR or LF in a header, naming the header', () => {
    const result = codeOf(() => ok('http://x.test', [{ name: 'X-Trace', value: 'a\r\nInjected: yes', enabled: true }]));
    expect(result?.code).toBe('invalid_header');
    expect(result?.message).toContain('"X-Trace"');
    expect(result?.message).toMatch(/line break/);
  });

  it('refuses a header name that is not a token and a value without a name', () => {
    expect(codeOf(() => ok('http://x.test', [{ name: 'Bad Name', value: 'v', enabled: true }]))?.code).toBe('invalid_header');
    expect(codeOf(() => ok('http://x.test', [{ name: '', value: 'v', enabled: true }]))?.message).toContain('Header 1');
  });

  it('skips disabled and blank rows', () => {
    const result = ok('http://x.test', [
      { name: 'A', value: '1', enabled: true },
      { name: 'Bad\nName', value: '', enabled: false },
      { name: '', value: '', enabled: true },
    ]);
    expect(result.headers).toEqual([['A', '1']]);
  });

  it('refuses a method with spaces or separators', () => {
    expect(codeOf(() => validateRequest({ method: 'GET /x', url: 'http://x.test', headers: [] }))?.code).toBe('invalid_method');
    expect(validateRequest({ method: 'purge', url: 'http://x.test', headers: [] }).method).toBe('PURGE');
  });
});
