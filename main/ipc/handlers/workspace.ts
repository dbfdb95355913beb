import type { Handlers } from '../../../preload/contract';
import type { Core } from '../../core/createCore';

export function workspaceHandlers(core: Core): Pick<Handlers, 'workspace:get' | 'workspace:save'> {
  return {
    'workspace:get': async () => core.workspace.get(),
    'workspace:save': async (state) => {
      if (!state.tabs.some((tab) => tab.id === state.activeTabId)) state = { ...state, activeTabId: state.tabs[0]!.id };
      core.workspace.set(state);
    },
  };
}
