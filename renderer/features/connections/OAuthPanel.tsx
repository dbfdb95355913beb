import { useState } from 'react';
import type { Connection, Draft } from '../../../preload/contract';
import { api } from '../../api';
import { blockedLink, openExternal } from '../../state/externalLinks';
import { copyText, saveText } from '../../ui/exportText';

interface Props {
  connection: Connection | null;
  /** Saves pending edits first; returns the saved connection or null (the error is shown by the form). */
  save(): Promise<Connection | null>;
  onChanged(connection: Connection): void;
  fileDialogs: boolean;
  /** The request in the editor, for Copy as cURL. */
  draft: Draft;
  /** Opens a token in the JWT signer's Decode & verify. */
  onDecode(token: string): void;
}

function until(expiresAt: number | null): string {
  if (expiresAt === null) return 'no expiry given';
  const seconds = Math.round((expiresAt - Date.now()) / 1000);
  if (seconds <= 0) return `expired ${new Date(expiresAt).toLocaleTimeString()}`;
  return `expires ${new Date(expiresAt).toLocaleTimeString()} (in ${seconds < 120 ? `${seconds} s` : `${Math.round(seconds / 60)} min`})`;
}

/** Connect, Cancel, the connected state, Refresh now, Disconnect and Export token of an OAuth connection. */
export function OAuthPanel({ connection, save, onChanged, fileDialogs, draft, onDecode }: Props) {
  const [busy, setBusy] = useState<'connecting' | 'refreshing' | 'disconnecting' | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const [exportOpen, setExportOpen] = useState(false);
  const [withRefresh, setWithRefresh] = useState(false);
  const state = connection?.oauth ?? null;

  const code = connection?.auth.type === 'oauth2Code';
  const deviceType = connection?.auth.type === 'oauth2Device';
  const [device, setDevice] = useState<{ userCode: string; verificationUri: string; verificationUriComplete: string | null; expiresAt: number } | null>(null);

  const connect = async () => {
    setMessage(null);
    setBusy('connecting');
    const saved = await save();
    if (!saved) return setBusy(null);
    if (saved.auth.type === 'oauth2Device') {
      const started = await api.calls['connections:deviceStart']({ id: saved.id });
      if (!started.ok) {
        setBusy(null);
        return setMessage(started.error.message);
      }
      setDevice(started.value);
      const waited = await api.calls['connections:deviceWait']({ id: saved.id });
      setBusy(null);
      setDevice(null);
      if (!waited.ok) return setMessage(waited.error.message);
      window.focus();
      return onChanged(waited.value);
    }
    const result = await api.calls['connections:connect']({ id: saved.id });
    setBusy(null);
    blockedLink.set(null);
    // Back from the browser: bring this window forward.
    window.focus();
    if (!result.ok) return setMessage(result.error.message);
    onChanged(result.value);
  };
  const run = async (what: 'refreshing' | 'disconnecting') => {
    if (!connection) return;
    setMessage(null);
    setBusy(what);
    if (what === 'refreshing') {
      const result = await api.calls['connections:refresh']({ id: connection.id });
      setBusy(null);
      if (!result.ok) return setMessage(result.error.message);
      onChanged(result.value);
      setMessage('Refreshed.');
    } else {
      const result = await api.calls['connections:disconnect']({ id: connection.id });
      setBusy(null);
      if (!result.ok) return setMessage(result.error.message);
      onChanged(result.value.connection);
      setMessage(result.value.revoked ? 'Disconnected: the provider revoked the tokens and Latchkey forgot them.' : 'Disconnected: Latchkey forgot the tokens (this provider offers no revocation).');
    }
  };
  /** Each export is one call for that purpose: main reads the token from the keychain only then. */
  const exported = async (token: 'access' | 'id' | 'jwt' | 'file'): Promise<string | null> => {
    if (!connection) return null;
    const result = await api.calls['connections:exportToken']({ id: connection.id, token, ...(token === 'file' ? { withRefresh } : {}) });
    if (!result.ok) {
      setMessage(result.error.message);
      return null;
    }
    return result.value.value;
  };
  const exportToken = async (how: 'token' | 'bearer' | 'idToken' | 'file' | 'curl' | 'decode') => {
    if (!state || !connection) return;
    if (how === 'curl') {
      if (draft.url.trim() === '') return setMessage('Enter a URL in the request editor first: the cURL command is for the current request, sent under this connection.');
      const result = await api.calls['http:curl']({ request: { ...draft, connectionId: connection.id }, includeSecrets: true });
      return setMessage(result.ok ? await copyText(result.value.command, 'the cURL command') : result.error.message);
    }
    if (how === 'decode') {
      const token = await exported('jwt');
      return token === null ? undefined : onDecode(token);
    }
    if (how === 'idToken') {
      const idToken = await exported('id');
      return idToken === null ? undefined : setMessage(await copyText(idToken, 'the ID token (paste it into JWT signer › Decode & verify)'));
    }
    if (how === 'file') {
      const file = await exported('file');
      return file === null ? undefined : setMessage(await saveText(`${connection.name.replace(/[^\w.-]+/g, '-')}.token.json`, file, fileDialogs, 'application/json'));
    }
    const access = await exported('access');
    if (access === null) return;
    setMessage(how === 'token' ? await copyText(access, 'the access token') : await copyText(`Authorization: Bearer ${access}`, 'the Authorization header'));
  };

  return (
    <div className="oauth-panel" aria-label="OAuth connection state">
      {busy === 'connecting' && device ? (
        <div className="oauth-state waiting device-code" role="status">
          <span>
            On any device, open <code>{device.verificationUri}</code> and enter the code
          </span>
          <strong className="user-code" data-testid="user-code">
            {device.userCode}
          </strong>
          <button type="button" className="button small" onClick={() => void copyText(device.userCode, 'the code').then(setMessage)}>
            Copy code
          </button>
          <button type="button" className="button small" onClick={() => void openExternal(device.verificationUriComplete ?? device.verificationUri).then((problem) => problem && setMessage(problem))}>
            Open
          </button>
          {connection && (
            <button type="button" className="button small ghost" onClick={() => void api.calls['connections:cancelConnect']({ id: connection.id })}>
              Cancel
            </button>
          )}
          <span className="hint">Waiting for approval; the code expires {new Date(device.expiresAt).toLocaleTimeString()}.</span>
        </div>
      ) : busy === 'connecting' ? (
        <p className="oauth-state waiting" role="status">
          <span className="spinner" aria-hidden="true" />
          {code ? 'Waiting for the browser: finish signing in there (up to 5 minutes).' : 'Fetching a token…'}
          {code && connection && (
            <button type="button" className="button small" onClick={() => void api.calls['connections:cancelConnect']({ id: connection.id })}>
              Cancel
            </button>
          )}
        </p>
      ) : state?.status === 'connected' ? (
        <p className="oauth-state connected" role="status">
          <strong>Connected</strong> · {until(state.expiresAt)}
          {state.scope && <> · scopes {state.scope}</>}
        </p>
      ) : state?.status === 'reconnect' ? (
        <p className="oauth-state failed" role="status">
          <strong>Reconnect needed</strong> {state.reason}
        </p>
      ) : (
        <p className="oauth-state" role="status">
          Not connected. {code ? 'Connect opens the sign-in page in your browser.' : deviceType ? 'Connect shows a code to enter on the provider’s device page.' : 'Connect fetches a token with the client credentials.'}
        </p>
      )}
      <div className="oauth-actions">
        <button type="button" className="button primary small" onClick={() => void connect()} disabled={busy !== null}>
          {state ? 'Connect again' : 'Connect'}
        </button>
        {state && (
          <>
            <button type="button" className="button small" onClick={() => void run('refreshing')} disabled={busy !== null}>
              {busy === 'refreshing' ? 'Refreshing…' : 'Refresh now'}
            </button>
            <button type="button" className="button small danger" onClick={() => void run('disconnecting')} disabled={busy !== null}>
              Disconnect
            </button>
            <button type="button" className="button small" aria-expanded={exportOpen} onClick={() => setExportOpen((o) => !o)}>
              Export token
            </button>
          </>
        )}
      </div>
      {exportOpen && state && (
        <div className="oauth-actions">
          <button type="button" className="button small ghost" onClick={() => void exportToken('token')}>
            Copy access token
          </button>
          <button type="button" className="button small ghost" onClick={() => void exportToken('bearer')}>
            Copy as Bearer header
          </button>
          <button type="button" className="button small ghost" onClick={() => void exportToken('curl')}>
            Copy as cURL (current request)
          </button>
          <button type="button" className="button small ghost" onClick={() => void exportToken('idToken')} disabled={!state.hasIdToken} title={state.hasIdToken ? undefined : 'The provider sent no ID token (ask for the openid scope).'}>
            Copy ID token
          </button>
          <button type="button" className="button small ghost" onClick={() => void exportToken('decode')}>
            Decode in JWT signer
          </button>
          <button type="button" className="button small ghost" onClick={() => void exportToken('file')}>
            Save as JSON
          </button>
          <label className="checkbox-label" title={state.hasRefreshToken ? undefined : 'The provider gave no refresh token.'}>
            <input type="checkbox" checked={withRefresh && state.hasRefreshToken} disabled={!state.hasRefreshToken} onChange={(e) => setWithRefresh(e.target.checked)} /> include the refresh token
          </label>
        </div>
      )}
      {message && (
        <p className="hint" role="status">
          {message}
        </p>
      )}
    </div>
  );
}
