// The JWT signer's Sign panel against a stand-in for main checked against the contract
// (fakeMain): the key and claims go to main, which signs (the real signer is tested in
// test/main/core/jwt); the panel shows main's token and its problems.
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Draft, SignRequest } from '../../preload/contract';
import { fail, fakeClipboard, installFakeMain, type FakeMain } from './fakeMain';

const BLANK: Draft = { method: 'GET', url: '', params: [], pathVariables: [], headers: [], body: { kind: 'none' }, settings: {} };
// A token main might sign: header.payload.signature, base64url.
const tokenFor = (req: SignRequest) => `eyJhbGciOiJ${req.algorithm}.${Buffer.from(req.payload).toString('base64url')}.c2ln`;

let main: FakeMain;
let clipboard: string[] = [];
beforeAll(() => {
  main = installFakeMain({
    'jwt:sign': (req) => (req.key.kind === 'text' && req.key.text.startsWith('-----BEGIN') && req.algorithm.startsWith('HS') ? fail('auth_failed', 'HS256 takes a shared secret, and this is a PEM key.') : { token: tokenFor(req), detected: 'a 12-byte secret', expiresAt: null, historyId: req.record ? 'h1' : null }),
  });
  clipboard = fakeClipboard();
});
afterEach(() => {
  expect(main.violations).toEqual([]);
  cleanup();
  main.reset();
  clipboard.length = 0;
});

async function signer() {
  const { SignPanel } = await import('../../renderer/features/jwt/SignPanel');
  let signed = 0;
  render(<SignPanel connections={[]} variables={[]} draft={BLANK} fileDialogs={false} onSigned={() => signed++} onVariablesSaved={() => undefined} profiles={[]} onProfilesChanged={() => undefined} />);
  return { signed: () => signed };
}

describe('JWT signer', () => {
  it('asks for a secret first, then previews the token main signs as you type, without keeping it', async () => {
    await signer();
    expect(screen.getByTestId('jwt-token').textContent).toContain('Enter or generate a secret');
    fireEvent.change(screen.getByLabelText('Secret'), { target: { value: 'shh-a-secret' } });
    await waitFor(() => expect(screen.getByTestId('jwt-token').textContent).toMatch(/^eyJ/));
    const preview = main.requests('jwt:sign').at(-1)!;
    expect(preview).toMatchObject({ algorithm: 'HS256', key: { kind: 'text', text: 'shh-a-secret' }, record: false });
    expect(screen.getByText('Detected: a 12-byte secret')).toBeTruthy();
  });

  it('Sign keeps the token in the history, and Copy token copies the token shown', async () => {
    const { signed } = await signer();
    fireEvent.change(screen.getByLabelText('Secret'), { target: { value: 'shh-a-secret' } });
    await waitFor(() => expect(screen.getByTestId('jwt-token').textContent).toMatch(/^eyJ/));
    fireEvent.keyDown(screen.getByLabelText('Secret'), { key: 'Enter', ctrlKey: true });
    await waitFor(() => expect(signed()).toBe(1));
    expect(main.requests('jwt:sign').at(-1)).toMatchObject({ record: true });
    expect(screen.getByTestId('jwt-status').textContent).toContain('kept in the token history');
    fireEvent.click(screen.getByRole('button', { name: 'Copy token' }));
    await waitFor(() => expect(clipboard).toHaveLength(1));
    expect(clipboard[0]).toBe(screen.getByTestId('jwt-token').textContent);
  });

  it('after signing, a key that no longer works leaves no token to export: every export is disabled, none copies the old token', async () => {
    const { signed } = await signer();
    fireEvent.change(screen.getByLabelText('Secret'), { target: { value: 'shh-a-secret' } });
    await waitFor(() => expect(screen.getByTestId('jwt-token').textContent).toMatch(/^eyJ/));
    fireEvent.keyDown(screen.getByLabelText('Secret'), { key: 'Enter', ctrlKey: true });
    await waitFor(() => expect(signed()).toBe(1));
    // A PEM key now: main refuses it and the token box asks to fix it.
    fireEvent.change(screen.getByLabelText('Secret'), { target: { value: '-----BEGIN PRIVATE KEY-----\nMIIB\n-----END PRIVATE KEY-----' } });
    await waitFor(() => expect(screen.getByTestId('jwt-token').textContent).toContain('Fix the problem on the left'));
    for (const name of ['Copy token', 'Copy as Bearer header', 'Copy as cURL', 'Save .jwt', 'Save .json', 'Save to variable']) {
      expect((screen.getByRole('button', { name }) as HTMLButtonElement).disabled, name).toBe(true);
    }
    fireEvent.click(screen.getByRole('button', { name: 'Copy token' }));
    await new Promise((r) => setTimeout(r, 50));
    expect(clipboard).toEqual([]);
  });

  it("shows main's reason when the key does not fit the algorithm", async () => {
    await signer();
    fireEvent.change(screen.getByLabelText('Secret'), { target: { value: '-----BEGIN PRIVATE KEY-----\nMIIB\n-----END PRIVATE KEY-----' } });
    await waitFor(() => expect(screen.getByText('HS256 takes a shared secret, and this is a PEM key.')).toBeTruthy());
    expect(screen.getByTestId('jwt-token').textContent).toContain('Fix the problem on the left');
  });
});
