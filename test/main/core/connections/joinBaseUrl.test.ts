import { describe, expect, it } from 'vitest';
import { joinBaseUrl } from '../../../../main/core/connections/joinBaseUrl';
import { LatchkeyError } from '../../../../main/core/errors';

function refusal(base: string, url: string): LatchkeyError {
  try {
    joinBaseUrl(base, url);
  } catch (error) {
    if (error instanceof LatchkeyError) return error;
    throw error;
  }
  throw new Error(`expected ${url} under ${base} to be refused`);
}

describe('joinBaseUrl', () => {
  it('appends a relative URL to the base path, keeping its query', () => {
    expect(joinBaseUrl('https://api.example.com/v1', '/users?page=2')).toBe('https://api.example.com/v1/users?page=2');
    expect(joinBaseUrl('https://api.example.com/v1/', 'users')).toBe('https://api.example.com/v1/users');
    expect(joinBaseUrl('https://api.example.com', 'users/7')).toBe('https://api.example.com/users/7');
    expect(joinBaseUrl('https://api.example.com/v1', '')).toBe('https://api.example.com/v1');
    expect(joinBaseUrl('https://api.example.com/v1', '?q=1')).toBe('https://api.example.com/v1?q=1');
  });

  it('keeps an absolute URL that is under the base', () => {
    expect(joinBaseUrl('https://api.example.com/v1', 'https://api.example.com/v1/users')).toBe('https://api.example.com/v1/users');
  });

  it('refuses ../ and its percent-encoded forms when they leave the base path', () => {
    expect(refusal('https://api.example.com/v1', '../admin').code).toBe('outside_base_url');
    expect(refusal('https://api.example.com/v1', '/users/../../admin').message).toContain('/admin');
    expect(refusal('https://api.example.com/v1', '%2e%2e/admin').code).toBe('outside_base_url');
    expect(refusal('https://api.example.com/v1', 'https://api.example.com/v10/x').code).toBe('outside_base_url');
    // Staying inside is fine.
    expect(joinBaseUrl('https://api.example.com/v1', 'users/../teams')).toBe('https://api.example.com/v1/teams');
  });

  it('refuses absolute URLs to another origin, scheme or port', () => {
    expect(refusal('https://api.example.com', 'https://evil.example.net/steal').message).toContain('https://evil.example.net');
    expect(refusal('https://api.example.com', 'http://api.example.com/').code).toBe('outside_base_url');
    expect(refusal('https://api.example.com', 'https://api.example.com:8443/').code).toBe('outside_base_url');
    expect(refusal('https://api.example.com', '//evil.example.net/x').code).toBe('outside_base_url');
  });

  it('refuses a base URL that is not http(s), not a URL, or carries a query', () => {
    expect(refusal('ftp://files.example.com', '/x').code).toBe('unsupported_scheme');
    expect(refusal('not a url', '/x').code).toBe('invalid_url');
    expect(refusal('https://api.example.com/?key=1', '/x').code).toBe('invalid_url');
  });
});
