// The Tests and Captures tabs, the results list and the captured-value note, against a stand-in
// for main checked against the contract (fakeMain). Row problems come from main's own
// validator (main/core/checks/validate.ts), called here as the stand-in's answer; the checks
// themselves run against a real server in test/main/core/checks and the checks journey.
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { useState } from 'react';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Assertion, Capture, CheckResults } from '../../preload/contract';
import { rowProblems } from '../../main/core/checks/validate';
import { installFakeMain, type FakeMain } from './fakeMain';

const ITEM = '0b6c3d4e-5f60-4a1b-9c2d-3e4f5a6b7c8d';
let main: FakeMain;
beforeAll(() => {
  main = installFakeMain({
    'checks:validate': ({ assertions, captures }) => rowProblems(assertions, captures),
    'checks:inherited': () => [
      { assertion: { target: 'status', path: '', operator: 'lessThan', expected: '500', enabled: true }, origin: 'collection', originName: 'Partner API' },
      { assertion: { target: 'header', path: 'Content-Type', operator: 'contains', expected: 'json', enabled: false }, origin: 'folder', originName: 'Users' },
    ],
    'checks:clearCaptured': () => ({ removed: 1 }),
    'variables:resolved': () => [],
  });
  // jsdom's File has no text(), which browsers and Electron have: read it the way they do.
  if (!('text' in File.prototype))
    Object.defineProperty(File.prototype, 'text', {
      value(this: File) {
        return new Promise<string>((resolve) => {
          const reader = new FileReader();
          reader.onload = () => resolve(String(reader.result));
          reader.readAsText(this);
        });
      },
    });
});
afterEach(() => {
  expect(main.violations).toEqual([]);
  cleanup();
  main.reset();
});

async function testsTab(initial: Assertion[], withLocation: boolean) {
  const { TestsPanel } = await import('../../renderer/features/checks');
  const seen: Assertion[][] = [];
  function Harness() {
    const [rows, setRows] = useState(initial);
    return (
      <TestsPanel
        assertions={rows}
        location={withLocation ? { itemId: ITEM } : null}
        onChange={(next) => {
          seen.push(next);
          setRows(next);
        }}
      />
    );
  }
  render(<Harness />);
  return seen;
}

describe('the Tests tab', () => {
  it('adds a row, offers the operators its target takes, and shows main\'s reason for a bad path in the row', async () => {
    const seen = await testsTab([], false);
    expect(screen.getByText(/No assertions yet/)).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Add assertion' }));
    expect(seen.at(-1)).toEqual([{ target: 'status', path: '', operator: 'equals', expected: '200', enabled: true }]);
    // A status has no path and no "is of type".
    expect(screen.queryByLabelText('Assertion 1 path')).toBeNull();
    const operators = () => [...(screen.getByLabelText('Assertion 1 operator') as HTMLSelectElement).options].map((o) => o.value);
    expect(operators()).not.toContain('isType');
    fireEvent.change(screen.getByLabelText('Assertion 1 checks'), { target: { value: 'jsonpath' } });
    expect(operators()).toContain('isType');
    expect(operators()).toContain('matchesSchema');
    const path = screen.getByLabelText('Assertion 1 path') as HTMLInputElement;
    fireEvent.change(path, { target: { value: 'data.id' } });
    const problem = await screen.findByRole('alert');
    expect(problem.textContent).toBe('a JSONPath starts with $, as in $.data.id');
    expect(path.getAttribute('aria-invalid')).toBe('true');
    expect(path.getAttribute('aria-describedby')).toBe(problem.id);
    fireEvent.change(path, { target: { value: '$.data.id' } });
    await waitFor(() => expect(screen.queryByRole('alert')).toBeNull());
    expect(path.getAttribute('aria-invalid')).toBe('false');
    expect(seen.at(-1)).toEqual([{ target: 'jsonpath', path: '$.data.id', operator: 'equals', expected: '200', enabled: true }]);
  });

  it('asks for a type from a list, hides the value for "exists", and refuses a bad regex with the reason', async () => {
    const seen = await testsTab([{ target: 'jsonpath', path: '$.id', operator: 'isType', expected: 'number', enabled: true }, { target: 'body', path: '', operator: 'matches', expected: '(unclosed', enabled: true }], false);
    const type = screen.getByLabelText('Assertion 1 expected value') as HTMLSelectElement;
    expect([...type.options].map((o) => o.value)).toEqual(['string', 'number', 'boolean', 'object', 'array', 'null']);
    fireEvent.change(type, { target: { value: 'array' } });
    expect(seen.at(-1)![0]!.expected).toBe('array');
    fireEvent.change(screen.getByLabelText('Assertion 1 operator'), { target: { value: 'exists' } });
    expect(screen.queryByLabelText('Assertion 1 expected value')).toBeNull();
    const problem = await screen.findByRole('alert');
    expect(problem.textContent).toMatch(/^not a regular expression: /);
    expect(screen.getByLabelText('Assertion 2 expected value').getAttribute('aria-describedby')).toBe(problem.id);
    // Removing the bad row takes its problem away.
    fireEvent.click(screen.getByRole('button', { name: 'Remove assertion 2' }));
    expect(seen.at(-1)).toHaveLength(1);
    await waitFor(() => expect(screen.queryByRole('alert')).toBeNull());
  });

  it('loads a JSON Schema from a file into the row', async () => {
    const seen = await testsTab([{ target: 'body', path: '', operator: 'matchesSchema', expected: '', enabled: true }], false);
    const schema = '{"type":"object","required":["id"]}';
    const input = document.querySelector('.schema-field input[type=file]') as HTMLInputElement;
    fireEvent.change(input, { target: { files: [new File([schema], 'user.schema.json', { type: 'application/json' })] } });
    await waitFor(() => expect(seen.at(-1)?.[0]?.expected).toBe(schema));
    expect((screen.getByLabelText('Assertion 1 expected value') as HTMLTextAreaElement).value).toBe(schema);
    expect(screen.getByRole('button', { name: 'Load schema from file…' })).toBeTruthy();
  });

  it('shows the rows a saved request inherits, greyed, with where they are set, and cannot edit them', async () => {
    await testsTab([], true);
    const table = screen.getByRole('table', { name: 'Assertions' });
    await waitFor(() => expect(within(table).getByText('Status code is less than 500')).toBeTruthy());
    const rows = table.querySelectorAll('tr.inherited');
    expect(rows).toHaveLength(2);
    expect(rows[0]!.textContent).toContain('from collection Partner API');
    expect(rows[1]!.textContent).toContain('Header Content-Type contains json');
    expect(rows[1]!.className).toContain('disabled');
    expect((within(rows[0] as HTMLElement).getByRole('checkbox') as HTMLInputElement).disabled).toBe(true);
    expect(main.requests('checks:inherited')).toEqual([{ location: { itemId: ITEM } }]);
    expect(screen.queryByText(/No assertions yet/)).toBeNull();
  });
});

describe('the Captures tab', () => {
  it('adds a capture, takes its name, source, scope and secret, and refuses a bad name', async () => {
    const { CapturesPanel } = await import('../../renderer/features/checks');
    const seen: Capture[][] = [];
    function Harness() {
      const [rows, setRows] = useState<Capture[]>([]);
      return <CapturesPanel captures={rows} onChange={(next) => (seen.push(next), setRows(next))} />;
    }
    render(<Harness />);
    fireEvent.click(screen.getByRole('button', { name: 'Add capture' }));
    fireEvent.change(screen.getByLabelText('Capture 1 variable name'), { target: { value: 'access token' } });
    expect((await screen.findByRole('alert')).textContent).toBe('a variable name uses letters, digits and _ . $ - only');
    fireEvent.change(screen.getByLabelText('Capture 1 variable name'), { target: { value: 'token' } });
    fireEvent.change(screen.getByLabelText('Capture 1 path'), { target: { value: '$.access_token' } });
    fireEvent.change(screen.getByLabelText('Capture 1 keeps its value in'), { target: { value: 'environment' } });
    fireEvent.click(screen.getByLabelText('Capture 1 is secret'));
    await waitFor(() => expect(screen.queryByRole('alert')).toBeNull());
    expect(seen.at(-1)).toEqual([{ name: 'token', source: 'jsonpath', path: '$.access_token', scope: 'environment', secret: true, enabled: true }]);
    fireEvent.change(screen.getByLabelText('Capture 1 source'), { target: { value: 'status' } });
    expect(screen.queryByLabelText('Capture 1 path')).toBeNull();
    expect(seen.at(-1)![0]!.path).toBe('');
  });
});

describe('the results', () => {
  const checks: CheckResults = {
    assertions: [
      { assertion: { target: 'status', path: '', operator: 'equals', expected: '200', enabled: true }, origin: 'request', originName: 'This request', passed: true, actual: '200', foundAt: null, message: 'status is 200' },
      { assertion: { target: 'jsonpath', path: '$.name', operator: 'equals', expected: 'Ada', enabled: true }, origin: 'folder', originName: 'Users', passed: false, actual: '"Grace"', foundAt: '$.name', message: 'expected Ada, got "Grace"' },
    ],
    captures: [
      { capture: { name: 'token', source: 'jsonpath', path: '$.t', scope: 'session', secret: true, enabled: true }, value: '••••••', error: null },
      { capture: { name: 'id', source: 'jsonpath', path: '$.missing', scope: 'collection', secret: false, enabled: true }, value: null, error: 'not found' },
    ],
    passed: 1,
    failed: 1,
  };

  it('lists each assertion with its actual value and where it was found, then what was captured', async () => {
    const { CheckResultsView, resultsCount } = await import('../../renderer/features/checks');
    expect(resultsCount(checks)).toEqual({ text: '1/2', passed: false });
    expect(resultsCount({ ...checks, assertions: [], passed: 0, failed: 0, captures: checks.captures.slice(0, 1) })).toEqual({ text: '1/1 set', passed: true });
    expect(resultsCount(undefined)).toBeNull();
    render(<CheckResultsView checks={checks} />);
    expect(screen.getByRole('status').textContent).toBe('1 of 2 assertions failed');
    const [ok, failed] = screen.getAllByTestId('assertion-result');
    expect(within(ok!).getByLabelText('Passed')).toBeTruthy();
    expect(failed!.textContent).toContain('$.name equals Ada');
    expect(failed!.textContent).toContain('from folder Users');
    expect(failed!.textContent).toContain('Actual"Grace"');
    expect(failed!.textContent).toContain('at$.name');
    expect(failed!.textContent).toContain('expected Ada, got "Grace"');
    const [token, id] = screen.getAllByTestId('capture-result');
    expect(token!.textContent).toContain('{{token}}');
    expect(token!.textContent).toContain('••••••');
    expect(id!.textContent).toContain('not found');
  });

  it('says what to do when a request has no checks', async () => {
    const { CheckResultsView } = await import('../../renderer/features/checks');
    render(<CheckResultsView checks={undefined} />);
    expect(screen.getByText(/has no assertions or captures/)).toBeTruthy();
  });
});

describe('a captured value in the Variables view', () => {
  it('says where and when it was captured, and Clear forgets it', async () => {
    const { CapturedNote } = await import('../../renderer/features/variables/CapturedNote');
    const at = new Date();
    at.setHours(14, 2, 0, 0);
    render(<CapturedNote name="token" captured={{ id: 'session:token', from: 'Login', at: at.getTime() }} />);
    expect(screen.getByTestId('captured-note').textContent).toMatch(/^captured from Login at (14:02|0?2:02\sPM)Clear$/);
    fireEvent.click(screen.getByRole('button', { name: 'Clear the captured value of token' }));
    await waitFor(() => expect(main.requests('checks:clearCaptured')).toEqual([{ id: 'session:token' }]));
  });
});
