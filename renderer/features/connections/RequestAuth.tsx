import { useId } from 'react';
import { AUTH_TYPE_LABELS, type Connection, type Draft, type ItemLocation } from '../../../preload/contract';
import { WillBeSent } from '../requests';

const INHERIT = 'inherit';

/** The request's Auth tab: which connection it is sent under, and what that adds. */
export function RequestAuth({ draft, location, connections, onChange, onEdit, onNew, previewOpen, onPreviewOpen }: { draft: Draft; location: ItemLocation | null; connections: Connection[]; onChange(connectionId: string | null | undefined): void; onEdit(connection: Connection): void; onNew(): void; previewOpen: boolean; onPreviewOpen(open: boolean): void }) {
  const id = useId();
  const chosen = connections.find((c) => c.id === draft.connectionId) ?? null;
  const missing = Boolean(draft.connectionId) && !chosen;
  // A saved request may inherit (no choice of its own); an unsaved one has nothing to inherit from.
  const inherits = location !== null && draft.connectionId === undefined;
  const value = chosen?.id ?? (inherits ? INHERIT : '');
  return (
    <div className="request-auth">
      <div className="form-row">
        <label className="form-label" htmlFor={id}>
          Connection
        </label>
        <select id={id} className="text-input" value={value} onChange={(e) => onChange(e.target.value === INHERIT ? undefined : e.target.value || null)}>
          {location && <option value={INHERIT}>Inherit from its folder or collection</option>}
          <option value="">No connection (the request's own headers only)</option>
          {connections.map((c) => (
            <option key={c.id} value={c.id}>
              {c.name} — {AUTH_TYPE_LABELS[c.auth.type]}
            </option>
          ))}
        </select>
      </div>
      {missing && <p className="hint warning">The connection this request used has been deleted. Choose another.</p>}
      {chosen ? (
        <div className="auth-summary">
          <p className="hint">
            {chosen.baseUrl ? (
              <>
                Relative URLs such as <code>/users</code> are joined to <code>{chosen.baseUrl}</code>; a URL outside it is refused.
              </>
            ) : (
              'This connection has no base URL: the request URL is used as it is.'
            )}{' '}
            Authentication: {AUTH_TYPE_LABELS[chosen.auth.type]}
            {chosen.clientCertificate ? ', with a client certificate' : ''}. Credentials are dropped if a redirect leaves the origin.
          </p>
          <button type="button" className="button small" onClick={() => onEdit(chosen)}>
            Edit connection
          </button>
        </div>
      ) : inherits ? (
        <p className="hint">Sent under the default connection of its nearest folder or collection that has one (their Settings). Pick one here to override it.</p>
      ) : (
        <p className="hint">
          Pick a connection to send this request with its base URL and credentials.{' '}
          <button type="button" className="link-button" onClick={onNew}>
            New connection
          </button>
        </p>
      )}
      <WillBeSent draft={draft} location={location} open={previewOpen} onOpenChange={onPreviewOpen} />
    </div>
  );
}
