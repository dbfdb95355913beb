import { useEffect, useId, useState } from 'react';
import { JWT_ALGORITHMS, type Connection, type Draft, type GeneratedKey, type HmacEncoding, type JwtAlgorithm, type KeyKind, type KeySource, type SigningProfile, type Variable } from '../../../preload/contract';
import { api } from '../../api';
import { copyText, saveText } from '../../ui/exportText';
import { tokenParts, withClaim } from './tokenText';
import { call } from '../../state/calls';

const TEMPLATES: Record<string, { label: string; payload: () => string }> = {
  platform: { label: 'API platform client (sub, name)', payload: () => JSON.stringify({ sub: '<access key / auth token>', name: '<client name>' }, null, 2) },
  service: {
    label: 'Service account (iss, sub, aud, exp)',
    payload: () => JSON.stringify({ iss: 'service@example.com', sub: 'service@example.com', aud: 'https://api.example.com', exp: Math.floor(Date.now() / 1000) + 3600 }, null, 2),
  },
};

const KEY_KINDS: Record<'HS' | 'RS' | 'ES' | 'Ed', [KeyKind, string][]> = {
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

function family(algorithm: JwtAlgorithm): keyof typeof KEY_KINDS {
  return algorithm.startsWith('HS') ? 'HS' : algorithm.startsWith('ES') ? 'ES' : algorithm === 'EdDSA' ? 'Ed' : 'RS';
}

/** The kind of key the algorithm signs with, matching the EC curve when there is one. */
function defaultKind(algorithm: JwtAlgorithm): KeyKind {
  return ({ HS256: 'hmac-32', HS384: 'hmac-48', HS512: 'hmac-64', ES256: 'ec-p256', ES384: 'ec-p384', ES512: 'ec-p521', EdDSA: 'ed25519' } as Partial<Record<JwtAlgorithm, KeyKind>>)[algorithm] ?? 'rsa-2048';
}

interface Props {
  connections: Connection[];
  variables: Variable[];
  draft: Draft;
  fileDialogs: boolean;
  onSigned(): void;
  onVariablesSaved(variables: Variable[]): void;
  profiles: SigningProfile[];
  onProfilesChanged(profiles: SigningProfile[]): void;
}

function Labelled({ label, children, hint }: { label: string; children: (id: string) => React.ReactNode; hint?: React.ReactNode }) {
  const id = useId();
  return (
    <div className="jwt-field">
      <label className="form-label" htmlFor={id}>
        {label}
      </label>
      {children(id)}
      {hint && <span className="form-hint">{hint}</span>}
    </div>
  );
}

/** The signer: algorithm, key, header and claims in; a live token and every way to use it out. */
export function SignPanel({ connections, variables, draft, fileDialogs, onSigned, onVariablesSaved, profiles, onProfilesChanged }: Props) {
  const [profileId, setProfileId] = useState('');
  const [profileName, setProfileName] = useState('');
  const [algorithm, setAlgorithm] = useState<JwtAlgorithm>('HS256');
  const [key, setKey] = useState('');
  const [encoding, setEncoding] = useState<HmacEncoding>('text');
  const [passphrase, setPassphrase] = useState('');
  const [header, setHeader] = useState('{\n  "typ": "JWT"\n}');
  const [payload, setPayload] = useState(TEMPLATES.platform!.payload());
  const [minutes, setMinutes] = useState(60);
  const [preview, setPreview] = useState<{ token: string; detected: string; problem: string | null }>({ token: '', detected: '', problem: null });
  const [signed, setSigned] = useState<string | null>(null);
  const [generated, setGenerated] = useState<GeneratedKey | null>(null);
  const [kind, setKind] = useState<KeyKind>('hmac-32');
  const [status, setStatus] = useState<string | null>(null);
  const [variableName, setVariableName] = useState('jwt');
  const [connectionId, setConnectionId] = useState('');
  const hmac = algorithm.startsWith('HS');
  const profile = profiles.find((p) => p.id === profileId) ?? null;
  /** The key to sign with: the one typed, else the chosen profile's (from the keychain). */
  const keySource: KeySource | null = key.trim() !== '' ? { kind: 'text', text: key } : profile ? { kind: 'profile', profileId: profile.id } : null;
  const keySourceText = keySource ? JSON.stringify(keySource) : '';
  const bearerConnections = connections.filter((c) => c.auth.type === 'bearer');

  const flash = (message: string) => {
    setStatus(message);
    setTimeout(() => setStatus((s) => (s === message ? null : s)), 3000);
  };

  // The live preview: signed in main as you type (not kept in the history).
  useEffect(() => {
    if (keySourceText === '') return;
    let live = true;
    const timer = setTimeout(() => {
      void call('jwt:sign', { algorithm, key: JSON.parse(keySourceText) as KeySource, passphrase, hmacEncoding: encoding, header, payload, record: false }).then((result) => {
        if (!live) return;
        setPreview(result.ok ? { token: result.value.token, detected: result.value.detected, problem: null } : { token: '', detected: '', problem: result.error.message });
      });
    }, 200);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [algorithm, keySourceText, passphrase, encoding, header, payload]);

  const sign = async () => {
    if (!keySource) return;
    const result = await call('jwt:sign', { algorithm, key: keySource, passphrase, hmacEncoding: encoding, header, payload, record: true });
    if (!result.ok) return setPreview({ token: '', detected: '', problem: result.error.message });
    setSigned(result.value.token);
    setPreview({ token: result.value.token, detected: result.value.detected, problem: null });
    flash('Signed; kept in the token history');
    onSigned();
  };

  const loadProfile = (id: string) => {
    setProfileId(id);
    const chosen = profiles.find((p) => p.id === id);
    if (!chosen) return;
    setAlgorithm(chosen.algorithm);
    setEncoding(chosen.hmacEncoding);
    setHeader(chosen.header);
    setPayload(chosen.claims);
    setKey('');
    setPassphrase('');
    setProfileName(chosen.name);
  };

  const saveProfile = async () => {
    const name = profileName.trim();
    if (name === '') return flash('Give the profile a name.');
    const updating = profile && profile.name === name ? profile : profiles.find((p) => p.name === name) ?? null;
    const result = await call('jwt:saveProfile', {
      ...(updating ? { id: updating.id } : {}),
      name,
      algorithm,
      hmacEncoding: encoding,
      ...(key.trim() !== '' ? { key, passphrase } : updating ? {} : { key }),
      header,
      claims: payload,
    });
    if (!result.ok) return flash(result.error.message);
    const next = updating ? profiles.map((p) => (p.id === result.value.id ? result.value : p)) : [...profiles, result.value];
    onProfilesChanged(next);
    setProfileId(result.value.id);
    setKey('');
    flash(`Saved the profile "${name}"; its key is in your keychain`);
  };

  const deleteProfile = async () => {
    if (!profile) return;
    const result = await call('jwt:deleteProfile', { id: profile.id });
    if (!result.ok) return flash(result.error.message);
    onProfilesChanged(profiles.filter((p) => p.id !== profile.id));
    setProfileId('');
    flash(`Deleted the profile "${profile.name}"`);
  };

  const generateKey = async () => {
    const result = await api.calls['jwt:generate']({ kind });
    if (!result.ok) return flash(result.error.message);
    setGenerated(result.value);
    // An RSA key suits every RS and PS algorithm; secrets and EC keys have one algorithm each.
    const keepsAlgorithm = family(result.value.algorithm) === 'RS' && family(algorithm) === 'RS';
    setAlgorithm(keepsAlgorithm ? algorithm : result.value.algorithm);
    setKey(result.value.secret ?? result.value.privateKey ?? '');
    setPassphrase('');
    if (result.value.secret) setEncoding('base64');
  };

  const claim = (name: string, value: unknown) => {
    const next = withClaim(payload, name, value);
    if (next === null) return flash('Fix the payload JSON first.');
    setPayload(next);
  };
  const now = () => Math.floor(Date.now() / 1000);
  const headerKid = (() => {
    try {
      const parsed = JSON.parse(header) as { kid?: unknown };
      return typeof parsed.kid === 'string' ? parsed.kid : '';
    } catch {
      return '';
    }
  })();

  // With no key there is nothing to preview, whatever the last preview was.
  const shown = keySource === null ? { token: '', detected: '', problem: null } : preview;
  // What the exports use: the token on screen (the last signed one if the key was cleared).
  const token = shown.token || signed || '';
  const parts = tokenParts(shown.token);
  const exp = (() => {
    try {
      return (JSON.parse(payload) as { exp?: number }).exp ?? null;
    } catch {
      return null;
    }
  })();

  const exportAs = async (how: 'token' | 'bearer' | 'curl' | 'jwt' | 'json') => {
    if (!token) return flash('Sign a token first.');
    if (how === 'token') return flash(await copyText(token, 'the token'));
    if (how === 'bearer') return flash(await copyText(`Authorization: Bearer ${token}`, 'the Authorization header'));
    if (how === 'curl') {
      if (draft.url.trim() === '') return flash('Enter a URL in the request editor first: the cURL command is for the current request.');
      const headers = [...draft.headers.filter((h) => h.name.trim().toLowerCase() !== 'authorization'), { name: 'Authorization', value: `Bearer ${token}`, enabled: true }];
      const result = await api.calls['http:curl']({ request: { ...draft, headers }, includeSecrets: true });
      return flash(result.ok ? await copyText(result.value.command, 'the cURL command') : result.error.message);
    }
    if (how === 'jwt') return flash(await saveText('token.jwt', token, fileDialogs, 'application/jwt'));
    const decoded = await api.calls['jwt:decode']({ token });
    if (!decoded.ok) return flash(decoded.error.message);
    const file = { token, header: JSON.parse(decoded.value.header) as unknown, payload: JSON.parse(decoded.value.payload) as unknown, expiresAt: exp === null ? null : new Date(exp * 1000).toISOString() };
    return flash(await saveText('token.json', `${JSON.stringify(file, null, 2)}\n`, fileDialogs, 'application/json'));
  };

  const toVariable = async () => {
    if (!token) return flash('Sign a token first.');
    const name = variableName.trim();
    if (!/^[A-Za-z0-9_.$-]+$/.test(name)) return flash('A variable name uses letters, digits and _ . $ - only.');
    const rest = variables.filter((v) => v.name !== name).map((v) => ({ ...v }));
    const previous = variables.find((v) => v.name === name);
    const result = await call('variables:save', [...rest, { name, enabled: true, secret: true, value: '', secretId: previous?.secret ? previous.secretId : null, newSecretValue: token }]);
    if (!result.ok) return flash(result.error.message);
    onVariablesSaved(result.value);
    flash(`Saved as the secret variable {{${name}}}`);
  };

  const toConnection = async () => {
    const connection = bearerConnections.find((c) => c.id === connectionId);
    if (!token || !connection || connection.auth.type !== 'bearer') return flash('Choose a Bearer token connection.');
    const cert = connection.clientCertificate;
    const result = await api.calls['connections:save']({
      id: connection.id,
      name: connection.name,
      baseUrl: connection.baseUrl,
      auth: { type: 'bearer', token: { id: connection.auth.token.id, set: token } },
      clientCertificate: cert === null ? { kind: 'none' } : cert.kind === 'pem' ? { kind: 'pem', certificate: cert.certificate, key: cert.key, passphrase: cert.passphrase } : { kind: 'pfx', pfx: cert.pfx, passphrase: cert.passphrase },
      ca: connection.ca,
      verifyTls: connection.verifyTls,
      testPath: connection.testPath,
    });
    if (!result.ok) return flash(result.error.message);
    flash(`"${connection.name}" now sends this token`);
  };

  return (
    <div
      className="jwt-sign"
      onKeyDown={(e) => {
        if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
          e.preventDefault();
          e.stopPropagation();
          void sign();
        }
      }}
    >
      <div className="jwt-column">
        <div className="jwt-generate">
          <Labelled label="Signing profile" hint={profile ? `Key in your keychain (${profile.detected}); paste a key below to use another.` : 'Save the algorithm, key, header and claims to reuse them here and in JWT connections.'}>
            {(id) => (
              <select id={id} className="text-input" value={profileId} onChange={(e) => loadProfile(e.target.value)}>
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
            <select id={id} className="text-input" value={algorithm} onChange={(e) => {
              const next = e.target.value as JwtAlgorithm;
              setAlgorithm(next);
              setKind(defaultKind(next));
            }}>
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
          hint={shown.problem ? <span className="warning">{shown.problem}</span> : shown.detected ? `Detected: ${shown.detected}` : hmac ? 'The shared secret, as text, base64 or hex.' : 'PEM (PKCS#8, PKCS#1, SEC1, encrypted), OpenSSH (ssh-keygen) or JWK / JWK Set.'}
        >
          {(id) => <textarea id={id} className="code-input short" spellCheck={false} autoComplete="off" value={key} onChange={(e) => setKey(e.target.value)} placeholder={hmac ? 'e.g. the output of openssl rand -base64 32' : '-----BEGIN PRIVATE KEY----- …'} />}
        </Labelled>
        {hmac ? (
          <Labelled label="Secret encoding">
            {(id) => (
              <select id={id} className="text-input" value={encoding} onChange={(e) => setEncoding(e.target.value as HmacEncoding)}>
                <option value="text">Text (UTF-8 bytes as typed)</option>
                <option value="base64">Base64 (decoded before use)</option>
                <option value="hex">Hex (decoded before use)</option>
              </select>
            )}
          </Labelled>
        ) : (
          <Labelled label="Key passphrase" hint="Only for an encrypted key.">
            {(id) => <input id={id} type="password" className="text-input" autoComplete="off" value={passphrase} onChange={(e) => setPassphrase(e.target.value)} />}
          </Labelled>
        )}
        <div className="jwt-generate">
          <Labelled label="Generate">
            {(id) => (
              <select id={id} className="text-input" value={kind} onChange={(e) => setKind(e.target.value as KeyKind)}>
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
        {generated && generated.publicPem && <PublicKeyExport generated={generated} onStatus={flash} fileDialogs={fileDialogs} />}
        <Labelled label="Header" hint="alg is set from the algorithm.">
          {(id) => <textarea id={id} className="code-input short" spellCheck={false} value={header} onChange={(e) => setHeader(e.target.value)} />}
        </Labelled>
        <Labelled label="Key ID (kid)">
          {(id) => (
            <input
              id={id}
              className="text-input"
              value={headerKid}
              placeholder="optional"
              onChange={(e) => {
                const next = withClaim(header, 'kid', e.target.value === '' ? undefined : e.target.value);
                if (next) setHeader(next);
                else flash('Fix the header JSON first.');
              }}
            />
          )}
        </Labelled>
        <Labelled label="Payload">
          {(id) => <textarea id={id} className="code-input jwt-payload" spellCheck={false} value={payload} onChange={(e) => setPayload(e.target.value)} />}
        </Labelled>
        <div className="jwt-claims">
          <select aria-label="Claims template" className="text-input" value="" onChange={(e) => e.target.value && setPayload(TEMPLATES[e.target.value]!.payload())}>
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
          <button type="button" className="button small" onClick={() => claim('exp', now() + minutes * 60)}>
            exp: in
          </button>
          <input aria-label="Minutes until exp" className="text-input minutes" type="number" min={1} value={minutes} onChange={(e) => setMinutes(Math.max(1, Number(e.target.value) || 1))} />
          <span className="hint">min</span>
          <button type="button" className="button small" onClick={() => claim('jti', crypto.randomUUID())}>
            jti: random
          </button>
        </div>
      </div>
      <div className="jwt-column">
        <div className="jwt-field">
          <span className="form-label" id="jwt-token-label">
            Token
          </span>
          <output className="jwt-token" aria-labelledby="jwt-token-label" data-testid="jwt-token">
            {parts ? (
              <>
                <span className="jwt-header">{parts[0]}</span>.<span className="jwt-payload-part">{parts[1]}</span>.<span className="jwt-signature">{parts[2]}</span>
              </>
            ) : (
              <span className="hint">{key.trim() === '' ? (hmac ? 'Enter or generate a secret to see the token.' : 'Paste or generate a private key to see the token.') : 'Fix the problem on the left to see the token.'}</span>
            )}
          </output>
          <span className="form-hint">
            <span className="jwt-header">header</span> · <span className="jwt-payload-part">payload</span> · <span className="jwt-signature">signature</span> — updates as you type; Sign (Ctrl+Enter) keeps it in the token history.
          </span>
        </div>
        <div className="jwt-actions">
          <button type="button" className="button primary" onClick={() => void sign()} disabled={!shown.token}>
            Sign
          </button>
          <button type="button" className="button" onClick={() => void exportAs('token')} disabled={!token}>
            Copy token
          </button>
          <button type="button" className="button" onClick={() => void exportAs('bearer')} disabled={!token}>
            Copy as Bearer header
          </button>
          <button type="button" className="button" onClick={() => void exportAs('curl')} disabled={!token}>
            Copy as cURL
          </button>
          <button type="button" className="button" onClick={() => void exportAs('jwt')} disabled={!token}>
            Save .jwt
          </button>
          <button type="button" className="button" onClick={() => void exportAs('json')} disabled={!token}>
            Save .json
          </button>
        </div>
        <div className="jwt-actions">
          <input aria-label="Profile name" className="text-input narrow" placeholder="Profile name" value={profileName} onChange={(e) => setProfileName(e.target.value)} />
          <button type="button" className="button" onClick={() => void saveProfile()} disabled={!keySource}>
            {profile && profile.name === profileName.trim() ? 'Update profile' : 'Save as profile'}
          </button>
        </div>
        <div className="jwt-actions">
          <input aria-label="Variable name" className="text-input narrow" value={variableName} onChange={(e) => setVariableName(e.target.value)} />
          <button type="button" className="button" onClick={() => void toVariable()} disabled={!token}>
            Save to variable
          </button>
        </div>
        <div className="jwt-actions">
          <select aria-label="Bearer connection" className="text-input narrow" value={connectionId} onChange={(e) => setConnectionId(e.target.value)}>
            <option value="">{bearerConnections.length === 0 ? 'No Bearer token connections' : 'Choose a Bearer connection…'}</option>
            {bearerConnections.map((c) => (
              <option key={c.id} value={c.id}>
                {c.name}
              </option>
            ))}
          </select>
          <button type="button" className="button" onClick={() => void toConnection()} disabled={!token || !connectionId}>
            Use in connection
          </button>
        </div>
        {status && (
          <p className="hint" role="status" data-testid="jwt-status">
            {status}
          </p>
        )}
      </div>
    </div>
  );
}

/** The generated public key in the forms API platforms ask for. */
function PublicKeyExport({ generated, onStatus, fileDialogs }: { generated: GeneratedKey; onStatus(message: string): void; fileDialogs: boolean }) {
  const forms: [string, string][] = [
    ['PEM (SPKI)', generated.publicPem ?? ''],
    ['JWK', generated.publicJwk ?? ''],
    ...(generated.openssh ? ([['OpenSSH', generated.openssh]] as [string, string][]) : []),
  ];
  const [form, setForm] = useState(0);
  const [label, text] = forms[Math.min(form, forms.length - 1)]!;
  return (
    <div className="jwt-public">
      <div className="jwt-public-head">
        <span className="form-label">Public key</span>
        <div className="segmented" role="radiogroup" aria-label="Public key format">
          {forms.map(([name], index) => (
            <button key={name} type="button" role="radio" aria-checked={index === form} className={index === form ? 'active' : ''} onClick={() => setForm(index)}>
              {name}
            </button>
          ))}
        </div>
        <button type="button" className="button small" onClick={() => void copyText(text, `the public key (${label})`).then(onStatus)}>
          Copy public key
        </button>
        <button type="button" className="button small ghost" onClick={() => void saveText(label === 'JWK' ? 'public.jwk.json' : label === 'OpenSSH' ? 'id_latchkey.pub' : 'public.pem', text, fileDialogs).then(onStatus)}>
          Save
        </button>
      </div>
      <pre className="jwt-public-text" aria-label={`Public key as ${label}`}>
        {text}
      </pre>
    </div>
  );
}
