import { useEffect, useState } from 'react';
import type { BodyStatus } from '../../../preload/contract';
import { api } from '../../api';

/**
 * The later of two statuses of one body. Answers can arrive out of order (a poll sent before a
 * search can land after it); a body's rows only grow, so an older status never replaces a newer.
 */
export function newest(prev: BodyStatus | null, next: BodyStatus): BodyStatus {
  if (!prev) return next;
  if (prev.done && !next.done) return prev;
  if (!next.done && (next.rows.raw < prev.rows.raw || next.rows.pretty < prev.rows.pretty || next.bytes < prev.bytes)) return prev;
  return next;
}

/** Opens a body in main and follows its indexing (and its arrival) until it is done. */
export function useBodyStatus(bodyId: string, contentType: string | null) {
  const [status, setStatus] = useState<BodyStatus | null>(null);
  const [error, setError] = useState<string | null>(null);
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
  /** A status another call brought back (a search's): kept when it is newer. */
  const seen = (next: BodyStatus) => setStatus((prev) => newest(prev, next));
  return { status, seen, error, setError };
}
