/** The parts of a compact JWS for colour coding. */
export function tokenParts(token: string): [string, string, string] | null {
  const parts = token.split('.');
  return parts.length === 3 ? (parts as [string, string, string]) : null;
}

/** Sets or removes a claim in a JSON object text, keeping the others; null when the text is not an object. */
export function withClaim(text: string, name: string, value: unknown): string | null {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text.trim() === '' ? '{}' : text);
  } catch {
    return null;
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return null;
  const next: Record<string, unknown> = { ...(parsed as Record<string, unknown>) };
  if (value === undefined) delete next[name];
  else next[name] = value;
  return JSON.stringify(next, null, 2);
}
