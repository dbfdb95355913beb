import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openerCommand, systemBrowserOpener } from '../../../main/adapters/systemBrowserOpener';

describe('the system browser opener', () => {
  const saved = process.env.BROWSER;
  afterEach(() => {
    if (saved === undefined) delete process.env.BROWSER;
    else process.env.BROWSER = saved;
  });

  it('uses $BROWSER where set, opens nothing for BROWSER=none, else the platform opener', () => {
    const url = 'http://127.0.0.1:1234/';
    expect(openerCommand(url, { BROWSER: '/usr/bin/firefox' }, 'linux')).toEqual(['/usr/bin/firefox', [url]]);
    expect(openerCommand(url, { BROWSER: 'none' }, 'linux')).toBeNull();
    expect(openerCommand(url, {}, 'linux')).toEqual(['xdg-open', [url]]);
    expect(openerCommand(url, { BROWSER: '  ' }, 'darwin')).toEqual(['open', [url]]);
    expect(openerCommand(url, {}, 'win32')).toEqual(['rundll32', ['url.dll,FileProtocolHandler', url]]);
  });

  it('hands the URL to the command, and reports an opener that fails or is missing', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'latchkey-opener-'));
    try {
      const recorder = join(dir, 'open.sh');
      writeFileSync(recorder, `#!/bin/sh\nprintf '%s' "$1" > '${join(dir, 'url.txt')}'\n`);
      chmodSync(recorder, 0o755);
      process.env.BROWSER = recorder;
      await systemBrowserOpener.open('https://example.com/a?b=c');
      expect(readFileSync(join(dir, 'url.txt'), 'utf8')).toBe('https://example.com/a?b=c');

      process.env.BROWSER = '/bin/false';
      await expect(systemBrowserOpener.open('https://example.com/')).rejects.toThrow('/bin/false could not open the browser (exit code 1)');
      process.env.BROWSER = join(dir, 'missing-browser');
      await expect(systemBrowserOpener.open('https://example.com/')).rejects.toThrow(/Could not open the system browser/);
      process.env.BROWSER = 'none';
      await expect(systemBrowserOpener.open('https://example.com/')).rejects.toThrow('BROWSER is set to "none"');
      await expect(systemBrowserOpener.open('file:///etc/passwd')).rejects.toThrow(/only http and https/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
