// The renderer against a stand-in for main built from the same contract client. The real main
// behind a real transport is exercised by test/main/host and the Playwright journeys.
import { act, cleanup, render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { ChannelName, Draft, ExecuteRequest, ExecuteResult, Notice, Result } from '../../preload/contract';
import { buildClient } from '../../preload/contract/client';

const sent: ExecuteRequest[] = [];
const saved: Draft[] = [];
let next: Result<unknown> = { ok: true, value: null };
let noticeListener: ((n: unknown) => void) | null = null;

const okResult = (req: ExecuteRequest): ExecuteResult => ({
  requestId: req.requestId,
  url: req.url,
  status: 200,
  statusText: 'OK',
  headers: [['content-type', 'application/json']],
  contentType: 'application/json',
  body: { kind: 'text', text: '{"hello":"world"}' },
  size: 17,
  truncated: false,
  timing: { firstByteMs: 3, totalMs: 5 },
});

beforeAll(() => {
  window.latchkey = buildClient(
    async (channel: ChannelName, payload) => {
      switch (channel) {
        case 'app:info':
          return { ok: true, value: { name: 'Latchkey', version: '0.1.0', host: 'browser', platform: 'linux', notices: [] } };
        case 'workspace:getDraft':
          return { ok: true, value: { method: 'GET', url: '', headers: [], body: '' } };
        case 'workspace:saveDraft':
          saved.push(payload as Draft);
          return { ok: true, value: undefined };
        case 'http:execute':
          sent.push(payload as ExecuteRequest);
          return next.ok ? { ok: true, value: okResult(payload as ExecuteRequest) } : next;
        default:
          return { ok: true, value: undefined };
      }
    },
    (_event, listener) => {
      noticeListener = listener;
      return () => (noticeListener = null);
    },
  );
});
afterEach(() => {
  cleanup();
  sent.length = 0;
});

/**
 * jsdom gives every element a 0×0 box, so the splitter library takes any pointerdown for a
 * grab of its handle and prevents the focus a click would give. Focus the field, then type.
 */
async function typeInto(user: ReturnType<typeof userEvent.setup>, label: string, text: string) {
  const field = screen.getByLabelText(label);
  field.focus();
  await user.type(field, text, { skipClick: true });
}

async function renderApp() {
  const { App } = await import('../../renderer/App');
  render(<App />);
  await screen.findByText(/Browser host/);
}

describe('App', () => {
  it('has a labelled method select, URL field and Send button', async () => {
    await renderApp();
    expect(screen.getByLabelText('Method').tagName).toBe('SELECT');
    expect(screen.getByLabelText('URL').tagName).toBe('INPUT');
    expect(screen.getByRole('button', { name: 'Send' })).toBeTruthy();
    expect(screen.getByText('No response yet')).toBeTruthy();
  });

  it('sends with Ctrl+Enter and shows status, time, size and the pretty body', async () => {
    next = { ok: true, value: null };
    await renderApp();
    const user = userEvent.setup();
    await typeInto(user, 'URL', 'http://127.0.0.1:9/echo');
    expect((screen.getByLabelText('URL') as HTMLInputElement).value).toBe('http://127.0.0.1:9/echo');
    await user.keyboard('{Control>}{Enter}{/Control}');
    expect((await screen.findByTestId('response-status')).textContent).toBe('200 OK');
    expect(sent[0]).toMatchObject({ method: 'GET', url: 'http://127.0.0.1:9/echo' });
    expect(screen.getByText('5 ms')).toBeTruthy();
    expect(screen.getByText('17 B')).toBeTruthy();
    expect(screen.getByTestId('response-body').textContent).toBe('{\n  "hello": "world"\n}');
  });

  it('shows a refused request as a titled error and keeps working', async () => {
    next = { ok: false, error: { code: 'invalid_header', message: 'Header "X-A" contains a line break (CR or LF); remove it before sending.' } };
    await renderApp();
    const user = userEvent.setup();
    await typeInto(user, 'URL', 'http://x.test');
    expect(sent).toEqual([]);
    await user.click(screen.getByRole('button', { name: 'Send' }));
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('Invalid header');
    expect(alert.textContent).toContain('"X-A"');
    next = { ok: true, value: null };
    await user.click(screen.getByRole('button', { name: 'Send' }));
    expect((await screen.findByTestId('response-status')).textContent).toBe('200 OK');
  });

  it('saves the draft after edits and shows notices pushed by main', async () => {
    await renderApp();
    const user = userEvent.setup();
    await user.selectOptions(screen.getByLabelText('Method'), 'POST');
    await new Promise((r) => setTimeout(r, 600));
    expect(saved.at(-1)?.method).toBe('POST');
    const notice: Notice = { id: 'n1', level: 'warning', title: 'Your workspace could not be read', message: 'Kept as workspace.json.corrupt-x' };
    act(() => noticeListener?.(notice));
    expect((await screen.findByText('Your workspace could not be read')).textContent).toBeTruthy();
    await user.click(screen.getByRole('button', { name: 'Dismiss' }));
    expect(screen.queryByText('Your workspace could not be read')).toBeNull();
  });
});
