import { SignJWT, type JWTPayload } from 'jose';
import type { JwtAlgorithm } from '../../../preload/contract';
import { LatchkeyError } from '../errors';
import { readSigningKey } from './keys';

export interface JwtOptions {
  algorithm: JwtAlgorithm;
  /** HMAC secret or private key (PEM or JWK). */
  key: string;
  /** The claims, a JSON object as text. */
  claims: string;
  /** Seconds until exp, counted from iat; 0 adds neither (claims may still set them). */
  lifetimeSeconds: number;
  keyId: string;
  /** Seconds since the epoch. */
  now: number;
}

/** Parses a claims template: it must be a JSON object. */
export function parseClaims(text: string): JWTPayload {
  let claims: unknown;
  try {
    claims = JSON.parse(text.trim() === '' ? '{}' : text);
  } catch (error) {
    throw new LatchkeyError('auth_failed', `The JWT claims are not valid JSON: ${(error as Error).message}`);
  }
  if (typeof claims !== 'object' || claims === null || Array.isArray(claims)) throw new LatchkeyError('auth_failed', 'The JWT claims must be a JSON object, like {"sub": "…"}.');
  return claims as JWTPayload;
}

/** Signs a JWT. Returns the token and when it expires (seconds since the epoch), if it does. */
export async function signJwt(options: JwtOptions): Promise<{ token: string; expiresAt: number | null }> {
  const { key } = readSigningKey(options.algorithm, options.key);
  const claims = parseClaims(options.claims);
  if (options.lifetimeSeconds > 0) {
    claims.iat ??= options.now;
    claims.exp ??= options.now + options.lifetimeSeconds;
  }
  const header: { alg: string; typ: string; kid?: string } = { alg: options.algorithm, typ: 'JWT' };
  if (options.keyId !== '') header.kid = options.keyId;
  const token = await new SignJWT(claims).setProtectedHeader(header).sign(key);
  return { token, expiresAt: typeof claims.exp === 'number' ? claims.exp : null };
}
