import { generateKeyPairSync } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfDocumentStore } from '../../../../main/adapters/confDocumentStore';
import { confFactory } from '../../../../main/adapters/confFactory';
import { JwtService, profilesSpec, TOKEN_HISTORY_ID } from '../../../../main/core/jwt/jwtService';
import { StoredDocument } from '../../../../main/core/persistence/storedDocument';
import { memoryLogger } from '../../../fixtures/testPorts';
import { SecretService } from '../../../../main/core/secrets/secretService';
import { memorySecretStore, realClock } from '../../../fixtures/testPorts';

const SECRET = 'a-shared-secret-of-thirty-two-bytes!';
const pair = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
const jwk = { ...pair.publicKey.export({ format: 'jwk' }), kid: 'key-2', alg: 'ES256' };
let jwksUrl = '';
const server = createServer((req, res) => {
  if (req.url === '/.well-known/jwks.json') {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ keys: [{ ...generateKeyPairSync('ec', { namedCurve: 'prime256v1' }).publicKey.export({ format: 'jwk' }), kid: 'key-1' }, jwk] }));
  } else {
    res.writeHead(404);
    res.end();
  }
});
beforeAll(async () => {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  jwksUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/.well-known/jwks.json`;
});
const dataDir = mkdtempSync(join(tmpdir(), 'latchkey-jwt-service-'));
afterAll(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
  rmSync(dataDir, { recursive: true, force: true });
});
let n = 0;
const serviceOver = (secrets: SecretService) =>
  new JwtService(secrets, realClock, StoredDocument.open(profilesSpec, { store: new ConfDocumentStore(join(dataDir, `d${++n}`), confFactory), clock: realClock, logger: memoryLogger(), notify: () => undefined }));

const request = (payload: string, record: boolean) => ({ algorithm: 'HS256' as const, key: { kind: 'text' as const, text: SECRET }, passphrase: '', hmacEncoding: 'text' as const, header: '{}', payload, record });

describe('JwtService', () => {
  it('keeps signed tokens (not previews) in a history held in the keychain, newest first, at most 50', async () => {
    const keychain = memorySecretStore();
    const service = serviceOver(new SecretService(keychain));
    const preview = await service.sign(request('{"sub": "preview"}', false));
    expect(preview.historyId).toBeNull();
    for (let i = 0; i < 52; i++) await service.sign(request(`{"sub": "client-${i}", "exp": 4102444800}`, true));
    const list = await service.list();
    expect(list).toHaveLength(50);
    expect(list[0]).toMatchObject({ subject: 'client-51', algorithm: 'HS256', expiresAt: 4102444800 });
    expect(JSON.stringify(list)).not.toContain('eyJ');
    const stored = keychain.values.get(TOKEN_HISTORY_ID) ?? '';
    expect(stored).toContain(await service.token(list[0]!.id));
    // A fresh service (a restart) reads the same history back from the keychain.
    const again = serviceOver(new SecretService(keychain));
    expect((await again.list()).map((e) => e.id)).toEqual(list.map((e) => e.id));
    expect(await again.remove(list[0]!.id)).toHaveLength(49);
    expect(await again.clear()).toEqual([]);
    expect(keychain.values.has(TOKEN_HISTORY_ID)).toBe(false);
  });

  it('saves signing profiles with the key in the keychain, signs with them, and deletes their secrets with them', async () => {
    const keychain = memorySecretStore();
    const service = serviceOver(new SecretService(keychain));
    const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ type: 'pkcs1', format: 'pem' }).toString();
    await expect(service.saveProfile({ name: 'Partner', algorithm: 'ES256', hmacEncoding: 'text', key: rsa, header: '{}', claims: '{}' })).rejects.toThrow('ES256 needs an EC P-256 key; this is an RSA 2048-bit key.');
    const profile = await service.saveProfile({ name: 'Partner', algorithm: 'RS256', hmacEncoding: 'text', key: rsa, header: '{"kid": "partner-1"}', claims: '{"sub": "acme"}' });
    expect(profile).toMatchObject({ detected: 'PEM PKCS#1: an RSA 2048-bit key', key: { id: expect.any(String) } });
    expect(keychain.values.get(profile.key.id)).toBe(rsa);
    const files = readdirSync(join(dataDir, `d${n}`)).map((f) => readFileSync(join(dataDir, `d${n}`, f), 'utf8')).join('\n');
    expect(files).toContain('Partner');
    expect(files).not.toContain('PRIVATE KEY');
    // Renamed without a new key: the stored key stays.
    const renamed = await service.saveProfile({ id: profile.id, name: 'Partner (prod)', algorithm: 'RS256', hmacEncoding: 'text', header: '{"kid": "partner-1"}', claims: '{"sub": "acme"}' });
    expect(renamed.key.id).toBe(profile.key.id);
    const signed = await service.sign({ algorithm: 'RS256', key: { kind: 'profile', profileId: profile.id }, passphrase: '', hmacEncoding: 'text', header: renamed.header, payload: renamed.claims, record: false });
    expect(service.decode(signed.token).keyId).toBe('partner-1');
    expect(await service.deleteProfile(profile.id)).toBe(true);
    expect(keychain.values.has(profile.key.id)).toBe(false);
    expect(service.profiles()).toEqual([]);
  });

  it('verifies with a JWKS URL fetched by main, picking the key by kid', async () => {
    const { sign } = await import('../../../../main/core/jwt/signer');
    const token = (await sign({ algorithm: 'ES256', key: pair.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(), header: '{"kid": "key-2"}', payload: '{"sub": "x"}' })).token;
    const service = serviceOver(new SecretService(memorySecretStore()));
    expect(await service.verify(token, { kind: 'jwksUrl', url: jwksUrl })).toMatchObject({ valid: true, detected: expect.stringContaining('JWK Set key "key-2"') });
    await expect(service.verify(token, { kind: 'jwksUrl', url: jwksUrl.replace('jwks.json', 'missing') })).rejects.toThrow('answered 404');
  });
});
