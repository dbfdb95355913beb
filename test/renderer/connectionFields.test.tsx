// The connection editor's auth fields and OAuth panel against a stand-in for main checked
// against the contract (fakeMain). The real keychain and provider behind these channels are
// exercised in test/main/core/connections and the OAuth journey.
import { act, cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { useState } from 'react';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Connection, ConnectionAuthInput, Draft } from '../../preload/contract';
import { fail, fakeClipboard, installFakeMain, type FakeMain } from './fakeMain';

const ID = '0b6c3d4e-5f60-4a1b-9c2d-3e4f5a6b7c8d';
const BLANK: Draft = { method: 'GET', url: '', params: [], pathVariables: [], headers: [], body: { kind: 'none' }, settings: {} };
const oauthConnection = (oauth: Connection['oauth']): Connection => ({
  id: ID,
  name: 'Partner',
  baseUrl: 'https://partner.test',
  auth: { type: 'oauth2Code', issuer: 'https://id.partner.test', authorizationUrl: '', tokenUrl: '', revocationUrl: '', clientId: 'latchkey', clientSecret: { id: null }, clientAuth: 'basic', scope: 'openid', extraParams: [], redirectPath: '/callback', placement: { kind: 'bearer', name: '', prefix: '' } },
  clientCertificate: null,
  ca: '',
  verifyTls: true,
  testPath: '',
  lastTest: null,
  oauth,
});
const CONNECTED = { status: 'connected', reason: '', hasRefreshToken: true, hasIdToken: false, tokenType: 'Bearer', expiresAt: Date.now() + 3_600_000, scope: 'openid', connectedAt: Date.now() } as const;

let main: FakeMain;
let clipboard: string[] = [];
beforeAll(() => {
  main = installFakeMain({
    'connections:revealSecret': ({ secretId }) => (secretId === 'secret-0001' ? { value: 'hunter2' } : fail('invalid_request', 'That value is not one of the fields of "Partner".')),
    'connections:exportToken': ({ token, withRefresh }) => (token === 'access' ? { value: 'access-token-value' } : token === 'file' ? { value: JSON.stringify({ access_token: 'a', ...(withRefresh ? { refresh_token: 'r' } : {}) }) } : fail('invalid_request', 'The provider sent no ID token (ask for the openid scope).')),
    'connections:connect': () => oauthConnection(CONNECTED),
  });
  // jsdom has no window.focus (the panel brings the window forward after a sign-in).
  window.focus = () => undefined;
  clipboard = fakeClipboard();
});
afterEach(() => {
  expect(main.violations).toEqual([]);
  cleanup();
  main.reset();
  clipboard.length = 0;
});

async function authFields(initial: ConnectionAuthInput, connectionId: string | null) {
  const { AuthFields } = await import('../../renderer/features/connections/AuthFields');
  const { EditedConnection } = await import('../../renderer/features/connections/SecretField');
  const seen: ConnectionAuthInput[] = [];
  function Harness() {
    const [auth, setAuth] = useState(initial);
    return (
      <EditedConnection.Provider value={connectionId}>
        <AuthFields
          auth={auth}
          onChange={(next) => {
            seen.push(next);
            setAuth(next);
          }}
        />
      </EditedConnection.Provider>
    );
  }
  render(<Harness />);
  return seen;
}

describe('auth fields', () => {
  it("Reveal and Copy of a stored password ask main for that field of this connection, and nothing before", async () => {
    await authFields({ type: 'basic', username: 'partner', password: { id: 'secret-0001' } }, ID);
    const password = screen.getByLabelText('Password') as HTMLInputElement;
    expect(password.value).toBe('');
    expect(password.type).toBe('password');
    expect(main.requests('connections:revealSecret')).toEqual([]);
    fireEvent.click(screen.getByRole('button', { name: 'Reveal Password' }));
    await waitFor(() => expect(password.value).toBe('hunter2'));
    expect(password.type).toBe('text');
    expect(main.requests('connections:revealSecret')).toEqual([{ id: ID, secretId: 'secret-0001' }]);
    fireEvent.click(screen.getByRole('button', { name: 'Copy Password' }));
    await waitFor(() => expect(clipboard).toEqual(['hunter2']));
    fireEvent.click(screen.getByRole('button', { name: 'Hide Password' }));
    expect(password.value).toBe('');
  });

  it('typing replaces a stored value without reading it, and main refusing a reveal is said', async () => {
    const seen = await authFields({ type: 'bearer', token: { id: 'secret-0002' } }, ID);
    fireEvent.click(screen.getByRole('button', { name: 'Reveal Token' }));
    await waitFor(() => expect(screen.getByRole('status').textContent).toContain('not one of the fields'));
    fireEvent.change(screen.getByLabelText('Token'), { target: { value: 'new-token' } });
    expect(seen.at(-1)).toEqual({ type: 'bearer', token: { id: 'secret-0002', set: 'new-token' } });
  });

  it('a new connection has nothing stored: Reveal and Copy wait for a value', async () => {
    await authFields({ type: 'basic', username: '', password: { id: null } }, null);
    expect((screen.getByRole('button', { name: 'Reveal Password' }) as HTMLButtonElement).disabled).toBe(true);
    fireEvent.change(screen.getByLabelText('Password'), { target: { value: 'typed' } });
    expect((screen.getByRole('button', { name: 'Copy Password' }) as HTMLButtonElement).disabled).toBe(false);
    expect(main.requests('connections:revealSecret')).toEqual([]);
  });
});

async function oauthPanel(connection: Connection, fileDialogs = false) {
  const { OAuthPanel } = await import('../../renderer/features/connections/OAuthPanel');
  const changed: Connection[] = [];
  const save = vi.fn(async () => connection);
  render(<OAuthPanel connection={connection} save={save} onChanged={(c) => changed.push(c)} fileDialogs={fileDialogs} draft={BLANK} onDecode={() => undefined} />);
  return { changed, save };
}

describe('OAuth panel', () => {
  it('Connect saves first, then signs in through main, and shows Connected', async () => {
    const { changed, save } = await oauthPanel(oauthConnection(null));
    expect(screen.getByRole('status').textContent).toContain('Not connected');
    fireEvent.click(screen.getByRole('button', { name: 'Connect' }));
    await waitFor(() => expect(changed).toHaveLength(1));
    expect(save).toHaveBeenCalledTimes(1);
    expect(main.requests('connections:connect')).toEqual([{ id: ID }]);
    expect(changed[0]?.oauth?.status).toBe('connected');
  });

  it('Export token copies the access token through its own call; the file has the refresh token only when ticked', async () => {
    const saveAs: string[] = [];
    main.answer('files:saveText', ({ text }) => {
      saveAs.push(text);
      return { path: '/home/me/Partner.token.json' };
    });
    await oauthPanel(oauthConnection(CONNECTED), true);
    fireEvent.click(screen.getByRole('button', { name: 'Export token' }));
    fireEvent.click(screen.getByRole('button', { name: 'Copy access token' }));
    await waitFor(() => expect(clipboard).toEqual(['access-token-value']));
    expect(main.requests('connections:exportToken')).toEqual([{ id: ID, token: 'access' }]);

    // No ID token: its button says so rather than failing.
    expect((screen.getByRole('button', { name: 'Copy ID token' }) as HTMLButtonElement).disabled).toBe(true);

    fireEvent.click(screen.getByRole('button', { name: 'Save as JSON' }));
    await waitFor(() => expect(main.requests('connections:exportToken').at(-1)).toEqual({ id: ID, token: 'file', withRefresh: false }));
    fireEvent.click(screen.getByRole('checkbox', { name: /include the refresh token/ }));
    fireEvent.click(screen.getByRole('button', { name: 'Save as JSON' }));
    await waitFor(() => expect(main.requests('connections:exportToken').at(-1)).toEqual({ id: ID, token: 'file', withRefresh: true }));
    await waitFor(() => expect(saveAs).toHaveLength(2));
    expect(JSON.parse(saveAs[0]!)).not.toHaveProperty('refresh_token');
    expect(JSON.parse(saveAs[1]!)).toHaveProperty('refresh_token', 'r');
    await waitFor(() => expect(screen.getByText('Saved to /home/me/Partner.token.json')).toBeTruthy());
  });

  it('without a refresh token the file cannot ask for one', async () => {
    main.answer('files:saveText', () => ({ path: null }));
    await oauthPanel(oauthConnection({ ...CONNECTED, hasRefreshToken: false }), true);
    fireEvent.click(screen.getByRole('button', { name: 'Export token' }));
    const tick = screen.getByRole('checkbox', { name: /include the refresh token/ }) as HTMLInputElement;
    expect(tick.disabled).toBe(true);
    await act(async () => {
      fireEvent.click(screen.getByRole('button', { name: 'Save as JSON' }));
    });
    await waitFor(() => expect(main.requests('connections:exportToken').at(-1)).toEqual({ id: ID, token: 'file', withRefresh: false }));
  });
});
