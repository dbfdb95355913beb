import type { ExecuteResult } from '../../../preload/contract';
import { formatBytes } from '../../ui/format';

/** Exactly what went on the wire for the final hop, with credentials redacted. */
export function SentView({ result }: { result: ExecuteResult }) {
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
