// The Body tab of a request whose file an import named: the path is shown with a warning, is not
// looked at (no files:stat) and only "Send this file", choosing a file or editing the path takes it.
// Main is a stand-in built from the contract client; main's refusal is tested in
// test/main/core/importers/localFiles.test.ts.
import { act, cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { ChannelName, RequestBody } from '../../preload/contract';
import { buildClient } from '../../preload/contract/client';

const calls: { channel: ChannelName; payload: unknown }[] = [];

beforeAll(() => {
  window.latchkey = buildClient(
    async (channel, payload) => {
      calls.push({ channel, payload });
      if (channel === 'files:stat') return { ok: true, value: { name: 'id_rsa', path: '/home/me/.ssh/id_rsa', size: 3243, contentType: 'application/octet-stream' } };
      return { ok: true, value: undefined };
    },
    () => () => {},
  );
});
afterEach(() => {
  cleanup();
  calls.length = 0;
  vi.useRealTimers();
});

async function renderBody(body: RequestBody) {
  const { BodyEditor } = await import('../../renderer/features/requests/BodyEditor');
  const changes: RequestBody[] = [];
  render(<BodyEditor body={body} method="POST" onChange={(b) => changes.push(b)} />);
  return changes;
}

describe('a file named by an import', () => {
  it('is marked, not looked at, and "Send this file" confirms it', async () => {
    vi.useFakeTimers();
    const changes = await renderBody({ kind: 'file', path: '/home/me/.ssh/id_rsa', contentType: '', unconfirmed: true });
    expect(screen.getByRole('status').textContent).toContain('came from an import');
    await act(async () => {
      vi.advanceTimersByTime(1000);
    });
    expect(calls.filter((c) => c.channel === 'files:stat')).toEqual([]);
    fireEvent.click(screen.getByRole('button', { name: 'Send this file: Body file' }));
    expect(changes.at(-1)).toEqual({ kind: 'file', path: '/home/me/.ssh/id_rsa', contentType: '' });
  });

  it('editing the content type keeps it unconfirmed; editing the path takes the new path', async () => {
    const changes = await renderBody({ kind: 'file', path: '/etc/hostname', contentType: '', unconfirmed: true });
    fireEvent.change(screen.getByLabelText('Body file content type'), { target: { value: 'text/plain' } });
    expect(changes.at(-1)).toMatchObject({ contentType: 'text/plain', unconfirmed: true });
    fireEvent.change(screen.getByLabelText('Body file'), { target: { value: '/tmp/mine.txt' } });
    expect(changes.at(-1)).toEqual({ kind: 'file', path: '/tmp/mine.txt', contentType: '' });
  });

  it('a multipart file field is confirmed on its own, the others stay marked', async () => {
    const changes = await renderBody({
      kind: 'multipart',
      parts: [
        { name: 'a', value: '/etc/os-release', enabled: true, type: 'file', unconfirmed: true },
        { name: 'b', value: '/etc/passwd', enabled: true, type: 'file', unconfirmed: true },
      ],
    });
    expect(screen.getAllByText(/came from an import/)).toHaveLength(2);
    fireEvent.click(screen.getByRole('button', { name: 'Send this file: Field 1 file' }));
    const body = changes.at(-1) as Extract<RequestBody, { kind: 'multipart' }>;
    expect(body.parts[0]!.unconfirmed).toBeUndefined();
    expect(body.parts[1]!.unconfirmed).toBe(true);
  });

  it('a file the user typed is looked up as before', async () => {
    await renderBody({ kind: 'file', path: '/home/me/.ssh/id_rsa', contentType: '' });
    expect(screen.queryByText(/came from an import/)).toBeNull();
    expect(await screen.findByText(/id_rsa · 3.2 KB/, undefined, { timeout: 2000 })).toBeTruthy();
    expect(calls.filter((c) => c.channel === 'files:stat')).toHaveLength(1);
  });
});
