import { readFile, writeFile } from 'node:fs/promises';
import { LatchkeyError } from '../errors';

/** JSONPath filters parse the whole body, so they stop at this size. */
export const FILTER_LIMIT = 32 * 1024 * 1024;

/**
 * Runs a JSONPath expression (`$.items[?(@.price < 10)].name`) over a stored JSON body and
 * writes the matches, as a JSON array, to `target`. Filter expressions run in jsonpath-plus's
 * safe interpreter: no eval, nothing from the body or the expression can run code.
 */
export async function filterJson(source: string, bytes: number, expression: string, target: string): Promise<number> {
  const path = expression.trim();
  if (path === '') throw new LatchkeyError('invalid_request', 'Type a JSONPath expression, such as $.items[*].id.');
  if (bytes > FILTER_LIMIT) {
    throw new LatchkeyError('invalid_request', `JSONPath filters work on bodies up to ${FILTER_LIMIT / (1024 * 1024)} MB; this one is ${(bytes / (1024 * 1024)).toFixed(1)} MB. Search finds text in a body of any size.`);
  }
  const { JSONPath } = await import('jsonpath-plus');
  const json: unknown = JSON.parse(await readFile(source, 'utf8'));
  let matches: unknown[];
  try {
    matches = JSONPath({ path, json: json as object, eval: 'safe', wrap: true }) as unknown[];
  } catch (error) {
    throw new LatchkeyError('invalid_request', `That JSONPath expression could not be used: ${(error as Error).message}`, { cause: error });
  }
  await writeFile(target, JSON.stringify(matches ?? []), { mode: 0o600 });
  return (matches ?? []).length;
}
