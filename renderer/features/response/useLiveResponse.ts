import { useEffect, useState } from 'react';
import type { ResponseProgress, ResponseStarted, StreamEvent } from '../../../preload/contract';
import { api } from '../../api';

/** Events kept in the page while a stream runs; all of them stay in the stored body. */
export const LIVE_EVENTS_KEPT = 5000;

export interface LiveResponse {
  started: ResponseStarted | null;
  progress: ResponseProgress | null;
  events: StreamEvent[];
}

const NOTHING: LiveResponse = { started: null, progress: null, events: [] };

/**
 * What main pushes about a response still arriving (its headers and body id, progress, and
 * server-sent events), for the send with `requestId`; nothing when it is null.
 */
export function useLiveResponse(requestId: string | null): LiveResponse {
  // Keyed by the send: what belongs to an earlier one is never shown for this one.
  const [live, setLive] = useState<{ requestId: string; value: LiveResponse } | null>(null);
  useEffect(() => {
    if (!requestId) return;
    const update = (change: (value: LiveResponse) => LiveResponse) =>
      setLive((prev) => ({ requestId, value: change(prev?.requestId === requestId ? prev.value : NOTHING) }));
    const offStarted = api.events['http:started']((started) => {
      if (started.requestId === requestId) update((value) => ({ ...value, started }));
    });
    const offProgress = api.events['http:progress']((progress) => {
      if (progress.requestId === requestId) update((value) => ({ ...value, progress }));
    });
    const offEvents = api.events['http:events'](({ requestId: id, events }) => {
      if (id !== requestId) return;
      update((value) => {
        const all = value.events.concat(events);
        return { ...value, events: all.length > LIVE_EVENTS_KEPT ? all.slice(all.length - LIVE_EVENTS_KEPT) : all };
      });
    });
    return () => {
      offStarted();
      offProgress();
      offEvents();
    };
  }, [requestId]);
  return live && live.requestId === requestId ? live.value : NOTHING;
}
