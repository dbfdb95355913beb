import { LatchkeyError } from '../errors';

/**
 * The only URLs Latchkey hands to the system browser: http and https, parsed and
 * re-serialised. file:, javascript:, smb: and custom schemes are refused.
 */
export function openableUrl(url: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new LatchkeyError('invalid_url', 'That address is not a valid URL.');
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') {
    throw new LatchkeyError('unsupported_scheme', `Latchkey opens only http and https addresses in the browser, not ${parsed.protocol}`);
  }
  return parsed.toString();
}
