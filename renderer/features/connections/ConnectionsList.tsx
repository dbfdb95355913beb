import { AUTH_TYPE_LABELS, type Connection } from '../../../preload/contract';

function hostOf(baseUrl: string): string {
  return baseUrl.replace(/^https?:\/\//, '') || 'no base URL';
}

/** The sidebar's connections: each with its type, base URL and the outcome of its last test. */
export function ConnectionsList({ connections, onNew, onOpen }: { connections: Connection[]; onNew(): void; onOpen(connection: Connection): void }) {
  return (
    <div className="connections">
      <div className="history-actions">
        <span className="hint">{connections.length === 0 ? 'No connections' : connections.length === 1 ? '1 connection' : `${connections.length} connections`}</span>
        <button type="button" className="button small primary" onClick={onNew}>
          New connection
        </button>
      </div>
      {connections.length === 0 ? (
        <div className="sidebar-empty">
          <p className="empty-title">Reach an API once, reuse it everywhere</p>
          <p>A connection holds an API's base URL, its credentials (kept in your OS keychain) and an optional client certificate. Requests pick one in their Auth tab.</p>
        </div>
      ) : (
        <ul className="history-list" aria-label="Connections">
          {connections.map((connection) => {
            const test = connection.lastTest;
            const state = !test ? 'Not tested' : test.ok ? `OK · ${test.status}` : test.status ? `Failed · ${test.status}` : 'Failed';
            return (
              <li key={connection.id} className="history-item">
                <button type="button" className="connection-open" onClick={() => onOpen(connection)} title={test && !test.ok ? test.message : connection.baseUrl}>
                  <span className="connection-name">{connection.name}</span>
                  <span className={`connection-state ${!test ? '' : test.ok ? 'ok' : 'failed'}`}>{state}</span>
                  <span className="history-meta">
                    {AUTH_TYPE_LABELS[connection.auth.type]}
                    {connection.clientCertificate ? ' + client certificate' : ''} · {hostOf(connection.baseUrl)}
                  </span>
                </button>
              </li>
            );
          })}
        </ul>
      )}
    </div>
  );
}
