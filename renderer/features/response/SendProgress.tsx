import { useEffect, useState } from 'react';
import type { ResponseProgress } from '../../../preload/contract';
import { formatBytes, formatDuration } from '../../ui/format';

/** Next to Cancel while a request runs: how long it has taken, and once the body arrives, bytes and rate. */
export function SendProgress({ startedAt, progress, expectedBytes }: { startedAt: number; progress: ResponseProgress | null; expectedBytes: number | null }) {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 250);
    return () => clearInterval(timer);
  }, []);
  const elapsed = Math.max(now - startedAt, progress?.elapsedMs ?? 0);
  if (!progress) {
    return (
      <span className="send-progress" role="status" aria-label="Request progress">
        Waiting {formatDuration(elapsed)}
      </span>
    );
  }
  const of = expectedBytes !== null && expectedBytes > 0 ? ` of ${formatBytes(expectedBytes)}` : '';
  return (
    <span className="send-progress" role="status" aria-label="Request progress" data-testid="send-progress">
      {formatBytes(progress.received)}
      {of} · {formatBytes(Math.round(progress.rate))}/s · {formatDuration(elapsed)}
    </span>
  );
}
