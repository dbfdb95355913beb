// The renderer's state layer: the dialog stack's reducer, and the call cache (shared results,
// what a call makes stale, lists main pushes) against a contract-checked stand-in for main.
import { act, cleanup, render, screen, waitFor } from '@testing-library/react';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Connection, Variable } from '../../preload/contract';
import { dialogsReducer, type Dialog } from '../../renderer/state/dialogs';
import { installFakeMain, type FakeMain } from './fakeMain';

describe('dialogsReducer', () => {
  const settings: Dialog = { kind: 'settings' };
  const exportA: Dialog = { kind: 'export', target: { kind: 'collection', id: 'a', name: 'A' } };
  const exportB: Dialog = { kind: 'export', target: { kind: 'collection', id: 'b', name: 'B' } };

  it('opens on top, replaces one of the same kind in place, and closes only that kind', () => {
    let stack = dialogsReducer([], { type: 'open', dialog: settings });
    stack = dialogsReducer(stack, { type: 'open', dialog: exportA });
    expect(stack).toEqual([settings, exportA]);
    const replaced = dialogsReducer(stack, { type: 'open', dialog: exportB });
    expect(replaced).toEqual([settings, exportB]);
    expect(dialogsReducer(replaced, { type: 'close', kind: 'settings' })).toEqual([exportB]);
  });

  it('closing a dialog that is not open changes nothing (the same stack, so nobody re-renders)', () => {
    const stack = [settings];
    expect(dialogsReducer(stack, { type: 'close', kind: 'import' })).toBe(stack);
  });
});

const CONNECTION: Connection = { id: '0b6c3d4e-5f60-4a1b-9c2d-3e4f5a6b7c8d', name: 'Partner', baseUrl: '', auth: { type: 'none' }, clientCertificate: null, ca: '', verifyTls: true, testPath: '', lastTest: null, oauth: null };
let main: FakeMain;
let variables: Variable[] = [];

beforeAll(() => {
  main = installFakeMain({
    'variables:list': () => variables,
    'variables:save': (inputs) => (variables = inputs.map(({ newSecretValue: _n, ...v }) => v)),
    'variables:resolved': () => [],
    'connections:list': () => [CONNECTION],
  });
});
afterEach(async () => {
  expect(main.violations).toEqual([]);
  cleanup();
  (await import('../../renderer/state/reset')).resetState();
  main.reset();
  variables = [];
});

async function showing(channel: 'variables:list' | 'connections:list', times: number) {
  const { useCall } = await import('../../renderer/state/calls');
  function Shows({ n }: { n: number }) {
    const variablesShown = useCall('variables:list', channel === 'variables:list' ? undefined : null).data;
    const connectionsShown = useCall('connections:list', channel === 'connections:list' ? undefined : null).data;
    const data = channel === 'variables:list' ? variablesShown : connectionsShown;
    return <span data-testid={`shows-${n}`}>{data ? (data as { name: string }[]).map((d) => d.name).join(',') || 'empty' : 'loading'}</span>;
  }
  render(
    <>
      {Array.from({ length: times }, (_, n) => (
        <Shows key={n} n={n} />
      ))}
    </>,
  );
}

describe('the call cache', () => {
  it('fetches a list once however many components show it', async () => {
    await showing('connections:list', 3);
    await waitFor(() => expect(screen.getByTestId('shows-2').textContent).toBe('Partner'));
    expect(main.requests('connections:list')).toHaveLength(1);
  });

  it('refetches what a call makes stale, as declared beside the contract', async () => {
    const { call } = await import('../../renderer/state/calls');
    await showing('variables:list', 2);
    await waitFor(() => expect(screen.getByTestId('shows-0').textContent).toBe('empty'));
    await act(async () => {
      await call('variables:save', [{ name: 'token', enabled: true, secret: false, value: 'x', secretId: null }]);
    });
    await waitFor(() => expect(screen.getByTestId('shows-1').textContent).toBe('token'));
    expect(main.requests('variables:list')).toHaveLength(2);
  });

  it('follows a list main pushes instead of fetching it again', async () => {
    await showing('connections:list', 1);
    await waitFor(() => expect(screen.getByTestId('shows-0').textContent).toBe('Partner'));
    act(() => main.emit('connections:changed', [CONNECTION, { ...CONNECTION, id: '1b6c3d4e-5f60-4a1b-9c2d-3e4f5a6b7c8d', name: 'Billing' }]));
    expect(screen.getByTestId('shows-0').textContent).toBe('Partner,Billing');
    expect(main.requests('connections:list')).toHaveLength(1);
  });
});
