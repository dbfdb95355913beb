import { randomUUID } from 'node:crypto';
import type { ConnectionTest, ExecuteRequest, ExecuteResult, RequestSpec } from '../../../preload/contract';
import { LatchkeyError } from '../errors';
import type { StoredConnection } from './connectionStore';

/** Most of a failed answer's body a test shows: its first lines are what a person debugs with. */
const PREVIEW_LINES = 20;
const PREVIEW_CHARS = 2000;

/** The first lines of a text body, the connection's secrets taken out (a server may echo them). */
function preview(result: ExecuteResult, secrets: readonly string[]): string {
  if (result.body.kind !== 'text' || result.body.text === '') return '';
  let text = result.body.text.slice(0, PREVIEW_CHARS).split('\n').slice(0, PREVIEW_LINES).join('\n');
  for (const secret of secrets) if (secret.length >= 4) text = text.split(secret).join('[redacted]');
  const cut = text.length < result.body.text.length || result.truncated;
  return cut ? `${text}\n…` : text;
}

/** "Test connection": a GET to the base URL or its test path with the connection applied. */
export async function testConnection(connection: StoredConnection, at: number, execute: (input: ExecuteRequest) => Promise<ExecuteResult>, secrets: readonly string[] = []): Promise<ConnectionTest> {
  if (connection.baseUrl === '' && !/^https?:\/\//i.test(connection.testPath)) {
    throw new LatchkeyError('invalid_url', 'Give the connection a base URL (or a full URL as its test path) to test it.');
  }
  const request: RequestSpec = { method: 'GET', url: connection.testPath, params: [], pathVariables: [], headers: [], body: { kind: 'none' }, settings: {}, connectionId: connection.id };
  try {
    const result = await execute({ requestId: `connection-test-${randomUUID()}`, request });
    const ok = result.status < 400;
    return {
      ok,
      at,
      url: result.url,
      status: result.status,
      statusText: result.statusText,
      timeMs: Math.round(result.timing.totalMs * 10) / 10,
      message: ok ? '' : `The server answered ${result.status}${result.statusText ? ` ${result.statusText}` : ''}.`,
      ...(ok ? {} : { body: preview(result, secrets) }),
    };
  } catch (error) {
    const message = error instanceof LatchkeyError ? error.message : `The test failed: ${(error as Error).message}`;
    return { ok: false, at, url: connection.baseUrl, status: null, statusText: '', timeMs: null, message };
  }
}
