import type { SentRequest } from '../../../preload/contract';
import { CREDENTIAL_HEADERS, type Credentials } from './planRedirect';
import type { StreamedBody } from './streamedBody';

export const REDACTED = '[redacted]';
const PREVIEW_BYTES = 64 * 1024;
const ALWAYS_SECRET: ReadonlySet<string> = new Set(CREDENTIAL_HEADERS);

/** The request as it went on the wire, with every credential value replaced. */
export function redactSent(method: string, url: URL, headers: [string, string][], body: Buffer | StreamedBody | undefined, credentials: Credentials, redact: (text: string) => string = (t) => t): SentRequest {
  const secretHeaders = credentials.headers.size === 0 ? ALWAYS_SECRET : new Set<string>([...CREDENTIAL_HEADERS, ...credentials.headers]);
  let shownUrl = url;
  if (credentials.query.size > 0) {
    shownUrl = new URL(url);
    for (const name of credentials.query) if (shownUrl.searchParams.has(name)) shownUrl.searchParams.set(name, REDACTED);
  }
  let bodyPreview = '';
  if (body && !Buffer.isBuffer(body)) {
    bodyPreview = redact(body.preview(PREVIEW_BYTES));
  } else if (body && body.length > 0) {
    const slice = body.subarray(0, PREVIEW_BYTES);
    bodyPreview = slice.includes(0) ? `(${body.length} bytes of binary data)` : redact(slice.toString('utf8'));
  }
  return {
    method,
    url: redact(shownUrl.href),
    headers: headers.map(([name, value]) => [name, secretHeaders.has(name.toLowerCase()) ? REDACTED : redact(value)]),
    bodyPreview,
    bodySize: body?.length ?? 0,
  };
}
