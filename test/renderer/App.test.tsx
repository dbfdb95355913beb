// The renderer against a stand-in for main (fakeMain) whose every request, answer and event is
// checked against the contract. The real main behind a real transport is exercised by
// test/main/host and the Playwright journeys.
import { act, cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { AppSettings, Connection, Draft, ExecuteRequest, ExecuteResult, Notice, WorkspaceState } from '../../preload/contract';
import { fail, installFakeMain, type Failure, type FakeMain } from './fakeMain';

const saved: Draft[] = [];
let next: Failure | null = null;
let settings: AppSettings = { defaults: { maxRedirects: 4 } };
let main: FakeMain;
let resetState: () => void;

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

const BODY_ID = '00000000-0000-0000-0000-000000000000';
const okResult = (req: ExecuteRequest, status = 200): ExecuteResult => ({
  requestId: req.requestId,
  url: req.request.url,
  status,
  statusText: status === 200 ? 'OK' : 'Created',
  httpVersion: 'HTTP/1.1',
  headers: [['content-type', 'application/json']],
  contentType: 'application/json',
  body: { kind: 'text', text: '{"hello":"world"}' },
  size: 17,
  bodySize: 17,
  bodyId: BODY_ID,
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
const BLANK: Draft = { method: 'GET', url: '', params: [], pathVariables: [], headers: [], body: { kind: 'none' }, settings: {} };
const STATUS = { json: true, format: 'json', error: null, done: true, receiving: false, progress: 1, rows: { raw: 1, pretty: 3 }, bytes: 17 } as const;

beforeAll(async () => {
  main = installFakeMain({
    'app:info': () => ({ name: 'Latchkey', version: '0.1.0', host: 'browser', platform: 'linux', fileDialogs: false, notices: [] }),
    'workspace:get': () => ({ tabs: [{ id: 'tab-1', savedId: null, name: null, dirty: false, draft: BLANK }], activeTabId: 'tab-1' }),
    'workspace:save': (state: WorkspaceState) => {
      saved.push(state.tabs.find((t) => t.id === state.activeTabId)!.draft);
    },
    'collections:tree': () => ({ nodes: [] }),
    'environments:list': () => ({ activeId: null, environments: [] }),
    'variables:resolved': () => [{ name: 'known', value: 'v', secret: false, scope: 'global', source: 'Global', overridden: false }],
    'body:open': () => STATUS,
    'body:rows': () => ({ rows: ['{', '  "hello": "world"', '}'], status: STATUS }),
    'history:list': () => [],
    'settings:get': () => settings,
    'settings:save': (payload) => (settings = payload),
    'import:curl': ({ command }) =>
      command.includes('bad')
        ? fail('invalid_request', 'That curl command has no URL.')
        : { request: { ...BLANK, method: 'PUT', url: 'https://imported.test/x', headers: [{ name: 'X-From', value: 'curl', enabled: true }] }, warnings: ['--cert is not a supported option'] },
    'jwt:tokens': () => [],
    'jwt:profiles': () => [],
    'connections:list': () => [STORED_CONNECTION],
    'variables:list': () => [{ name: 'known', value: 'v', enabled: true, secret: false, secretId: null }],
    'http:execute': (req) => next ?? okResult(req),
    'http:preview': ({ request }) => ({ method: request.method, url: request.url, headers: [], bodyPreview: '', bodySize: 0 }),
    'app:dismissNotice': () => undefined,
    'history:response': () => null,
  });
  ({ resetState } = await import('../../renderer/state/reset'));
});
afterEach(() => {
  cleanup();
  // Every request the app made, and every answer and event the tests gave, matched the contract.
  expect(main.violations).toEqual([]);
  main.reset();
  resetState();
  next = null;
});

const sent = () => main.requests('http:execute');

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
  await screen.findByLabelText('URL');
}

describe('App', () => {
  it('offers no request to edit until the saved tabs arrive, so nothing typed meanwhile is lost', async () => {
    let arrive: (() => void) | null = null;
    main.answer('workspace:get', () => new Promise((resolve) => (arrive = () => resolve({ tabs: [{ id: 'tab-9', savedId: null, name: null, dirty: false, draft: { ...BLANK, url: 'https://saved.test/x' } }], activeTabId: 'tab-9' }))));
    const { App } = await import('../../renderer/App');
    render(<App />);
    await screen.findByText('Opening your tabs…');
    expect(screen.queryByLabelText('URL')).toBeNull();
    await waitFor(() => expect(arrive).not.toBeNull());
    arrive!();
    expect(((await screen.findByLabelText('URL')) as HTMLInputElement).value).toBe('https://saved.test/x');
  });

  it('has a labelled method select, URL field and Send button', async () => {
    await renderApp();
    expect(screen.getByLabelText('Method').tagName).toBe('SELECT');
    expect(screen.getByLabelText('URL').tagName).toBe('INPUT');
    expect(screen.getByRole('button', { name: 'Send' })).toBeTruthy();
    expect(screen.getByText('No response yet')).toBeTruthy();
  });

  it('sends with Ctrl+Enter and shows status, time, size and the pretty body', async () => {
    await renderApp();
    const user = userEvent.setup();
    await typeInto(user, 'URL', 'http://127.0.0.1:9/echo');
    expect((screen.getByLabelText('URL') as HTMLInputElement).value).toBe('http://127.0.0.1:9/echo');
    await user.keyboard('{Control>}{Enter}{/Control}');
    expect((await screen.findByTestId('response-status')).textContent).toBe('200 OK');
    expect(sent()[0]?.request).toMatchObject({ method: 'GET', url: 'http://127.0.0.1:9/echo' });
    expect(screen.getByText('The request succeeded.')).toBeTruthy();
    expect(screen.getByText('5 ms')).toBeTruthy();
    expect(screen.getByText('17 B')).toBeTruthy();
    // jsdom has no layout, so the virtual rows are checked in the Playwright journeys; here, that main was asked.
    await screen.findByLabelText('Search body');
    expect(main.requests('body:open').map((r) => r.bodyId)).toContain(BODY_ID);
  });

  it('lists connections with their state, and sends a request under the one chosen in the Auth tab', async () => {
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
    expect(sent()[0]?.request).toMatchObject({ url: '/orders', connectionId: STORED_CONNECTION.id });
  });

  it('shows a refused request as a titled error and keeps working', async () => {
    next = fail('invalid_header', 'Header "X-A" contains a line break (CR or LF); remove it before sending.');
    await renderApp();
    const user = userEvent.setup();
    await typeInto(user, 'URL', 'http://x.test');
    expect(sent()).toEqual([]);
    await user.click(screen.getByRole('button', { name: 'Send' }));
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('Invalid header');
    expect(alert.textContent).toContain('"X-A"');
    next = null;
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
    act(() => main.emit('app:notice', notice));
    expect((await screen.findByText('Your workspace could not be read')).textContent).toBeTruthy();
    await user.click(screen.getByRole('button', { name: 'Dismiss' }));
    expect(screen.queryByText('Your workspace could not be read')).toBeNull();
  });
});
