import { generateKeyPairSync } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { JwtService, TOKEN_HISTORY_ID } from '../../../../main/core/jwt/jwtService';
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
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

const request = (payload: string, record: boolean) => ({ algorithm: 'HS256' as const, key: { kind: 'text' as const, text: SECRET }, passphrase: '', hmacEncoding: 'text' as const, header: '{}', payload, record });

describe('JwtService', () => {
  it('keeps signed tokens (not previews) in a history held in the keychain, newest first, at most 50', async () => {
    const keychain = memorySecretStore();
    const service = new JwtService(new SecretService(keychain), realClock);
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
    const again = new JwtService(new SecretService(keychain), realClock);
    expect((await again.list()).map((e) => e.id)).toEqual(list.map((e) => e.id));
    expect(await again.remove(list[0]!.id)).toHaveLength(49);
    expect(await again.clear()).toEqual([]);
    expect(keychain.values.has(TOKEN_HISTORY_ID)).toBe(false);
  });

  it('signs with a key kept in the keychain by its id', async () => {
    const secrets = new SecretService(memorySecretStore());
    const id = await secrets.save(SECRET, 'profile-key-0001');
    const service = new JwtService(secrets, realClock);
    const signed = await service.sign({ ...request('{"sub": "x"}', false), key: { kind: 'stored', id } });
    expect((await service.verify(signed.token, { kind: 'text', text: SECRET, hmacEncoding: 'text' })).valid).toBe(true);
  });

  it('verifies with a JWKS URL fetched by main, picking the key by kid', async () => {
    const { sign } = await import('../../../../main/core/jwt/signer');
    const token = (await sign({ algorithm: 'ES256', key: pair.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(), header: '{"kid": "key-2"}', payload: '{"sub": "x"}' })).token;
    const service = new JwtService(new SecretService(memorySecretStore()), realClock);
    expect(await service.verify(token, { kind: 'jwksUrl', url: jwksUrl })).toMatchObject({ valid: true, detected: expect.stringContaining('JWK Set key "key-2"') });
    await expect(service.verify(token, { kind: 'jwksUrl', url: jwksUrl.replace('jwks.json', 'missing') })).rejects.toThrow('answered 404');
  });
});
