import { useEffect, useState } from 'react';
import type { Assertion, Capture } from '../../../preload/contract';
import { api } from '../../api';

export interface Problems {
  assertions: Map<number, string>;
  captures: Map<number, string>;
}

const NONE: Problems = { assertions: new Map(), captures: new Map() };
const DELAY_MS = 250;

/** Main's verdict on each row (a bad JSONPath, XPath, regex or schema), asked for a moment after typing stops. */
export function useRowProblems(assertions: readonly Assertion[], captures: readonly Capture[]): Problems {
  const [problems, setProblems] = useState<Problems>(NONE);
  const key = JSON.stringify([assertions, captures]);
  const empty = assertions.length === 0 && captures.length === 0;
  useEffect(() => {
    if (empty) return;
    let current = true;
    const timer = setTimeout(() => {
      void api.calls['checks:validate']({ assertions: [...assertions], captures: [...captures] }).then((result) => {
        if (!current || !result.ok) return;
        setProblems({ assertions: new Map(result.value.assertions.map((p) => [p.index, p.message])), captures: new Map(result.value.captures.map((p) => [p.index, p.message])) });
      });
    }, DELAY_MS);
    return () => {
      current = false;
      clearTimeout(timer);
    };
    // The rows' text is the dependency: a new array with the same rows asks nothing.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [key]);
  return empty ? NONE : problems;
}
