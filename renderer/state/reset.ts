import { resetCalls } from './calls';
import { resetDialogs } from './dialogs';
import { resetSessions } from './sessions';
import { resetTabs } from './tabs';
import { blockedLink } from './externalLinks';
import { viewStore } from './view';

/** For tests: the renderer's state as at launch (each test renders a fresh app). */
export function resetState(): void {
  resetCalls();
  resetSessions();
  resetDialogs();
  resetTabs();
  viewStore.set({ view: 'requests', jwtMounted: false, runnerMounted: false, decodeRequest: null });
  blockedLink.set(null);
}
