// The runner's setup form and run view against a stand-in for main checked against the
// contract (fakeMain); runs themselves go through the real core in test/main/core/runner and
// the runner journey.
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { RunInfo, RunStepRow, TreeNode } from '../../preload/contract';
import { installFakeMain, type FakeMain } from './fakeMain';

const C = '0b6c3d4e-5f60-4a1b-9c2d-3e4f5a6b7c01';
const F = '0b6c3d4e-5f60-4a1b-9c2d-3e4f5a6b7c02';
const R1 = '0b6c3d4e-5f60-4a1b-9c2d-3e4f5a6b7c03';
const R2 = '0b6c3d4e-5f60-4a1b-9c2d-3e4f5a6b7c04';
const RUN = '0b6c3d4e-5f60-4a1b-9c2d-3e4f5a6b7c05';
const nodes: TreeNode[] = [
  { id: C, kind: 'collection', parentId: null, collectionId: C, name: 'Partner API' },
  { id: F, kind: 'folder', parentId: C, collectionId: C, name: 'Users' },
  { id: R1, kind: 'request', parentId: F, collectionId: C, name: 'Get user', method: 'GET', url: '/u' },
  { id: R2, kind: 'request', parentId: C, collectionId: C, name: 'Ping', method: 'POST', url: '/p' },
];
const run: RunInfo = { id: RUN, source: 'Partner API', rootId: C, environment: null, dataFile: null, startedAt: Date.UTC(2026, 11, 7, 12), totalMs: 0, status: 'running', iterations: 1, planned: 2, requests: 0, errors: 0, assertionsPassed: 0, assertionsFailed: 0, stopped: null };
const row = (n: number, patch: Partial<RunStepRow> = {}): RunStepRow => ({ n, iteration: 0, itemId: n === 0 ? R1 : R2, name: n === 0 ? 'Get user' : 'Ping', folders: n === 0 ? ['Users'] : [], method: 'GET', url: '/u', status: 200, statusText: 'OK', timeMs: 12, passed: 1, failed: 0, error: null, failures: [], ...patch });

let main: FakeMain;
beforeAll(() => {
  main = installFakeMain({
    'collections:tree': () => ({ nodes }),
    'environments:list': () => ({ activeId: null, environments: [] }),
    'runner:runs': () => [],
    'runner:start': () => {
      // As main does: the run is in the list from now on.
      main.answer('runner:runs', () => [run]);
      return run;
    },
    'runner:steps': () => [],
  });
});
afterEach(async () => {
  expect(main.violations).toEqual([]);
  cleanup();
  (await import('../../renderer/state/calls')).resetCalls();
  main.reset();
});

describe('the runner', () => {
  it('ticks every request of the chosen collection in tree order, refuses bad numbers, and starts with Ctrl+Enter', async () => {
    // The app's modules read window.latchkey when they load: after the stand-in is installed.
    const { RunnerScreen } = await import('../../renderer/features/runner');
    const { openRunner } = await import('../../renderer/features/runner/runnerState');
    openRunner(C);
    render(<RunnerScreen />);
    const setup = await screen.findByRole('form', { name: 'Run setup' });
    await waitFor(() => expect(within(setup).getByRole('group', { name: /Requests/ }).textContent).toContain('2 of 2'));
    const requests = within(within(setup).getByRole('group', { name: /Requests/ })).getAllByRole('checkbox');
    expect(requests.map((c) => [c.closest('label')!.textContent, (c as HTMLInputElement).checked])).toEqual([
      ['GETUsers / Get user', true],
      ['POSTPing', true],
    ]);
    fireEvent.click(within(setup).getByRole('checkbox', { name: /Ping/ }));
    expect((within(setup).getByRole('button', { name: 'Run 1 request' }) as HTMLButtonElement).disabled).toBe(false);
    fireEvent.change(within(setup).getByLabelText('Iterations'), { target: { value: '0' } });
    expect(within(setup).getByText('A whole number from 1 to 10,000')).toBeTruthy();
    expect((within(setup).getByRole('button', { name: 'Run 1 request' }) as HTMLButtonElement).disabled).toBe(true);
    fireEvent.change(within(setup).getByLabelText('Iterations'), { target: { value: '3' } });
    fireEvent.keyDown(within(setup).getByLabelText('Iterations'), { key: 'Enter', ctrlKey: true });
    await waitFor(() => expect(main.requests('runner:start')).toHaveLength(1));
    expect(main.requests('runner:start')[0]).toEqual({ rootId: C, include: [R1], environmentId: null, iterations: 3, data: null, delayMs: 0, bail: false });
    // The run shows at once, and its rows arrive as events.
    const view = await screen.findByRole('region', { name: 'Run of Partner API' });
    expect(within(view).getByTestId('run-status').textContent).toContain('Running');
    main.emit('runner:step', { run: { ...run, requests: 1, assertionsPassed: 1 }, row: row(0) });
    main.emit('runner:step', { run: { ...run, requests: 2, assertionsPassed: 1, assertionsFailed: 1 }, row: row(1, { passed: 0, failed: 1, failures: ['$.ok equals true: expected true (actual: false)'] }) });
    const done: RunInfo = { ...run, status: 'failed', requests: 2, assertionsPassed: 1, assertionsFailed: 1 };
    main.answer('runner:runs', () => [done]);
    main.emit('runner:finished', done);
    await waitFor(() => expect(within(view).getAllByTestId('run-row')).toHaveLength(2));
    await waitFor(() => expect(within(view).getByTestId('run-status').textContent).toContain('Failed'));
    expect(within(view).getAllByTestId('run-row')[1]!.textContent).toContain('expected true (actual: false)');
  });
});
