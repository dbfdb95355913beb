import { useState } from 'react';
import type { Connection, Draft, KeySource, SigningProfile, Variable } from '../../../preload/contract';
import { api } from '../../api';
import { call } from '../../state/calls';
import { copyText, saveText } from '../../ui/exportText';
import { numberMember, type SignForm } from './signForm';

interface Props {
  /** The token the exports use. */
  token: string;
  form: SignForm;
  set(change: Partial<SignForm>): void;
  keySource: KeySource | null;
  profile: SigningProfile | null;
  profiles: SigningProfile[];
  onProfilesChanged(profiles: SigningProfile[]): void;
  variables: Variable[];
  onVariablesSaved(variables: Variable[]): void;
  connections: Connection[];
  draft: Draft;
  fileDialogs: boolean;
  onStatus(message: string): void;
  /** Sign (kept in the token history); `canSign`: there is a token to sign. */
  onSign(): void;
  canSign: boolean;
}

/** Every way to use the token: copy, cURL, files, a signing profile, a secret variable, a Bearer connection. */
export function TokenActions({ token, form, set, keySource, profile, profiles, onProfilesChanged, variables, onVariablesSaved, connections, draft, fileDialogs, onStatus, onSign, canSign }: Props) {
  const [variableName, setVariableName] = useState('jwt');
  const [connectionId, setConnectionId] = useState('');
  const bearerConnections = connections.filter((c) => c.auth.type === 'bearer');

  const exportAs = async (how: 'token' | 'bearer' | 'curl' | 'jwt' | 'json') => {
    if (!token) return onStatus('Sign a token first.');
    if (how === 'token') return onStatus(await copyText(token, 'the token'));
    if (how === 'bearer') return onStatus(await copyText(`Authorization: Bearer ${token}`, 'the Authorization header'));
    if (how === 'curl') {
      if (draft.url.trim() === '') return onStatus('Enter a URL in the request editor first: the cURL command is for the current request.');
      const headers = [...draft.headers.filter((h) => h.name.trim().toLowerCase() !== 'authorization'), { name: 'Authorization', value: `Bearer ${token}`, enabled: true }];
      const result = await api.calls['http:curl']({ request: { ...draft, headers }, includeSecrets: true });
      return onStatus(result.ok ? await copyText(result.value.command, 'the cURL command') : result.error.message);
    }
    if (how === 'jwt') return onStatus(await saveText('token.jwt', token, fileDialogs, 'application/jwt'));
    const decoded = await api.calls['jwt:decode']({ token });
    if (!decoded.ok) return onStatus(decoded.error.message);
    const exp = numberMember(form.payload, 'exp');
    const file = { token, header: JSON.parse(decoded.value.header) as unknown, payload: JSON.parse(decoded.value.payload) as unknown, expiresAt: exp === null ? null : new Date(exp * 1000).toISOString() };
    return onStatus(await saveText('token.json', `${JSON.stringify(file, null, 2)}\n`, fileDialogs, 'application/json'));
  };

  const saveProfile = async () => {
    const name = form.profileName.trim();
    if (name === '') return onStatus('Give the profile a name.');
    const updating = profile && profile.name === name ? profile : (profiles.find((p) => p.name === name) ?? null);
    const result = await call('jwt:saveProfile', {
      ...(updating ? { id: updating.id } : {}),
      name,
      algorithm: form.algorithm,
      hmacEncoding: form.encoding,
      ...(form.key.trim() !== '' ? { key: form.key, passphrase: form.passphrase } : updating ? {} : { key: form.key }),
      header: form.header,
      claims: form.payload,
    });
    if (!result.ok) return onStatus(result.error.message);
    onProfilesChanged(updating ? profiles.map((p) => (p.id === result.value.id ? result.value : p)) : [...profiles, result.value]);
    set({ profileId: result.value.id, key: '' });
    onStatus(`Saved the profile "${name}"; its key is in your keychain`);
  };

  const toVariable = async () => {
    if (!token) return onStatus('Sign a token first.');
    const name = variableName.trim();
    if (!/^[A-Za-z0-9_.$-]+$/.test(name)) return onStatus('A variable name uses letters, digits and _ . $ - only.');
    const rest = variables.filter((v) => v.name !== name).map((v) => ({ ...v }));
    const previous = variables.find((v) => v.name === name);
    const result = await call('variables:save', [...rest, { name, enabled: true, secret: true, value: '', secretId: previous?.secret ? previous.secretId : null, newSecretValue: token }]);
    if (!result.ok) return onStatus(result.error.message);
    onVariablesSaved(result.value);
    onStatus(`Saved as the secret variable {{${name}}}`);
  };

  const toConnection = async () => {
    const connection = bearerConnections.find((c) => c.id === connectionId);
    if (!token || !connection || connection.auth.type !== 'bearer') return onStatus('Choose a Bearer token connection.');
    const cert = connection.clientCertificate;
    const result = await call('connections:save', {
      id: connection.id,
      name: connection.name,
      baseUrl: connection.baseUrl,
      auth: { type: 'bearer', token: { id: connection.auth.token.id, set: token } },
      clientCertificate: cert === null ? { kind: 'none' } : cert.kind === 'pem' ? { kind: 'pem', certificate: cert.certificate, key: cert.key, passphrase: cert.passphrase } : { kind: 'pfx', pfx: cert.pfx, passphrase: cert.passphrase },
      ca: connection.ca,
      verifyTls: connection.verifyTls,
      testPath: connection.testPath,
    });
    if (!result.ok) return onStatus(result.error.message);
    onStatus(`"${connection.name}" now sends this token`);
  };

  return (
    <>
      <div className="jwt-actions">
        <button type="button" className="button primary" onClick={onSign} disabled={!canSign}>
          Sign
        </button>
        {(['token', 'bearer', 'curl', 'jwt', 'json'] as const).map((how) => (
          <button key={how} type="button" className="button" onClick={() => void exportAs(how)} disabled={!token}>
            {{ token: 'Copy token', bearer: 'Copy as Bearer header', curl: 'Copy as cURL', jwt: 'Save .jwt', json: 'Save .json' }[how]}
          </button>
        ))}
      </div>
      <div className="jwt-actions">
        <input aria-label="Profile name" className="text-input narrow" placeholder="Profile name" value={form.profileName} onChange={(e) => set({ profileName: e.target.value })} />
        <button type="button" className="button" onClick={() => void saveProfile()} disabled={!keySource}>
          {profile && profile.name === form.profileName.trim() ? 'Update profile' : 'Save as profile'}
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
    </>
  );
}
