import * as Tabs from '@radix-ui/react-tabs';
import type { ApiError, ExecuteResult } from '../../../preload/contract';
import { BodyViewer } from './BodyViewer';
import { HeadersTable } from './HeadersTable';
import { ImagePreview } from './ImagePreview';
import { formatBytes, formatDuration, hexDump, statusClass } from './format';
import { explainStatus } from './statusExplanations';
import { TimingChart } from './TimingChart';

export type ResponseState =
  | { kind: 'idle' }
  | { kind: 'sending'; startedAt: number }
  | { kind: 'done'; result: ExecuteResult }
  | { kind: 'failed'; error: ApiError };

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

export function ResponseView({ state, onSendWithoutTlsCheck }: { state: ResponseState; onSendWithoutTlsCheck?(): void }) {
  if (state.kind === 'idle') {
    return (
      <div className="empty-state">
        <p className="empty-title">No response yet</p>
        <p>
          Enter a URL and press <kbd>Ctrl</kbd> + <kbd>Enter</kbd> or <strong>Send</strong>.
        </p>
      </div>
    );
  }
  if (state.kind === 'sending') {
    return (
      <div className="empty-state" role="status">
        <div className="spinner" aria-hidden="true" />
        <p>Waiting for the response…</p>
      </div>
    );
  }
  if (state.kind === 'failed') {
    return (
      <div className={`error-panel ${state.error.code === 'cancelled' ? 'muted' : ''}`} role="alert">
        <p className="error-title">{ERROR_TITLES[state.error.code] ?? 'Request failed'}</p>
        <p className="error-message">{state.error.message}</p>
        {state.error.issues && (
          <ul>
            {state.error.issues.map((issue) => (
              <li key={issue.path}>
                <code>{issue.path}</code>: {issue.message}
              </li>
            ))}
          </ul>
        )}
        {state.error.code === 'tls_error' && onSendWithoutTlsCheck && (
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
  return <ResponseResult result={state.result} />;
}

function ResponseResult({ result }: { result: ExecuteResult }) {
  return (
    <div className="response">
      <div className="response-summary" aria-label="Response summary">
        <span className={`status ${statusClass(result.status)}`} data-testid="response-status">
          {result.status} {result.statusText}
        </span>
        <span className="metric" title={`First byte after ${formatDuration(result.timing.firstByteMs)}`}>
          <span className="metric-label">Time</span> {formatDuration(result.timing.totalMs)}
        </span>
        <span className="metric" title={`${formatBytes(result.size)} on the wire`}>
          <span className="metric-label">Size</span> {formatBytes(result.bodySize)}
        </span>
        {result.redirects.length > 0 && (
          <span className="metric" title={result.redirects.map((r) => `${r.status} ${r.url}`).join('\n')}>
            <span className="metric-label">Redirects</span> {result.redirects.length}
          </span>
        )}
      </div>
      <p className="status-explanation">{explainStatus(result.status)}</p>
      {result.capped && (
        <p className="hint warning banner" role="status">
          {result.capped}
        </p>
      )}
      <Tabs.Root className="tabs fill" defaultValue="body">
        <Tabs.List className="tab-list" aria-label="Response parts">
          <Tabs.Trigger className="tab" value="body">
            Body
          </Tabs.Trigger>
          <Tabs.Trigger className="tab" value="headers">
            Headers<span className="count">{result.headers.length}</span>
          </Tabs.Trigger>
          <Tabs.Trigger className="tab" value="timing">
            Timing
          </Tabs.Trigger>
          <Tabs.Trigger className="tab" value="request">
            Request
          </Tabs.Trigger>
        </Tabs.List>
        <Tabs.Content className="tab-panel fill flush" value="body">
          {result.bodySize === 0 ? (
            <p className="hint pad">The response has no body.</p>
          ) : /^image\//i.test(result.contentType ?? '') ? (
            <ImagePreview bodyId={result.bodyId} contentType={(result.contentType ?? '').split(';')[0] ?? 'image/png'} bytes={result.bodySize} />
          ) : result.body.kind === 'binary' ? (
            <div className="pad fill-column">
              <p className="hint">Binary body: {formatBytes(result.bodySize)}. Showing the first bytes as hex.</p>
              <pre className="body-view" data-testid="response-hex" tabIndex={0} aria-label="Response body as hex">
                {hexDump(Uint8Array.from(atob(result.body.base64), (c) => c.charCodeAt(0)))}
              </pre>
            </div>
          ) : (
            <BodyViewer key={result.bodyId} bodyId={result.bodyId} contentType={result.contentType} />
          )}
        </Tabs.Content>
        <Tabs.Content className="tab-panel fill" value="headers">
          <HeadersTable label="Response headers" rows={result.headers} />
        </Tabs.Content>
        <Tabs.Content className="tab-panel fill" value="timing">
          <TimingChart timing={result.timing} redirects={result.redirects.length} />
        </Tabs.Content>
        <Tabs.Content className="tab-panel fill" value="request">
          <SentView result={result} />
        </Tabs.Content>
      </Tabs.Root>
    </div>
  );
}

/** Exactly what went on the wire for the final hop, with credentials redacted. */
function SentView({ result }: { result: ExecuteResult }) {
  const { sent } = result;
  return (
    <div className="sent">
      {result.redirects.length > 0 && (
        <section className="redirect-list" aria-label="Redirects followed">
          <h3>
            {result.redirects.length} redirect{result.redirects.length === 1 ? '' : 's'} followed; the request below is the last hop
          </h3>
          <ol>
            {result.redirects.map((hop, index) => (
              <li key={index}>
                <span className="mono">
                  {hop.status} from {hop.url}
                </span>
                {hop.dropped.length > 0 && (
                  <span className="hint">
                    {' '}
                    Left the origin, so these were not sent on: {hop.dropped.map((d) => `${d.name} (${d.part === 'header' ? 'header' : 'query parameter'})`).join(', ')}.
                  </span>
                )}
              </li>
            ))}
          </ol>
        </section>
      )}
      <pre className="body-view" aria-label="Request as sent" data-testid="sent-request">
        {`${sent.method} ${sent.url}\n${sent.headers.map(([n, v]) => `${n}: ${v}`).join('\n')}${sent.bodySize > 0 ? `\n\n${sent.bodyPreview}` : ''}`}
      </pre>
      {sent.bodySize > sent.bodyPreview.length && <p className="hint">Body: {formatBytes(sent.bodySize)} (first part shown).</p>}
    </div>
  );
}
