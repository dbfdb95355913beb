import type { Timing } from '../../../preload/contract';
import { formatDuration } from '../../ui/format';

const PHASES: { key: keyof Omit<Timing, 'totalMs' | 'reusedConnection'>; label: string }[] = [
  { key: 'dnsMs', label: 'DNS lookup' },
  { key: 'connectMs', label: 'TCP connect' },
  { key: 'tlsMs', label: 'TLS handshake' },
  { key: 'firstByteMs', label: 'Waiting (first byte)' },
  { key: 'downloadMs', label: 'Download' },
];

/** A waterfall of the final hop's phases. */
export function TimingChart({ timing, redirects }: { timing: Timing; redirects: number }) {
  const span = Math.max(1, PHASES.reduce((sum, p) => sum + timing[p.key], 0));
  const starts = PHASES.map((_, i) => PHASES.slice(0, i).reduce((sum, p) => sum + timing[p.key], 0));
  return (
    <div className="timing">
      <table className="timing-table" aria-label="Timing">
        <tbody>
          {PHASES.map(({ key, label }, index) => {
            const value = timing[key];
            const start = starts[index] ?? 0;
            return (
              <tr key={key}>
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
        {redirects > 0 && ` The total includes ${redirects} redirect${redirects === 1 ? '' : 's'}; the phases are the final hop's.`}
      </p>
    </div>
  );
}
