import type { Handlers } from '../../../preload/contract';
import type { Core } from '../../core/createCore';

export function workspaceHandlers(core: Core): Pick<Handlers, 'workspace:getDraft' | 'workspace:saveDraft'> {
  return {
    'workspace:getDraft': async () => core.workspace.get().draft,
    'workspace:saveDraft': async (draft) => {
      core.workspace.set({ ...core.workspace.get(), draft });
    },
  };
}
