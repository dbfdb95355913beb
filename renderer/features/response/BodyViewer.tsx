import { useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import type { BodyStatus, BodyView } from '../../../preload/contract';
import { api } from '../../api';
import { useHostCapabilities } from '../../hostCapabilities';
import { formatBytes } from './format';
import { addFold, bodyRowAt, hiddenRows, opensContainer, removeFold, revealRow, visualRowOf, type Fold, type Folds } from './folds';
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

interface Filtered {
  expression: string;
  bodyId: string;
  count: number;
}

/**
 * A response body of any size, and for JSON a JSONPath filter whose matches main stores as a
 * body of their own, shown in the same viewer until the filter is cleared.
 */
export function BodyViewer({ bodyId, contentType }: Props) {
  const [expression, setExpression] = useState('');
  const [filtered, setFiltered] = useState<Filtered | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [running, setRunning] = useState(false);
  const apply = async () => {
    if (expression.trim() === '') return clear();
    setRunning(true);
    const result = await api.calls['body:filter']({ bodyId, expression });
    setRunning(false);
    if (!result.ok) return setProblem(result.error.message);
    setProblem(null);
    setFiltered({ expression, bodyId: result.value.bodyId, count: result.value.count });
  };
  const clear = () => {
    setFiltered(null);
    setProblem(null);
    setExpression('');
  };
  return (
    <BodyPane
      key={filtered?.bodyId ?? bodyId}
      bodyId={filtered?.bodyId ?? bodyId}
      contentType={filtered ? 'application/json' : contentType}
      filter={{ expression, setExpression, apply, clear, filtered, problem, running }}
    />
  );
}

interface FilterControls {
  expression: string;
  setExpression(text: string): void;
  apply(): Promise<void>;
  clear(): void;
  filtered: Filtered | null;
  problem: string | null;
  running: boolean;
}

/**
 * One body: main indexes it, this asks only for the rows on screen and keeps a bounded page
 * cache. Pretty JSON (foldable, values copyable) or XML, raw text, search with next/previous,
 * copy and save.
 */
function BodyPane({ bodyId, contentType, filter }: Props & { filter: FilterControls }) {
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
  /** `partial`: found while the body was still arriving or being indexed (searched again when it is done). */
  const [matches, setMatches] = useState<{ count: number; rows: number[]; current: number; partial: boolean } | null>(null);
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

  const [folds, setFolds] = useState<Fold[]>([]);
  const [copiedRow, setCopiedRow] = useState<number | null>(null);
  const prettyOk = status !== null && status.format !== null && status.error === null;
  const html = /html/i.test(contentType ?? '');
  const [previewing, setPreviewing] = useState(false);
  const view: BodyView = chosen ?? (prettyOk ? 'pretty' : 'raw');
  const foldable = !previewing && view === 'pretty' && status?.format === 'json';
  const activeFolds: Folds = useMemo(() => (foldable ? folds : []), [foldable, folds]);
  const bodyRows = status ? status.rows[view] : 0;
  const rowCount = Math.max(0, bodyRows - hiddenRows(activeFolds));

  // Open the body and follow main's indexing until it is done.
  useEffect(() => {
    let live = true;
    const poll = async () => {
      const result = await api.calls['body:open']({ bodyId, contentType });
      if (!live) return;
      if (!result.ok) return setError(result.error.message);
      setStatus((prev) => newest(prev, result.value));
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
  /** Scrolls to a body row, opening any fold that hides it. `rows` is the body's row count when the caller knows a newer one. */
  const scrollToRow = (row: number, rows = bodyRows) => {
    const el = scroller.current;
    if (!el) return;
    const open = revealRow(activeFolds, row);
    if (open.length !== activeFolds.length) setFolds(open);
    const count = Math.max(0, Math.max(rows, bodyRows) - hiddenRows(open));
    // The element's own height now: the state may lag a layout change by a frame.
    const height = el.clientHeight || viewport;
    const top = scrollTopFor(visualRowOf(open, row), count, ROW_HEIGHT, height);
    el.scrollTop = top;
    setScrollTop(top);
    // The canvas may still have the height of fewer rows (the body grew since the last render):
    // the browser then stops short, so the scroll is made again once the canvas has grown.
    if (Math.abs(el.scrollTop - top) > 1) setPendingRow(row);
  };
  const [pendingRow, setPendingRow] = useState<number | null>(null);
  useLayoutEffect(() => {
    if (pendingRow === null) return;
    const el = scroller.current;
    if (!el) return;
    const top = scrollTopFor(visualRowOf(activeFolds, pendingRow), rowCount, ROW_HEIGHT, el.clientHeight || viewport);
    el.scrollTop = top;
    // Until the canvas can hold it, the effect runs again as the rows grow.
    if (Math.abs(el.scrollTop - top) <= 1 || status?.done) {
      setScrollTop(el.scrollTop);
      setPendingRow(null);
    }
  }, [pendingRow, rowCount, activeFolds, viewport, status?.done]);

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

  // The pages holding the rows on screen (folds can put far-apart rows next to each other).
  const wanted = [...new Set(items.map((item) => Math.floor(bodyRowAt(activeFolds, item.index) / PAGE)))].join(',');
  useEffect(() => {
    if (rowCount === 0 || wanted === '') return;
    for (const page of wanted.split(',')) load(Number(page));
  }, [wanted, rowCount, load, pages]);

  const rowText = (index: number): string | undefined => pages.get(`${view}:${Math.floor(index / PAGE)}`)?.[index % PAGE];

  const search = async (direction: 1 | -1) => {
    if (query === '') return setMatches(null);
    if (matches && matches.rows.length > 0 && !(matches.partial && status?.done)) {
      const current = (matches.current + direction + matches.rows.length) % matches.rows.length;
      setMatches({ ...matches, current });
      scrollToRow(matches.rows[current] ?? 0);
      return;
    }
    setBusy('Searching…');
    const result = await api.calls['body:search']({ bodyId, view, query, caseSensitive: matchCase });
    setBusy(null);
    if (!result.ok) return setError(result.error.message);
    const found = result.value.status;
    // The search's status can be newer than the last poll's (the body finished meanwhile).
    setStatus((prev) => newest(prev, found));
    setMatches({ count: result.value.count, rows: result.value.rows, current: 0, partial: !found.done });
    if (result.value.rows.length > 0) scrollToRow(result.value.rows[0] ?? 0, found.rows[view]);
  };

  // A search made while the body was arriving runs again over the whole body once it is in.
  const searchedEarly = matches?.partial === true;
  const indexed = status?.done === true;
  useEffect(() => {
    if (!searchedEarly || !indexed || query === '') return;
    void api.calls['body:search']({ bodyId, view, query, caseSensitive: matchCase }).then((result) => {
      if (!result.ok) return setError(result.error.message);
      const hadRows = (matches?.rows.length ?? 0) > 0;
      const current = Math.min(matches?.current ?? 0, Math.max(0, result.value.rows.length - 1));
      setMatches({ count: result.value.count, rows: result.value.rows, current, partial: false });
      // Nothing was found while the body arrived: go to what the whole body holds.
      if (!hadRows && result.value.rows.length > 0) scrollToRow(result.value.rows[current] ?? 0, result.value.status.rows[view]);
    });
    // Only the moment indexing finishes matters here.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [searchedEarly, indexed]);

  const toggleFold = async (row: number) => {
    if (activeFolds.some((f) => f.start === row)) return setFolds(removeFold(activeFolds, row));
    const result = await api.calls['body:fold']({ bodyId, row });
    if (!result.ok) return setError(result.error.message);
    if (result.value && result.value.end > row) setFolds(addFold(activeFolds, { start: row, end: result.value.end }));
  };

  const copyValue = async (row: number) => {
    const result = await api.calls['body:value']({ bodyId, row });
    if (!result.ok) return setError(result.error.message);
    await navigator.clipboard.writeText(result.value.text).then(
      () => {
        setCopiedRow(row);
        setTimeout(() => setCopiedRow((current) => (current === row ? null : current)), 1500);
      },
      () => setError('The clipboard refused the value.'),
    );
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
        <span className="match-count" role="status" aria-live="polite" data-testid="match-count">
          {matches ? `${matches.count === 0 ? 'No matches' : `${matches.count === 1 ? '1 match' : `${matches.count} matches`} · row ${matches.current + 1}/${matches.rows.length}`}${matches.partial ? ' so far' : ''}` : ''}
        </span>
        {foldable && activeFolds.length > 0 && (
          <button type="button" className="button small ghost" onClick={() => setFolds([])}>
            Expand all
          </button>
        )}
        <span className="toolbar-spacer" />
        {(status?.format === 'json' || filter.filtered) && (
          <input
            className="viewer-filter"
            type="search"
            aria-label="JSONPath filter"
            placeholder="Filter: $.items[?(@.price < 10)]"
            spellCheck={false}
            value={filter.expression}
            onChange={(e) => filter.setExpression(e.target.value)}
            onKeyDown={(e) => {
              if (e.key === 'Enter') {
                e.preventDefault();
                void filter.apply();
              } else if (e.key === 'Escape') filter.clear();
            }}
          />
        )}
        <button type="button" className="button small" onClick={() => void copy()} disabled={!status || status.bytes > COPY_LIMIT} title={status && status.bytes > COPY_LIMIT ? 'Too large to copy: use Save' : 'Copy the body'}>
          Copy
        </button>
        <button type="button" className="button small" onClick={() => void save()} disabled={!status}>
          Save
        </button>
      </div>
      {filter.running && <p className="hint indexing">Filtering…</p>}
      {filter.problem && (
        <p className="hint warning banner" role="alert">
          {filter.problem}
        </p>
      )}
      {filter.filtered && (
        <p className="hint banner filter-banner" role="status">
          <span>
            <code>{filter.filtered.expression}</code>: {filter.filtered.count === 1 ? '1 match' : `${filter.filtered.count} matches`}, shown as a JSON array.
          </span>
          <button type="button" className="button small" onClick={filter.clear}>
            Clear filter
          </button>
        </p>
      )}
      {status?.error && status.format === 'json' && (
        <p className="hint warning banner" role="status">
          Not valid JSON at line {status.error.line}, column {status.error.column}: {status.error.message}. Showing the raw text.
        </p>
      )}
      {status && status.receiving && (
        <p className="hint indexing" data-testid="body-receiving">
          Receiving… {formatBytes(status.bytes)} so far; rows appear as they arrive, and search covers what has arrived.
        </p>
      )}
      {status && !status.receiving && !status.done && <p className="hint indexing">Indexing… {Math.round(status.progress * 100)}% ({formatBytes(status.bytes)})</p>}
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
            const row = bodyRowAt(activeFolds, item.index);
            const text = rowText(row);
            const fold = activeFolds.find((f) => f.start === row);
            const opens = foldable && text !== undefined && opensContainer(text);
            return (
              <div
                key={item.index}
                className={`viewer-row ${row === currentRow ? 'current' : ''} ${foldable ? 'foldable' : ''}`}
                ref={(el) => {
                  if (el) el.style.transform = `translateY(${item.top}px)`;
                }}
                data-row={row}
              >
                <span className="gutter">{row + 1}</span>
                {foldable && (
                  <span className="fold-slot">
                    {opens && (
                      <button type="button" className="fold-toggle" aria-expanded={!fold} aria-label={`${fold ? 'Expand' : 'Collapse'} line ${row + 1}`} onClick={() => void toggleFold(row)}>
                        {fold ? '▸' : '▾'}
                      </button>
                    )}
                  </span>
                )}
                <span className="row-text">
                  {text === undefined ? '' : highlight(text, query, lowerQuery, matchCase)}
                  {fold && (
                    <button type="button" className="fold-summary" onClick={() => void toggleFold(row)} title="Expand">
                      … {text?.trim().endsWith('[') ? ']' : '}'} <span className="hint">{fold.end - fold.start + 1} lines</span>
                    </button>
                  )}
                </span>
                {foldable && text !== undefined && !/^\s*[\]}]/.test(text) && (
                  <button type="button" className="copy-value" aria-label={`Copy value at line ${row + 1}`} title="Copy this value" onClick={() => void copyValue(row)}>
                    {copiedRow === row ? 'Copied' : 'Copy'}
                  </button>
                )}
              </div>
            );
          })}
        </div>
      </div>
    </div>
  );
}

/**
 * The later of two statuses of one body. Answers can arrive out of order (a poll sent before a
 * search can land after it); a body's rows only grow, so an older status never replaces a newer.
 */
function newest(prev: BodyStatus | null, next: BodyStatus): BodyStatus {
  if (!prev) return next;
  if (prev.done && !next.done) return prev;
  if (!next.done && (next.rows.raw < prev.rows.raw || next.rows.pretty < prev.rows.pretty || next.bytes < prev.bytes)) return prev;
  return next;
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
