import { useCallback, useEffect, useRef, useState, type KeyboardEvent } from 'react';
import type { BodyStatus, BodyView } from '../../../preload/contract';
import { api } from '../../api';
import { useHostCapabilities } from '../../hostCapabilities';
import { formatBytes } from './format';
import { HtmlPreview } from './HtmlPreview';
import { rowWindow, scrollTopFor } from './rowWindow';

const ROW_HEIGHT = 20;
const PAGE = 200;
const MAX_PAGES = 60;
const COPY_LIMIT = 16 * 1024 * 1024;

interface Props {
  bodyId: string;
  contentType: string | null;
}

/**
 * A response body of any size: main indexes it, this asks only for the rows on screen and
 * keeps a bounded page cache. Pretty JSON, raw text, search with next/previous, copy and save.
 */
export function BodyViewer({ bodyId, contentType }: Props) {
  const { fileDialogs } = useHostCapabilities();
  const [status, setStatus] = useState<BodyStatus | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [chosen, setChosen] = useState<BodyView | null>(null);
  const [pages, setPages] = useState(() => new Map<string, string[]>());
  const loading = useRef(new Set<string>());
  const loaded = useRef(new Set<string>());
  const scroller = useRef<HTMLDivElement>(null);
  const [query, setQuery] = useState('');
  const [matchCase, setMatchCase] = useState(false);
  const [matches, setMatches] = useState<{ count: number; rows: number[]; current: number } | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const searchBox = useRef<HTMLInputElement>(null);

  // Ctrl+F (Cmd+F) searches the body while a response is shown.
  useEffect(() => {
    const onKey = (event: globalThis.KeyboardEvent) => {
      if ((event.ctrlKey || event.metaKey) && !event.shiftKey && event.key.toLowerCase() === 'f') {
        event.preventDefault();
        searchBox.current?.focus();
        searchBox.current?.select();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  const prettyOk = status !== null && status.format !== null && status.error === null;
  const html = /html/i.test(contentType ?? '');
  const [previewing, setPreviewing] = useState(false);
  const view: BodyView = chosen ?? (prettyOk ? 'pretty' : 'raw');
  const rowCount = status ? status.rows[view] : 0;

  // Open the body and follow main's indexing until it is done.
  useEffect(() => {
    let live = true;
    const poll = async () => {
      const result = await api.calls['body:open']({ bodyId, contentType });
      if (!live) return;
      if (!result.ok) return setError(result.error.message);
      setStatus(result.value);
      if (!result.value.done) setTimeout(() => void poll(), 150);
    };
    void poll();
    return () => {
      live = false;
    };
  }, [bodyId, contentType]);

  const [scrollTop, setScrollTop] = useState(0);
  const [viewport, setViewport] = useState(400);
  useEffect(() => {
    const el = scroller.current;
    // jsdom has no ResizeObserver; every browser Latchkey runs in does.
    if (!el || typeof ResizeObserver === 'undefined') return;
    const observer = new ResizeObserver(() => setViewport(el.clientHeight || 400));
    observer.observe(el);
    return () => observer.disconnect();
  }, []);
  const windowed = rowWindow(rowCount, ROW_HEIGHT, scrollTop, viewport);
  const items = windowed.rows;
  const scrollToRow = (index: number) => {
    const el = scroller.current;
    if (!el) return;
    const top = scrollTopFor(index, rowCount, ROW_HEIGHT, viewport);
    el.scrollTop = top;
    setScrollTop(top);
  };

  const load = useCallback(
    (page: number) => {
      const key = `${view}:${page}`;
      if (loaded.current.has(key) || loading.current.has(key)) return;
      loading.current.add(key);
      void api.calls['body:rows']({ bodyId, view, start: page * PAGE, count: PAGE }).then((result) => {
        loading.current.delete(key);
        if (!result.ok) return setError(result.error.message);
        // A page still growing while main indexes is fetched again shortly.
        const complete = result.value.rows.length === PAGE || result.value.status.done;
        if (complete) loaded.current.add(key);
        else setTimeout(() => setPages((prev) => new Map(prev)), 300);
        setPages((prev) => {
          const next = new Map(prev).set(key, result.value.rows);
          while (next.size > MAX_PAGES) {
            const oldest = next.keys().next().value as string;
            next.delete(oldest);
            loaded.current.delete(oldest);
          }
          return next;
        });
      });
    },
    [bodyId, view],
  );

  const first = items[0]?.index ?? 0;
  const last = items.at(-1)?.index ?? 0;
  useEffect(() => {
    if (rowCount === 0) return;
    for (let page = Math.floor(first / PAGE); page <= Math.floor(last / PAGE); page++) load(page);
  }, [first, last, rowCount, load, pages]);

  const rowText = (index: number): string | undefined => pages.get(`${view}:${Math.floor(index / PAGE)}`)?.[index % PAGE];

  const search = async (direction: 1 | -1) => {
    if (query === '') return setMatches(null);
    if (matches && matches.rows.length > 0) {
      const current = (matches.current + direction + matches.rows.length) % matches.rows.length;
      setMatches({ ...matches, current });
      scrollToRow(matches.rows[current] ?? 0);
      return;
    }
    setBusy('Searching…');
    const result = await api.calls['body:search']({ bodyId, view, query, caseSensitive: matchCase });
    setBusy(null);
    if (!result.ok) return setError(result.error.message);
    setMatches({ count: result.value.count, rows: result.value.rows, current: 0 });
    if (result.value.rows.length > 0) scrollToRow(result.value.rows[0] ?? 0);
  };

  const readAll = async (): Promise<Blob | null> => {
    if (!status) return null;
    const parts: BlobPart[] = [];
    for (let offset = 0; offset < status.bytes; offset += 8 * 1024 * 1024) {
      setBusy(`Reading ${formatBytes(offset)} of ${formatBytes(status.bytes)}…`);
      const result = await api.calls['body:read']({ bodyId, offset, length: Math.min(8 * 1024 * 1024, status.bytes - offset) });
      if (!result.ok) {
        setBusy(null);
        setError(result.error.message);
        return null;
      }
      parts.push(Uint8Array.from(atob(result.value.base64), (c) => c.charCodeAt(0)));
    }
    setBusy(null);
    return new Blob(parts, { type: contentType ?? 'application/octet-stream' });
  };

  const save = async () => {
    const name = `response-${bodyId.slice(0, 8)}${/json/i.test(contentType ?? '') ? '.json' : /xml/i.test(contentType ?? '') ? '.xml' : /html/i.test(contentType ?? '') ? '.html' : '.txt'}`;
    if (fileDialogs) {
      // Main copies its file: nothing large passes through this window.
      const result = await api.calls['body:saveAs']({ bodyId, suggestedName: name });
      if (!result.ok) return setError(result.error.message);
      if (result.value.path) {
        setBusy(`Saved to ${result.value.path}`);
        setTimeout(() => setBusy(null), 2500);
      }
      return;
    }
    const blob = await readAll();
    if (!blob) return;
    const link = document.createElement('a');
    link.href = URL.createObjectURL(blob);
    link.download = name;
    link.click();
    setTimeout(() => URL.revokeObjectURL(link.href), 10_000);
  };

  const copy = async () => {
    const blob = await readAll();
    if (!blob) return;
    await navigator.clipboard.writeText(await blob.text()).catch(() => setError('The clipboard refused the text. Use Save instead.'));
    setBusy('Copied');
    setTimeout(() => setBusy(null), 1500);
  };

  const onSearchKey = (event: KeyboardEvent<HTMLInputElement>) => {
    if (event.key === 'Enter') {
      event.preventDefault();
      void search(event.shiftKey ? -1 : 1);
    } else if (event.key === 'Escape') {
      setQuery('');
      setMatches(null);
    }
  };

  const currentRow = matches?.rows[matches.current];
  const lowerQuery = matchCase ? query : query.toLowerCase();

  return (
    <div className="body-viewer">
      <div className="viewer-toolbar">
        <div className="segmented" role="radiogroup" aria-label="Body view">
          <button
            type="button"
            role="radio"
            aria-checked={!previewing && view === 'pretty'}
            disabled={!prettyOk}
            title={status?.format === 'xml' ? 'Indented XML' : 'Formatted JSON'}
            onClick={() => {
              setPreviewing(false);
              setChosen('pretty');
            }}
          >
            Pretty
          </button>
          <button
            type="button"
            role="radio"
            aria-checked={!previewing && view === 'raw'}
            onClick={() => {
              setPreviewing(false);
              setChosen('raw');
            }}
          >
            Raw
          </button>
          {html && (
            <button type="button" role="radio" aria-checked={previewing} onClick={() => setPreviewing(true)}>
              Preview
            </button>
          )}
        </div>
        <input
          className="viewer-search"
          type="search"
          ref={searchBox}
          aria-label="Search body"
          placeholder="Search (Ctrl+F, Enter, Shift+Enter)"
          value={query}
          onChange={(e) => {
            setQuery(e.target.value);
            setMatches(null);
          }}
          onKeyDown={onSearchKey}
        />
        <label className="match-case">
          <input
            type="checkbox"
            checked={matchCase}
            onChange={(e) => {
              setMatchCase(e.target.checked);
              setMatches(null);
            }}
          />
          Match case
        </label>
        <span className="match-count" role="status" aria-live="polite">
          {matches ? (matches.count === 0 ? 'No matches' : `${matches.current + 1} of ${matches.rows.length} rows · ${matches.count} matches`) : ''}
        </span>
        <span className="toolbar-spacer" />
        <button type="button" className="button small" onClick={() => void copy()} disabled={!status || status.bytes > COPY_LIMIT} title={status && status.bytes > COPY_LIMIT ? 'Too large to copy: use Save' : 'Copy the body'}>
          Copy
        </button>
        <button type="button" className="button small" onClick={() => void save()} disabled={!status}>
          Save
        </button>
      </div>
      {status?.error && status.format === 'json' && (
        <p className="hint warning banner" role="status">
          Not valid JSON at line {status.error.line}, column {status.error.column}: {status.error.message}. Showing the raw text.
        </p>
      )}
      {status && !status.done && <p className="hint indexing">Indexing… {Math.round(status.progress * 100)}% ({formatBytes(status.bytes)})</p>}
      {busy && <p className="hint indexing">{busy}</p>}
      {error && (
        <p className="hint warning" role="alert">
          {error}
        </p>
      )}
      {previewing && status && <HtmlPreview bodyId={bodyId} bytes={status.bytes} />}
      <div className={`viewer-scroll ${previewing ? 'hidden' : ''}`} ref={scroller} tabIndex={0} aria-label="Response body" data-testid="response-body" onScroll={(e) => setScrollTop(e.currentTarget.scrollTop)}>
        <div className="viewer-canvas" ref={(el) => {
            // Sizes go through the CSSOM: the CSP allows no inline style attributes.
            if (el) el.style.height = `${windowed.canvas}px`;
          }}>
          {items.map((item) => {
            const text = rowText(item.index);
            return (
              <div
                key={item.index}
                className={`viewer-row ${item.index === currentRow ? 'current' : ''}`}
                ref={(el) => {
                  if (el) el.style.transform = `translateY(${item.top}px)`;
                }}
                data-row={item.index}
              >
                <span className="gutter">{item.index + 1}</span>
                <span className="row-text">{text === undefined ? '' : highlight(text, query, lowerQuery, matchCase)}</span>
              </div>
            );
          })}
        </div>
      </div>
    </div>
  );
}

function highlight(text: string, query: string, lowerQuery: string, matchCase: boolean) {
  if (query === '') return text;
  const hay = matchCase ? text : text.toLowerCase();
  const parts: (string | React.JSX.Element)[] = [];
  let from = 0;
  for (let at = hay.indexOf(lowerQuery); at !== -1 && parts.length < 200; at = hay.indexOf(lowerQuery, from)) {
    parts.push(text.slice(from, at), <mark key={at}>{text.slice(at, at + query.length)}</mark>);
    from = at + query.length;
  }
  parts.push(text.slice(from));
  return parts;
}
