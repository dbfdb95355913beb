import { randomUUID } from 'node:crypto';
import type { ConnectionTest, ExecuteRequest, ExecuteResult, RequestSpec } from '../../../preload/contract';
import { LatchkeyError } from '../errors';
import type { StoredConnection } from './connectionStore';

/** "Test connection": a GET to the base URL or its test path with the connection applied. */
export async function testConnection(connection: StoredConnection, at: number, execute: (input: ExecuteRequest) => Promise<ExecuteResult>): Promise<ConnectionTest> {
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
    };
  } catch (error) {
    const message = error instanceof LatchkeyError ? error.message : `The test failed: ${(error as Error).message}`;
    return { ok: false, at, url: connection.baseUrl, status: null, statusText: '', timeMs: null, message };
  }
}
