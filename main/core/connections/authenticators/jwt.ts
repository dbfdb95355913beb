import type { SigningProfile } from '../../../../preload/contract';
import { LatchkeyError } from '../../errors';
import { parseObject, sign } from '../../jwt/signer';
import { AuthWriter } from '../authWriter';
import type { Authenticator } from './authenticator';

/** How long before expiry a reused JWT is replaced. */
const JWT_RENEW_S = 30;

/** A JWT signed for each request (or reused until it is about to expire), from the connection's key or a signing profile. */
export const jwt: Authenticator<'jwt'> = (auth, { secret, now, profiles }) => {
  let cached: { token: string; expiresAt: number | null; profile: SigningProfile | null } | null = null;
  return async (request, fill) => {
    const nowS = Math.floor(now() / 1000);
    const profile = auth.profileId ? (profiles?.profile(auth.profileId) ?? null) : null;
    if (auth.profileId && !profile) throw new LatchkeyError('auth_failed', 'Signing profiles are not available here.');
    // A profile saved since the token was made invalidates it.
    if (!auth.reuse || !cached || cached.profile !== profile || (cached.expiresAt !== null && cached.expiresAt - JWT_RENEW_S <= nowS)) {
      if (profile) {
        const { key, passphrase } = await profiles!.profileKey(profile);
        const claims = withLifetime(fill(profile.claims), auth.lifetimeSeconds, nowS);
        const signed = await sign({ algorithm: profile.algorithm, key, passphrase, hmacEncoding: profile.hmacEncoding, header: fill(profile.header), payload: claims });
        cached = { token: signed.token, expiresAt: signed.expiresAt, profile };
      } else {
        const keyId = fill(auth.keyId);
        const signed = await sign({ algorithm: auth.algorithm, key: fill(secret(auth.key)), header: JSON.stringify(keyId ? { kid: keyId } : {}), payload: withLifetime(fill(auth.claims), auth.lifetimeSeconds, nowS) });
        cached = { token: signed.token, expiresAt: signed.expiresAt, profile: null };
      }
    }
    const out = new AuthWriter(request);
    out.place(auth.placement, cached.token, 'JWT auth');
    return out.finish();
  };
};

/** Claims with iat and exp added for a lifetime (unless the claims set them); 0 adds neither. */
function withLifetime(claims: string, lifetimeSeconds: number, now: number): string {
  if (lifetimeSeconds <= 0) return claims;
  const parsed = parseObject(claims, 'payload');
  parsed.iat ??= now;
  parsed.exp ??= now + lifetimeSeconds;
  return JSON.stringify(parsed);
}
