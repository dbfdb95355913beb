import type { EventName, EventPayload } from '../../preload/contract';
import type { Core } from '../core/createCore';

export type Emit = <E extends EventName>(event: E, payload: EventPayload<E>) => void;

/** Everything main pushes to the renderer, for either host: notices, bodies as they arrive, and what changed in the stored lists. Returns the unsubscribe. */
export function pushEvents(core: Core, emit: Emit): () => void {
  const offNotices = core.notices.subscribe((notice) => emit('app:notice', notice));
  const offLive = core.http.onLive((message) => {
    // Each message's payload belongs to its event; the switch lets the compiler see that.
    switch (message.event) {
      case 'http:started':
        return emit(message.event, message.payload);
      case 'http:progress':
        return emit(message.event, message.payload);
      case 'http:events':
        return emit(message.event, message.payload);
    }
  });
  const offHistory = core.history.onAdded((entry) => emit('history:added', entry));
  const offCollections = core.collections.onChanged((nodes) => emit('collections:changed', { nodes }));
  const offConnections = core.connections.onChanged((list) => emit('connections:changed', list));
  const offCookies = core.cookies.onChanged((count) => emit('cookies:changed', { count }));
  const offRuns = core.runs.onEvent((event) => (event.kind === 'step' ? emit('runner:step', { run: event.run, row: event.row }) : emit('runner:finished', event.run)));
  return () => {
    offCollections();
    offCookies();
    offConnections();
    offRuns();
    offNotices();
    offLive();
    offHistory();
  };
}
