import { createPrivateKey, createPublicKey, createSecretKey, type JsonWebKey, type KeyObject } from 'node:crypto';
import sshpk from 'sshpk';
import type { HmacEncoding, JwtAlgorithm } from '../../../preload/contract';
import { LatchkeyError } from '../errors';

/** A key ready to sign or verify with, and a line saying what was detected. */
export interface ReadKey {
  key: KeyObject;
  detected: string;
}

export interface KeyOptions {
  /** For an encrypted PEM or OpenSSH private key. */
  passphrase?: string;
  /** How an HMAC secret is written; text by default. */
  hmacEncoding?: HmacEncoding;
  /** Which key of a JWK Set (the token's kid when verifying). */
  kid?: string;
}

const HMAC_BITS: Record<string, number> = { HS256: 256, HS384: 384, HS512: 512 };
const EC_CURVES: Record<string, { curve: string; name: string }> = {
  ES256: { curve: 'prime256v1', name: 'P-256' },
  ES384: { curve: 'secp384r1', name: 'P-384' },
  ES512: { curve: 'secp521r1', name: 'P-521' },
};
const CURVE_NAMES: Record<string, string> = { prime256v1: 'P-256', secp384r1: 'P-384', secp521r1: 'P-521', secp256k1: 'secp256k1' };

const fail = (message: string, cause?: unknown) => new LatchkeyError('auth_failed', message, cause === undefined ? undefined : { cause });

/** An HMAC secret's bytes, decoded as the user said it is written. */
export function hmacBytes(algorithm: JwtAlgorithm, material: string, encoding: HmacEncoding = 'text'): Buffer {
  let bytes: Buffer;
  if (encoding === 'text') bytes = Buffer.from(material, 'utf8');
  else if (encoding === 'hex') {
    const hex = material.trim();
    if (!/^([0-9a-fA-F]{2})*$/.test(hex)) throw fail('The secret is not hex: use pairs of 0-9 and a-f, or choose "text".');
    bytes = Buffer.from(hex, 'hex');
  } else {
    const b64 = material.trim();
    if (!/^[A-Za-z0-9+/_-]*={0,2}$/.test(b64)) throw fail('The secret is not base64: choose "text" if it is a plain string.');
    bytes = Buffer.from(b64.replace(/-/g, '+').replace(/_/g, '/'), 'base64');
  }
  const needed = HMAC_BITS[algorithm]! / 8;
  if (bytes.length < needed) {
    throw fail(
      `${algorithm} needs a secret of at least ${needed} bytes (${needed * 8} bits, RFC 7518 §3.2); this one has ${bytes.length} byte${bytes.length === 1 ? '' : 's'}${encoding === 'text' ? '' : ` once decoded from ${encoding}`}. Generate one with \`openssl rand -base64 ${needed}\`.`,
    );
  }
  return bytes;
}

/** Picks the JWK out of a JWK or a JWK Set: by kid, else the only key, else the first that fits the algorithm. */
function pickJwk(json: unknown, algorithm: JwtAlgorithm, kid: string | undefined): JsonWebKey & { kid?: string } {
  if (typeof json !== 'object' || json === null) throw fail('That JSON is not a JWK.');
  const set = (json as { keys?: unknown }).keys;
  if (!Array.isArray(set)) return json as JsonWebKey;
  const keys = set.filter((k): k is JsonWebKey & { kid?: string; alg?: string } => typeof k === 'object' && k !== null);
  if (keys.length === 0) throw fail('The JWK Set has no keys.');
  if (kid) {
    const found = keys.find((k) => k.kid === kid);
    if (!found) throw fail(`The JWK Set has no key with kid "${kid}" (it has ${keys.map((k) => k.kid ?? '(no kid)').join(', ')}).`);
    return found;
  }
  if (keys.length === 1) return keys[0]!;
  const fitting = keys.find((k) => k.alg === algorithm) ?? keys.find((k) => k.kty === ktyFor(algorithm));
  if (!fitting) throw fail(`No key in the JWK Set fits ${algorithm}; choose one by its kid.`);
  return fitting;
}

function ktyFor(algorithm: JwtAlgorithm): string {
  return algorithm.startsWith('HS') ? 'oct' : algorithm.startsWith('ES') ? 'EC' : algorithm === 'EdDSA' ? 'OKP' : 'RSA';
}

function describeKey(key: KeyObject): string {
  const details = key.asymmetricKeyDetails;
  switch (key.asymmetricKeyType) {
    case 'rsa':
    case 'rsa-pss':
      return `an RSA ${details?.modulusLength ?? '?'}-bit key`;
    case 'ec':
      return `an EC ${CURVE_NAMES[details?.namedCurve ?? ''] ?? details?.namedCurve ?? ''} key`;
    case 'ed25519':
      return 'an Ed25519 key';
    case undefined:
      return `an HMAC secret of ${key.symmetricKeySize ?? 0} bytes`;
    default:
      return `a ${key.asymmetricKeyType} key`;
  }
}

/** Refuses a key that does not fit the algorithm, saying what it is. */
function checkFits(algorithm: JwtAlgorithm, key: KeyObject): void {
  const described = describeKey(key);
  const type = key.asymmetricKeyType;
  const fits = algorithm.startsWith('HS')
    ? key.type === 'secret'
    : algorithm.startsWith('RS')
      ? type === 'rsa'
      : algorithm.startsWith('PS')
        ? type === 'rsa' || type === 'rsa-pss'
        : algorithm.startsWith('ES')
          ? type === 'ec' && key.asymmetricKeyDetails?.namedCurve === EC_CURVES[algorithm]!.curve
          : type === 'ed25519';
  if (!fits) {
    const wanted = algorithm.startsWith('HS')
      ? 'a shared secret'
      : algorithm.startsWith('RS') || algorithm.startsWith('PS')
        ? 'an RSA key'
        : algorithm.startsWith('ES')
          ? `an EC ${EC_CURVES[algorithm]!.name} key`
          : 'an Ed25519 key';
    throw fail(`${algorithm} needs ${wanted}; this is ${described}.`);
  }
  const bits = key.asymmetricKeyDetails?.modulusLength;
  if (bits !== undefined && bits < 2048) throw fail(`RSA keys under 2048 bits are refused (RFC 7518 §3.3); this one has ${bits}.`);
}

const PEM_LABEL = /-----BEGIN ([A-Z0-9 ]+)-----/;

/** What a PEM's label says it holds, for the detected line. */
function pemFormat(label: string): string {
  switch (label) {
    case 'PRIVATE KEY':
      return 'PEM PKCS#8';
    case 'ENCRYPTED PRIVATE KEY':
      return 'encrypted PEM PKCS#8';
    case 'RSA PRIVATE KEY':
      return 'PEM PKCS#1';
    case 'EC PRIVATE KEY':
      return 'PEM SEC1';
    case 'PUBLIC KEY':
      return 'PEM SPKI public key';
    case 'RSA PUBLIC KEY':
      return 'PEM PKCS#1 public key';
    case 'CERTIFICATE':
      return 'X.509 certificate';
    default:
      return `PEM ${label}`;
  }
}

/** An sshpk key as a Node KeyObject. Ed25519 goes through JWK: sshpk's PKCS#8 for it is not one Node reads. */
export function sshKeyObject(key: sshpk.Key | sshpk.PrivateKey, privateKey: boolean): KeyObject {
  if (key.type === 'ed25519') {
    const part = (name: string) => (key.part as unknown as Record<string, { data: Buffer } | undefined>)[name]?.data;
    const x = part('A')!.subarray(-32).toString('base64url');
    if (!privateKey) return createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x }, format: 'jwk' });
    return createPrivateKey({ key: { kty: 'OKP', crv: 'Ed25519', x, d: part('k')!.subarray(0, 32).toString('base64url') }, format: 'jwk' });
  }
  const pem = key.toString('pkcs8');
  return privateKey ? createPrivateKey(pem) : createPublicKey(pem);
}

function sshPrivateKey(text: string, passphrase: string | undefined): KeyObject {
  try {
    return sshKeyObject(sshpk.parsePrivateKey(text, 'ssh', passphrase ? { passphrase } : undefined), true);
  } catch (error) {
    const name = (error as Error).name;
    if (name === 'KeyEncryptedError') throw fail(passphrase ? 'The passphrase is wrong: the OpenSSH key could not be decrypted with it.' : 'This OpenSSH private key is encrypted: enter its passphrase.', error);
    if (/decrypt|passphrase/i.test(String(error))) throw fail('The passphrase is wrong: the OpenSSH key could not be decrypted with it.', error);
    throw fail(`The OpenSSH private key could not be read: ${(error as Error).message}`, error);
  }
}

/**
 * Reads a signing key: an HMAC secret (text, base64 or hex), or a private key as PEM (PKCS#8,
 * PKCS#1, SEC1, encrypted with a passphrase), OpenSSH (the ssh-keygen default), JWK or a JWK Set.
 * A key that does not fit the algorithm is refused, saying why.
 */
export function readSigningKey(algorithm: JwtAlgorithm, material: string, options: KeyOptions = {}): ReadKey {
  const text = material.trim();
  if (algorithm.startsWith('HS')) {
    if (looksLikeJwk(text)) {
      const jwk = pickJwk(parseJson(text), algorithm, options.kid);
      if (jwk.kty !== 'oct' || typeof jwk.k !== 'string') throw fail(`${algorithm} needs a shared secret; this JWK is a ${jwk.kty ?? 'key of unknown type'} key.`);
      const bytes = hmacBytes(algorithm, jwk.k, 'base64');
      return { key: createSecretKey(bytes), detected: `JWK oct secret, ${bytes.length} bytes` };
    }
    if (PEM_LABEL.test(text) || text.startsWith('ssh-')) throw fail(`${algorithm} needs a shared secret, not a key pair; choose an RS, PS, ES or EdDSA algorithm for this key.`);
    const encoding = options.hmacEncoding ?? 'text';
    const bytes = hmacBytes(algorithm, material, encoding);
    return { key: createSecretKey(bytes), detected: `HMAC secret as ${encoding}, ${bytes.length} bytes (${bytes.length * 8} bits)` };
  }
  if (text === '') throw fail(`${algorithm} needs a private key: paste it as PEM, OpenSSH or JWK.`);
  let key: KeyObject;
  let format: string;
  if (text.startsWith('{')) {
    const jwk = pickJwk(parseJson(text), algorithm, options.kid);
    if (jwk.d === undefined) throw fail('This JWK is a public key; signing needs the private key (with "d").');
    key = attempt(() => createPrivateKey({ key: jwk, format: 'jwk' }), 'The JWK could not be read as a private key');
    format = (parseJson(text) as { keys?: unknown }).keys ? `JWK Set key${jwk.kid ? ` "${jwk.kid}"` : ''}` : 'JWK';
  } else if (text.includes('-----BEGIN OPENSSH PRIVATE KEY-----')) {
    key = sshPrivateKey(text, options.passphrase);
    format = 'OpenSSH private key';
  } else {
    const label = PEM_LABEL.exec(text)?.[1];
    if (!label) throw fail(`The ${algorithm} key could not be read: paste a PEM (-----BEGIN … PRIVATE KEY-----), an OpenSSH private key or a JWK.`);
    if (label.includes('PUBLIC') || label === 'CERTIFICATE') throw fail(`This is a ${pemFormat(label)}; signing needs the private key.`);
    const encrypted = label === 'ENCRYPTED PRIVATE KEY' || /Proc-Type: 4,ENCRYPTED/.test(text);
    if (encrypted && !options.passphrase) throw fail('This private key is encrypted: enter its passphrase.');
    try {
      key = createPrivateKey(encrypted ? { key: text, format: 'pem', passphrase: options.passphrase } : text);
    } catch (error) {
      if (encrypted) throw fail('The passphrase is wrong: the private key could not be decrypted with it.', error);
      throw fail(`The ${pemFormat(label)} key could not be read (${(error as Error).message}).`, error);
    }
    format = pemFormat(label) + (/Proc-Type: 4,ENCRYPTED/.test(text) ? ' (encrypted)' : '');
  }
  checkFits(algorithm, key);
  return { key, detected: `${format}: ${describeKey(key)}` };
}

/**
 * Reads a verification key: an HMAC secret, or a public key as PEM SPKI, PKCS#1, an X.509
 * certificate, an OpenSSH public key line, JWK or JWK Set; a private key works too.
 */
export function readVerifyKey(algorithm: JwtAlgorithm, material: string, options: KeyOptions = {}): ReadKey {
  const text = material.trim();
  if (algorithm.startsWith('HS')) return readSigningKey(algorithm, material, options);
  if (text === '') throw fail(`Paste the public key to verify ${algorithm} with: PEM, certificate, OpenSSH, JWK or JWK Set.`);
  let key: KeyObject;
  let format: string;
  if (text.startsWith('{')) {
    const jwk = pickJwk(parseJson(text), algorithm, options.kid);
    const { d: _d, p: _p, q: _q, dp: _dp, dq: _dq, qi: _qi, ...publicPart } = jwk;
    key = attempt(() => createPublicKey({ key: publicPart, format: 'jwk' }), 'The JWK could not be read as a public key');
    format = (parseJson(text) as { keys?: unknown }).keys ? `JWK Set key${jwk.kid ? ` "${jwk.kid}"` : ''}` : 'JWK';
  } else if (/^(ssh-rsa|ssh-ed25519|ecdsa-sha2-nistp\d+) /.test(text)) {
    key = attempt(() => sshKeyObject(sshpk.parseKey(text, 'ssh'), false), 'The OpenSSH public key could not be read');
    format = 'OpenSSH public key';
  } else if (text.includes('-----BEGIN OPENSSH PRIVATE KEY-----')) {
    key = createPublicKey(sshPrivateKey(text, options.passphrase));
    format = 'OpenSSH private key (its public half)';
  } else {
    const label = PEM_LABEL.exec(text)?.[1];
    if (!label) throw fail('The key could not be read: paste a PEM public key or certificate, an OpenSSH public key line (ssh-rsa …) or a JWK.');
    if (label.includes('PRIVATE')) {
      key = createPublicKey(readSigningKey(algorithm, material, options).key);
      format = `${pemFormat(label)} (its public half)`;
    } else {
      key = attempt(() => createPublicKey(text), `The ${pemFormat(label)} could not be read`);
      format = pemFormat(label);
    }
  }
  checkFits(algorithm, key);
  return { key, detected: `${format}: ${describeKey(key)}` };
}

/** A JSON object with kty or keys: a secret that merely starts with "{" stays a secret. */
function looksLikeJwk(text: string): boolean {
  if (!text.startsWith('{')) return false;
  try {
    const value = JSON.parse(text) as unknown;
    return typeof value === 'object' && value !== null && ('kty' in value || 'keys' in value);
  } catch {
    return false;
  }
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    throw fail(`The key starts like JSON (a JWK) but is not valid JSON: ${(error as Error).message}`, error);
  }
}

function attempt<T>(run: () => T, what: string): T {
  try {
    return run();
  } catch (error) {
    throw fail(`${what}: ${(error as Error).message}`, error);
  }
}
