import { useEffect, useState } from 'react';
import type { BodyStatus, BodyView } from '../../../preload/contract';
import { api } from '../../api';
import { useRemembered } from '../../state/sessions';

/** `partial`: found while the body was still arriving or being indexed (searched again when it is done). */
export interface Matches {
  count: number;
  rows: number[];
  current: number;
  partial: boolean;
}

interface Options {
  bodyId: string;
  view: BodyView;
  status: BodyStatus | null;
  memory: Map<string, unknown> | null;
  /** A status the search brought back. */
  seen(status: BodyStatus): void;
  /** Go to a match: its row, and the body's row count the search saw. */
  goTo(row: number, rows: number): void;
  onError(message: string): void;
}

/** Search in a body (main searches the whole file), next and previous, kept in the tab's session. */
export function useBodySearch({ bodyId, view, status, memory, seen, goTo, onError }: Options) {
  const [query, setQueryValue] = useRemembered(memory, `${bodyId}:query`, '');
  const [matchCase, setMatchCaseValue] = useRemembered(memory, `${bodyId}:matchCase`, false);
  const [matches, setMatches] = useRemembered<Matches | null>(memory, `${bodyId}:matches`, null);
  const [busy, setBusy] = useState(false);

  const search = async (direction: 1 | -1) => {
    if (query === '') return setMatches(null);
    if (matches && matches.rows.length > 0 && !(matches.partial && status?.done)) {
      const current = (matches.current + direction + matches.rows.length) % matches.rows.length;
      setMatches({ ...matches, current });
      goTo(matches.rows[current] ?? 0, status?.rows[view] ?? 0);
      return;
    }
    setBusy(true);
    const result = await api.calls['body:search']({ bodyId, view, query, caseSensitive: matchCase });
    setBusy(false);
    if (!result.ok) return onError(result.error.message);
    const found = result.value.status;
    // The search's status can be newer than the last poll's (the body finished meanwhile).
    seen(found);
    setMatches({ count: result.value.count, rows: result.value.rows, current: 0, partial: !found.done });
    if (result.value.rows.length > 0) goTo(result.value.rows[0] ?? 0, found.rows[view]);
  };

  // A search made while the body was arriving runs again over the whole body once it is in.
  const searchedEarly = matches?.partial === true;
  const indexed = status?.done === true;
  useEffect(() => {
    if (!searchedEarly || !indexed || query === '') return;
    void api.calls['body:search']({ bodyId, view, query, caseSensitive: matchCase }).then((result) => {
      if (!result.ok) return onError(result.error.message);
      const hadRows = (matches?.rows.length ?? 0) > 0;
      const current = Math.min(matches?.current ?? 0, Math.max(0, result.value.rows.length - 1));
      setMatches({ count: result.value.count, rows: result.value.rows, current, partial: false });
      // Nothing was found while the body arrived: go to what the whole body holds.
      if (!hadRows && result.value.rows.length > 0) goTo(result.value.rows[current] ?? 0, result.value.status.rows[view]);
    });
    // Only the moment indexing finishes matters here.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [searchedEarly, indexed]);

  return {
    query,
    matchCase,
    matches,
    busy,
    search,
    setQuery: (text: string) => {
      setQueryValue(text);
      setMatches(null);
    },
    setMatchCase: (on: boolean) => {
      setMatchCaseValue(on);
      setMatches(null);
    },
  };
}

/** The text of a row with each match of the query marked. */
export function highlight(text: string, query: string, matchCase: boolean) {
  if (query === '') return text;
  const hay = matchCase ? text : text.toLowerCase();
  const needle = matchCase ? query : query.toLowerCase();
  const parts: (string | React.JSX.Element)[] = [];
  let from = 0;
  for (let at = hay.indexOf(needle); at !== -1 && parts.length < 200; at = hay.indexOf(needle, from)) {
    parts.push(text.slice(from, at), <mark key={at}>{text.slice(at, at + query.length)}</mark>);
    from = at + query.length;
  }
  parts.push(text.slice(from));
  return parts;
}
