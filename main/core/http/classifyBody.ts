// Reused: creating a TextDecoder per response shows up on loopback benchmarks.
const utf8 = new TextDecoder('utf-8', { fatal: true });

const TEXTUAL = /^(text\/|application\/(json|xml|javascript|ecmascript|x-www-form-urlencoded|graphql|yaml|x-yaml|problem\+json)|[^;]*\+(json|xml))/i;

/** Decides whether a body can be shown as text without losing bytes. */
export function classifyBody(bytes: Buffer, contentType: string | null, truncated = false): { kind: 'text'; text: string } | { kind: 'binary'; base64: string } {
  const declaredText = contentType !== null && TEXTUAL.test(contentType.trim());
  if (!bytes.includes(0)) {
    try {
      // A multi-byte character cut by the preview cap is dropped (a streaming decoder of its own), not an error.
      const text = truncated ? new TextDecoder('utf-8', { fatal: true }).decode(bytes, { stream: true }) : utf8.decode(bytes);
      return { kind: 'text', text };
    } catch {
      // Not valid UTF-8: fall through. A declared text type with a legacy charset still shows as text.
      if (declaredText && /charset=(iso-8859-1|latin1|windows-1252|us-ascii)/i.test(contentType ?? '')) {
        return { kind: 'text', text: new TextDecoder('latin1').decode(bytes) };
      }
    }
  }
  return { kind: 'binary', base64: bytes.toString('base64') };
}
