import { shell } from 'electron';
import type { BrowserOpener } from '../ports';
import { LatchkeyError } from '../core/errors';

/** The system browser, for http(s) URLs only: file:, javascript:, smb: and the rest are refused. */
export const electronBrowserOpener: BrowserOpener = {
  async open(url) {
    let parsed: URL;
    try {
      parsed = new URL(url);
    } catch {
      throw new LatchkeyError('invalid_url', 'That address is not a valid URL.');
    }
    if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') {
      throw new LatchkeyError('unsupported_scheme', `Latchkey opens only http and https addresses in the browser, not ${parsed.protocol}`);
    }
    await shell.openExternal(parsed.toString());
  },
};
