// The renderer against a stand-in for main built from the same contract client. The real main
// behind a real transport is exercised by test/main/host and the Playwright journeys.
import { act, cleanup, fireEvent, render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { AppSettings, ChannelName, Connection, Draft, ExecuteRequest, ExecuteResult, Notice, Result, WorkspaceState } from '../../preload/contract';
import { buildClient } from '../../preload/contract/client';

const sent: ExecuteRequest[] = [];
const saved: Draft[] = [];
const opened: string[] = [];
let next: Result<unknown> = { ok: true, value: null };
let settings: AppSettings = { defaults: { maxRedirects: 4 } };
let noticeListener: ((n: unknown) => void) | null = null;

const STORED_CONNECTION: Connection = {
  id: '0b6c3d4e-5f60-4a1b-9c2d-3e4f5a6b7c8d',
  name: 'Partner API',
  baseUrl: 'https://partner.test/v1',
  auth: { type: 'basic', username: 'partner', password: { id: 'secret-0001' } },
  clientCertificate: null,
  ca: '',
  verifyTls: true,
  testPath: '',
  lastTest: { ok: true, at: 0, url: 'https://partner.test/v1', status: 200, statusText: 'OK', timeMs: 12, message: '' },
};

const okResult = (req: ExecuteRequest): ExecuteResult => ({
  requestId: req.requestId,
  url: req.request.url,
  status: 200,
  statusText: 'OK',
  httpVersion: 'HTTP/1.1',
  headers: [['content-type', 'application/json']],
  contentType: 'application/json',
  body: { kind: 'text', text: '{"hello":"world"}' },
  size: 17,
  bodySize: 17,
  bodyId: '00000000-0000-0000-0000-000000000000',
  sha256: 'x',
  truncated: false,
  capped: null,
  incomplete: null,
  stream: null,
  events: 0,
  redirects: [],
  timing: { dnsMs: 0, connectMs: 1, tlsMs: 0, firstByteMs: 3, downloadMs: 1, totalMs: 5, reusedConnection: false },
  sent: { method: req.request.method, url: req.request.url, headers: [], bodyPreview: '', bodySize: 0 },
});

beforeAll(() => {
  window.latchkey = buildClient(
    async (channel: ChannelName, payload) => {
      switch (channel) {
        case 'app:info':
          return { ok: true, value: { name: 'Latchkey', version: '0.1.0', host: 'browser', platform: 'linux', notices: [] } };
        case 'workspace:get':
          return { ok: true, value: { tabs: [{ id: 'tab-1', savedId: null, name: null, dirty: false, draft: { method: 'GET', url: '', params: [], pathVariables: [], headers: [], body: { kind: 'none' }, settings: {} } }], activeTabId: 'tab-1' } };
        case 'collections:tree':
          return { ok: true, value: { nodes: [] } };
        case 'environments:list':
          return { ok: true, value: { activeId: null, environments: [] } };
        case 'variables:resolved':
          return { ok: true, value: [{ name: 'known', value: 'v', secret: false, scope: 'global', source: 'Global', overridden: false }] };
        case 'body:open':
          opened.push((payload as { bodyId: string }).bodyId);
          return { ok: true, value: { json: true, format: 'json', error: null, done: true, progress: 1, rows: { raw: 1, pretty: 3 }, bytes: 17 } };
        case 'body:rows':
          return { ok: true, value: { rows: ['{', '  "hello": "world"', '}'], status: { json: true, format: 'json', error: null, done: true, progress: 1, rows: { raw: 1, pretty: 3 }, bytes: 17 } } };
        case 'history:list':
          return { ok: true, value: [] };
        case 'settings:get':
          return { ok: true, value: settings };
        case 'settings:save':
          settings = payload as AppSettings;
          return { ok: true, value: settings };
        case 'import:curl':
          return (payload as { command: string }).command.includes('bad')
            ? { ok: false, error: { code: 'invalid_request', message: 'That curl command has no URL.' } }
            : { ok: true, value: { request: { method: 'PUT', url: 'https://imported.test/x', params: [], pathVariables: [], headers: [{ name: 'X-From', value: 'curl', enabled: true }], body: { kind: 'none' }, settings: {} }, warnings: ['--cert is not a supported option'] } };
        case 'jwt:tokens':
        case 'jwt:profiles':
          return { ok: true, value: [] };
        case 'connections:list':
          return { ok: true, value: [STORED_CONNECTION] };
        case 'variables:list':
          return { ok: true, value: [{ name: 'known', value: 'v', enabled: true, secret: false, secretId: null }] };
        case 'workspace:save': {
          const state = payload as WorkspaceState;
          saved.push(state.tabs.find((t) => t.id === state.activeTabId)!.draft);
          return { ok: true, value: undefined };
        }
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

/** Radix tabs switch on mousedown, which the same jsdom quirk suppresses after a prevented pointerdown. */
function openTab(name: RegExp) {
  fireEvent.mouseDown(screen.getByRole('tab', { name }), { button: 0 });
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
    expect(sent[0]?.request).toMatchObject({ method: 'GET', url: 'http://127.0.0.1:9/echo' });
    expect(screen.getByText('The request succeeded.')).toBeTruthy();
    expect(screen.getByText('5 ms')).toBeTruthy();
    expect(screen.getByText('17 B')).toBeTruthy();
    // jsdom has no layout, so the virtual rows are checked in the Playwright journeys; here, that main was asked.
    await screen.findByLabelText('Search body');
    expect(opened).toContain('00000000-0000-0000-0000-000000000000');
  });

  it('lists connections with their state, and sends a request under the one chosen in the Auth tab', async () => {
    next = { ok: true, value: null };
    await renderApp();
    openTab(/^Connections/);
    const item = await screen.findByRole('button', { name: /Partner API/ });
    expect(item.textContent).toContain('OK · 200');
    expect(item.textContent).toContain('Basic');
    openTab(/^Auth/);
    const select = screen.getByLabelText('Connection') as HTMLSelectElement;
    fireEvent.change(select, { target: { value: STORED_CONNECTION.id } });
    expect(screen.getByText(/are joined to/).textContent).toContain('https://partner.test/v1');
    const user = userEvent.setup();
    await typeInto(user, 'URL', '/orders');
    await user.keyboard('{Control>}{Enter}{/Control}');
    await screen.findByTestId('response-status');
    expect(sent[0]?.request).toMatchObject({ url: '/orders', connectionId: STORED_CONNECTION.id });
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

  it('keeps the Params table and the URL in sync', async () => {
    await renderApp();
    const user = userEvent.setup();
    await typeInto(user, 'URL', 'http://x.test/users/:id?a=1&b=2');
    openTab(/Params/);
    expect((screen.getByLabelText('Parameter 2 name') as HTMLInputElement).value).toBe('b');
    expect(screen.getByText(':id')).toBeTruthy();
    await user.click(screen.getByLabelText('Send parameter 1'));
    expect((screen.getByLabelText('URL') as HTMLInputElement).value).toBe('http://x.test/users/:id?b=2');
    await typeInto(user, 'Parameter 3 name', 'c');
    expect((screen.getByLabelText('URL') as HTMLInputElement).value).toBe('http://x.test/users/:id?b=2&c');
  });

  it('names variables that have no value before sending', async () => {
    await renderApp();
    const user = userEvent.setup();
    await typeInto(user, 'URL', 'http://x.test/{{{{known}}/{{{{missing}}');
    expect(screen.getByRole('status').textContent).toContain('No value for {{missing}}');
    expect(screen.getByRole('status').textContent).not.toContain('{{known}}');
  });

  it('validates a JSON body as you type, with the position', async () => {
    await renderApp();
    const user = userEvent.setup();
    openTab(/Body/);
    fireEvent.click(screen.getByRole('radio', { name: 'JSON' }));
    await typeInto(user, 'Body', '{{"a": }');
    expect((await screen.findByText(/Not valid JSON at line 1, column 7/)).textContent).toBeTruthy();
  });

  it('edits the request defaults in Settings (Ctrl+,), and a request overrides them', async () => {
    await renderApp();
    const user = userEvent.setup();
    await user.keyboard('{Control>},{/Control}');
    const dialog = await screen.findByRole('dialog', { name: 'Settings' });
    expect((screen.getByLabelText('Maximum redirects') as HTMLInputElement).value).toBe('4');
    expect(dialog.textContent).toContain('1 setting changed from the built-in defaults');
    await typeInto(user, 'Proxy URL', 'http://proxy.test:3128');
    await typeInto(user, 'No proxy for', 'localhost');
    await user.click(screen.getByRole('button', { name: 'Save' }));
    expect(settings).toEqual({ defaults: { maxRedirects: 4, proxyUrl: 'http://proxy.test:3128', noProxy: 'localhost' } });
    expect(screen.queryByRole('dialog')).toBeNull();
    // The request's Settings tab starts from those defaults and stores only its own changes.
    openTab(/Settings/);
    expect((screen.getByLabelText('Proxy URL') as HTMLInputElement).value).toBe('http://proxy.test:3128');
    expect(screen.getByText('All defaults (change them in Settings).')).toBeTruthy();
    fireEvent.change(screen.getByLabelText('Proxy URL'), { target: { value: '' } });
    await new Promise((r) => setTimeout(r, 600));
    expect(saved.at(-1)?.settings).toEqual({ proxyUrl: '' });
  });

  it('imports a curl command pasted into the URL field, with its warnings and Undo', async () => {
    await renderApp();
    const user = userEvent.setup();
    await typeInto(user, 'URL', 'http://before.test/');
    fireEvent.paste(screen.getByLabelText('URL'), { clipboardData: { getData: () => "curl -X PUT 'https://imported.test/x' -H 'X-From: curl'" } });
    expect(await screen.findByText('Imported from cURL.')).toBeTruthy();
    expect((screen.getByLabelText('URL') as HTMLInputElement).value).toBe('https://imported.test/x');
    expect((screen.getByLabelText('Method') as HTMLSelectElement).value).toBe('PUT');
    expect(screen.getByText('--cert is not a supported option')).toBeTruthy();
    await user.click(screen.getByRole('button', { name: 'Undo' }));
    expect((screen.getByLabelText('URL') as HTMLInputElement).value).toBe('http://before.test/');
    expect(screen.queryByText('Imported from cURL.')).toBeNull();
    // Plain text pastes as usual; a bad command names the problem and leaves the request alone.
    fireEvent.paste(screen.getByLabelText('URL'), { clipboardData: { getData: () => 'curl bad' } });
    expect((await screen.findByRole('alert')).textContent).toContain('That curl command has no URL.');
    expect((screen.getByLabelText('URL') as HTMLInputElement).value).toBe('http://before.test/');
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
