import { describe, expect, it } from 'vitest';
import { openableUrl } from '../../../../main/core/app/openableUrl';

describe('openableUrl', () => {
  it('passes http and https', () => {
    expect(openableUrl('https://auth.example.com/authorize?x=1')).toBe('https://auth.example.com/authorize?x=1');
    expect(openableUrl('http://127.0.0.1:8080/')).toBe('http://127.0.0.1:8080/');
  });

  it.each(['file:///etc/passwd', 'javascript:alert(1)', 'smb://server/share', 'latchkey://x', 'vbscript:msgbox'])('refuses %s', (url) => {
    expect(() => openableUrl(url)).toThrow(expect.objectContaining({ code: 'unsupported_scheme' }));
  });

  it('refuses what is not a URL', () => {
    expect(() => openableUrl('not a url')).toThrow(expect.objectContaining({ code: 'invalid_url' }));
  });
});
