import { useCallback, useEffect, useRef, useState } from 'react';
import type { BodyView } from '../../../preload/contract';
import { api } from '../../api';
import { useRemembered } from '../../state/sessions';
import { bodyRowAt, hiddenRows } from './folds';
import { HtmlPreview } from './HtmlPreview';
import { BodyRows } from './BodyRows';
import { PAGE, useRowPages } from './useRowPages';
import { useBodyExport } from './useBodyExport';
import { useBodySearch } from './useBodySearch';
import { useBodyStatus } from './useBodyStatus';
import { useFolds } from './useFolds';
import { useRowScroll } from './useRowScroll';
import { ViewerBanners, ViewerToolbar, type FilterControls } from './ViewerToolbar';

interface Props {
  bodyId: string;
  contentType: string | null;
  /** The tab's session memory: the viewer's place, search and folds come back when the tab is shown again. */
  memory?: Map<string, unknown> | null;
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
export function BodyViewer({ bodyId, contentType, memory = null }: Props) {
  const [expression, setExpression] = useRemembered(memory, `${bodyId}:filterText`, '');
  const [filtered, setFiltered] = useRemembered<Filtered | null>(memory, `${bodyId}:filtered`, null);
  const [problem, setProblem] = useState<string | null>(null);
  const [running, setRunning] = useState(false);
  const clear = () => {
    setFiltered(null);
    setProblem(null);
    setExpression('');
  };
  const apply = async () => {
    if (expression.trim() === '') return clear();
    setRunning(true);
    const result = await api.calls['body:filter']({ bodyId, expression });
    setRunning(false);
    if (!result.ok) return setProblem(result.error.message);
    setProblem(null);
    setFiltered({ expression, bodyId: result.value.bodyId, count: result.value.count });
  };
  return (
    <BodyPane
      key={filtered?.bodyId ?? bodyId}
      bodyId={filtered?.bodyId ?? bodyId}
      contentType={filtered ? 'application/json' : contentType}
      memory={memory}
      filter={{ expression, setExpression, apply, clear, filtered, problem, running }}
    />
  );
}

/**
 * One body: main indexes it, this asks only for the rows on screen and keeps a bounded page
 * cache. Pretty JSON (foldable, values copyable) or XML, raw text, search with next/previous,
 * copy and save.
 */
function BodyPane({ bodyId, contentType, memory, filter }: Required<Props> & { filter: FilterControls }) {
  const { status, seen, error, setError } = useBodyStatus(bodyId, contentType);
  const [chosen, setChosen] = useRemembered<BodyView | null>(memory, `${bodyId}:view`, null);
  const [previewing, setPreviewing] = useRemembered(memory, `${bodyId}:preview`, false);
  const prettyOk = status !== null && status.format !== null && status.error === null;
  const view: BodyView = chosen ?? (prettyOk ? 'pretty' : 'raw');
  const foldable = !previewing && view === 'pretty' && status?.format === 'json';
  const folds = useFolds(bodyId, memory, foldable, setError);
  const bodyRows = status ? status.rows[view] : 0;
  const rowCount = Math.max(0, bodyRows - hiddenRows(folds.active));
  const scroll = useRowScroll({ bodyId, memory, rowCount, bodyRows, folds, done: status?.done === true });
  const search = useBodySearch({ bodyId, view, status, memory, seen, goTo: scroll.scrollToRow, onError: setError });
  const exporter = useBodyExport(bodyId, contentType, status, setError);
  const onPageError = useCallback((message: string) => setError(message), [setError]);
  // The pages holding the rows on screen (folds can put far-apart rows next to each other).
  const wanted = rowCount === 0 ? [] : [...new Set(scroll.windowed.rows.map((item) => Math.floor(bodyRowAt(folds.active, item.index) / PAGE)))];
  const rowText = useRowPages(bodyId, view, wanted, onPageError);
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

  return (
    <div className="body-viewer">
      <ViewerToolbar
        status={status}
        view={view}
        previewing={previewing}
        html={/html/i.test(contentType ?? '')}
        onView={(next) => {
          setPreviewing(next === 'preview');
          if (next !== 'preview') setChosen(next);
        }}
        search={search}
        searchBox={searchBox}
        foldsOpen={foldable && folds.active.length > 0}
        onExpandAll={folds.expandAll}
        filter={filter}
        onCopy={() => void exporter.copy()}
        onSave={() => void exporter.save()}
      />
      <ViewerBanners status={status} filter={filter} busy={search.busy ? 'Searching…' : exporter.busy} error={error} />
      {previewing && status && <HtmlPreview bodyId={bodyId} bytes={status.bytes} />}
      <BodyRows
        hidden={previewing}
        scroller={scroll.scroller}
        windowed={scroll.windowed}
        onScroll={scroll.onScroll}
        folds={folds.active}
        foldable={foldable}
        rowText={rowText}
        currentRow={search.matches?.rows[search.matches.current]}
        query={search.query}
        matchCase={search.matchCase}
        onToggleFold={(row) => void folds.toggle(row)}
        bodyId={bodyId}
        onError={setError}
      />
    </div>
  );
}
