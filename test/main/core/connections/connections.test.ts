import { generateKeyPairSync, createPrivateKey } from 'node:crypto';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { importSPKI, jwtVerify } from 'jose';
import forge from 'node-forge';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ConnectionAuthInput, ConnectionInput, RequestSpec } from '../../../../preload/contract';
import { ConfDocumentStore } from '../../../../main/adapters/confDocumentStore';
import { confFactory } from '../../../../main/adapters/confFactory';
import { ConnectionsService, connectionsSpec } from '../../../../main/core/connections/connectionsService';
import { HttpExecutor } from '../../../../main/core/http/httpExecutor';
import { JwtService, profilesSpec } from '../../../../main/core/jwt/jwtService';
import { StoredDocument } from '../../../../main/core/persistence/storedDocument';
import { SecretService } from '../../../../main/core/secrets/secretService';
import { ASSUMED, checkSigV4, startAuthServer, startStsServer, type AuthServer } from '../../../fixtures/authServer';
import { makeTestPki, type TestPki } from '../../../fixtures/certificates';
import { header, spec } from '../../../fixtures/requests';
import { memoryLogger, memorySecretStore } from '../../../fixtures/testPorts';

let dir: string;
let server: AuthServer;
let other: AuthServer;
let keychain: ReturnType<typeof memorySecretStore>;
let connections: ConnectionsService;
let jwtService: JwtService;
let executor: HttpExecutor;
/** A clock the tests can move forward (JWT reuse, assumed-role expiry). */
let offset = 0;
const clock = { now: () => Date.now() + offset };
let n = 0;
const variables = new Map<string, string>([['tenant', 'acme']]);

const secret = (set: string) => ({ id: null, set });
const input = (auth: ConnectionAuthInput, patch: Partial<ConnectionInput> = {}): ConnectionInput => ({
  name: `Connection ${++n}`,
  baseUrl: server.url,
  auth,
  clientCertificate: { kind: 'none' },
  ca: '',
  verifyTls: true,
  testPath: '',
  ...patch,
});
const send = (connectionId: string, patch: Partial<RequestSpec> & { url: string }) => executor.execute({ requestId: `r${++n}`, request: spec({ connectionId, ...patch }) });
const failure = (promise: Promise<unknown>) =>
  promise.then(
    () => {
      throw new Error('expected a failure');
    },
    (error: { code: string; message: string }) => ({ code: error.code, message: error.message }),
  );
const body = (result: { body: { kind: string; text?: string } }) => JSON.parse(result.body.kind === 'text' ? (result.body.text ?? '') : '{}') as { ok?: boolean; error?: string; clientCn?: string | null };

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'latchkey-connections-'));
  server = await startAuthServer();
  other = await startAuthServer();
  keychain = memorySecretStore();
  const logger = memoryLogger();
  const doc = StoredDocument.open(connectionsSpec, { store: new ConfDocumentStore(join(dir, 'data'), confFactory), clock, logger, notify: () => undefined });
  jwtService = new JwtService(new SecretService(keychain), clock, StoredDocument.open(profilesSpec, { store: new ConfDocumentStore(join(dir, 'data'), confFactory), clock, logger, notify: () => undefined }));
  connections = new ConnectionsService(doc, new SecretService(keychain), { clock, logger, profiles: jwtService });
  executor = new HttpExecutor({
    clock,
    logger,
    userAgent: 'Latchkey/test',
    bodiesDir: join(dir, 'bodies'),
    variables: () => ({ lookup: (name) => variables.get(name), secrets: [] }),
    connections: (id) => connections.resolve(id),
  });
});
afterAll(async () => {
  await executor.close();
  await server.close();
  await other.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('simple auth types against a server that checks them', () => {
  it('Basic: the server decodes user:password; a wrong password gets 401', async () => {
    server.check = (r) => {
      const decoded = Buffer.from(String(r.headers.authorization ?? '').replace(/^Basic /, ''), 'base64').toString('utf8');
      return decoded === 'alice:s3cret-pässword' ? null : `bad credentials ${decoded}`;
    };
    const good = await connections.save(input({ type: 'basic', username: 'alice', password: secret('s3cret-pässword') }));
    const bad = await connections.save(input({ type: 'basic', username: 'alice', password: secret('wrong-password') }));
    expect((await send(good.id, { url: '/things' })).status).toBe(200);
    expect((await send(bad.id, { url: '/things' })).status).toBe(401);
    expect(server.received.at(-2)?.url.pathname).toBe('/things');
  });

  it('API token: sent as the api-token header by default, or under the name given', async () => {
    server.check = (r) => (r.headers['api-token'] === 'tok-123456' || r.headers['x-partner-key'] === 'tok-654321' ? null : 'no token');
    const byDefault = await connections.save(input({ type: 'apiToken', headerName: '', token: secret('tok-123456') }));
    const named = await connections.save(input({ type: 'apiToken', headerName: 'X-Partner-Key', token: secret('tok-654321') }));
    const result = await send(byDefault.id, { url: '/' });
    expect(result.status).toBe(200);
    // The token is redacted from what the renderer sees.
    expect(JSON.stringify(result.sent)).not.toContain('tok-123456');
    expect(result.sent.headers).toContainEqual(['api-token', '[redacted]']);
    expect((await send(named.id, { url: '/' })).status).toBe(200);
  });

  it('Bearer token and Header pairs', async () => {
    server.check = (r) => (r.headers.authorization === 'Bearer bearer-abcdef' || (r.headers.api_key === 'key-1111' && r.headers['x-tenant'] === 'tenant-2222') ? null : 'refused');
    const bearer = await connections.save(input({ type: 'bearer', token: secret('bearer-abcdef') }));
    const headers = await connections.save(input({ type: 'header', headers: [{ name: 'api_key', value: secret('key-1111') }, { name: 'X-Tenant', value: secret('tenant-2222') }] }));
    expect((await send(bearer.id, { url: '/' })).status).toBe(200);
    const result = await send(headers.id, { url: '/' });
    expect(result.status).toBe(200);
    expect(result.sent.headers).toContainEqual(['api_key', '[redacted]']);
  });

  it('Query parameters: added to the query string, redacted in the result', async () => {
    server.check = (r) => (r.url.searchParams.get('key') === 'query-key-9999' && r.url.searchParams.get('page') === '2' ? null : `query ${r.url.search}`);
    const query = await connections.save(input({ type: 'query', params: [{ name: 'key', value: secret('query-key-9999') }] }));
    const result = await send(query.id, { url: '/list?page=2' });
    expect(result.status).toBe(200);
    expect(result.url).not.toContain('query-key-9999');
    expect(result.sent.url).toContain('key=%5Bredacted%5D');
  });

  it('Custom: headers, query parameters and body fields, secret or not, with variables filled in', async () => {
    server.check = (r) => {
      const json = r.body ? (JSON.parse(r.body) as Record<string, unknown>) : {};
      if (r.headers['x-client'] !== 'acme-client') return 'header';
      if (r.url.searchParams.get('sig') !== 'sig-secret-77') return 'query';
      if (json.client_secret !== 'body-secret-88' || json.order !== 1) return `body ${r.body}`;
      return null;
    };
    const custom = await connections.save(
      input({
        type: 'custom',
        entries: [
          { location: 'header', name: 'X-Client', secret: false, value: '{{tenant}}-client', secretValue: { id: null } },
          { location: 'query', name: 'sig', secret: true, value: '', secretValue: secret('sig-secret-77') },
          { location: 'body', name: 'client_secret', secret: true, value: '', secretValue: secret('body-secret-88') },
        ],
      }),
    );
    const result = await send(custom.id, { url: '/orders', method: 'POST', body: { kind: 'json', text: '{"order": 1}' } });
    expect(result.status).toBe(200);
    expect(result.sent.bodyPreview).not.toContain('body-secret-88');
    // A body field cannot go on a GET, and the error says so.
    expect(await failure(send(custom.id, { url: '/orders' }))).toMatchObject({ code: 'invalid_body', message: expect.stringContaining('GET') });
  });
});

describe('base URL', () => {
  it('joins relative URLs to the base path and refuses ../ and other origins', async () => {
    server.check = () => null;
    const api = await connections.save(input({ type: 'none' }, { baseUrl: `${server.url}/v1` }));
    expect((await send(api.id, { url: 'users/7' })).url).toBe(`${server.url}/v1/users/7`);
    expect(await failure(send(api.id, { url: '/../admin' }))).toMatchObject({ code: 'outside_base_url' });
    expect(await failure(send(api.id, { url: `${other.url}/v1/users` }))).toMatchObject({ code: 'outside_base_url', message: expect.stringContaining(other.url) });
    await expect(connections.save(input({ type: 'none' }, { baseUrl: 'ftp://files.example' }))).rejects.toMatchObject({ code: 'unsupported_scheme' });
  });

  it('drops the connection credentials on a redirect to another origin', async () => {
    let seen: string | undefined = 'unset';
    other.check = (r) => {
      seen = r.headers.authorization;
      return null;
    };
    const redirecting = await startRedirectServer(`${other.url}/landing`);
    const bearer = await connections.save(input({ type: 'bearer', token: secret('never-leaves-origin') }, { baseUrl: redirecting.url }));
    const result = await send(bearer.id, { url: '/go' });
    expect(result.status).toBe(200);
    expect(seen).toBeUndefined();
    await redirecting.close();
  });
});

describe('JWT', () => {
  it('signs HS256 per request; the server verifies it with jose', async () => {
    const key = 'an-hmac-secret-of-at-least-32-bytes!!';
    server.check = async (r) => {
      const token = String(r.headers.authorization ?? '').replace(/^Bearer /, '');
      const { payload, protectedHeader } = await jwtVerify(token, new TextEncoder().encode(key), { algorithms: ['HS256'] }).catch((e: Error) => ({ payload: null, protectedHeader: e.message }));
      if (!payload) return String(protectedHeader);
      return payload.sub === 'acme-access-key' && payload.name === 'Acme' && typeof payload.exp === 'number' && (protectedHeader as { kid?: string }).kid === 'k1' ? null : JSON.stringify(payload);
    };
    const jwt = await connections.save(
      input({ type: 'jwt', algorithm: 'HS256', key: secret(key), claims: '{"sub": "{{tenant}}-access-key", "name": "Acme"}', lifetimeSeconds: 300, keyId: 'k1', placement: { kind: 'bearer', name: '', prefix: '' }, reuse: false }),
    );
    expect((await send(jwt.id, { url: '/' })).status).toBe(200);
  });

  it('signs RS256 with a PKCS#1 PEM key into a chosen header, and reuses the token until near expiry', async () => {
    const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const pkcs1 = privateKey.export({ type: 'pkcs1', format: 'pem' }).toString();
    const spki = await importSPKI(publicKey.export({ type: 'spki', format: 'pem' }).toString(), 'RS256');
    const tokens: string[] = [];
    server.check = async (r) => {
      const raw = String(r.headers['x-jwt'] ?? '').replace(/^JWT /, '');
      tokens.push(raw);
      return jwtVerify(raw, spki).then(
        () => null,
        (e: Error) => e.message,
      );
    };
    const jwt = await connections.save(
      input({ type: 'jwt', algorithm: 'RS256', key: secret(pkcs1), claims: '{"sub": "svc"}', lifetimeSeconds: 60, keyId: '', placement: { kind: 'header', name: 'X-JWT', prefix: 'JWT ' }, reuse: true }),
    );
    expect((await send(jwt.id, { url: '/' })).status).toBe(200);
    offset += 10_000;
    expect((await send(jwt.id, { url: '/' })).status).toBe(200);
    expect(tokens[1]).toBe(tokens[0]);
    // 45 s in, the 60 s token is within 30 s of expiry: a new one is signed.
    offset += 35_000;
    expect((await send(jwt.id, { url: '/' })).status).toBe(200);
    expect(tokens[2]).not.toBe(tokens[0]);
  });

  it("signs with a saved signing profile (its algorithm, key, header and claims), adding the connection's lifetime", async () => {
    const key = 'profile-hmac-secret-at-least-48-bytes-long-0123456789';
    const profile = await jwtService.saveProfile({ name: 'Partner HS384', algorithm: 'HS384', hmacEncoding: 'text', key, header: '{"kid": "p-1"}', claims: '{"sub": "{{tenant}}-from-profile"}' });
    server.check = async (r) => {
      const token = String(r.headers.authorization ?? '').replace(/^Bearer /, '');
      return jwtVerify(token, new TextEncoder().encode(key), { algorithms: ['HS384'] }).then(
        ({ payload, protectedHeader }) => (payload.sub === 'acme-from-profile' && protectedHeader.kid === 'p-1' && typeof payload.exp === 'number' && payload.exp - (payload.iat ?? 0) === 120 ? null : JSON.stringify(payload)),
        (e: Error) => e.message,
      );
    };
    const viaProfile = await connections.save(
      input({ type: 'jwt', profileId: profile.id, algorithm: 'HS256', key: { id: null }, claims: '{}', lifetimeSeconds: 120, keyId: '', placement: { kind: 'bearer', name: '', prefix: '' }, reuse: true }),
    );
    expect((await send(viaProfile.id, { url: '/' })).status).toBe(200);
    // Deleting the profile leaves the connection saying what is missing.
    await jwtService.deleteProfile(profile.id);
    expect(await failure(send(viaProfile.id, { url: '/' }))).toMatchObject({ message: expect.stringContaining('signing profile no longer exists') });
  });

  it('refuses, when saved, a key that does not fit the algorithm and a short HMAC secret', async () => {
    const ec = generateKeyPairSync('ec', { namedCurve: 'prime256v1' }).privateKey.export({ type: 'sec1', format: 'pem' }).toString();
    const jwt = (algorithm: 'RS256' | 'HS256', key: string) =>
      connections.save(input({ type: 'jwt', algorithm, key: secret(key), claims: '{}', lifetimeSeconds: 0, keyId: '', placement: { kind: 'bearer', name: '', prefix: '' }, reuse: false }));
    await expect(jwt('RS256', ec)).rejects.toMatchObject({ code: 'auth_failed', message: 'RS256 needs an RSA key; this is an EC P-256 key.' });
    await expect(jwt('HS256', 'short')).rejects.toMatchObject({ message: expect.stringContaining('at least 32 bytes') });
  });
});

describe('AWS', () => {
  const keys = { accessKeyId: 'AKIATESTKEY0000001', secretAccessKey: 'test-secret-access-key-0000001' };

  it('AWS access key: SigV4 on GET with a query and POST with a body, verified by recomputing it server-side', async () => {
    server.check = (r) => checkSigV4(r, { ...keys, sessionToken: 'session-token-xyz', region: 'eu-west-1', service: 'execute-api' });
    const aws = await connections.save(
      input({ type: 'awsAccessKey', service: 'execute-api', region: 'eu-west-1', accessKeyId: keys.accessKeyId, secretAccessKey: secret(keys.secretAccessKey), sessionToken: secret('session-token-xyz') }),
    );
    expect(body(await send(aws.id, { url: '/prod/items?b=2&a=1&a=0' }))).toEqual(expect.objectContaining({ ok: true }));
    const posted = await send(aws.id, { url: '/prod/items', method: 'POST', body: { kind: 'json', text: '{"name": "widget"}' } });
    expect(body(posted)).toEqual(expect.objectContaining({ ok: true }));
    expect(posted.sent.headers.find(([name]) => name === 'authorization')?.[1]).toBe('[redacted]');
    // A different secret key fails the server's check.
    const wrong = await connections.save(input({ type: 'awsAccessKey', service: 'execute-api', region: 'eu-west-1', accessKeyId: keys.accessKeyId, secretAccessKey: secret('not-the-key'), sessionToken: secret('session-token-xyz') }));
    expect(body(await send(wrong.id, { url: '/prod/items' })).error).toBe('signature does not match');
  });

  it('AWS IAM role: AssumeRole against the STS stand-in, cached until 5 minutes before expiry, then SigV4 with the temporary keys', async () => {
    const role = { arn: 'arn:aws:iam::123456789012:role/integration', externalId: 'ext-42' };
    const sts = await startStsServer(keys, role);
    server.check = (r) => checkSigV4(r, { ...ASSUMED, region: 'us-east-1', service: 'execute-api' });
    const auth = (externalId: string): ConnectionAuthInput => ({
      type: 'awsRole',
      service: 'execute-api',
      region: 'us-east-1',
      roleArn: role.arn,
      externalId,
      sessionName: 'latchkey-test',
      durationSeconds: 900,
      stsEndpoint: sts.url,
      source: { kind: 'keys', accessKeyId: keys.accessKeyId, secretAccessKey: secret(keys.secretAccessKey), sessionToken: { id: null } },
    });
    const assumed = await connections.save(input(auth(role.externalId)));
    expect(body(await send(assumed.id, { url: '/a' }))).toEqual(expect.objectContaining({ ok: true }));
    expect(body(await send(assumed.id, { url: '/b' }))).toEqual(expect.objectContaining({ ok: true }));
    expect(sts.calls()).toBe(1);
    // 15-minute credentials: 11 minutes later they are within 5 minutes of expiry.
    offset += 11 * 60_000;
    expect(body(await send(assumed.id, { url: '/c' }))).toEqual(expect.objectContaining({ ok: true }));
    expect(sts.calls()).toBe(2);
    const refused = await connections.save(input(auth('wrong-external-id')));
    expect(await failure(send(refused.id, { url: '/' }))).toMatchObject({ code: 'auth_failed', message: expect.stringContaining('AccessDenied') });
    await sts.close();
  });

  it('AWS IAM role with a named profile from the AWS credentials file', async () => {
    const role = { arn: 'arn:aws:iam::123456789012:role/from-profile', externalId: '' };
    const sts = await startStsServer(keys, role);
    const credentialsFile = join(dir, 'aws-credentials');
    writeFileSync(credentialsFile, `[default]\naws_access_key_id = AKIAOTHER\naws_secret_access_key = other\n\n[partner]\naws_access_key_id = ${keys.accessKeyId}\naws_secret_access_key = ${keys.secretAccessKey}\n`);
    process.env.AWS_SHARED_CREDENTIALS_FILE = credentialsFile;
    process.env.AWS_CONFIG_FILE = join(dir, 'no-aws-config');
    server.check = (r) => checkSigV4(r, { ...ASSUMED, region: 'us-east-1', service: 'execute-api' });
    const profileAuth = (profile: string): ConnectionAuthInput => ({
      type: 'awsRole',
      service: 'execute-api',
      region: 'us-east-1',
      roleArn: role.arn,
      externalId: '',
      sessionName: '',
      durationSeconds: 3600,
      stsEndpoint: sts.url,
      source: { kind: 'profile', profile },
    });
    const viaProfile = await connections.save(input(profileAuth('partner')));
    expect(body(await send(viaProfile.id, { url: '/' }))).toEqual(expect.objectContaining({ ok: true }));
    const missing = await connections.save(input(profileAuth('nobody')));
    expect(await failure(send(missing.id, { url: '/' }))).toMatchObject({ code: 'auth_failed', message: expect.stringContaining('no AWS profile "nobody"') });
    await sts.close();
  });
});

describe('client certificates (mTLS)', () => {
  let pki: TestPki;
  let tlsServer: AuthServer;
  let caPath: string;
  const passphrase = 'correct horse battery';
  const pem = (extra: Partial<{ key: string; passphrase: string; certificate: string }> = {}) => ({
    kind: 'pem' as const,
    certificate: extra.certificate ?? pki.valid.cert,
    key: secret(extra.key ?? pki.valid.key),
    passphrase: extra.passphrase ? secret(extra.passphrase) : { id: null },
  });

  beforeAll(async () => {
    pki = makeTestPki();
    // The server trusts only the test CA's clients; the connection trusts the server through its CA bundle.
    tlsServer = await startAuthServer({ key: pki.valid.key, cert: pki.valid.cert, ca: pki.ca.cert, requestCert: true, rejectUnauthorized: true });
    tlsServer.check = (r) => (r.clientCn === '127.0.0.1' ? null : 'no client certificate');
    // The CA bundle is given as a file path, as a user picking their company's bundle would.
    caPath = join(dir, 'ca.pem');
    writeFileSync(caPath, pki.ca.cert);
  }, 60_000);
  afterAll(() => tlsServer.close());

  it('PEM certificate and key: the server sees the client certificate', async () => {
    const mtls = await connections.save(input({ type: 'none' }, { baseUrl: tlsServer.url, ca: caPath, clientCertificate: pem() }));
    expect(mtls.ca).toBe(pki.ca.cert);
    expect(mtls.clientCertificate).toMatchObject({ kind: 'pem', subject: 'CN=127.0.0.1', key: { id: expect.any(String) } });
    expect(body(await send(mtls.id, { url: '/' }))).toEqual(expect.objectContaining({ ok: true, clientCn: '127.0.0.1' }));
    // Without a certificate the server ends the handshake (with an alert, or under TLS 1.3 often by
    // just closing), and the error points at the client certificate.
    const plain = await connections.save(input({ type: 'none' }, { baseUrl: tlsServer.url, ca: caPath, clientCertificate: { kind: 'none' } }));
    expect((await failure(send(plain.id, { url: '/' }))).message).toContain('client certificate');
  });

  it('an encrypted key from files: right passphrase accepted, wrong one refused with that reason', async () => {
    const encrypted = createPrivateKey(pki.valid.key).export({ type: 'pkcs8', format: 'pem', cipher: 'aes-256-cbc', passphrase }).toString();
    const certPath = join(dir, 'client.crt');
    const keyPath = join(dir, 'client.key');
    writeFileSync(certPath, pki.valid.cert);
    writeFileSync(keyPath, encrypted);
    const good = await connections.save(input({ type: 'none' }, { baseUrl: tlsServer.url, ca: caPath, clientCertificate: pem({ certificate: certPath, key: keyPath, passphrase }) }));
    expect(body(await send(good.id, { url: '/' })).clientCn).toBe('127.0.0.1');
    await expect(connections.save(input({ type: 'none' }, { clientCertificate: pem({ certificate: certPath, key: keyPath, passphrase: 'wrong' }) }))).rejects.toMatchObject({
      code: 'invalid_certificate',
      message: 'The passphrase is wrong: the private key could not be decrypted with it.',
    });
    await expect(connections.save(input({ type: 'none' }, { clientCertificate: pem({ certificate: join(dir, 'missing.crt') }) }))).rejects.toMatchObject({
      message: expect.stringContaining('there is no such file'),
    });
  });

  it('verification off for one connection reaches a server the connection does not trust; others still verify', async () => {
    const unverified = await connections.save(input({ type: 'none' }, { baseUrl: tlsServer.url, verifyTls: false, clientCertificate: pem() }));
    expect(body(await send(unverified.id, { url: '/' })).clientCn).toBe('127.0.0.1');
    const verified = await connections.save(input({ type: 'none' }, { baseUrl: tlsServer.url, clientCertificate: pem() }));
    expect(await failure(send(verified.id, { url: '/' }))).toMatchObject({ code: 'tls_error' });
  });

  it('a key that does not match its certificate is refused', async () => {
    await expect(connections.save(input({ type: 'none' }, { clientCertificate: pem({ key: pki.selfSigned.key }) }))).rejects.toMatchObject({
      code: 'invalid_certificate',
      message: 'The private key does not match the certificate (they are not a pair).',
    });
  });

  it('PKCS#12 / PFX with its passphrase; a wrong passphrase is refused', async () => {
    const p12 = forge.pkcs12.toPkcs12Asn1(forge.pki.privateKeyFromPem(pki.valid.key), [forge.pki.certificateFromPem(pki.valid.cert)], passphrase, { algorithm: '3des' });
    const pfxPath = join(dir, 'client.p12');
    writeFileSync(pfxPath, Buffer.from(forge.asn1.toDer(p12).getBytes(), 'binary'));
    const pfx = (pass: string) => ({ kind: 'pfx' as const, pfx: secret(pfxPath), passphrase: secret(pass) });
    const good = await connections.save(input({ type: 'none' }, { baseUrl: tlsServer.url, ca: caPath, clientCertificate: pfx(passphrase) }));
    expect(body(await send(good.id, { url: '/' })).clientCn).toBe('127.0.0.1');
    await expect(connections.save(input({ type: 'none' }, { clientCertificate: pfx('wrong') }))).rejects.toMatchObject({
      code: 'invalid_certificate',
      message: 'The passphrase is wrong: the PKCS#12 / PFX file could not be opened with it.',
    });
  });
});

describe('storage and Test connection', () => {
  it('keeps every secret in the keychain: the data files and the list hold only ids', async () => {
    const saved = await connections.save(input({ type: 'basic', username: 'bob', password: secret('file-must-not-hold-this') }));
    const files = readdirSync(join(dir, 'data')).map((name) => readFileSync(join(dir, 'data', name), 'utf8'));
    expect(files.join('\n')).toContain(saved.id);
    for (const value of ['file-must-not-hold-this', 's3cret-pässword', 'tok-123456', 'body-secret-88', 'test-secret-access-key-0000001', 'BEGIN RSA PRIVATE KEY']) {
      expect(files.join('\n')).not.toContain(value);
      expect(JSON.stringify(connections.list())).not.toContain(value);
    }
    expect([...keychain.values.values()]).toContain('file-must-not-hold-this');
  });

  it('keeps a secret when saved without a new value, replaces it with one, and deletes it with the connection', async () => {
    server.check = (r) => (r.headers['api-token'] === 'first-token' || r.headers['api-token'] === 'second-token' ? null : 'no');
    const first = await connections.save(input({ type: 'apiToken', headerName: 'api-token', token: secret('first-token') }));
    const tokenId = (first.auth as { token: { id: string } }).token.id;
    const renamed = await connections.save({ ...input({ type: 'apiToken', headerName: 'api-token', token: { id: tokenId } }), id: first.id, name: 'Renamed' });
    expect(renamed.name).toBe('Renamed');
    expect(keychain.values.get(tokenId)).toBe('first-token');
    expect((await send(first.id, { url: '/' })).status).toBe(200);
    await connections.save({ ...input({ type: 'apiToken', headerName: 'api-token', token: { id: tokenId, set: 'second-token' } }), id: first.id, name: 'Renamed' });
    expect(keychain.values.get(tokenId)).toBe('second-token');
    expect((await send(first.id, { url: '/' })).status).toBe(200);
    expect(await connections.delete(first.id)).toBe(true);
    expect(keychain.values.has(tokenId)).toBe(false);
    expect(await failure(send(first.id, { url: '/' }))).toMatchObject({ code: 'connection_not_found' });
  });

  it('tests a connection at its test path and keeps the outcome on it', async () => {
    server.check = (r) => (r.headers['api-token'] === 'test-token' ? null : 'missing token');
    const good = await connections.save(input({ type: 'apiToken', headerName: 'api-token', token: secret('test-token') }, { testPath: '/health' }));
    const result = await connections.test(good.id, (request) => executor.execute(request, { record: false }));
    expect(result).toMatchObject({ ok: true, status: 200, url: `${server.url}/health`, message: '' });
    expect(connections.get(good.id).lastTest).toEqual(result);
    const bad = await connections.save(input({ type: 'apiToken', headerName: 'api-token', token: secret('wrong-token') }));
    expect(await connections.test(bad.id, (request) => executor.execute(request))).toMatchObject({ ok: false, status: 401, message: 'The server answered 401 Unauthorized.' });
    const down = await connections.save(input({ type: 'none' }, { baseUrl: 'http://127.0.0.1:9' }));
    expect(await connections.test(down.id, (request) => executor.execute(request))).toMatchObject({ ok: false, status: null, message: expect.stringContaining('refused') });
  });

  it("tests what the editor holds without saving it: nothing stored, no secret written, the failed answer's first lines shown without the secret", async () => {
    server.check = (r) => (r.headers['api-token'] === 'draft-token' ? null : `missing token (got ${String(r.headers['api-token'])})`);
    const before = { list: connections.list().length, secrets: keychain.values.size };
    const draft = input({ type: 'apiToken', headerName: 'api-token', token: secret('wrong-draft-token') }, { testPath: '/health' });
    const failed = await connections.testDraft(draft, (request) => executor.execute(request, { record: false }));
    expect(failed).toMatchObject({ ok: false, status: 401, message: 'The server answered 401 Unauthorized.' });
    expect(failed.body).toContain('missing token');
    // The server echoed the token: the preview does not.
    expect(failed.body).not.toContain('wrong-draft-token');
    expect(failed.body).toContain('[redacted]');
    expect(connections.list()).toHaveLength(before.list);
    expect(keychain.values.size).toBe(before.secrets);
    // An edit of a saved connection: tested as edited, saved as it was, keeping its last test.
    const good = await connections.save(input({ type: 'apiToken', headerName: 'api-token', token: secret('draft-token') }, { testPath: '/health' }));
    const kept = await connections.test(good.id, (request) => executor.execute(request, { record: false }));
    const tokenId = (good.auth as { token: { id: string } }).token.id;
    const edit = { ...input({ type: 'apiToken', headerName: 'api-token', token: { id: tokenId, set: 'edited-but-unsaved' } }, { testPath: '/health' }), id: good.id, name: good.name };
    expect(await connections.testDraft(edit, (request) => executor.execute(request, { record: false }))).toMatchObject({ ok: false, status: 401 });
    expect(keychain.values.get(tokenId)).toBe('draft-token');
    expect(connections.get(good.id).lastTest).toEqual(kept);
    expect((await send(good.id, { url: '/' })).status).toBe(200);
    // Test, then Save of that same edit: the test's outcome is the saved connection's.
    const fixed = { ...edit, auth: { type: 'apiToken' as const, headerName: 'api-token', token: { id: tokenId, set: 'draft-token' } } };
    const outcome = await connections.testDraft(fixed, (request) => executor.execute(request, { record: false }));
    expect(outcome.ok).toBe(true);
    expect((await connections.save(fixed)).lastTest).toEqual(outcome);
  });

  it('copies as cURL with the base URL joined and the credentials as placeholders, or real ones that curl can send', async () => {
    server.check = (r) => (r.headers.authorization === `Basic ${Buffer.from('carol:curl-password').toString('base64')}` ? null : 'refused');
    const basic = await connections.save(input({ type: 'basic', username: 'carol', password: secret('curl-password') }, { baseUrl: `${server.url}/v1` }));
    const request = spec({ url: '/orders', connectionId: basic.id });
    const safe = await executor.curl(request, () => undefined, false);
    expect(safe).toContain(`${server.url}/v1/orders`);
    expect(safe).toContain("-H 'Authorization: <Authorization>'");
    expect(safe).not.toContain(Buffer.from('carol:curl-password').toString('base64'));
    const full = await executor.curl(request, () => undefined, true);
    // Asynchronously: the server answering curl runs in this process.
    const { stdout: output } = await promisify(execFile)('sh', ['-c', full], { encoding: 'utf8' });
    expect(JSON.parse(output)).toMatchObject({ ok: true, path: '/v1/orders' });
  });

  it('fills {{variables}} in the base URL and names missing ones', async () => {
    server.check = () => null;
    variables.set('apiHost', server.url);
    const templated = await connections.save(input({ type: 'none' }, { baseUrl: '{{apiHost}}/v2' }));
    expect((await send(templated.id, { url: '/x', headers: [header('X-Plain', 'yes')] })).url).toBe(`${server.url}/v2/x`);
    const missing = await connections.save(input({ type: 'bearer', token: secret('{{noSuchToken}}') }));
    expect(await failure(send(missing.id, { url: '/' }))).toMatchObject({ code: 'unresolved_variable', message: expect.stringContaining('{{noSuchToken}}') });
  });
});

/** A server that redirects every request to `to`. */
async function startRedirectServer(to: string) {
  const s = createServer((_req, res) => {
    res.writeHead(302, { location: to });
    res.end();
  });
  await new Promise<void>((resolve) => s.listen(0, '127.0.0.1', resolve));
  const port = (s.address() as AddressInfo).port;
  return { url: `http://127.0.0.1:${port}`, close: () => new Promise<void>((resolve) => s.close(() => resolve())) };
}
