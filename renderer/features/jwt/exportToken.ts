import { api } from '../../api';

/** Saves text as a file: the save dialog on the desktop, a download in the browser host. Returns a status line. */
export async function saveText(name: string, text: string, fileDialogs: boolean, type = 'application/octet-stream'): Promise<string> {
  if (fileDialogs) {
    const result = await api.calls['files:saveText']({ suggestedName: name, text });
    if (!result.ok) return result.error.message;
    return result.value.path ? `Saved to ${result.value.path}` : 'Not saved';
  }
  const link = document.createElement('a');
  link.href = URL.createObjectURL(new Blob([text], { type }));
  link.download = name;
  link.click();
  setTimeout(() => URL.revokeObjectURL(link.href), 10_000);
  return `Saved as ${name}`;
}

/** Copies text, returning a status line. */
export async function copyText(text: string, what: string): Promise<string> {
  return navigator.clipboard.writeText(text).then(
    () => `Copied ${what}`,
    () => 'The clipboard refused it',
  );
}

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
