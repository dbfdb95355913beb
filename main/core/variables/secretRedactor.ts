import { REDACTED } from '../http/redactSent';

/**
 * Replaces the values of secret variables wherever they appear in text bound for the renderer
 * (the URL and headers as sent, a body preview), raw and percent-encoded. Values shorter than
 * four characters are left alone: redacting "1" would blank out every digit.
 */
export function secretRedactor(secrets: readonly string[]): (text: string) => string {
  // The variable table hands out the same list until it changes: build its redactor once.
  let redactor = built.get(secrets);
  if (!redactor) {
    redactor = buildRedactor(secrets);
    built.set(secrets, redactor);
  }
  return redactor;
}

const built = new WeakMap<readonly string[], (text: string) => string>();

function buildRedactor(secrets: readonly string[]): (text: string) => string {
  const needles = new Set<string>();
  for (const value of secrets) {
    if (value.length < 4) continue;
    const forms = [
      value,
      encodeURIComponent(value),
      new URLSearchParams({ v: value }).toString().slice(2),
      // How the URL parser itself re-encodes a value placed in a query or a path.
      new URL(`http://x/?${value}`).search.slice(1),
      new URL(`http://x/${value}`).pathname.slice(1),
    ];
    for (const form of forms) if (form.length >= 4) needles.add(form);
  }
  if (needles.size === 0) return (text) => text;
  // Longest first, so a value containing another is replaced whole.
  const ordered = [...needles].sort((a, b) => b.length - a.length);
  return (text) => {
    let out = text;
    for (const needle of ordered) if (out.includes(needle)) out = out.split(needle).join(REDACTED);
    return out;
  };
}
