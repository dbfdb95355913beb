import type { Handlers } from '../../../preload/contract';
import type { Core } from '../../core/createCore';

export function historyHandlers(core: Core): Pick<Handlers, 'history:list' | 'history:clear' | 'history:delete' | 'history:response'> {
  return {
    'history:list': async () => core.history.list(),
    'history:clear': async () => ({ removed: core.history.clear() }),
    'history:delete': async ({ id }) => ({ removed: core.history.delete(id) }),
    'history:response': async ({ id }) => {
      const entry = core.history.get(id);
      if (!entry?.response) return null;
      const preview = await core.http.storedPreview(entry.bodyId, entry.contentType);
      return preview && { ...entry.response, ...preview, sent: entry.sent };
    },
  };
}
