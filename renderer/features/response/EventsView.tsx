import { useVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useMemo, useRef, useState } from 'react';
import type { StreamEvent } from '../../../preload/contract';
import { api } from '../../api';
import { LIVE_EVENTS_KEPT } from '../../state/sessions';

const PAGE = 2000;

interface Props {
  bodyId: string;
  /** The events pushed so far while the stream runs; null once it has ended (they are read from the stored body). */
  live: StreamEvent[] | null;
  /** Ends the stream (the request's Cancel); what arrived is kept. */
  onStop?: () => void;
}

/** Pretty-prints data that is JSON; other data is shown as sent. */
function shown(data: string): string {
  const trimmed = data.trimStart();
  if (trimmed.startsWith('{') || trimmed.startsWith('[')) {
    try {
      return JSON.stringify(JSON.parse(data), null, 2);
    } catch {
      return data;
    }
  }
  return data;
}

function formatAt(ms: number | null): string {
  if (ms === null) return '—';
  return ms < 10_000 ? `+${(ms / 1000).toFixed(3)} s` : `+${(ms / 1000).toFixed(1)} s`;
}

/**
 * Server-sent events, one row each, as they arrive: time since the request started, type, id,
 * and data (pretty when JSON). A filter, and auto-scroll that stops when the user scrolls up
 * and resumes at the bottom.
 */
export function EventsView({ bodyId, live, onStop }: Props) {
  const [stored, setStored] = useState<{ events: StreamEvent[]; total: number } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [filter, setFilter] = useState('');
  const [follow, setFollow] = useState(true);
  const scroller = useRef<HTMLDivElement>(null);

  // Once the stream has ended, the stored body is the record: every event, with its time.
  useEffect(() => {
    if (live) return;
    let current = true;
    void api.calls['body:events']({ bodyId, start: 0, count: PAGE }).then((result) => {
      if (!current) return;
      if (!result.ok) return setError(result.error.message);
      setStored({ events: result.value.events, total: result.value.total });
    });
    return () => {
      current = false;
    };
  }, [bodyId, live]);

  const loadMore = async () => {
    if (!stored) return;
    const result = await api.calls['body:events']({ bodyId, start: stored.events.length, count: PAGE });
    if (!result.ok) return setError(result.error.message);
    setStored({ events: stored.events.concat(result.value.events), total: result.value.total });
  };

  const all = useMemo(() => live ?? stored?.events ?? [], [live, stored]);
  const needle = filter.trim().toLowerCase();
  const rows = useMemo(() => (needle === '' ? all : all.filter((e) => e.event.toLowerCase().includes(needle) || e.id.toLowerCase().includes(needle) || e.data.toLowerCase().includes(needle))), [all, needle]);
  // eslint-disable-next-line react-hooks/incompatible-library -- the virtualizer is read during render only, never memoised
  const virtualizer = useVirtualizer({ count: rows.length, getScrollElement: () => scroller.current, estimateSize: () => 44, overscan: 8 });

  useEffect(() => {
    if (follow && rows.length > 0) virtualizer.scrollToIndex(rows.length - 1, { align: 'end' });
  }, [rows.length, follow, virtualizer]);

  const onScroll = () => {
    const el = scroller.current;
    if (!el) return;
    const atBottom = el.scrollHeight - el.scrollTop - el.clientHeight < 24;
    if (atBottom !== follow) setFollow(atBottom);
  };

  const total = live ? all.length : (stored?.total ?? 0);
  const dropped = live && live.length >= LIVE_EVENTS_KEPT;
  return (
    <div className="events-view">
      <div className="viewer-toolbar">
        <input className="viewer-search" type="search" aria-label="Filter events" placeholder="Filter by type, id or data" value={filter} onChange={(e) => setFilter(e.target.value)} />
        <span className="match-count" role="status" aria-live="polite" data-testid="event-count">
          {needle ? `${rows.length} of ${total} events` : `${total} event${total === 1 ? '' : 's'}`}
          {live ? ' · live' : ''}
        </span>
        <span className="toolbar-spacer" />
        {!follow && rows.length > 0 && (
          <button type="button" className="button small" onClick={() => setFollow(true)}>
            Jump to latest
          </button>
        )}
        {live && onStop && (
          <button type="button" className="button small cancel" onClick={onStop} title="End the stream; the events so far are kept">
            Stop
          </button>
        )}
      </div>
      {dropped && <p className="hint banner">Showing the latest {LIVE_EVENTS_KEPT.toLocaleString('en')} events; every event is in the stored body (Body tab).</p>}
      {stored && stored.events.length < stored.total && (
        <p className="hint banner">
          Showing the first {stored.events.length.toLocaleString('en')} of {stored.total.toLocaleString('en')} events.{' '}
          <button type="button" className="button small" onClick={() => void loadMore()}>
            Show more
          </button>
        </p>
      )}
      {error && (
        <p className="hint warning" role="alert">
          {error}
        </p>
      )}
      <div className="events-scroll" ref={scroller} onScroll={onScroll} tabIndex={0} aria-label="Events" data-testid="events">
        {rows.length === 0 ? (
          <p className="hint pad">{live ? 'Waiting for the first event…' : needle ? 'No event matches the filter.' : 'The stream sent no events.'}</p>
        ) : (
          <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
            {virtualizer.getVirtualItems().map((item) => {
              const event = rows[item.index]!;
              return (
                <div key={event.index} className="event-row" data-index={item.index} ref={virtualizer.measureElement} style={{ transform: `translateY(${item.start}px)` }}>
                  <span className="event-at" title="Since the request started">
                    {formatAt(event.atMs)}
                  </span>
                  <span className="event-type">{event.event}</span>
                  {event.id !== '' && <span className="event-id">id {event.id}</span>}
                  <pre className="event-data">
                    {shown(event.data)}
                    {event.truncated && <span className="hint"> … (cut here; the whole event is in the Body tab)</span>}
                  </pre>
                </div>
              );
            })}
          </div>
        )}
      </div>
    </div>
  );
}
