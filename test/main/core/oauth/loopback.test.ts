import { request } from 'node:http';
import { networkInterfaces } from 'node:os';
import { describe, expect, it } from 'vitest';
import { startLoopback } from '../../../../main/core/oauth/loopback';

/** A raw GET, so the Host header can be anything. */
function get(url: string, host?: string): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: string }> {
  return new Promise((resolve, reject) => {
    const target = new URL(url);
    const req = request({ agent: false, host: target.hostname.replace(/^\[|\]$/g, ''), port: target.port, path: target.pathname + target.search, headers: host ? { host } : {} }, (res) => {
      let body = '';
      res.on('data', (c: Buffer) => (body += c.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('loopback redirect receiver', () => {
  it('waits through a wrong state (400), ends on the right one with a static page, then refuses a second hit', async () => {
    const attempt = await startLoopback({ path: '/callback', state: 'state-123' });
    expect(attempt.redirectUri).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/callback$/);
    const wrong = await get(`${attempt.redirectUri}?code=x&state=other`);
    expect(wrong.status).toBe(400);
    expect(wrong.body).not.toContain('other');
    const right = await get(`${attempt.redirectUri}?code=the-code&state=state-123&error_description=%3Cscript%3E`);
    expect(right.status).toBe(200);
    expect(right.body).toContain('You can close this tab and return to Latchkey.');
    expect(right.body).not.toContain('the-code');
    expect(right.body).not.toContain('script>');
    expect(right.headers['content-security-policy']).toBe("default-src 'none'");
    expect(right.headers['referrer-policy']).toBe('no-referrer');
    expect(right.headers['cache-control']).toBe('no-store');
    const url = await attempt.result;
    expect(url.searchParams.get('code')).toBe('the-code');
    // The port is closed once the attempt is over.
    await expect(get(`${attempt.redirectUri}?code=again&state=state-123`)).rejects.toMatchObject({ code: 'ECONNREFUSED' });
  });

  it('refuses a foreign Host header (DNS rebinding) and other paths', async () => {
    const attempt = await startLoopback({ path: '/cb', state: 's' });
    const port = new URL(attempt.redirectUri).port;
    expect((await get(`${attempt.redirectUri}?state=s&code=x`, `evil.example:${port}`)).status).toBe(400);
    expect((await get(`http://127.0.0.1:${port}/other?state=s&code=x`)).status).toBe(404);
    attempt.cancel();
    await expect(attempt.result).rejects.toMatchObject({ code: 'cancelled' });
  });

  it('listens on 127.0.0.1 only', async () => {
    const attempt = await startLoopback({ path: '/cb', state: 's' });
    const port = new URL(attempt.redirectUri).port;
    const other = Object.values(networkInterfaces())
      .flat()
      .find((i) => i && i.family === 'IPv4' && !i.internal);
    if (other) await expect(get(`http://${other.address}:${port}/cb?state=s`)).rejects.toMatchObject({ code: 'ECONNREFUSED' });
    await expect(get(`http://[::1]:${port}/cb?state=s`)).rejects.toHaveProperty('code');
    attempt.cancel();
  });

  it('closes the port when the attempt times out', async () => {
    const attempt = await startLoopback({ path: '/cb', state: 's', timeoutMs: 100 });
    await expect(attempt.result).rejects.toMatchObject({ code: 'timeout', message: expect.stringContaining('Connect again') });
    await expect(get(`${attempt.redirectUri}?state=s`)).rejects.toMatchObject({ code: 'ECONNREFUSED' });
  });
});
