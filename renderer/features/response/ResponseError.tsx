import type { ApiError } from '../../../preload/contract';

const ERROR_TITLES: Partial<Record<ApiError['code'], string>> = {
  invalid_url: 'Invalid URL',
  unsupported_scheme: 'Unsupported scheme',
  invalid_header: 'Invalid header',
  invalid_method: 'Invalid method',
  connection_refused: 'Connection refused',
  host_not_found: 'Host not found',
  connection_reset: 'Connection reset',
  timeout: 'Timed out',
  cancelled: 'Cancelled',
  tls_error: 'TLS error',
  disconnected: 'Disconnected from Latchkey',
  invalid_request: 'Request refused',
  redirect_blocked: 'Redirect blocked',
  too_many_redirects: 'Too many redirects',
  unresolved_variable: 'Unresolved variables',
  invalid_body: 'Invalid body',
  keychain_unavailable: 'Keychain unavailable',
  proxy_error: 'Proxy error',
  file_error: 'File problem',
  unconfirmed_file: 'Not sent: a file from an import needs confirming',
};

/** Why a send got no response, and for a TLS failure, a way to send again without the check. */
export function ResponseError({ error, onSendWithoutTlsCheck }: { error: ApiError; onSendWithoutTlsCheck?: (() => void) | undefined }) {
  return (
      <div className={`error-panel ${error.code === 'cancelled' ? 'muted' : ''}`} role="alert">
        <p className="error-title">{ERROR_TITLES[error.code] ?? 'Request failed'}</p>
        <p className="error-message">{error.message}</p>
        {error.issues && (
          <ul>
            {error.issues.map((issue) => (
              <li key={issue.path}>
                <code>{issue.path}</code>: {issue.message}
              </li>
            ))}
          </ul>
        )}
        {error.code === 'tls_error' && onSendWithoutTlsCheck && (
          <div className="error-actions">
            <button type="button" className="button small" onClick={onSendWithoutTlsCheck}>
              Send again without verifying TLS
            </button>
            <span className="hint">For this request only (its Settings tab); anyone on the network path could read or change it.</span>
          </div>
        )}
      </div>
  );
}
