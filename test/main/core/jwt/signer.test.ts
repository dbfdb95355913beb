import { execFileSync } from 'node:child_process';
import { constants, createHmac, createPublicKey, generateKeyPairSync, verify as cryptoVerify, type KeyObject } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sshpk from 'sshpk';
import { afterAll, describe, expect, it } from 'vitest';
import type { JwtAlgorithm } from '../../../../preload/contract';
import { decode, generate, sign, verify } from '../../../../main/core/jwt/signer';

const dir = mkdtempSync(join(tmpdir(), 'latchkey-jwt-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const PAYLOAD = '{"sub": "ak_live_123", "name": "Acme Integration", "iat": 1700000000}';
const HASH: Record<string, string> = { '256': 'sha256', '384': 'sha384', '512': 'sha512' };

/** Checks a token with Node's crypto directly over the signing input: independent of jose. */
function independentlyValid(token: string, algorithm: JwtAlgorithm, key: KeyObject | Buffer): boolean {
  const [h, p, s] = token.split('.') as [string, string, string];
  const input = Buffer.from(`${h}.${p}`);
  const signature = Buffer.from(s, 'base64url');
  const hash = HASH[algorithm.slice(2)] ?? 'sha256';
  if (algorithm.startsWith('HS')) return createHmac(hash, key as Buffer).update(input).digest().equals(signature);
  const publicKey = key as KeyObject;
  if (algorithm === 'EdDSA') return cryptoVerify(null, input, publicKey, signature);
  if (algorithm.startsWith('RS')) return cryptoVerify(hash, input, publicKey, signature);
  if (algorithm.startsWith('PS')) return cryptoVerify(hash, input, { key: publicKey, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: Number(algorithm.slice(2)) / 8 }, signature);
  return cryptoVerify(hash, input, { key: publicKey, dsaEncoding: 'ieee-p1363' }, signature);
}

type Pair = { privateKey: KeyObject; publicKey: KeyObject };
const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 });
const ec: Record<string, Pair> = {
  ES256: generateKeyPairSync('ec', { namedCurve: 'prime256v1' }),
  ES384: generateKeyPairSync('ec', { namedCurve: 'secp384r1' }),
  ES512: generateKeyPairSync('ec', { namedCurve: 'secp521r1' }),
};
const ed = generateKeyPairSync('ed25519');

/** Every way the signer takes a private key, for one key pair. */
function formats(pair: Pair, kind: 'rsa' | 'ec' | 'ed'): [string, string, string?][] {
  const pkcs8 = pair.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
  const jwk = { ...pair.privateKey.export({ format: 'jwk' }), kid: 'k2' };
  const list: [string, string, string?][] = [
    ['PEM PKCS#8', pkcs8],
    ['encrypted PEM PKCS#8', pair.privateKey.export({ type: 'pkcs8', format: 'pem', cipher: 'aes-256-cbc', passphrase: 'pass phrase' }).toString(), 'pass phrase'],
    ['OpenSSH', sshpk.parsePrivateKey(pkcs8, 'pem').toString('openssh')],
    ['JWK', JSON.stringify(jwk)],
    ['JWK Set', JSON.stringify({ keys: [{ ...jwk, kid: 'k1', d: undefined }, jwk].map((k) => ({ ...k, kid: k.kid })) })],
  ];
  if (kind === 'rsa') list.push(['PEM PKCS#1', pair.privateKey.export({ type: 'pkcs1', format: 'pem' }).toString()]);
  if (kind === 'ec') list.push(['PEM SEC1', pair.privateKey.export({ type: 'sec1', format: 'pem' }).toString()]);
  return list;
}

const cases: [JwtAlgorithm, Pair, 'rsa' | 'ec' | 'ed'][] = [
  ['RS256', rsa, 'rsa'],
  ['RS384', rsa, 'rsa'],
  ['RS512', rsa, 'rsa'],
  ['PS256', rsa, 'rsa'],
  ['PS384', rsa, 'rsa'],
  ['PS512', rsa, 'rsa'],
  ['ES256', ec.ES256!, 'ec'],
  ['ES384', ec.ES384!, 'ec'],
  ['ES512', ec.ES512!, 'ec'],
  ['EdDSA', ed, 'ed'],
];

describe('signing: every algorithm with every key format it takes, checked by an independent verifier', () => {
  for (const [algorithm, pair, kind] of cases) {
    for (const [format, key, passphrase] of formats(pair, kind)) {
      it(`${algorithm} with ${format}`, async () => {
        const header = format === 'JWK Set' ? '{"kid": "k2"}' : '{}';
        const signed = await sign({ algorithm, key, header, payload: PAYLOAD, ...(passphrase ? { passphrase } : {}) });
        expect(independentlyValid(signed.token, algorithm, pair.publicKey)).toBe(true);
        expect(signed.detected).toMatch(kind === 'rsa' ? /RSA 2048-bit/ : kind === 'ec' ? /EC P-/ : /Ed25519/);
        const decoded = decode(signed.token, 1700000001);
        expect(JSON.parse(decoded.header)).toMatchObject({ alg: algorithm, typ: 'JWT' });
        expect(JSON.parse(decoded.payload)).toEqual(JSON.parse(PAYLOAD));
      });
    }
  }

  for (const [algorithm, bytes] of [
    ['HS256', 32],
    ['HS384', 48],
    ['HS512', 64],
  ] as const) {
    const secret = Buffer.alloc(bytes, 7);
    for (const [encoding, text] of [
      ['text', 'x'.repeat(bytes)],
      ['base64', secret.toString('base64')],
      ['hex', secret.toString('hex')],
    ] as const) {
      it(`${algorithm} with a ${encoding} secret`, async () => {
        const signed = await sign({ algorithm, key: text, hmacEncoding: encoding, header: '{}', payload: PAYLOAD });
        expect(independentlyValid(signed.token, algorithm, encoding === 'text' ? Buffer.from(text) : secret)).toBe(true);
        expect(signed.detected).toContain(`as ${encoding}, ${bytes} bytes`);
      });
    }
  }
});

it('takes a text secret that merely starts with "{" as a secret, not a JWK', async () => {
  const secret = '{not-a-jwk}-but-a-long-enough-shared-secret';
  const signed = await sign({ algorithm: 'HS256', key: secret, header: '{}', payload: PAYLOAD });
  expect(independentlyValid(signed.token, 'HS256', Buffer.from(secret))).toBe(true);
});

describe('openssl agrees', () => {
  it('verifies RS256 and ES256 tokens with openssl dgst', async () => {
    const publicPem = join(dir, 'rsa.pub.pem');
    writeFileSync(publicPem, rsa.publicKey.export({ type: 'spki', format: 'pem' }));
    const rs = (await sign({ algorithm: 'RS256', key: rsa.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(), header: '{}', payload: PAYLOAD })).token;
    const [h, p, s] = rs.split('.') as [string, string, string];
    writeFileSync(join(dir, 'input'), `${h}.${p}`);
    writeFileSync(join(dir, 'rs.sig'), Buffer.from(s, 'base64url'));
    expect(execFileSync('openssl', ['dgst', '-sha256', '-verify', publicPem, '-signature', join(dir, 'rs.sig'), join(dir, 'input')], { encoding: 'utf8' })).toContain('Verified OK');

    const ecPem = join(dir, 'ec.pub.pem');
    writeFileSync(ecPem, ec.ES256!.publicKey.export({ type: 'spki', format: 'pem' }));
    const es = (await sign({ algorithm: 'ES256', key: ec.ES256!.privateKey.export({ type: 'sec1', format: 'pem' }).toString(), header: '{}', payload: PAYLOAD })).token;
    const [eh, ep, esig] = es.split('.') as [string, string, string];
    writeFileSync(join(dir, 'es-input'), `${eh}.${ep}`);
    // JWS carries r||s (IEEE P1363); openssl wants DER.
    writeFileSync(join(dir, 'es.sig'), p1363ToDer(Buffer.from(esig, 'base64url')));
    expect(execFileSync('openssl', ['dgst', '-sha256', '-verify', ecPem, '-signature', join(dir, 'es.sig'), join(dir, 'es-input')], { encoding: 'utf8' })).toContain('Verified OK');
  });
});

describe('ssh-keygen keys', () => {
  it('an OpenSSH key from ssh-keygen -t rsa signs RS256 and its .pub verifies it', async () => {
    const keyPath = join(dir, 'k');
    execFileSync('ssh-keygen', ['-q', '-t', 'rsa', '-b', '3072', '-f', keyPath, '-N', '']);
    const signed = await sign({ algorithm: 'RS256', key: readFileSync(keyPath, 'utf8'), header: '{}', payload: PAYLOAD });
    expect(signed.detected).toBe('OpenSSH private key: an RSA 3072-bit key');
    const result = await verify(signed.token, readFileSync(`${keyPath}.pub`, 'utf8'), 'text');
    expect(result).toMatchObject({ valid: true, detected: 'OpenSSH public key: an RSA 3072-bit key' });
    expect(independentlyValid(signed.token, 'RS256', createPublicKey(sshpk.parseKey(readFileSync(`${keyPath}.pub`, 'utf8'), 'ssh').toString('pkcs8')))).toBe(true);
  });

  it('an ssh-keygen Ed25519 key with a passphrase signs EdDSA', async () => {
    const keyPath = join(dir, 'ed');
    execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-f', keyPath, '-N', 'open sesame']);
    await expect(sign({ algorithm: 'EdDSA', key: readFileSync(keyPath, 'utf8'), header: '{}', payload: PAYLOAD })).rejects.toThrow('This OpenSSH private key is encrypted: enter its passphrase.');
    const signed = await sign({ algorithm: 'EdDSA', key: readFileSync(keyPath, 'utf8'), passphrase: 'open sesame', header: '{}', payload: PAYLOAD });
    expect((await verify(signed.token, readFileSync(`${keyPath}.pub`, 'utf8'), 'text')).valid).toBe(true);
  });
});

describe('verify: tokens made elsewhere (RFC 7515 and RFC 7520 examples)', () => {
  const FRODO = 'SXTigJlzIGEgZGFuZ2Vyb3VzIGJ1c2luZXNzLCBGcm9kbywgZ29pbmcgb3V0IHlvdXIgZG9vci4gWW91IHN0ZXAgb250byB0aGUgcm9hZCwgYW5kIGlmIHlvdSBkb24ndCBrZWVwIHlvdXIgZmVldCwgdGhlcmXigJlzIG5vIGtub3dpbmcgd2hlcmUgeW91IG1pZ2h0IGJlIHN3ZXB0IG9mZiB0by4';

  it('RFC 7515 A.1 (HS256, JWK key) and a tampered copy', async () => {
    const token =
      'eyJ0eXAiOiJKV1QiLA0KICJhbGciOiJIUzI1NiJ9.eyJpc3MiOiJqb2UiLA0KICJleHAiOjEzMDA4MTkzODAsDQogImh0dHA6Ly9leGFtcGxlLmNvbS9pc19yb290Ijp0cnVlfQ.dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk';
    const key = '{"kty":"oct","k":"AyM1SysPpbyDfgZld3umj1qzKObwVMkoqQ-EstJQLr_T-1qS0gZH75aKtMN3Yj0iPS4hcgUuTwjAzZr1Z9CAow"}';
    expect(await verify(token, key, 'text')).toMatchObject({ valid: true, detected: 'JWK oct secret, 64 bytes' });
    const decoded = decode(token, 1300819381);
    expect(decoded.expired).toBe(true);
    expect(decoded.times).toEqual([{ claim: 'exp', seconds: 1300819380, iso: '2011-03-22T18:43:00.000Z' }]);
    const tampered = `${token.split('.')[0]}.${Buffer.from('{"iss":"joe","exp":1300819380,"http://example.com/is_root":false}').toString('base64url')}.${token.split('.')[2]}`;
    expect(await verify(tampered, key, 'text')).toMatchObject({ valid: false, message: expect.stringContaining('does not match') });
  });

  it('RFC 7520 4.4 (HS256 with kid, key from a JWK Set) and 4.3 (ES512, public JWK)', async () => {
    const hs = `eyJhbGciOiJIUzI1NiIsImtpZCI6IjAxOGMwYWU1LTRkOWItNDcxYi1iZmQ2LWVlZjMxNGJjNzAzNyJ9.${FRODO}.s0h6KThzkfBBBkLspW1h84VsJZFTsPPqMDA7g1Md7p0`;
    const set = JSON.stringify({ keys: [{ kty: 'oct', kid: 'other', k: 'AyM1SysPpbyDfgZld3umj1qzKObwVMkoqQ-EstJQLr_T-1qS0gZH75aKtMN3Yj0iPS4hcgUuTwjAzZr1Z9CAow' }, { kty: 'oct', kid: '018c0ae5-4d9b-471b-bfd6-eef314bc7037', use: 'sig', alg: 'HS256', k: 'hJtXIZ2uSN5kbQfbtTNWbpdmhkV8FJG-Onbc6mxCcYg' }] });
    expect((await verify(hs, set, 'text')).valid).toBe(true);
    const es = `eyJhbGciOiJFUzUxMiIsImtpZCI6ImJpbGJvLmJhZ2dpbnNAaG9iYml0b24uZXhhbXBsZSJ9.${FRODO}.AE_R_YZCChjn4791jSQCrdPZCNYqHXCTZH0-JZGYNlaAjP2kqaluUIIUnC9qvbu9Plon7KRTzoNEuT4Va2cmL1eJAQy3mtPBu_u_sDDyYjnAMDxXPn7XrT0lw-kvAD890jl8e2puQens_IEKBpHABlsbEPX6sFY8OcGDqoRuBomu9xQ2`;
    const publicJwk = JSON.stringify({ kty: 'EC', kid: 'bilbo.baggins@hobbiton.example', use: 'sig', crv: 'P-521', x: 'AHKZLLOsCOzz5cY97ewNUajB957y-C-U88c3v13nmGZx6sYl_oJXu9A5RkTKqjqvjyekWF-7ytDyRXYgCF5cj0Kt', y: 'AdymlHvOiLxXkEhayXQnNCvDX4h9htZaCJN34kfmC6pV5OhQHiraVySsUdaQkAgDPrwQrJmbnX9cwlGfP-HqHZR1' });
    expect(await verify(es, publicJwk, 'text')).toMatchObject({ valid: true, detected: 'JWK: an EC P-521 key' });
  });

  it('verifies with PEM SPKI, PKCS#1 public, an X.509 certificate and an OpenSSH public key line', async () => {
    const token = (await sign({ algorithm: 'RS256', key: rsa.privateKey.export({ type: 'pkcs1', format: 'pem' }).toString(), header: '{}', payload: PAYLOAD })).token;
    const spki = rsa.publicKey.export({ type: 'spki', format: 'pem' }).toString();
    const pkcs1 = rsa.publicKey.export({ type: 'pkcs1', format: 'pem' }).toString();
    const cert = sshpk.createSelfSignedCertificate(sshpk.identityForHost('api.example'), sshpk.parsePrivateKey(rsa.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(), 'pem')).toString('pem');
    const ssh = sshpk.parseKey(spki, 'pem').toString('ssh');
    for (const [key, detected] of [
      [spki, 'PEM SPKI public key'],
      [pkcs1, 'PEM PKCS#1 public key'],
      [cert, 'X.509 certificate'],
      [ssh, 'OpenSSH public key'],
    ] as const) {
      expect(await verify(token, key, 'text')).toMatchObject({ valid: true, detected: `${detected}: an RSA 2048-bit key` });
    }
    const other = generateKeyPairSync('rsa', { modulusLength: 2048 }).publicKey.export({ type: 'spki', format: 'pem' }).toString();
    expect((await verify(token, other, 'text')).valid).toBe(false);
  });

  it('never accepts alg "none"', async () => {
    const none = `${Buffer.from('{"alg":"none"}').toString('base64url')}.${Buffer.from('{"sub":"x"}').toString('base64url')}.`;
    await expect(verify(none, 'anything at all, 32 bytes long or more', 'text')).rejects.toThrow('"alg": "none"');
  });
});

describe('refusals, with the stated reasons', () => {
  it('refuses a key that does not fit the algorithm', async () => {
    const ecPem = ec.ES256!.privateKey.export({ type: 'sec1', format: 'pem' }).toString();
    await expect(sign({ algorithm: 'RS256', key: ecPem, header: '{}', payload: PAYLOAD })).rejects.toThrow('RS256 needs an RSA key; this is an EC P-256 key.');
    await expect(sign({ algorithm: 'ES384', key: ecPem, header: '{}', payload: PAYLOAD })).rejects.toThrow('ES384 needs an EC P-384 key; this is an EC P-256 key.');
    await expect(sign({ algorithm: 'EdDSA', key: rsa.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(), header: '{}', payload: PAYLOAD })).rejects.toThrow('EdDSA needs an Ed25519 key; this is an RSA 2048-bit key.');
    await expect(sign({ algorithm: 'HS256', key: ecPem, header: '{}', payload: PAYLOAD })).rejects.toThrow('HS256 needs a shared secret, not a key pair');
    await expect(sign({ algorithm: 'RS256', key: rsa.publicKey.export({ type: 'spki', format: 'pem' }).toString(), header: '{}', payload: PAYLOAD })).rejects.toThrow('signing needs the private key');
  });

  it('refuses HMAC secrets under the algorithm length and RSA under 2048 bits', async () => {
    await expect(sign({ algorithm: 'HS256', key: 'x'.repeat(31), header: '{}', payload: PAYLOAD })).rejects.toThrow('HS256 needs a secret of at least 32 bytes (256 bits, RFC 7518 §3.2); this one has 31 bytes.');
    await expect(sign({ algorithm: 'HS512', key: Buffer.alloc(48).toString('base64'), hmacEncoding: 'base64', header: '{}', payload: PAYLOAD })).rejects.toThrow('this one has 48 bytes once decoded from base64');
    const small = generateKeyPairSync('rsa', { modulusLength: 1024 }).privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    await expect(sign({ algorithm: 'RS256', key: small, header: '{}', payload: PAYLOAD })).rejects.toThrow('RSA keys under 2048 bits are refused (RFC 7518 §3.3); this one has 1024.');
  });

  it('names a wrong passphrase, bad JSON and bad claim types', async () => {
    const encrypted = rsa.privateKey.export({ type: 'pkcs8', format: 'pem', cipher: 'aes-256-cbc', passphrase: 'right' }).toString();
    await expect(sign({ algorithm: 'RS256', key: encrypted, header: '{}', payload: PAYLOAD })).rejects.toThrow('encrypted: enter its passphrase');
    await expect(sign({ algorithm: 'RS256', key: encrypted, passphrase: 'wrong', header: '{}', payload: PAYLOAD })).rejects.toThrow('The passphrase is wrong');
    await expect(sign({ algorithm: 'HS256', key: 'x'.repeat(32), header: '{}', payload: '{"sub": ' })).rejects.toThrow('The payload is not valid JSON');
    await expect(sign({ algorithm: 'HS256', key: 'x'.repeat(32), header: '{}', payload: '{"exp": "tomorrow"}' })).rejects.toThrow('"exp" claim must be a number');
    expect(() => decode('abc.def', 0)).toThrow('three parts');
  });
});

describe('generate', () => {
  it('makes HMAC secrets of the chosen size and key pairs with PEM, JWK and OpenSSH public keys that verify', async () => {
    const hmac = await generate('hmac-48');
    expect(Buffer.from(hmac.secret!, 'base64')).toHaveLength(48);
    for (const kind of ['rsa-2048', 'ec-p384', 'ed25519'] as const) {
      const made = await generate(kind);
      const signed = await sign({ algorithm: made.algorithm, key: made.privateKey!, header: '{}', payload: PAYLOAD });
      expect((await verify(signed.token, made.publicPem!, 'text')).valid).toBe(true);
      expect((await verify(signed.token, made.publicJwk!, 'text')).valid).toBe(true);
      if (kind === 'ec-p384') expect(made.openssh).toBeNull();
      else {
        expect(made.openssh).toMatch(kind === 'rsa-2048' ? /^ssh-rsa AAAA\S+ latchkey$/ : /^ssh-ed25519 AAAA\S+ latchkey$/);
        expect((await verify(signed.token, made.openssh!, 'text')).valid).toBe(true);
      }
    }
  });
});

/** An ECDSA r||s signature as the DER SEQUENCE openssl reads. */
function p1363ToDer(signature: Buffer): Buffer {
  const half = signature.length / 2;
  const integer = (bytes: Buffer) => {
    let b = bytes;
    while (b.length > 1 && b[0] === 0 && (b[1]! & 0x80) === 0) b = b.subarray(1);
    if (b[0]! & 0x80) b = Buffer.concat([Buffer.from([0]), b]);
    return Buffer.concat([Buffer.from([0x02, b.length]), b]);
  };
  const body = Buffer.concat([integer(signature.subarray(0, half)), integer(signature.subarray(half))]);
  return Buffer.concat([Buffer.from([0x30, body.length]), body]);
}
