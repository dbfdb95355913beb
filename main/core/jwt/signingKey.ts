import { createPrivateKey, createSecretKey, type JsonWebKey, type KeyObject } from 'node:crypto';
import type { JwtAlgorithm } from '../../../preload/contract';
import { LatchkeyError } from '../errors';

/** A key ready to sign with, and a line saying what it is. */
export interface SigningKey {
  key: KeyObject;
  detected: string;
}

const HMAC_BITS: Record<string, number> = { HS256: 256, HS384: 384, HS512: 512 };
const EC_CURVES: Record<string, { curve: string; name: string }> = {
  ES256: { curve: 'prime256v1', name: 'P-256' },
  ES384: { curve: 'secp384r1', name: 'P-384' },
  ES512: { curve: 'secp521r1', name: 'P-521' },
};
const CURVE_NAMES: Record<string, string> = { prime256v1: 'P-256', secp384r1: 'P-384', secp521r1: 'P-521', secp256k1: 'secp256k1' };

/**
 * Reads the key a JWT is signed with: an HMAC secret as text, or a private key as PEM (PKCS#8,
 * PKCS#1, SEC1) or JWK. A key that does not fit the algorithm is refused, saying why.
 */
export function signingKey(algorithm: JwtAlgorithm, material: string): SigningKey {
  const text = material.trim();
  if (algorithm.startsWith('HS')) {
    const bytes = Buffer.from(material, 'utf8');
    const needed = HMAC_BITS[algorithm]! / 8;
    if (bytes.length < needed) {
      throw new LatchkeyError(
        'auth_failed',
        `${algorithm} needs a secret of at least ${needed} bytes (${needed * 8} bits, RFC 7518 §3.2); this one has ${bytes.length}. Generate one with \`openssl rand -base64 ${needed}\`.`,
      );
    }
    return { key: createSecretKey(bytes), detected: `HMAC secret, ${bytes.length} bytes of text` };
  }
  if (text === '') throw new LatchkeyError('auth_failed', `${algorithm} needs a private key: paste it as PEM or JWK.`);
  let key: KeyObject;
  try {
    key = text.startsWith('{') ? createPrivateKey({ key: JSON.parse(text) as JsonWebKey, format: 'jwk' }) : createPrivateKey(text);
  } catch (error) {
    const why = error instanceof SyntaxError ? 'it starts like JSON but is not valid JSON' : /passphrase|encrypted/i.test(String(error)) ? 'it is encrypted and needs a passphrase' : 'it is not a PEM or JWK private key';
    throw new LatchkeyError('auth_failed', `The ${algorithm} signing key could not be read: ${why}.`, { cause: error });
  }
  const described = describeKey(key);
  const fits =
    algorithm.startsWith('RS') || algorithm.startsWith('PS')
      ? key.asymmetricKeyType === 'rsa' || (algorithm.startsWith('PS') && key.asymmetricKeyType === 'rsa-pss')
      : algorithm.startsWith('ES')
        ? key.asymmetricKeyType === 'ec' && key.asymmetricKeyDetails?.namedCurve === EC_CURVES[algorithm]!.curve
        : key.asymmetricKeyType === 'ed25519';
  if (!fits) {
    const wanted = algorithm.startsWith('RS') || algorithm.startsWith('PS') ? 'an RSA key' : algorithm.startsWith('ES') ? `an EC ${EC_CURVES[algorithm]!.name} key` : 'an Ed25519 key';
    throw new LatchkeyError('auth_failed', `${algorithm} needs ${wanted}; this is ${described}.`);
  }
  const bits = key.asymmetricKeyDetails?.modulusLength;
  if (bits !== undefined && bits < 2048) throw new LatchkeyError('auth_failed', `RSA keys under 2048 bits are refused (RFC 7518 §3.3); this one has ${bits}.`);
  return { key, detected: described };
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
    default:
      return `a ${key.asymmetricKeyType ?? 'secret'} key`;
  }
}
