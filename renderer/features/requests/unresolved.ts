import type { Draft } from '../../../preload/contract';
import { findVariables } from '../../../preload/contract/templates';

/** The `{{names}}` the draft uses that neither it nor any scope around it defines, in order of appearance. */
export function unresolvedVariables(draft: Draft, inScope: ReadonlySet<string>): string[] {
  const known = new Set(inScope);
  for (const v of draft.variables ?? []) if (v.enabled) known.add(v.name);
  const texts: string[] = [draft.url];
  for (const row of [...draft.headers, ...draft.pathVariables]) if (row.enabled) texts.push(row.name, row.value);
  const body = draft.body;
  if (body.kind === 'json' || body.kind === 'raw') texts.push(body.text);
  if (body.kind === 'graphql') texts.push(body.query, body.variables);
  if (body.kind === 'form') for (const row of body.fields) if (row.enabled) texts.push(row.name, row.value);
  if (body.kind === 'multipart') for (const part of body.parts) if (part.enabled) texts.push(part.name, part.value, part.contentType ?? '');
  if (body.kind === 'file') texts.push(body.path, body.contentType);
  if (draft.settings.proxyUrl) texts.push(draft.settings.proxyUrl);
  const names = new Set<string>();
  for (const text of texts) for (const name of findVariables(text)) if (!known.has(name)) names.add(name);
  return [...names];
}
