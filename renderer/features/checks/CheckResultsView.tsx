import type { CheckResults } from '../../../preload/contract';
import { describeAssertion, SCOPE_LABELS } from './labels';

/** "3/4" for a tab title, and whether all passed. */
export function resultsCount(checks: CheckResults | undefined): { text: string; passed: boolean } | null {
  if (!checks || (checks.assertions.length === 0 && checks.captures.length === 0)) return null;
  const failedCaptures = checks.captures.filter((c) => c.error !== null).length;
  if (checks.assertions.length === 0) return { text: `${checks.captures.length - failedCaptures}/${checks.captures.length} set`, passed: failedCaptures === 0 };
  return { text: `${checks.passed}/${checks.assertions.length}`, passed: checks.failed === 0 && failedCaptures === 0 };
}

/** The response's Tests tab: each assertion passed or failed, with what was found and where, then what was captured. */
export function CheckResultsView({ checks }: { checks: CheckResults | undefined }) {
  if (!checks || (checks.assertions.length === 0 && checks.captures.length === 0))
    return <p className="hint pad">This request has no assertions or captures. Add them in the request's Tests and Captures tabs to check every response and pass values to the next requests.</p>;
  return (
    <div className="check-results pad">
      {checks.assertions.length > 0 && (
        <>
          <p className={`check-summary ${checks.failed === 0 ? 'passed' : 'failed'}`} role="status">
            {checks.failed === 0 ? `All ${checks.passed} assertions passed` : `${checks.failed} of ${checks.assertions.length} assertions failed`}
          </p>
          <ul className="check-list" aria-label="Assertion results">
            {checks.assertions.map((r, i) => (
              <li key={i} className={r.passed ? 'passed' : 'failed'} data-testid="assertion-result">
                <span className="check-mark" aria-label={r.passed ? 'Passed' : 'Failed'}>
                  {r.passed ? '✓' : '✗'}
                </span>
                <div className="check-text">
                  <span className="check-name">{describeAssertion(r.assertion)}</span>
                  {r.origin !== 'request' && <span className="hint"> · from {r.origin} {r.originName}</span>}
                  <div className="check-detail">
                    {r.actual !== null && (
                      <>
                        <span className="metric-label">Actual</span>
                        <code className="check-actual">{r.actual}</code>
                      </>
                    )}
                    {r.foundAt && (
                      <>
                        <span className="metric-label">at</span>
                        <code>{r.foundAt}</code>
                      </>
                    )}
                    {!r.passed && <span className="check-message">{r.message}</span>}
                  </div>
                </div>
              </li>
            ))}
          </ul>
        </>
      )}
      {checks.captures.length > 0 && (
        <>
          <h3 className="table-title">Captured</h3>
          <ul className="check-list" aria-label="Capture results">
            {checks.captures.map((c, i) => (
              <li key={i} className={c.error === null ? 'passed' : 'failed'} data-testid="capture-result">
                <span className="check-mark" aria-label={c.error === null ? 'Set' : 'Not set'}>
                  {c.error === null ? '✓' : '✗'}
                </span>
                <div className="check-text">
                  <code>{`{{${c.capture.name}}}`}</code>
                  <span className="hint"> · {SCOPE_LABELS[c.capture.scope].toLowerCase()}</span>
                  <div className="check-detail">{c.error === null ? <code className="check-actual">{c.value}</code> : <span className="check-message">{c.error}</span>}</div>
                </div>
              </li>
            ))}
          </ul>
        </>
      )}
    </div>
  );
}
