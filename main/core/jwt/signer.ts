import { generateKeyPairSync, randomBytes, type KeyObject } from 'node:crypto';
import { calculateJwkThumbprint, compactVerify, CompactSign, decodeProtectedHeader, type JWK } from 'jose';
import sshpk from 'sshpk';
import type { DecodedToken, GeneratedKey, HmacEncoding, JwtAlgorithm, KeyKind, VerifyResult } from '../../../preload/contract';
import { JWT_ALGORITHMS } from '../../../preload/contract';
import { LatchkeyError } from '../errors';
import { readSigningKey, readVerifyKey } from './keys';

/**
 * The JWT signer's core: no UI and no I/O beyond what it is handed, so a command-line interface
 * can use it as the app does.
 */

export function parseObject(text: string, what: 'header' | 'payload'): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(text.trim() === '' ? '{}' : text);
  } catch (error) {
    throw new LatchkeyError('invalid_body', `The ${what} is not valid JSON: ${(error as Error).message}`);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new LatchkeyError('invalid_body', `The ${what} must be a JSON object, like {"sub": "…"}.`);
  return value as Record<string, unknown>;
}

export interface SignInput {
  algorithm: JwtAlgorithm;
  key: string;
  passphrase?: string;
  hmacEncoding?: HmacEncoding;
  header: string;
  payload: string;
}

/** Signs header and payload as the user wrote them (alg set from the algorithm, typ JWT unless given). */
export async function sign(input: SignInput): Promise<{ token: string; detected: string; expiresAt: number | null; subject: string | null }> {
  const header = parseObject(input.header, 'header');
  const payload = parseObject(input.payload, 'payload');
  for (const claim of ['iat', 'nbf', 'exp'] as const) {
    if (payload[claim] !== undefined && typeof payload[claim] !== 'number') throw new LatchkeyError('invalid_body', `The "${claim}" claim must be a number of seconds since 1970 (NumericDate, RFC 7519 §2).`);
  }
  const { key, detected } = readSigningKey(input.algorithm, input.key, { ...(input.passphrase ? { passphrase: input.passphrase } : {}), hmacEncoding: input.hmacEncoding ?? 'text', ...(typeof header.kid === 'string' ? { kid: header.kid } : {}) });
  const protectedHeader = { typ: 'JWT', ...header, alg: input.algorithm };
  const token = await new CompactSign(new TextEncoder().encode(JSON.stringify(payload))).setProtectedHeader(protectedHeader).sign(key);
  return { token, detected, expiresAt: typeof payload.exp === 'number' ? payload.exp : null, subject: typeof payload.sub === 'string' ? payload.sub : null };
}

const GENERATED: Record<KeyKind, JwtAlgorithm> = {
  'hmac-32': 'HS256',
  'hmac-48': 'HS384',
  'hmac-64': 'HS512',
  'rsa-2048': 'RS256',
  'rsa-3072': 'RS256',
  'rsa-4096': 'RS256',
  'ec-p256': 'ES256',
  'ec-p384': 'ES384',
  'ec-p521': 'ES512',
  ed25519: 'EdDSA',
};

/** A fresh HMAC secret (base64) or key pair, with the public key in the forms APIs ask for. */
export async function generate(kind: KeyKind): Promise<GeneratedKey> {
  const algorithm = GENERATED[kind];
  if (kind.startsWith('hmac-')) {
    return { algorithm, secret: randomBytes(Number(kind.slice(5))).toString('base64'), privateKey: null, publicPem: null, publicJwk: null, openssh: null };
  }
  const pair =
    kind === 'ed25519'
      ? generateKeyPairSync('ed25519')
      : kind.startsWith('rsa-')
        ? generateKeyPairSync('rsa', { modulusLength: Number(kind.slice(4)) })
        : generateKeyPairSync('ec', { namedCurve: { 'ec-p256': 'prime256v1', 'ec-p384': 'secp384r1', 'ec-p521': 'secp521r1' }[kind as 'ec-p256'] });
  return { algorithm, secret: null, ...(await publicForms(pair.publicKey, algorithm)), privateKey: pair.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString() };
}

/** A public key as PEM SPKI, JWK (kid = its RFC 7638 thumbprint), and an OpenSSH line for RSA and Ed25519. */
export async function publicForms(publicKey: KeyObject, algorithm: JwtAlgorithm): Promise<{ publicPem: string; publicJwk: string; openssh: string | null }> {
  const publicPem = publicKey.export({ type: 'spki', format: 'pem' }).toString();
  const jwk = publicKey.export({ format: 'jwk' }) as JWK;
  const kid = await calculateJwkThumbprint(jwk);
  let openssh: string | null = null;
  if (publicKey.asymmetricKeyType === 'rsa' || publicKey.asymmetricKeyType === 'ed25519') {
    const ssh = sshpk.parseKey(publicPem, 'pem');
    ssh.comment = 'latchkey';
    openssh = ssh.toString('ssh');
  }
  return { publicPem, publicJwk: JSON.stringify({ ...jwk, kid, alg: algorithm, use: 'sig' }, null, 2), openssh };
}

function base64urlJson(part: string, what: string): Record<string, unknown> {
  if (!/^[A-Za-z0-9_-]*$/.test(part)) throw new LatchkeyError('invalid_body', `The token's ${what} is not base64url (it has characters outside A-Z a-z 0-9 - _).`);
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));
  } catch {
    throw new LatchkeyError('invalid_body', `The token's ${what} does not decode to JSON.`);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new LatchkeyError('invalid_body', `The token's ${what} is not a JSON object.`);
  return value as Record<string, unknown>;
}

function splitToken(token: string): [string, string, string] {
  const parts = token.trim().replace(/^Bearer\s+/i, '').split('.');
  if (parts.length === 5) throw new LatchkeyError('invalid_body', 'This is an encrypted token (JWE, five parts); Latchkey decodes signed tokens (JWS, three parts).');
  if (parts.length !== 3) throw new LatchkeyError('invalid_body', `A JWT has three parts separated by dots; this has ${parts.length}.`);
  return parts as [string, string, string];
}

/** Header and payload pretty-printed, times as dates, expiry marked. `now` in seconds. */
export function decode(token: string, now: number): DecodedToken {
  const [h, p, signature] = splitToken(token);
  const header = base64urlJson(h, 'header');
  const payload = base64urlJson(p, 'payload');
  const times = (['iat', 'nbf', 'exp'] as const)
    .filter((claim) => typeof payload[claim] === 'number')
    .map((claim) => {
      const seconds = payload[claim] as number;
      const date = new Date(seconds * 1000);
      return { claim, seconds, iso: Number.isNaN(date.getTime()) ? 'not a valid date' : date.toISOString() };
    });
  return {
    header: JSON.stringify(header, null, 2),
    payload: JSON.stringify(payload, null, 2),
    signature,
    algorithm: typeof header.alg === 'string' ? header.alg : null,
    keyId: typeof header.kid === 'string' ? header.kid : null,
    times,
    expired: typeof payload.exp === 'number' && payload.exp <= now,
    notYetValid: typeof payload.nbf === 'number' && payload.nbf > now,
  };
}

/** The token's algorithm, checked to be one Latchkey verifies ("none" never is). */
function tokenAlgorithm(token: string): JwtAlgorithm {
  const [h] = splitToken(token);
  const alg = base64urlJson(h, 'header').alg;
  if (alg === 'none') throw new LatchkeyError('auth_failed', 'The token says "alg": "none": it is unsigned, so there is nothing to verify, and Latchkey never accepts it as valid.');
  if (typeof alg !== 'string' || !(JWT_ALGORITHMS as readonly string[]).includes(alg)) throw new LatchkeyError('auth_failed', `The token's algorithm ${JSON.stringify(alg)} is not one Latchkey verifies.`);
  return alg as JwtAlgorithm;
}

/** Verifies the signature with a secret or public key (times are shown by decode, not judged here). */
export async function verify(token: string, keyText: string, hmacEncoding: HmacEncoding): Promise<VerifyResult> {
  const algorithm = tokenAlgorithm(token);
  const kid = decodeProtectedHeader(token.trim().replace(/^Bearer\s+/i, '')).kid;
  const { key, detected } = readVerifyKey(algorithm, keyText, { hmacEncoding, ...(kid ? { kid } : {}) });
  return verifyWith(token, algorithm, key, detected);
}

export async function verifyWith(token: string, algorithm: JwtAlgorithm, key: KeyObject, detected: string): Promise<VerifyResult> {
  try {
    await compactVerify(token.trim().replace(/^Bearer\s+/i, ''), key, { algorithms: [algorithm] });
    return { valid: true, detected, message: `Signature verified (${algorithm}).` };
  } catch (error) {
    const code = (error as { code?: string }).code;
    if (code === 'ERR_JWS_SIGNATURE_VERIFICATION_FAILED') return { valid: false, detected, message: 'The signature does not match: the token was not signed with this key, or it was changed after signing.' };
    return { valid: false, detected, message: `The token could not be verified: ${(error as Error).message}` };
  }
}

export { tokenAlgorithm };
