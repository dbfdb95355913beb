import { z } from 'zod';
import { JwtAlgorithm } from './connections';
import type { Namespace } from './result';
import { SecretId } from './secrets';

export const HmacEncoding = z.enum(['text', 'base64', 'hex']);
export type HmacEncoding = z.infer<typeof HmacEncoding>;

/** A key as typed or pasted into the signer, or a saved signing profile's (kept in the keychain). */
export const KeySource = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('text'), text: z.string().max(1024 * 1024) }),
  z.object({ kind: z.literal('profile'), profileId: z.uuid() }),
]);
export type KeySource = z.infer<typeof KeySource>;

export const SignRequest = z.object({
  algorithm: JwtAlgorithm,
  key: KeySource,
  /** For an encrypted private key; empty for none. */
  passphrase: z.string().max(4096),
  hmacEncoding: HmacEncoding,
  /** The protected header as JSON; `alg` is set from the algorithm. */
  header: z.string().max(64 * 1024),
  /** The claims as JSON. */
  payload: z.string().max(1024 * 1024),
  /** True for "Sign" (kept in the token history); false for the live preview. */
  record: z.boolean(),
});
export type SignRequest = z.infer<typeof SignRequest>;

export const SignResult = z.object({
  token: z.string(),
  /** What the key was read as, e.g. "OpenSSH private key: an RSA 3072-bit key". */
  detected: z.string(),
  /** Seconds since the epoch, when the claims set exp. */
  expiresAt: z.number().nullable(),
  historyId: z.string().nullable(),
});
export type SignResult = z.infer<typeof SignResult>;

export const KEY_KINDS = ['hmac-32', 'hmac-48', 'hmac-64', 'rsa-2048', 'rsa-3072', 'rsa-4096', 'ec-p256', 'ec-p384', 'ec-p521', 'ed25519'] as const;
export const KeyKind = z.enum(KEY_KINDS);
export type KeyKind = z.infer<typeof KeyKind>;

export const GeneratedKey = z.object({
  /** The algorithm this key is made for. */
  algorithm: JwtAlgorithm,
  /** An HMAC secret, base64; null for a key pair. */
  secret: z.string().nullable(),
  /** The private key as PEM PKCS#8; null for an HMAC secret. */
  privateKey: z.string().nullable(),
  publicPem: z.string().nullable(),
  publicJwk: z.string().nullable(),
  /** `ssh-rsa …` / `ssh-ed25519 …`, for RSA and Ed25519. */
  openssh: z.string().nullable(),
});
export type GeneratedKey = z.infer<typeof GeneratedKey>;

export const TimeClaim = z.object({ claim: z.enum(['iat', 'nbf', 'exp']), seconds: z.number(), iso: z.string() });

export const DecodedToken = z.object({
  header: z.string(),
  payload: z.string(),
  signature: z.string(),
  algorithm: z.string().nullable(),
  keyId: z.string().nullable(),
  times: z.array(TimeClaim),
  expired: z.boolean(),
  notYetValid: z.boolean(),
});
export type DecodedToken = z.infer<typeof DecodedToken>;

export const VerifyKey = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('text'), text: z.string().max(4 * 1024 * 1024), hmacEncoding: HmacEncoding }),
  z.object({ kind: z.literal('jwksUrl'), url: z.string().max(4096) }),
]);
export type VerifyKey = z.infer<typeof VerifyKey>;

export const VerifyResult = z.object({ valid: z.boolean(), detected: z.string(), message: z.string() });
export type VerifyResult = z.infer<typeof VerifyResult>;

export const TokenHistoryEntry = z.object({
  id: z.string(),
  at: z.number(),
  algorithm: z.string(),
  subject: z.string().nullable(),
  expiresAt: z.number().nullable(),
});
export type TokenHistoryEntry = z.infer<typeof TokenHistoryEntry>;

const Token = z.string().min(1).max(1024 * 1024);

/** A saved signing profile: algorithm, key (in the keychain), header and claims template. */
export const SigningProfile = z.object({
  id: z.uuid(),
  name: z.string().min(1).max(200),
  algorithm: JwtAlgorithm,
  hmacEncoding: HmacEncoding,
  key: z.object({ id: SecretId }),
  passphrase: z.object({ id: SecretId.nullable() }),
  header: z.string().max(64 * 1024),
  claims: z.string().max(1024 * 1024),
  /** What the key was read as when saved. */
  detected: z.string(),
});
export type SigningProfile = z.infer<typeof SigningProfile>;

export const SigningProfileInput = z.object({
  /** Omitted for a new profile. */
  id: z.uuid().optional(),
  name: z.string().trim().min(1, 'Give the profile a name.').max(200),
  algorithm: JwtAlgorithm,
  hmacEncoding: HmacEncoding,
  /** The key as typed; omitted to keep the stored one. */
  key: z.string().max(1024 * 1024).optional(),
  passphrase: z.string().max(4096).optional(),
  header: z.string().max(64 * 1024),
  claims: z.string().max(1024 * 1024),
});
export type SigningProfileInput = z.infer<typeof SigningProfileInput>;

export const jwt = {
  'jwt:sign': { req: SignRequest, res: SignResult },
  'jwt:generate': { req: z.object({ kind: KeyKind }), res: GeneratedKey },
  'jwt:decode': { req: z.object({ token: Token }), res: DecodedToken },
  'jwt:verify': { req: z.object({ token: Token, key: VerifyKey }), res: VerifyResult },
  /** The last 50 signed tokens, newest first: what they are, not the tokens themselves. */
  'jwt:tokens': { req: z.void(), res: z.array(TokenHistoryEntry) },
  /** Explicit user action (Copy again): one token from the history. */
  'jwt:tokenValue': { req: z.object({ id: z.string().max(100) }), res: z.object({ token: z.string() }) },
  'jwt:deleteToken': { req: z.object({ id: z.string().max(100) }), res: z.array(TokenHistoryEntry) },
  'jwt:clearTokens': { req: z.void(), res: z.array(TokenHistoryEntry) },
  'jwt:profiles': { req: z.void(), res: z.array(SigningProfile) },
  'jwt:saveProfile': { req: SigningProfileInput, res: SigningProfile },
  'jwt:deleteProfile': { req: z.object({ id: z.uuid() }), res: z.object({ deleted: z.boolean() }) },
} satisfies Namespace;
