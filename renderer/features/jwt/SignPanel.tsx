import { useEffect, useState } from 'react';
import type { Connection, Draft, KeySource, SigningProfile, Variable } from '../../../preload/contract';
import { call } from '../../state/calls';
import { initialForm, keySourceOf, type SignForm } from './signForm';
import { SignInputs } from './SignInputs';
import { TokenActions } from './TokenActions';
import { tokenParts } from './tokenText';

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

interface Preview {
  token: string;
  detected: string;
  problem: string | null;
}
const NO_PREVIEW: Preview = { token: '', detected: '', problem: null };

/** The token signed in main as you type (not kept in the history), a moment after the last change. */
function useLivePreview(form: SignForm, keySource: KeySource | null): [Preview, (preview: Preview) => void] {
  const [preview, setPreview] = useState<Preview>(NO_PREVIEW);
  const keySourceText = keySource ? JSON.stringify(keySource) : '';
  const { algorithm, passphrase, encoding, header, payload } = form;
  useEffect(() => {
    if (keySourceText === '') return;
    let live = true;
    const timer = setTimeout(() => {
      void call('jwt:sign', { algorithm, key: JSON.parse(keySourceText) as KeySource, passphrase, hmacEncoding: encoding, header, payload, record: false }).then((result) => {
        if (live) setPreview(result.ok ? { token: result.value.token, detected: result.value.detected, problem: null } : { ...NO_PREVIEW, problem: result.error.message });
      });
    }, 200);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [algorithm, keySourceText, passphrase, encoding, header, payload]);
  // With no key there is nothing to preview, whatever the last preview was.
  return [keySource === null ? NO_PREVIEW : preview, setPreview];
}

/** The signer: algorithm, key, header and claims in; a live token and every way to use it out. */
export function SignPanel({ connections, variables, draft, fileDialogs, onSigned, onVariablesSaved, profiles, onProfilesChanged }: Props) {
  const [form, setForm] = useState<SignForm>(initialForm);
  const set = (change: Partial<SignForm>) => setForm((f) => ({ ...f, ...change }));
  const [status, setStatus] = useState<string | null>(null);
  const profile = profiles.find((p) => p.id === form.profileId) ?? null;
  const keySource = keySourceOf(form, profile);
  const [shown, setPreview] = useLivePreview(form, keySource);
  const hmac = form.algorithm.startsWith('HS');
  // What the exports use: the token on screen, and nothing while there is none (an earlier
  // token, signed with another key or algorithm, is never what Copy copies).
  const token = shown.token;
  const parts = tokenParts(shown.token);

  const flash = (message: string) => {
    setStatus(message);
    setTimeout(() => setStatus((s) => (s === message ? null : s)), 3000);
  };

  const sign = async () => {
    if (!keySource) return;
    const result = await call('jwt:sign', { algorithm: form.algorithm, key: keySource, passphrase: form.passphrase, hmacEncoding: form.encoding, header: form.header, payload: form.payload, record: true });
    if (!result.ok) return setPreview({ ...shown, token: '', detected: '', problem: result.error.message });
    setPreview({ token: result.value.token, detected: result.value.detected, problem: null });
    flash('Signed; kept in the token history');
    onSigned();
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
      <SignInputs form={form} set={set} profiles={profiles} profile={profile} onProfilesChanged={onProfilesChanged} keyNote={shown} fileDialogs={fileDialogs} onStatus={flash} />
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
              <span className="hint">{form.key.trim() === '' ? (hmac ? 'Enter or generate a secret to see the token.' : 'Paste or generate a private key to see the token.') : 'Fix the problem on the left to see the token.'}</span>
            )}
          </output>
          <span className="form-hint">
            <span className="jwt-header">header</span> · <span className="jwt-payload-part">payload</span> · <span className="jwt-signature">signature</span> — updates as you type; Sign (Ctrl+Enter) keeps it in the token history.
          </span>
        </div>
        <TokenActions
          token={token}
          form={form}
          set={set}
          keySource={keySource}
          profile={profile}
          profiles={profiles}
          onProfilesChanged={onProfilesChanged}
          variables={variables}
          onVariablesSaved={onVariablesSaved}
          connections={connections}
          draft={draft}
          fileDialogs={fileDialogs}
          onStatus={flash}
          onSign={() => void sign()}
          canSign={shown.token !== ''}
        />
        {status && (
          <p className="hint" role="status" data-testid="jwt-status">
            {status}
          </p>
        )}
      </div>
    </div>
  );
}
