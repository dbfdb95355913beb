import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LatchkeyError } from '../../../../main/core/errors';
import { HttpExecutor } from '../../../../main/core/http/httpExecutor';
import { makeTestPki, type TestPki } from '../../../fixtures/certificates';
import { startEchoServer, type EchoServer } from '../../../fixtures/echoServer';
import { spec } from '../../../fixtures/requests';
import { memoryLogger, realClock } from '../../../fixtures/testPorts';

let pki: TestPki;
const servers: Record<string, EchoServer> = {};
let executor: HttpExecutor;
let untrusting: HttpExecutor;
let dir: string;
let n = 0;

beforeAll(async () => {
  pki = makeTestPki();
  for (const name of ['valid', 'wrongHost', 'expired', 'selfSigned'] as const) servers[name] = await startEchoServer({ tls: pki[name] });
  dir = mkdtempSync(join(tmpdir(), 'latchkey-tls-'));
  const options = { clock: realClock, logger: memoryLogger(), userAgent: 'Latchkey/test', bodiesDir: join(dir, 'b'), variables: async () => ({ lookup: () => undefined, secrets: [] }) };
  // One executor trusts the test CA (as a user who added their company CA would); one does not.
  executor = new HttpExecutor({ ...options, extraCaCertificates: [pki.ca.cert] });
  untrusting = new HttpExecutor(options);
}, 60_000);
afterAll(async () => {
  await executor.close();
  await untrusting.close();
  for (const server of Object.values(servers)) await server.close();
  rmSync(dir, { recursive: true, force: true });
});

const get = (server: EchoServer, verifyTls = true, through = executor) => through.execute({ requestId: `t${++n}`, request: spec({ url: `${server.url}/echo`, settings: { verifyTls } }) });
async function tlsError(promise: Promise<unknown>): Promise<string> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(LatchkeyError);
  expect((error as LatchkeyError).code).toBe('tls_error');
  return (error as LatchkeyError).message;
}

describe('TLS verification', () => {
  it('names a self-signed certificate', async () => {
    expect(await tlsError(get(servers.selfSigned!))).toContain('self-signed');
  });

  it('names an expired certificate', async () => {
    expect(await tlsError(get(servers.expired!))).toContain('expired');
  });

  it('names a certificate for the wrong host', async () => {
    expect(await tlsError(get(servers.wrongHost!))).toContain('wrong host');
  });

  it('names a certificate from an unknown authority', async () => {
    expect(await tlsError(get(servers.valid!, true, untrusting))).toContain('unknown authority');
  });

  it('accepts a valid certificate from a trusted authority', async () => {
    const result = await get(servers.valid!);
    expect(result.status).toBe(200);
    expect(result.timing.reusedConnection).toBe(false);
    expect(result.timing.tlsMs).toBeGreaterThan(0);
  });

  it('offers an opt-out per request that does not leak to other requests', async () => {
    const insecure = await get(servers.selfSigned!, false);
    expect(insecure.status).toBe(200);
    expect(insecure.timing.tlsMs).toBeGreaterThanOrEqual(0);
    await tlsError(get(servers.selfSigned!));
  });
});
