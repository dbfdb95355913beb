/**
 * The `{{name}}` syntax, shared by main (which resolves it) and the renderer (which highlights
 * what is unresolved). A name is letters, digits and `_ . $ -`; nothing else between the braces
 * is a variable, and nothing is ever evaluated.
 */
export const VARIABLE_PATTERN = /\{\{\s*([A-Za-z0-9_.$-]+)\s*\}\}/g;

/** Every `{{name}}` in the text, in order, without repeats. */
export function findVariables(text: string): string[] {
  const names = new Set<string>();
  for (const match of text.matchAll(VARIABLE_PATTERN)) names.add(match[1] ?? '');
  return [...names];
}

const PATH_VARIABLE = /^:([A-Za-z_][A-Za-z0-9_-]*)$/;

/** The `:name` segments of a URL's path, for the path variables table. */
export function pathVariableNames(url: string): string[] {
  const path = /^(?:[a-zA-Z][a-zA-Z0-9+.-]*:\/\/[^/?#]*)?([^?#]*)/.exec(url)?.[1] ?? '';
  return path
    .split('/')
    .map((segment) => PATH_VARIABLE.exec(segment)?.[1])
    .filter((name): name is string => name !== undefined);
}

/** The `:name` pattern of a path segment. */
export function pathVariableOf(segment: string): string | undefined {
  return PATH_VARIABLE.exec(segment)?.[1];
}
