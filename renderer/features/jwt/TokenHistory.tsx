import { useState } from 'react';
import type { TokenHistoryEntry } from '../../../preload/contract';
import { api } from '../../api';
import { copyText } from '../../ui/exportText';
import { call } from '../../state/calls';

/** The last 50 signed tokens (kept in the keychain): copy one again, or delete it. */
export function TokenHistory({ entries, onChange }: { entries: TokenHistoryEntry[]; onChange(entries: TokenHistoryEntry[]): void }) {
  const [status, setStatus] = useState<string | null>(null);
  const [confirming, setConfirming] = useState(false);
  const [now] = useState(() => Date.now() / 1000);
  if (entries.length === 0) {
    return (
      <div className="empty-state">
        <p className="empty-title">No signed tokens yet</p>
        <p>Tokens you Sign are kept here (the last 50, in your OS keychain) so you can copy them again.</p>
      </div>
    );
  }
  return (
    <div className="token-history">
      <div className="history-actions">
        <span className="hint">{status ?? (entries.length === 1 ? '1 token' : `${entries.length} tokens`)}</span>
        <button
          type="button"
          className={`button small ${confirming ? 'danger' : ''}`}
          onClick={() => {
            if (!confirming) return setConfirming(true);
            setConfirming(false);
            void call('jwt:clearTokens').then((r) => r.ok && onChange(r.value));
          }}
        >
          {confirming ? `Delete all ${entries.length}?` : 'Clear token history'}
        </button>
      </div>
      <table className="headers-table" aria-label="Token history">
        <thead>
          <tr>
            <th>Signed</th>
            <th>Algorithm</th>
            <th>Subject</th>
            <th>Expires</th>
            <th>
              <span className="sr-only">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {entries.map((entry) => (
            <tr key={entry.id}>
              <td>{new Date(entry.at).toLocaleString()}</td>
              <td>{entry.algorithm}</td>
              <td>{entry.subject ?? '—'}</td>
              <td>
                {entry.expiresAt === null ? 'never' : new Date(entry.expiresAt * 1000).toLocaleString()}
                {entry.expiresAt !== null && entry.expiresAt <= now && <span className="badge expired">expired</span>}
              </td>
              <td className="row-actions">
                <button
                  type="button"
                  className="button small"
                  aria-label={`Copy the ${entry.algorithm} token signed ${new Date(entry.at).toLocaleString()}`}
                  onClick={() => void api.calls['jwt:tokenValue']({ id: entry.id }).then(async (r) => setStatus(r.ok ? await copyText(r.value.token, 'the token') : r.error.message))}
                >
                  Copy
                </button>
                <button type="button" className="button small ghost" aria-label={`Delete the token signed ${new Date(entry.at).toLocaleString()}`} onClick={() => void call('jwt:deleteToken', { id: entry.id }).then((r) => r.ok && onChange(r.value))}>
                  Delete
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
