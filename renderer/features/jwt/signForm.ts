import type { JwtAlgorithm, HmacEncoding, KeyKind, KeySource, SigningProfile } from '../../../preload/contract';

export const TEMPLATES: Record<string, { label: string; payload: () => string }> = {
  platform: { label: 'API platform client (sub, name)', payload: () => JSON.stringify({ sub: '<access key / auth token>', name: '<client name>' }, null, 2) },
  service: {
    label: 'Service account (iss, sub, aud, exp)',
    payload: () => JSON.stringify({ iss: 'service@example.com', sub: 'service@example.com', aud: 'https://api.example.com', exp: Math.floor(Date.now() / 1000) + 3600 }, null, 2),
  },
};

export const KEY_KINDS: Record<'HS' | 'RS' | 'ES' | 'Ed', [KeyKind, string][]> = {
  HS: [
    ['hmac-32', 'Random secret, 32 bytes'],
    ['hmac-48', 'Random secret, 48 bytes'],
    ['hmac-64', 'Random secret, 64 bytes'],
  ],
  RS: [
    ['rsa-2048', 'RSA 2048-bit key pair'],
    ['rsa-3072', 'RSA 3072-bit key pair'],
    ['rsa-4096', 'RSA 4096-bit key pair'],
  ],
  ES: [
    ['ec-p256', 'EC P-256 key pair'],
    ['ec-p384', 'EC P-384 key pair'],
    ['ec-p521', 'EC P-521 key pair'],
  ],
  Ed: [['ed25519', 'Ed25519 key pair']],
};

export function family(algorithm: JwtAlgorithm): keyof typeof KEY_KINDS {
  return algorithm.startsWith('HS') ? 'HS' : algorithm.startsWith('ES') ? 'ES' : algorithm === 'EdDSA' ? 'Ed' : 'RS';
}

/** The kind of key the algorithm signs with, matching the EC curve when there is one. */
export function defaultKind(algorithm: JwtAlgorithm): KeyKind {
  return ({ HS256: 'hmac-32', HS384: 'hmac-48', HS512: 'hmac-64', ES256: 'ec-p256', ES384: 'ec-p384', ES512: 'ec-p521', EdDSA: 'ed25519' } as Partial<Record<JwtAlgorithm, KeyKind>>)[algorithm] ?? 'rsa-2048';
}

/** Everything the signer signs from. */
export interface SignForm {
  profileId: string;
  profileName: string;
  algorithm: JwtAlgorithm;
  key: string;
  encoding: HmacEncoding;
  passphrase: string;
  header: string;
  payload: string;
  /** The kind of key Generate makes. */
  kind: KeyKind;
  /** Minutes from now for "exp: in". */
  minutes: number;
}

export const initialForm = (): SignForm => ({
  profileId: '',
  profileName: '',
  algorithm: 'HS256',
  key: '',
  encoding: 'text',
  passphrase: '',
  header: '{\n  "typ": "JWT"\n}',
  payload: TEMPLATES.platform!.payload(),
  kind: 'hmac-32',
  minutes: 60,
});

/** The key to sign with: the one typed, else the chosen profile's (from the keychain). */
export function keySourceOf(form: SignForm, profile: SigningProfile | null): KeySource | null {
  return form.key.trim() !== '' ? { kind: 'text', text: form.key } : profile ? { kind: 'profile', profileId: profile.id } : null;
}

/** A JSON object text's string member, or '' when it has none (or is not JSON). */
export function stringMember(text: string, name: string): string {
  try {
    const value = (JSON.parse(text) as Record<string, unknown>)[name];
    return typeof value === 'string' ? value : '';
  } catch {
    return '';
  }
}

/** A JSON object text's number member, or null. */
export function numberMember(text: string, name: string): number | null {
  try {
    const value = (JSON.parse(text) as Record<string, unknown>)[name];
    return typeof value === 'number' ? value : null;
  } catch {
    return null;
  }
}
