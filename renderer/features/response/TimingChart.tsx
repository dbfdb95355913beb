import type { Timing } from '../../../preload/contract';
import { formatDuration } from '../../ui/format';

type Phase = { key: string; label: string; value: number; hint?: string };

/**
 * Every part of the total, in order: redirects before the final hop, waiting for a connection,
 * the final hop's DNS, connect, TLS, first byte and download, and what is left (storing the body,
 * a timer's resolution) so the rows add up to the total.
 */
export function timingPhases(timing: Timing): Phase[] {
  const phases: Phase[] = [
    ...(timing.redirectsMs !== undefined && timing.redirectsMs >= 0.5 ? [{ key: 'redirectsMs', label: 'Redirects', value: timing.redirectsMs, hint: 'Earlier hops: redirects followed, or a retry after a renewed token' }] : []),
    ...(timing.queuedMs !== undefined && timing.queuedMs >= 0.5 ? [{ key: 'queuedMs', label: 'Queued', value: timing.queuedMs, hint: 'Waiting for a free connection and for the request to be written' }] : []),
    { key: 'dnsMs', label: 'DNS lookup', value: timing.dnsMs },
    { key: 'connectMs', label: 'TCP connect', value: timing.connectMs },
    { key: 'tlsMs', label: 'TLS handshake', value: timing.tlsMs },
    { key: 'firstByteMs', label: 'Waiting (first byte)', value: timing.firstByteMs },
    { key: 'downloadMs', label: 'Download', value: timing.downloadMs },
  ];
  const rest = timing.totalMs - phases.reduce((sum, p) => sum + p.value, 0);
  if (rest >= 0.5) phases.push({ key: 'otherMs', label: 'Storing the body', value: rest, hint: 'Writing the body to disk and finishing the response' });
  return phases;
}

/** A waterfall of the whole request: its phases add up to the total. */
export function TimingChart({ timing, redirects }: { timing: Timing; redirects: number }) {
  const phases = timingPhases(timing);
  const span = Math.max(1, timing.totalMs, phases.reduce((sum, p) => sum + p.value, 0));
  const starts = phases.map((_, i) => phases.slice(0, i).reduce((sum, p) => sum + p.value, 0));
  return (
    <div className="timing">
      <table className="timing-table" aria-label="Timing">
        <tbody>
          {phases.map(({ key, label, value, hint }, index) => {
            const start = starts[index] ?? 0;
            return (
              <tr key={key} title={hint}>
                <th scope="row">{label}</th>
                <td className="timing-track">
                  <span
                    className={`timing-bar phase-${key}`}
                    ref={(el) => {
                      // Set through the CSSOM: the CSP allows no inline style attributes.
                      if (el) {
                        el.style.marginLeft = `${(start / span) * 100}%`;
                        el.style.width = `${Math.max(0.4, (value / span) * 100)}%`;
                      }
                    }}
                  />
                </td>
                <td className="timing-value">{formatDuration(value)}</td>
              </tr>
            );
          })}
          <tr className="timing-total">
            <th scope="row">Total</th>
            <td />
            <td className="timing-value">{formatDuration(timing.totalMs)}</td>
          </tr>
        </tbody>
      </table>
      <p className="hint">
        {timing.reusedConnection ? 'An open connection was reused, so there was no DNS lookup, connect or TLS handshake.' : 'A new connection was opened for this request.'}
        {redirects > 0 && ` ${redirects} redirect${redirects === 1 ? ' was' : 's were'} followed first; the connection phases are the final hop's.`}
      </p>
    </div>
  );
}
