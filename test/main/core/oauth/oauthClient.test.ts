import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { authorize, clientCredentials, refresh, revoke, startDeviceSignIn, type OAuthConfig } from '../../../../main/core/oauth/oauthClient';
import { CLIENT, MACHINE, MACHINE_BASIC, PUBLIC_CLIENT, scriptedBrowser, startOidcProvider, type TestProvider } from '../../../fixtures/oidcProvider';

let op: TestProvider;
beforeAll(async () => {
  op = await startOidcProvider();
});
afterAll(() => op.close());

const now = () => Date.now();
const config = (patch: Partial<OAuthConfig> = {}): OAuthConfig => ({
  issuer: op.issuer,
  authorizationUrl: '',
  tokenUrl: '',
  revocationUrl: '',
  clientId: CLIENT.id,
  clientSecret: CLIENT.secret,
  clientAuth: 'basic',
  scope: 'openid offline_access profile',
  extraParams: [['prompt', 'consent']],
  redirectPath: '/callback',
  ...patch,
});

describe('authorization code flow against oidc-provider', () => {
  it('discovers, sends PKCE S256 and state through the browser, and gets tokens with a verified ID token', async () => {
    const browser = scriptedBrowser('alice');
    const tokens = await authorize(config(), { opener: browser, now });
    const url = new URL(browser.opened[0]!);
    expect(url.origin + url.pathname).toBe(`${op.issuer}/auth`);
    expect(url.searchParams.get('code_challenge_method')).toBe('S256');
    expect(url.searchParams.get('code_challenge')).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(url.searchParams.get('redirect_uri')).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/callback$/);
    expect(url.searchParams.get('state')).toMatch(/^[A-Za-z0-9_-]{20,}$/);
    expect(url.searchParams.get('nonce')).toBeTruthy();
    expect(tokens).toMatchObject({ tokenType: expect.stringMatching(/bearer/i), accessToken: expect.any(String), refreshToken: expect.any(String), idToken: expect.any(String) });
    expect(tokens.expiresAt! - Date.now()).toBeGreaterThan(60_000);
    expect(tokens.scope).toContain('openid');
  });

  it('a public client (no secret) works with PKCE alone, and the extra parameters of the authorization URL are kept', async () => {
    const browser = scriptedBrowser('bob');
    const tokens = await authorize(config({ clientId: PUBLIC_CLIENT, clientSecret: '', issuer: op.issuer, authorizationUrl: `${op.issuer}/auth?response_type=code&ui_locales=en`, scope: 'openid' }), { opener: browser, now });
    expect(new URL(browser.opened[0]!).searchParams.get('ui_locales')).toBe('en');
    expect(tokens.accessToken).toBeTruthy();
  });

  it("brings the provider's error back to the app (prompt=none without a session: login_required)", async () => {
    await expect(authorize(config({ extraParams: [['prompt', 'none']] }), { opener: scriptedBrowser(), now })).rejects.toMatchObject({ code: 'auth_failed', message: expect.stringContaining('login_required') });
  });

  it('refuses a response without iss when the provider advertises it (RFC 9207), and one from another issuer', async () => {
    const withoutIss = scriptedBrowser('erin', { callback: (url) => url.searchParams.delete('iss') });
    await expect(authorize(config(), { opener: withoutIss, now })).rejects.toMatchObject({ code: 'auth_failed', message: expect.stringMatching(/iss/) });
    const otherIss = scriptedBrowser('erin', { callback: (url) => url.searchParams.set('iss', 'https://attacker.example') });
    await expect(authorize(config(), { opener: otherIss, now })).rejects.toMatchObject({ code: 'auth_failed', message: expect.stringMatching(/iss/) });
  });

  it('binds the code to its PKCE verifier: a changed code_challenge makes the provider refuse the exchange', async () => {
    const swapped = scriptedBrowser('ivan', { authorization: (url) => url.searchParams.set('code_challenge', 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM') });
    await expect(authorize(config(), { opener: swapped, now })).rejects.toMatchObject({ code: 'auth_failed', message: expect.stringContaining('invalid_grant') });
  });

  it('uses a fresh verifier and state for every attempt', async () => {
    const a = scriptedBrowser('judy');
    const b = scriptedBrowser('judy');
    await authorize(config(), { opener: a, now });
    await authorize(config(), { opener: b, now });
    const [ua, ub] = [new URL(a.opened[0]!), new URL(b.opened[0]!)];
    expect(ua.searchParams.get('code_challenge')).not.toBe(ub.searchParams.get('code_challenge'));
    expect(ua.searchParams.get('state')).not.toBe(ub.searchParams.get('state'));
  });

  it('refuses an ID token whose nonce is not the one sent', async () => {
    const swapped = scriptedBrowser('frank', { authorization: (url) => url.searchParams.set('nonce', 'a-nonce-latchkey-never-sent') });
    await expect(authorize(config(), { opener: swapped, now })).rejects.toMatchObject({ code: 'auth_failed', message: expect.stringMatching(/nonce/) });
  });

  it('refreshes with rotation: the new refresh token works; replaying an old one is refused and ends the grant', async () => {
    const first = await authorize(config(), { opener: scriptedBrowser('carol'), now });
    const second = await refresh(config(), first.refreshToken!, now);
    expect(second.refreshToken).not.toBe(first.refreshToken);
    expect(second.accessToken).not.toBe(first.accessToken);
    const third = await refresh(config(), second.refreshToken!, now);
    expect(third.accessToken).toBeTruthy();
    await expect(refresh(config(), first.refreshToken!, now)).rejects.toMatchObject({ code: 'auth_failed', message: expect.stringContaining('invalid_grant') });
    // Reuse detection (RFC 9700 §4.14.2): the provider revoked the whole grant.
    await expect(refresh(config(), third.refreshToken!, now)).rejects.toMatchObject({ message: expect.stringContaining('invalid_grant') });
  });

  it('revokes the refresh token on disconnect', async () => {
    const tokens = await authorize(config(), { opener: scriptedBrowser('dave'), now });
    const before = op.revocations;
    expect(await revoke(config(), tokens.refreshToken!, 'refresh_token')).toBe(true);
    expect(op.revocations).toBe(before + 1);
    await expect(refresh(config(), tokens.refreshToken!, now)).rejects.toMatchObject({ message: expect.stringContaining('invalid_grant') });
  });
});

describe('client credentials', () => {
  it('gets a token with the secret in the body or as a Basic header, and refuses a wrong secret', async () => {
    const machine = (id: string, secret: string, clientAuth: 'basic' | 'post') => config({ clientId: id, clientSecret: secret, clientAuth, scope: 'api:read', extraParams: [] });
    expect(await clientCredentials(machine(MACHINE.id, MACHINE.secret, 'post'), now)).toMatchObject({ accessToken: expect.any(String), refreshToken: null, scope: 'api:read' });
    expect(await clientCredentials(machine(MACHINE_BASIC.id, MACHINE_BASIC.secret, 'basic'), now)).toMatchObject({ accessToken: expect.any(String), scope: 'api:read' });
    await expect(clientCredentials(machine(MACHINE.id, 'wrong', 'post'), now)).rejects.toMatchObject({ message: expect.stringContaining('invalid_client') });
    await expect(clientCredentials(machine(MACHINE_BASIC.id, 'wrong', 'basic'), now)).rejects.toMatchObject({ message: expect.stringContaining('invalid_client') });
  });
});

describe('device authorization grant (RFC 8628)', () => {
  it('shows a user code, polls at the interval while pending, and gets tokens once approved', async () => {
    const waits: number[] = [];
    // Waits are recorded at full length and run 100 times faster.
    const sleep = (ms: number) => {
      waits.push(ms);
      return new Promise<void>((resolve) => setTimeout(resolve, ms / 100));
    };
    const device = await startDeviceSignIn(config({ scope: 'openid offline_access', extraParams: [] }), now, sleep);
    expect(device.userCode).toMatch(/^[A-Z]{4}-[A-Z]{4}$/);
    expect(device.verificationUri).toBe(`${op.issuer}/device`);
    expect(device.verificationUriComplete).toContain(encodeURIComponent(device.userCode).replace('%2D', '-'));
    while (waits.length < 3) await new Promise((r) => setTimeout(r, 20));
    await scriptedBrowser('grace').open(device.verificationUriComplete!);
    const tokens = await device.tokens;
    expect(tokens).toMatchObject({ accessToken: expect.any(String), refreshToken: expect.any(String) });
    // Polled while pending (before the approval), always at the server's 5 s interval.
    expect(waits.length).toBeGreaterThanOrEqual(3);
    expect(new Set(waits)).toEqual(new Set([5000]));
  });

  it('adds 5 seconds to the interval on slow_down (a stand-in server: oidc-provider does not send it)', async () => {
    const answers = [{ error: 'slow_down' }, { error: 'authorization_pending' }, { access_token: 'device-token', token_type: 'Bearer', expires_in: 60 }];
    const server = createServer((req, res) => {
      res.writeHead(req.url === '/token' && answers.length > 1 ? 400 : 200, { 'content-type': 'application/json' });
      res.end(JSON.stringify(req.url === '/device' ? { device_code: 'dc', user_code: 'WXYZ-1234', verification_uri: 'https://example.test/device', expires_in: 600, interval: 1 } : answers.shift()));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const waits: number[] = [];
    const device = await startDeviceSignIn(config({ issuer: '', tokenUrl: `${base}/token`, deviceAuthorizationUrl: `${base}/device`, extraParams: [] }), now, async (ms) => void waits.push(ms));
    expect(device.userCode).toBe('WXYZ-1234');
    expect((await device.tokens).accessToken).toBe('device-token');
    expect(waits).toEqual([1000, 6000, 6000]);
    server.close();
  });

  it('stops polling when cancelled', async () => {
    const device = await startDeviceSignIn(config({ scope: 'openid', extraParams: [] }), now, () => new Promise((r) => setTimeout(r, 10)));
    device.cancel();
    await expect(device.tokens).rejects.toMatchObject({ code: 'cancelled' });
  });
});
