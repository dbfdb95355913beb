import type { KeyboardEvent, RefObject } from 'react';
import type { BodyStatus, BodyView } from '../../../preload/contract';
import { formatBytes } from '../../ui/format';
import type { Matches } from './useBodySearch';

const COPY_LIMIT = 16 * 1024 * 1024;

export interface FilterControls {
  expression: string;
  setExpression(text: string): void;
  apply(): Promise<void>;
  clear(): void;
  filtered: { expression: string; bodyId: string; count: number } | null;
  problem: string | null;
  running: boolean;
}

interface SearchControls {
  query: string;
  matchCase: boolean;
  matches: Matches | null;
  search(direction: 1 | -1): Promise<void>;
  setQuery(text: string): void;
  setMatchCase(on: boolean): void;
}

interface Props {
  status: BodyStatus | null;
  view: BodyView;
  previewing: boolean;
  html: boolean;
  onView(view: BodyView | 'preview'): void;
  search: SearchControls;
  searchBox: RefObject<HTMLInputElement | null>;
  foldsOpen: boolean;
  onExpandAll(): void;
  filter: FilterControls;
  onCopy(): void;
  onSave(): void;
}

function matchText(matches: Matches | null): string {
  if (!matches) return '';
  const found = matches.count === 0 ? 'No matches' : `${matches.count === 1 ? '1 match' : `${matches.count} matches`} · row ${matches.current + 1}/${matches.rows.length}`;
  return `${found}${matches.partial ? ' so far' : ''}`;
}

/** The viewer's controls: Pretty / Raw / Preview, search, Expand all, the JSONPath filter, Copy and Save. */
export function ViewerToolbar({ status, view, previewing, html, onView, search, searchBox, foldsOpen, onExpandAll, filter, onCopy, onSave }: Props) {
  const prettyOk = status !== null && status.format !== null && status.error === null;
  const onSearchKey = (event: KeyboardEvent<HTMLInputElement>) => {
    if (event.key === 'Enter') {
      event.preventDefault();
      void search.search(event.shiftKey ? -1 : 1);
    } else if (event.key === 'Escape') search.setQuery('');
  };
  return (
    <div className="viewer-toolbar">
      <div className="segmented" role="radiogroup" aria-label="Body view">
        <button type="button" role="radio" aria-checked={!previewing && view === 'pretty'} disabled={!prettyOk} title={status?.format === 'xml' ? 'Indented XML' : 'Formatted JSON'} onClick={() => onView('pretty')}>
          Pretty
        </button>
        <button type="button" role="radio" aria-checked={!previewing && view === 'raw'} onClick={() => onView('raw')}>
          Raw
        </button>
        {html && (
          <button type="button" role="radio" aria-checked={previewing} onClick={() => onView('preview')}>
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
        value={search.query}
        onChange={(e) => search.setQuery(e.target.value)}
        onKeyDown={onSearchKey}
      />
      <label className="match-case">
        <input type="checkbox" checked={search.matchCase} onChange={(e) => search.setMatchCase(e.target.checked)} />
        Match case
      </label>
      <span className="match-count" role="status" aria-live="polite" data-testid="match-count">
        {matchText(search.matches)}
      </span>
      {foldsOpen && (
        <button type="button" className="button small ghost" onClick={onExpandAll}>
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
      <button type="button" className="button small" onClick={onCopy} disabled={!status || status.bytes > COPY_LIMIT} title={status && status.bytes > COPY_LIMIT ? 'Too large to copy: use Save' : 'Copy the body'}>
        Copy
      </button>
      <button type="button" className="button small" onClick={onSave} disabled={!status}>
        Save
      </button>
    </div>
  );
}

/** What the viewer is doing or found: filtering, the filter's matches, invalid JSON, arriving, indexing, busy, errors. */
export function ViewerBanners({ status, filter, busy, error }: { status: BodyStatus | null; filter: FilterControls; busy: string | null; error: string | null }) {
  return (
    <>
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
      {status && !status.receiving && !status.done && (
        <p className="hint indexing">
          Indexing… {Math.round(status.progress * 100)}% ({formatBytes(status.bytes)})
        </p>
      )}
      {busy && <p className="hint indexing">{busy}</p>}
      {error && (
        <p className="hint warning" role="alert">
          {error}
        </p>
      )}
    </>
  );
}
