import { randomUUID } from 'node:crypto';
import { request } from 'undici';
import { z } from 'zod';
import { SigningProfile, type DecodedToken, type SignRequest, type SignResult, type SigningProfileInput, type TokenHistoryEntry, type VerifyKey, type VerifyResult } from '../../../preload/contract';
import type { DocumentSpec, StoredDocument } from '../persistence/storedDocument';
import type { Clock } from '../../ports';
import { LatchkeyError } from '../errors';
import type { SecretService } from '../secrets/secretService';
import { readSigningKey, readVerifyKey } from './keys';
import { decode, sign, tokenAlgorithm, verify, verifyWith } from './signer';

/** The keychain entry holding the token history (tokens are credentials: never in a file). */
export const TOKEN_HISTORY_ID = 'latchkey-jwt-token-history';
const HISTORY_LIMIT = 50;
const JWKS_LIMIT = 1024 * 1024;

export const ProfilesData = z.object({ profiles: z.array(SigningProfile) });
export type ProfilesData = z.infer<typeof ProfilesData>;

export const profilesSpec: DocumentSpec<ProfilesData> = {
  name: 'signing-profiles',
  title: 'Your signing profiles',
  version: 1,
  schema: ProfilesData,
  empty: () => ({ profiles: [] }),
  migrations: [],
};

interface StoredToken extends TokenHistoryEntry {
  token: string;
}

/** The signer as the app uses it: keys from the keychain, a token history, JWKS fetched by main. */
export class JwtService {
  private history: StoredToken[] | null = null;

  constructor(
    private readonly secrets: SecretService,
    private readonly clock: Clock,
    private readonly profilesDoc: StoredDocument<ProfilesData>,
  ) {}

  profiles(): SigningProfile[] {
    return this.profilesDoc.get().profiles;
  }

  profile(id: string): SigningProfile {
    const found = this.profiles().find((p) => p.id === id);
    if (!found) throw new LatchkeyError('secret_not_found', 'That signing profile no longer exists; choose another.');
    return found;
  }

  /** A profile's key and passphrase, from the keychain. */
  async profileKey(profile: SigningProfile): Promise<{ key: string; passphrase: string }> {
    return { key: await this.secrets.reveal(profile.key.id), passphrase: profile.passphrase.id ? await this.secrets.reveal(profile.passphrase.id) : '' };
  }

  /** Saves a profile; its key is checked against its algorithm first, then kept in the keychain. */
  async saveProfile(input: SigningProfileInput): Promise<SigningProfile> {
    const previous = input.id ? this.profile(input.id) : null;
    const name = input.name.trim();
    if (this.profiles().some((p) => p.id !== previous?.id && p.name.toLowerCase() === name.toLowerCase())) throw new LatchkeyError('invalid_request', `There is already a signing profile named "${name}".`);
    const stored = previous ? await this.profileKey(previous) : null;
    const key = input.key !== undefined && input.key !== '' ? input.key : stored?.key;
    if (key === undefined) throw new LatchkeyError('invalid_request', 'A signing profile needs its key: paste or generate one.');
    const passphrase = input.passphrase !== undefined ? input.passphrase : (stored?.passphrase ?? '');
    const { detected } = readSigningKey(input.algorithm, key, { hmacEncoding: input.hmacEncoding, ...(passphrase ? { passphrase } : {}) });
    const keyId = await this.secrets.save(key, previous?.key.id);
    let passphraseId: string | null = previous?.passphrase.id ?? null;
    if (passphrase) passphraseId = await this.secrets.save(passphrase, passphraseId ?? undefined);
    else if (passphraseId) {
      await this.secrets.delete(passphraseId);
      passphraseId = null;
    }
    const profile: SigningProfile = { id: previous?.id ?? randomUUID(), name, algorithm: input.algorithm, hmacEncoding: input.hmacEncoding, key: { id: keyId }, passphrase: { id: passphraseId }, header: input.header, claims: input.claims, detected };
    this.profilesDoc.set({ profiles: previous ? this.profiles().map((p) => (p.id === profile.id ? profile : p)) : [...this.profiles(), profile] });
    return profile;
  }

  async deleteProfile(id: string): Promise<boolean> {
    const found = this.profiles().find((p) => p.id === id);
    if (!found) return false;
    this.profilesDoc.set({ profiles: this.profiles().filter((p) => p.id !== id) });
    await this.secrets.delete(found.key.id).catch(() => false);
    if (found.passphrase.id) await this.secrets.delete(found.passphrase.id).catch(() => false);
    return true;
  }

  async sign(input: SignRequest): Promise<SignResult> {
    let key: string;
    let passphrase = input.passphrase;
    if (input.key.kind === 'text') key = input.key.text;
    else {
      const stored = await this.profileKey(this.profile(input.key.profileId));
      key = stored.key;
      passphrase ||= stored.passphrase;
    }
    const signed = await sign({ algorithm: input.algorithm, key, passphrase, hmacEncoding: input.hmacEncoding, header: input.header, payload: input.payload });
    let historyId: string | null = null;
    if (input.record) {
      historyId = randomUUID();
      const entries = await this.load();
      entries.unshift({ id: historyId, at: this.clock.now(), algorithm: input.algorithm, subject: signed.subject, expiresAt: signed.expiresAt, token: signed.token });
      await this.store(entries.slice(0, HISTORY_LIMIT));
    }
    return { token: signed.token, detected: signed.detected, expiresAt: signed.expiresAt, historyId };
  }

  decode(token: string): DecodedToken {
    return decode(token, Math.floor(this.clock.now() / 1000));
  }

  async verify(token: string, key: VerifyKey): Promise<VerifyResult> {
    if (key.kind === 'text') return verify(token, key.text, key.hmacEncoding);
    const algorithm = tokenAlgorithm(token);
    const jwks = await fetchJwks(key.url);
    const kid = (() => {
      try {
        return (JSON.parse(Buffer.from(token.trim().split('.')[0] ?? '', 'base64url').toString('utf8')) as { kid?: string }).kid;
      } catch {
        return undefined;
      }
    })();
    const { key: publicKey, detected } = readVerifyKey(algorithm, jwks, kid ? { kid } : {});
    return verifyWith(token, algorithm, publicKey, `from ${key.url}: ${detected}`);
  }

  async list(): Promise<TokenHistoryEntry[]> {
    return (await this.load()).map(({ token: _token, ...entry }) => entry);
  }

  async token(id: string): Promise<string> {
    const found = (await this.load()).find((e) => e.id === id);
    if (!found) throw new LatchkeyError('secret_not_found', 'That token is no longer in the history.');
    return found.token;
  }

  async remove(id: string): Promise<TokenHistoryEntry[]> {
    await this.store((await this.load()).filter((e) => e.id !== id));
    return this.list();
  }

  async clear(): Promise<TokenHistoryEntry[]> {
    await this.store([]);
    return [];
  }

  private async load(): Promise<StoredToken[]> {
    if (this.history) return this.history;
    let text: string | null = null;
    try {
      text = await this.secrets.reveal(TOKEN_HISTORY_ID);
    } catch (error) {
      if (!(error instanceof LatchkeyError) || error.code !== 'secret_not_found') throw error;
    }
    let parsed: unknown = [];
    try {
      parsed = text ? JSON.parse(text) : [];
    } catch {
      parsed = [];
    }
    this.history = Array.isArray(parsed) ? (parsed as StoredToken[]).filter((e) => typeof e?.token === 'string' && typeof e.id === 'string') : [];
    return this.history;
  }

  private async store(entries: StoredToken[]): Promise<void> {
    if (entries.length === 0) await this.secrets.delete(TOKEN_HISTORY_ID);
    else await this.secrets.save(JSON.stringify(entries), TOKEN_HISTORY_ID);
    this.history = entries;
  }
}

/** A JWK Set fetched over http(s), 10 s and 1 MB at most. */
async function fetchJwks(url: string): Promise<string> {
  let target: URL;
  try {
    target = new URL(url.trim());
  } catch {
    throw new LatchkeyError('invalid_url', `"${url.slice(0, 200)}" is not a valid JWKS URL.`);
  }
  if (target.protocol !== 'https:' && target.protocol !== 'http:') throw new LatchkeyError('unsupported_scheme', 'A JWKS URL must be http or https.');
  let response;
  try {
    response = await request(target, { method: 'GET', headers: { accept: 'application/json' }, headersTimeout: 10_000, bodyTimeout: 10_000, maxRedirections: 0 } as Parameters<typeof request>[1]);
  } catch (error) {
    throw new LatchkeyError('network_error', `Could not fetch the JWKS from ${target.host}: ${(error as Error).message}`, { cause: error });
  }
  if (response.statusCode !== 200) {
    await response.body.dump();
    throw new LatchkeyError('auth_failed', `The JWKS URL answered ${response.statusCode}, not 200 with a JWK Set.`);
  }
  let text = '';
  for await (const chunk of response.body) {
    text += (chunk as Buffer).toString('utf8');
    if (text.length > JWKS_LIMIT) {
      response.body.destroy();
      throw new LatchkeyError('auth_failed', 'The JWKS is larger than 1 MB; that is not a key set.');
    }
  }
  if (!text.trim().startsWith('{')) throw new LatchkeyError('auth_failed', 'The JWKS URL did not return JSON.');
  return text;
}
