// Request as code: the language list, secrets only when asked, what a language leaves out,
// main's error in place of code, and the language kept for next time. Main is the contract's
// stand-in; the code itself is written and run against a real server in requestCode.test.ts.
import { act, cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Draft } from '../../preload/contract';
import { fail, installFakeMain, type FakeMain } from './fakeMain';

const draft: Draft = { method: 'GET', url: 'https://api.example.com/users', params: [], pathVariables: [], headers: [], body: { kind: 'none' }, settings: {} };

let main: FakeMain;
beforeAll(() => {
  main = installFakeMain({
    'http:code': ({ language, includeSecrets }) =>
      language === 'php'
        ? fail('file_error', 'The body file: there is no file at /tmp/gone.bin.')
        : { code: `${language} code${includeSecrets ? ' with secrets' : ''}`, warnings: language === 'javascript' ? ['JavaScript (fetch) code leaves out the connect timeout.'] : [] },
  });
});
afterEach(() => {
  expect(main.violations).toEqual([]);
  cleanup();
  main.reset();
  localStorage.clear();
});

async function open() {
  const { CodeDialog } = await import('../../renderer/features/requests/CodeDialog');
  const closed: string[] = [];
  render(<CodeDialog draft={draft} location={null} onClose={() => closed.push('closed')} />);
  return closed;
}

describe('Request as code', () => {
  it('offers every language, cURL first, and writes the chosen one without secrets', async () => {
    await open();
    const radios = within(screen.getByRole('radiogroup', { name: 'Language' })).getAllByRole('radio');
    expect(radios.map((r) => r.textContent)).toEqual(['cURL', 'JavaScript (fetch)', 'Python (requests)', 'Go (net/http)', 'Java (HttpClient)', 'C# (HttpClient)', 'PHP (cURL)', 'PowerShell']);
    expect((await screen.findByLabelText('cURL code')).textContent).toBe('curl code');
    fireEvent.click(screen.getByRole('radio', { name: 'Python (requests)' }));
    expect((await screen.findByLabelText('Python (requests) code')).textContent).toBe('python code');
    expect(main.requests('http:code').map((r) => [r.language, r.includeSecrets])).toEqual([
      ['curl', false],
      ['python', false],
    ]);
  });

  it('includes secrets only when ticked, and lists what the code leaves out', async () => {
    await open();
    fireEvent.click(screen.getByRole('radio', { name: 'JavaScript (fetch)' }));
    await screen.findByLabelText('JavaScript (fetch) code');
    expect(within(screen.getByRole('list', { name: 'What this code leaves out' })).getByText('JavaScript (fetch) code leaves out the connect timeout.')).toBeTruthy();
    fireEvent.click(screen.getByRole('checkbox', { name: 'Include secret values' }));
    expect((await screen.findByText('javascript code with secrets')).tagName).toBe('PRE');
  });

  it("shows main's error in place of code, with Copy disabled", async () => {
    await open();
    fireEvent.click(screen.getByRole('radio', { name: 'PHP (cURL)' }));
    expect((await screen.findByRole('alert')).textContent).toBe('The body file: there is no file at /tmp/gone.bin.');
    expect((screen.getByRole('button', { name: 'Copy' }) as HTMLButtonElement).disabled).toBe(true);
  });

  it('moves through the languages with the arrow keys and keeps the last one for next time', async () => {
    await open();
    const curl = screen.getByRole('radio', { name: 'cURL' });
    curl.focus();
    fireEvent.keyDown(curl, { key: 'ArrowDown' });
    fireEvent.keyDown(document.activeElement!, { key: 'ArrowDown' });
    expect(document.activeElement?.textContent).toBe('Python (requests)');
    await screen.findByLabelText('Python (requests) code');
    fireEvent.keyDown(document.activeElement!, { key: 'ArrowUp' });
    fireEvent.keyDown(document.activeElement!, { key: 'ArrowUp' });
    fireEvent.keyDown(document.activeElement!, { key: 'ArrowUp' });
    expect(document.activeElement?.textContent).toBe('PowerShell');
    await screen.findByLabelText('PowerShell code');
    cleanup();
    await open();
    expect((await screen.findByLabelText('PowerShell code')).textContent).toBe('powershell code');
  });

  it('copies the code shown', async () => {
    const written: string[] = [];
    Object.defineProperty(navigator, 'clipboard', { configurable: true, value: { writeText: async (text: string) => void written.push(text) } });
    await open();
    await screen.findByLabelText('cURL code');
    await act(async () => fireEvent.click(screen.getByRole('button', { name: 'Copy' })));
    expect(written).toEqual(['curl code']);
    expect(screen.getByText('Copied')).toBeTruthy();
  });
});
