import * as Tabs from '@radix-ui/react-tabs';
import type { ApiError, ExecuteResult, ResponseStarted } from '../../../preload/contract';
import { BodyViewer } from './BodyViewer';
import { EventsView } from './EventsView';
import { HeadersTable } from './HeadersTable';
import { ImagePreview } from './ImagePreview';
import { formatBytes, formatDuration, hexDump, statusClass } from './format';
import { explainStatus } from './statusExplanations';
import { TimingChart } from './TimingChart';
import type { LiveResponse } from './useLiveResponse';

export type ResponseState =
  | { kind: 'idle' }
  | { kind: 'sending'; startedAt: number; requestId: string }
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

/** What is known of a response as soon as its body starts arriving. */
type Head = Pick<ResponseStarted, 'url' | 'status' | 'statusText' | 'headers' | 'contentType' | 'bodyId' | 'stream'>;

interface ViewProps {
  state: ResponseState;
  /** What main has pushed about the send in flight (see useLiveResponse). */
  live?: LiveResponse;
  onSendWithoutTlsCheck?(): void;
  /** Cancel: for a stream, Stop. */
  onStop?(): void;
}

export function ResponseView({ state, live, onSendWithoutTlsCheck, onStop }: ViewProps) {
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
    if (live?.started) return <ResponseResult head={live.started} result={null} live={live} onStop={onStop} />;
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
  return <ResponseResult head={state.result} result={state.result} live={null} />;
}

/** Text a viewer can show row by row while it arrives; anything else waits for the whole body. */
function isTextual(contentType: string | null): boolean {
  return contentType === null || /json|xml|text\/|javascript|yaml|csv|event-stream|x-www-form-urlencoded|graphql/i.test(contentType);
}

/**
 * One response, from the moment its body starts arriving (`result` null: the head and what
 * arrived so far) to complete. The same component throughout, so the viewer keeps its place.
 */
function ResponseResult({ head, result, live, onStop }: { head: Head; result: ExecuteResult | null; live: LiveResponse | null; onStop?: (() => void) | undefined }) {
  const receiving = result === null;
  const decoded = live?.progress?.decoded ?? 0;
  return (
    <div className="response">
      <div className="response-summary" aria-label="Response summary">
        <span className={`status ${statusClass(head.status)}`} data-testid={receiving ? 'response-status-live' : 'response-status'}>
          {head.status} {head.statusText}
        </span>
        {result ? (
          <span className="metric" title={`First byte after ${formatDuration(result.timing.firstByteMs)}`}>
            <span className="metric-label">Time</span> {formatDuration(result.timing.totalMs)}
          </span>
        ) : (
          <span className="metric receiving" role="status">
            <span className="spinner small" aria-hidden="true" /> Receiving…
          </span>
        )}
        <span className="metric" title={result ? `${formatBytes(result.size)} on the wire` : 'So far'}>
          <span className="metric-label">Size</span> {formatBytes(result ? result.bodySize : decoded)}
        </span>
        {result && result.stream === 'events' && (
          <span className="metric">
            <span className="metric-label">Events</span> {result.events}
          </span>
        )}
        {result && result.redirects.length > 0 && (
          <span className="metric" title={result.redirects.map((r) => `${r.status} ${r.url}`).join('\n')}>
            <span className="metric-label">Redirects</span> {result.redirects.length}
          </span>
        )}
      </div>
      <p className="status-explanation">{explainStatus(head.status)}</p>
      {result?.capped && (
        <p className="hint warning banner" role="status" data-testid="response-capped">
          {result.capped}
        </p>
      )}
      {result?.incomplete && (
        <p className="hint warning banner" role="status" data-testid="response-incomplete">
          <strong>Partial response.</strong> {result.incomplete.message}
        </p>
      )}
      <Tabs.Root className="tabs fill" defaultValue={head.stream === 'events' ? 'events' : 'body'}>
        <Tabs.List className="tab-list" aria-label="Response parts">
          {head.stream === 'events' && (
            <Tabs.Trigger className="tab" value="events">
              Events<span className="count">{result ? result.events : (live?.events.length ?? 0)}</span>
            </Tabs.Trigger>
          )}
          <Tabs.Trigger className="tab" value="body">
            Body
          </Tabs.Trigger>
          <Tabs.Trigger className="tab" value="headers">
            Headers<span className="count">{head.headers.length}</span>
          </Tabs.Trigger>
          <Tabs.Trigger className="tab" value="timing" disabled={!result}>
            Timing
          </Tabs.Trigger>
          <Tabs.Trigger className="tab" value="request" disabled={!result}>
            Request
          </Tabs.Trigger>
        </Tabs.List>
        {head.stream === 'events' && (
          <Tabs.Content className="tab-panel fill flush" value="events">
            <EventsView bodyId={head.bodyId} live={result ? null : (live?.events ?? [])} {...(onStop ? { onStop } : {})} />
          </Tabs.Content>
        )}
        <Tabs.Content className="tab-panel fill flush" value="body">
          {!result ? (
            isTextual(head.contentType) ? (
              <BodyViewer key={head.bodyId} bodyId={head.bodyId} contentType={head.contentType} />
            ) : (
              <p className="hint pad">Receiving a {head.contentType ?? 'binary'} body: {formatBytes(decoded)} so far. It is shown when complete.</p>
            )
          ) : result.bodySize === 0 ? (
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
          <HeadersTable label="Response headers" rows={head.headers} />
        </Tabs.Content>
        {result && (
          <>
            <Tabs.Content className="tab-panel fill" value="timing">
              <TimingChart timing={result.timing} redirects={result.redirects.length} />
            </Tabs.Content>
            <Tabs.Content className="tab-panel fill" value="request">
              <SentView result={result} />
            </Tabs.Content>
          </>
        )}
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
