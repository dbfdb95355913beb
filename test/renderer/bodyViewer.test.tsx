// The body viewer against a stand-in for main that serves a small stored JSON body through the
// body channels, checked against the contract (fakeMain). The real body index behind those
// channels is tested in test/main/core/body, and the viewer at 20 MB in the Playwright journeys.
import { act, cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { BodyView } from '../../preload/contract';
import { installFakeMain, type FakeMain } from './fakeMain';

const BODY_ID = '00000000-0000-0000-0000-00000000000b';
const PRETTY = ['{', '  "user": {', '    "name": "Ada",', '    "role": "admin"', '  },', '  "ok": true', '}'];
const RAW = ['{"user":{"name":"Ada","role":"admin"},"ok":true}'];
const STATUS = { json: true, format: 'json', error: null, done: true, receiving: false, progress: 1, rows: { raw: RAW.length, pretty: PRETTY.length }, bytes: RAW[0]!.length } as const;
const rowsOf = (view: BodyView) => (view === 'pretty' ? PRETTY : RAW);

let main: FakeMain;
beforeAll(() => {
  main = installFakeMain({
    'body:open': () => STATUS,
    'body:rows': ({ view, start, count }) => ({ rows: rowsOf(view).slice(start, start + count), status: STATUS }),
    'body:search': ({ view, query, caseSensitive }) => {
      const rows = rowsOf(view).flatMap((text, row) => ((caseSensitive ? text : text.toLowerCase()).includes(caseSensitive ? query : query.toLowerCase()) ? [row] : []));
      return { count: rows.length, rows, status: STATUS };
    },
    'body:fold': ({ row }) => (row === 1 ? { end: 4 } : row === 0 ? { end: 6 } : null),
  });
});
afterEach(() => {
  expect(main.violations).toEqual([]);
  cleanup();
  main.reset();
});

async function viewer(memory: Map<string, unknown> | null = null) {
  const { BodyViewer } = await import('../../renderer/features/response/BodyViewer');
  return render(<BodyViewer bodyId={BODY_ID} contentType="application/json" memory={memory} />);
}

const body = () => screen.getByTestId('response-body');

describe('BodyViewer', () => {
  it('opens a JSON body in Pretty view, reading rows from main rather than holding the body', async () => {
    await viewer();
    await waitFor(() => expect(body().textContent).toContain('"name": "Ada"'));
    expect(main.requests('body:open')).toEqual([{ bodyId: BODY_ID, contentType: 'application/json' }]);
    expect(main.requests('body:rows')[0]).toMatchObject({ bodyId: BODY_ID, view: 'pretty', start: 0 });
    expect(screen.getByRole('radio', { name: 'Pretty' }).getAttribute('aria-checked')).toBe('true');
  });

  it('switches to Raw and back', async () => {
    await viewer();
    await waitFor(() => expect(body().textContent).toContain('"role": "admin"'));
    fireEvent.click(screen.getByRole('radio', { name: 'Raw' }));
    await waitFor(() => expect(body().textContent).toContain(RAW[0]));
    expect(main.requests('body:rows').some((r) => r.view === 'raw')).toBe(true);
    fireEvent.click(screen.getByRole('radio', { name: 'Pretty' }));
    await waitFor(() => expect(body().textContent).toContain('"role": "admin"'));
  });

  it('searches in main on Enter and counts the matches; with Match case it asks again', async () => {
    await viewer();
    await waitFor(() => expect(body().textContent).toContain('Ada'));
    const box = screen.getByRole('searchbox', { name: 'Search body' });
    fireEvent.change(box, { target: { value: 'ada' } });
    fireEvent.keyDown(box, { key: 'Enter' });
    await waitFor(() => expect(screen.getByTestId('match-count').textContent).toBe('1 match · row 1/1'));
    expect(main.requests('body:search').at(-1)).toEqual({ bodyId: BODY_ID, view: 'pretty', query: 'ada', caseSensitive: false });
    fireEvent.click(screen.getByRole('checkbox', { name: 'Match case' }));
    fireEvent.keyDown(box, { key: 'Enter' });
    await waitFor(() => expect(screen.getByTestId('match-count').textContent).toBe('No matches'));
    expect(main.requests('body:search').at(-1)).toMatchObject({ query: 'ada', caseSensitive: true });
  });

  it('folds an object to one line and unfolds it', async () => {
    await viewer();
    await waitFor(() => expect(body().textContent).toContain('"role": "admin"'));
    fireEvent.click(screen.getByRole('button', { name: 'Collapse line 2' }));
    await waitFor(() => expect(body().textContent).not.toContain('"role": "admin"'));
    expect(main.requests('body:fold')).toContainEqual({ bodyId: BODY_ID, row: 1 });
    expect(screen.getByRole('button', { name: 'Expand line 2' })).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Expand line 2' }));
    await waitFor(() => expect(body().textContent).toContain('"role": "admin"'));
  });

  it("remembers its view and search in the tab's memory when it is shown again", async () => {
    const memory = new Map<string, unknown>();
    const first = await viewer(memory);
    await waitFor(() => expect(body().textContent).toContain('Ada'));
    fireEvent.click(screen.getByRole('radio', { name: 'Raw' }));
    fireEvent.change(screen.getByRole('searchbox', { name: 'Search body' }), { target: { value: 'admin' } });
    await waitFor(() => expect(body().textContent).toContain(RAW[0]));
    first.unmount();
    await act(async () => {
      await viewer(memory);
    });
    await waitFor(() => expect(screen.getByRole('radio', { name: 'Raw' }).getAttribute('aria-checked')).toBe('true'));
    expect((screen.getByRole('searchbox', { name: 'Search body' }) as HTMLInputElement).value).toBe('admin');
    // A viewer with no memory (another tab) starts afresh.
    cleanup();
    await viewer(new Map());
    await waitFor(() => expect(screen.getByRole('radio', { name: 'Pretty' }).getAttribute('aria-checked')).toBe('true'));
  });
});
