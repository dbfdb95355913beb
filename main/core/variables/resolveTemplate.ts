import { VARIABLE_PATTERN } from '../../../preload/contract/templates';

export type Lookup = (name: string) => string | undefined;

/**
 * `{{name}}` substitution. Names are looked up and pasted in as plain text: nothing inside the
 * braces is ever evaluated, so `{{''.constructor.constructor('return process')()}}` is not even
 * a name and stays as it is.
 */
export function resolveTemplate(text: string, lookup: Lookup): { text: string; missing: string[] } {
  if (!text.includes('{{')) return { text, missing: [] };
  const missing = new Set<string>();
  const out = text.replace(VARIABLE_PATTERN, (whole, name: string) => {
    const value = lookup(name);
    if (value === undefined) {
      missing.add(name);
      return whole;
    }
    return value;
  });
  return { text: out, missing: [...missing] };
}
