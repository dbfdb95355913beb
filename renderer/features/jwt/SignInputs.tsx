import { useState } from 'react';
import { JWT_ALGORITHMS, type GeneratedKey, type HmacEncoding, type JwtAlgorithm, type KeyKind, type SigningProfile } from '../../../preload/contract';
import { api } from '../../api';
import { call } from '../../state/calls';
import { Labelled } from './Labelled';
import { PublicKeyExport } from './PublicKeyExport';
import { defaultKind, family, KEY_KINDS, stringMember, TEMPLATES, type SignForm } from './signForm';
import { withClaim } from './tokenText';

interface Props {
  form: SignForm;
  set(change: Partial<SignForm>): void;
  profiles: SigningProfile[];
  profile: SigningProfile | null;
  onProfilesChanged(profiles: SigningProfile[]): void;
  /** What main made of the key: its detected type, or why it cannot sign. */
  keyNote: { detected: string; problem: string | null };
  fileDialogs: boolean;
  onStatus(message: string): void;
}

const now = () => Math.floor(Date.now() / 1000);

/** The signer's inputs: a saved profile, algorithm, key (pasted or generated), header and claims. */
export function SignInputs({ form, set, profiles, profile, onProfilesChanged, keyNote, fileDialogs, onStatus }: Props) {
  const [generated, setGenerated] = useState<GeneratedKey | null>(null);
  const hmac = form.algorithm.startsWith('HS');

  const loadProfile = (id: string) => {
    const chosen = profiles.find((p) => p.id === id);
    if (!chosen) return set({ profileId: id });
    set({ profileId: id, algorithm: chosen.algorithm, encoding: chosen.hmacEncoding, header: chosen.header, payload: chosen.claims, key: '', passphrase: '', profileName: chosen.name });
  };

  const deleteProfile = async () => {
    if (!profile) return;
    const result = await call('jwt:deleteProfile', { id: profile.id });
    if (!result.ok) return onStatus(result.error.message);
    onProfilesChanged(profiles.filter((p) => p.id !== profile.id));
    set({ profileId: '' });
    onStatus(`Deleted the profile "${profile.name}"`);
  };

  const generateKey = async () => {
    const result = await api.calls['jwt:generate']({ kind: form.kind });
    if (!result.ok) return onStatus(result.error.message);
    setGenerated(result.value);
    // An RSA key suits every RS and PS algorithm; secrets and EC keys have one algorithm each.
    const keepsAlgorithm = family(result.value.algorithm) === 'RS' && family(form.algorithm) === 'RS';
    set({ algorithm: keepsAlgorithm ? form.algorithm : result.value.algorithm, key: result.value.secret ?? result.value.privateKey ?? '', passphrase: '', ...(result.value.secret ? { encoding: 'base64' as const } : {}) });
  };

  const claim = (name: string, value: unknown) => {
    const next = withClaim(form.payload, name, value);
    if (next === null) return onStatus('Fix the payload JSON first.');
    set({ payload: next });
  };

  return (
    <div className="jwt-column">
      <div className="jwt-generate">
        <Labelled label="Signing profile" hint={profile ? `Key in your keychain (${profile.detected}); paste a key below to use another.` : 'Save the algorithm, key, header and claims to reuse them here and in JWT connections.'}>
          {(id) => (
            <select id={id} className="text-input" value={form.profileId} onChange={(e) => loadProfile(e.target.value)}>
              <option value="">{profiles.length === 0 ? 'No saved profiles' : 'None (the key below)'}</option>
              {profiles.map((p) => (
                <option key={p.id} value={p.id}>
                  {p.name} — {p.algorithm}
                </option>
              ))}
            </select>
          )}
        </Labelled>
        {profile && (
          <button type="button" className="button ghost" onClick={() => void deleteProfile()}>
            Delete profile
          </button>
        )}
      </div>
      <Labelled label="Algorithm">
        {(id) => (
          <select
            id={id}
            className="text-input"
            value={form.algorithm}
            onChange={(e) => {
              const next = e.target.value as JwtAlgorithm;
              set({ algorithm: next, kind: defaultKind(next) });
            }}
          >
            {JWT_ALGORITHMS.map((a) => (
              <option key={a} value={a}>
                {a}
              </option>
            ))}
          </select>
        )}
      </Labelled>
      <Labelled
        label={hmac ? 'Secret' : 'Private key'}
        hint={keyNote.problem ? <span className="warning">{keyNote.problem}</span> : keyNote.detected ? `Detected: ${keyNote.detected}` : hmac ? 'The shared secret, as text, base64 or hex.' : 'PEM (PKCS#8, PKCS#1, SEC1, encrypted), OpenSSH (ssh-keygen) or JWK / JWK Set.'}
      >
        {(id) => <textarea id={id} className="code-input short" spellCheck={false} autoComplete="off" value={form.key} onChange={(e) => set({ key: e.target.value })} placeholder={hmac ? 'e.g. the output of openssl rand -base64 32' : '-----BEGIN PRIVATE KEY----- …'} />}
      </Labelled>
      {hmac ? (
        <Labelled label="Secret encoding">
          {(id) => (
            <select id={id} className="text-input" value={form.encoding} onChange={(e) => set({ encoding: e.target.value as HmacEncoding })}>
              <option value="text">Text (UTF-8 bytes as typed)</option>
              <option value="base64">Base64 (decoded before use)</option>
              <option value="hex">Hex (decoded before use)</option>
            </select>
          )}
        </Labelled>
      ) : (
        <Labelled label="Key passphrase" hint="Only for an encrypted key.">
          {(id) => <input id={id} type="password" className="text-input" autoComplete="off" value={form.passphrase} onChange={(e) => set({ passphrase: e.target.value })} />}
        </Labelled>
      )}
      <div className="jwt-generate">
        <Labelled label="Generate">
          {(id) => (
            <select id={id} className="text-input" value={form.kind} onChange={(e) => set({ kind: e.target.value as KeyKind })}>
              {Object.values(KEY_KINDS)
                .flat()
                .map(([value, label]) => (
                  <option key={value} value={value}>
                    {label}
                  </option>
                ))}
            </select>
          )}
        </Labelled>
        <button type="button" className="button" onClick={() => void generateKey()}>
          Generate
        </button>
      </div>
      {generated && generated.publicPem && <PublicKeyExport generated={generated} onStatus={onStatus} fileDialogs={fileDialogs} />}
      <Labelled label="Header" hint="alg is set from the algorithm.">
        {(id) => <textarea id={id} className="code-input short" spellCheck={false} value={form.header} onChange={(e) => set({ header: e.target.value })} />}
      </Labelled>
      <Labelled label="Key ID (kid)">
        {(id) => (
          <input
            id={id}
            className="text-input"
            value={stringMember(form.header, 'kid')}
            placeholder="optional"
            onChange={(e) => {
              const next = withClaim(form.header, 'kid', e.target.value === '' ? undefined : e.target.value);
              if (next) set({ header: next });
              else onStatus('Fix the header JSON first.');
            }}
          />
        )}
      </Labelled>
      <Labelled label="Payload">
        {(id) => <textarea id={id} className="code-input jwt-payload" spellCheck={false} value={form.payload} onChange={(e) => set({ payload: e.target.value })} />}
      </Labelled>
      <div className="jwt-claims">
        <select aria-label="Claims template" className="text-input" value="" onChange={(e) => e.target.value && set({ payload: TEMPLATES[e.target.value]!.payload() })}>
          <option value="">Template…</option>
          {Object.entries(TEMPLATES).map(([value, t]) => (
            <option key={value} value={value}>
              {t.label}
            </option>
          ))}
        </select>
        <button type="button" className="button small" onClick={() => claim('iat', now())}>
          iat: now
        </button>
        <button type="button" className="button small" onClick={() => claim('nbf', now())}>
          nbf: now
        </button>
        <button type="button" className="button small" onClick={() => claim('exp', now() + form.minutes * 60)}>
          exp: in
        </button>
        <input aria-label="Minutes until exp" className="text-input minutes" type="number" min={1} value={form.minutes} onChange={(e) => set({ minutes: Math.max(1, Number(e.target.value) || 1) })} />
        <span className="hint">min</span>
        <button type="button" className="button small" onClick={() => claim('jti', crypto.randomUUID())}>
          jti: random
        </button>
      </div>
    </div>
  );
}
