import { useState } from 'react';
import type { HistoryEntry, RequestSpec } from '../../../preload/contract';
import { statusClass } from '../../ui/format';

function ago(at: number, now: number): string {
  const s = Math.max(0, Math.round((now - at) / 1000));
  if (s < 60) return 'just now';
  if (s < 3600) return `${Math.floor(s / 60)} min ago`;
  if (s < 86_400) return `${Math.floor(s / 3600)} h ago`;
  return new Date(at).toLocaleDateString();
}

interface Props {
  entries: HistoryEntry[];
  onOpen(request: RequestSpec): void;
  onDelete(id: string): void;
  onClear(): void;
}

/** The last 500 executions; click one to load its request into the editor. */
export function HistoryList({ entries, onOpen, onDelete, onClear }: Props) {
  const [confirming, setConfirming] = useState(false);
  const [now] = useState(() => Date.now());
  if (entries.length === 0) {
    return (
      <div className="sidebar-empty">
        <p className="empty-title">No history yet</p>
        <p>Every request you send appears here, newest first. Latchkey keeps the last 500.</p>
      </div>
    );
  }
  return (
    <div className="history">
      <div className="history-actions">
        <span className="hint">{entries.length === 1 ? '1 request' : `${entries.length} requests`}</span>
        <button
          type="button"
          className={`button small ${confirming ? 'danger' : ''}`}
          onClick={() => {
            if (confirming) {
              setConfirming(false);
              onClear();
            } else {
              setConfirming(true);
              setTimeout(() => setConfirming(false), 4000);
            }
          }}
        >
          {confirming ? `Clear all ${entries.length}?` : 'Clear history'}
        </button>
      </div>
      <ul className="history-list" aria-label="History">
        {entries.map((entry) => (
          <li key={entry.id} className="history-item">
            <button type="button" className="history-open" onClick={() => onOpen(entry.request)} title={`${entry.sent.method} ${entry.sent.url}`}>
              <span className={`history-method method-${entry.sent.method.toLowerCase()}`}>{entry.sent.method}</span>
              <span className="history-url">{entry.sent.url.replace(/^https?:\/\//, '')}</span>
              <span className="history-meta">
                <span className={`history-status ${statusClass(entry.status)}`}>{entry.status}</span>
                {entry.events !== undefined && ` · ${entry.events} event${entry.events === 1 ? '' : 's'}`}
                {entry.incomplete !== undefined && (
                  <span className="history-partial" title={entry.incomplete}>
                    {' '}
                    · partial
                  </span>
                )}{' '}
                · {ago(entry.at, now)}
              </span>
            </button>
            <button type="button" className="icon-button" aria-label={`Delete ${entry.sent.method} ${entry.sent.url} from history`} onClick={() => onDelete(entry.id)}>
              ×
            </button>
          </li>
        ))}
      </ul>
    </div>
  );
}
