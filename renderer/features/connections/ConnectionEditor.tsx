import * as Dialog from '@radix-ui/react-dialog';
import { useContext, useState } from 'react';
import { HostCapabilitiesContext } from '../../hostCapabilities';
import { OAuthPanel } from './OAuthPanel';
import { AUTH_TYPE_LABELS, isOAuth, type AuthType, type ClientCertificateInput, type Connection, type ConnectionInput, type ConnectionTest, type Draft, type SigningProfile } from '../../../preload/contract';
import { api } from '../../api';
import { DialogShell } from '../../ui/FormDialog';
import { formatDuration } from '../../ui/format';
import { explainStatus } from '../../ui/statusExplanations';
import { AuthFields, defaultAuth } from './AuthFields';
import { EditedConnection, SecretField, SelectField, TextField } from './SecretField';

const AUTH_OPTIONS = (Object.keys(AUTH_TYPE_LABELS) as AuthType[]).map((type) => [type, AUTH_TYPE_LABELS[type]] as const);

function toInput(connection: Connection | null): ConnectionInput {
  if (!connection) return { name: '', baseUrl: '', auth: { type: 'none' }, clientCertificate: { kind: 'none' }, ca: '', verifyTls: true, testPath: '' };
  const cert = connection.clientCertificate;
  const clientCertificate: ClientCertificateInput =
    cert === null
      ? { kind: 'none' }
      : cert.kind === 'pem'
        ? { kind: 'pem', certificate: cert.certificate, key: cert.key, passphrase: cert.passphrase }
        : { kind: 'pfx', pfx: cert.pfx, passphrase: cert.passphrase };
  return { id: connection.id, name: connection.name, baseUrl: connection.baseUrl, auth: connection.auth, clientCertificate, ca: connection.ca, verifyTls: connection.verifyTls, testPath: connection.testPath };
}

interface Props {
  /** The connection to edit; null for a new one; undefined when closed. */
  connection: Connection | null | undefined;
  onClose(): void;
  onSaved(connection: Connection): void;
  onDeleted(id: string): void;
  profiles: SigningProfile[];
  draft: Draft;
  onDecode(token: string): void;
}

export function ConnectionEditor({ connection, onClose, onSaved, onDeleted, profiles, draft, onDecode }: Props) {
  return (
    <DialogShell open={connection !== undefined} onOpenChange={(open) => !open && onClose()} describedBy="connection-description">
      {connection !== undefined && <ConnectionForm key={connection?.id ?? 'new'} initial={connection} onClose={onClose} onSaved={onSaved} onDeleted={onDeleted} profiles={profiles} draft={draft} onDecode={onDecode} />}
    </DialogShell>
  );
}

/** One line on a test's outcome: status, time and what the status means, or why it failed. */
export function TestOutcome({ test }: { test: ConnectionTest }) {
  if (test.status === null) {
    return (
      <p className="test-outcome failed" role="status">
        <strong>Failed</strong> {test.message}
      </p>
    );
  }
  return (
    <div className={`test-outcome ${test.ok ? 'ok' : 'failed'}`} role="status">
      <strong>
        {test.status} {test.statusText}
      </strong>{' '}
      · {formatDuration(test.timeMs ?? 0)} · {explainStatus(test.status)}
      <span className="test-url">{test.url}</span>
      {test.body && (
        <pre className="test-body" aria-label="What the server answered">
          {test.body}
        </pre>
      )}
    </div>
  );
}

function ConnectionForm({ initial, onClose, onSaved, onDeleted, profiles, draft: request, onDecode }: { initial: Connection | null; onClose(): void; onSaved(connection: Connection): void; onDeleted(id: string): void; profiles: SigningProfile[]; draft: Draft; onDecode(token: string): void }) {
  const [draft, setDraft] = useState<ConnectionInput>(() => toInput(initial));
  const [saved, setSaved] = useState<Connection | null>(initial);
  const [dirty, setDirty] = useState(initial === null);
  const [busy, setBusy] = useState<'saving' | 'testing' | 'deleting' | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [test, setTest] = useState<ConnectionTest | null>(initial?.lastTest ?? null);
  // The edit a test ran on (null: the saved connection's own last test): its outcome shows while the form still holds it.
  const [testedDraft, setTestedDraft] = useState<ConnectionInput | null>(null);
  const [confirmDelete, setConfirmDelete] = useState(false);
  const capabilities = useContext(HostCapabilitiesContext);
  const update = (patch: Partial<ConnectionInput>) => {
    setDraft((d) => ({ ...d, ...patch }));
    setDirty(true);
  };
  const cert = draft.clientCertificate;

  /** Saves when there are changes; returns the saved connection, or null with the error shown. */
  const save = async (): Promise<Connection | null> => {
    if (!dirty && saved) return saved;
    if (draft.name.trim() === '') {
      setError('Give the connection a name.');
      return null;
    }
    const result = await api.calls['connections:save'](draft);
    if (!result.ok) {
      setError(result.error.message);
      return null;
    }
    setError(null);
    setSaved(result.value);
    // A test of exactly what was saved became the saved connection's own.
    setTest(result.value.lastTest ?? null);
    setTestedDraft(null);
    setDraft(toInput(result.value));
    setDirty(false);
    onSaved(result.value);
    return result.value;
  };

  // Testing never saves: an edit (or a new connection) is tested as it stands, and Cancel leaves nothing.
  const runTest = async () => {
    setBusy('testing');
    setError(null);
    if (saved && !dirty) {
      const result = await api.calls['connections:test']({ id: saved.id });
      if (result.ok) {
        setTest(result.value);
        setTestedDraft(null);
        onSaved({ ...saved, lastTest: result.value });
      } else setError(result.error.message);
    } else {
      const tested = draft;
      const result = await api.calls['connections:testDraft'](tested);
      if (result.ok) {
        setTest(result.value);
        setTestedDraft(tested);
      } else setError(result.error.message);
    }
    setBusy(null);
  };

  const remove = async () => {
    if (!saved) return onClose();
    setBusy('deleting');
    const result = await api.calls['connections:delete']({ id: saved.id });
    setBusy(null);
    if (!result.ok) return setError(result.error.message);
    onDeleted(saved.id);
    onClose();
  };

  return (
    <EditedConnection.Provider value={saved?.id ?? null}>
      <form
        className="connection-form"
        onSubmit={(e) => {
          e.preventDefault();
          setBusy('saving');
          void save().then((connection) => {
            setBusy(null);
            if (connection) onClose();
          });
        }}
      >
        <Dialog.Title className="dialog-title">{saved ? `Connection: ${saved.name}` : 'New connection'}</Dialog.Title>
        <Dialog.Description id="connection-description" className="hint">
          A named way to reach one API. Requests that use it are sent under its base URL with its credentials. Secrets are kept in your OS keychain, never in Latchkey's files.
        </Dialog.Description>
        <div className="form-grid">
          <TextField label="Connection name" value={draft.name} onChange={(name) => update({ name })} placeholder="e.g. Partner API (staging)" />
          <TextField label="Base URL" value={draft.baseUrl} onChange={(baseUrl) => update({ baseUrl })} placeholder="https://api.example.com/v1" hint="Relative request URLs are joined to it and cannot leave it. {{variables}} work." />
          <SelectField label="Authentication type" value={draft.auth.type} options={AUTH_OPTIONS} onChange={(type) => update({ auth: type === draft.auth.type ? draft.auth : defaultAuth(type) })} />
          <AuthFields auth={draft.auth} onChange={(auth) => update({ auth })} profiles={profiles} />
        </div>
        {isOAuth(draft.auth) && (
          <OAuthPanel
            connection={saved && saved.auth.type === draft.auth.type ? saved : null}
            save={save}
            fileDialogs={capabilities.fileDialogs}
            draft={request}
            onDecode={(token) => {
              onClose();
              onDecode(token);
            }}
            onChanged={(connection) => {
              setSaved(connection);
              onSaved(connection);
            }}
          />
        )}
        <fieldset className="form-section">
          <legend>Client certificate</legend>
          <div className="form-grid">
            <SelectField
              label="Certificate format"
              value={cert.kind}
              options={[
                ['none', 'None'],
                ['pem', 'PEM certificate and private key'],
                ['pfx', 'PKCS#12 / PFX file'],
              ]}
              onChange={(kind) =>
                update({ clientCertificate: kind === 'none' ? { kind } : kind === 'pem' ? { kind, certificate: '', key: { id: null }, passphrase: { id: null } } : { kind, pfx: { id: null }, passphrase: { id: null } } })
              }
              hint={saved?.clientCertificate ? `Saved: ${saved.clientCertificate.subject || 'PKCS#12 bundle'}${saved.clientCertificate.validTo ? `, valid until ${new Date(saved.clientCertificate.validTo).toLocaleDateString()}` : ''}` : 'For APIs that require mutual TLS.'}
            />
            {cert.kind === 'pem' && (
              <>
                <div className="form-row">
                  <label className="form-label" htmlFor="client-certificate">
                    Certificate
                  </label>
                  <textarea id="client-certificate" className="code-input short" spellCheck={false} placeholder="-----BEGIN CERTIFICATE----- … or a file path" value={cert.certificate} onChange={(e) => update({ clientCertificate: { ...cert, certificate: e.target.value } })} />
                </div>
                <SecretField label="Private key" multiline value={cert.key} onChange={(key) => update({ clientCertificate: { ...cert, key } })} placeholder="-----BEGIN PRIVATE KEY----- … or a file path" />
                <SecretField label="Key passphrase" value={cert.passphrase} onChange={(passphrase) => update({ clientCertificate: { ...cert, passphrase } })} hint="Only for an encrypted key." />
              </>
            )}
            {cert.kind === 'pfx' && (
              <>
                <SecretField label="PFX file" revealable={false} value={cert.pfx} onChange={(pfx) => update({ clientCertificate: { ...cert, pfx } })} placeholder="/path/to/client.p12" hint={cert.pfx.id && cert.pfx.set === undefined ? 'The saved file is in your keychain; give a path to replace it.' : "The file's path. Latchkey reads it when you save and keeps it in your keychain."} />
                <SecretField label="PFX passphrase" value={cert.passphrase} onChange={(passphrase) => update({ clientCertificate: { ...cert, passphrase } })} />
              </>
            )}
            <div className="form-row">
              <label className="form-label" htmlFor="ca-bundle">
                CA bundle
              </label>
              <textarea id="ca-bundle" className="code-input short" spellCheck={false} placeholder="Optional: -----BEGIN CERTIFICATE----- … or a file path, for servers with a private CA" value={draft.ca} onChange={(e) => update({ ca: e.target.value })} />
            </div>
            <div className="form-row">
              <span className="form-label" />
              <label className="checkbox-label">
                <input type="checkbox" checked={draft.verifyTls} onChange={(e) => update({ verifyTls: e.target.checked })} /> Verify the server's TLS certificate
              </label>
              {!draft.verifyTls && <span className="form-hint warning">Requests under this connection accept any certificate: anyone on the network path could read them.</span>}
            </div>
          </div>
        </fieldset>
        <div className="form-grid">
          <TextField label="Test path" value={draft.testPath} onChange={(testPath) => update({ testPath })} placeholder="/health (empty: the base URL)" hint='"Test connection" sends a GET here with the connection applied.' />
        </div>
        {test && (testedDraft ? testedDraft === draft : !dirty) && <TestOutcome test={test} />}
        {error && (
          <p className="hint warning" role="alert">
            {error}
          </p>
        )}
        <div className="dialog-actions spread">
          {confirmDelete ? (
            <span className="confirm-delete">
              <span className="hint">Delete this connection and its keychain secrets?</span>
              <button type="button" className="button small danger" onClick={() => void remove()} disabled={busy !== null}>
                Delete connection
              </button>
              <button type="button" className="button small" onClick={() => setConfirmDelete(false)}>
                Keep
              </button>
            </span>
          ) : (
            <button type="button" className="button danger" onClick={() => setConfirmDelete(true)} disabled={!saved}>
              Delete
            </button>
          )}
          <span className="spacer" />
          <button type="button" className="button" onClick={() => void runTest()} disabled={busy !== null} title={dirty ? 'Saves the connection, then tests it' : undefined}>
            {busy === 'testing' ? 'Testing…' : 'Test connection'}
          </button>
          <Dialog.Close asChild>
            <button type="button" className="button">
              Cancel
            </button>
          </Dialog.Close>
          <button type="submit" className="button primary" disabled={busy !== null}>
            {busy === 'saving' ? 'Saving…' : 'Save'}
          </button>
        </div>
      </form>
    </EditedConnection.Provider>
  );
}
