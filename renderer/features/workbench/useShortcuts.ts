import { useEffect } from 'react';
import type { AppCommand } from '../../../preload/contract';
import { api } from '../../api';
import { openDialog } from '../../state/dialogs';
import { isSending } from '../../state/sessions';
import { activeTab, tabActions } from '../../state/tabs';
import { showView, viewStore } from '../../state/view';
import { cancelTab, closeTab, saveTab, sendTab } from '../requests';

const mod = (event: KeyboardEvent) => event.ctrlKey || event.metaKey;

/** The tab commands, from a key or from the desktop menu; each shows the requests first. */
function run(command: AppCommand): void {
  if (viewStore.get().view !== 'requests') showView('requests');
  if (command === 'newTab') tabActions.newTab();
  else if (command === 'closeTab') closeTab();
  else if (command === 'nextTab') tabActions.cycle(1);
  else if (command === 'previousTab') tabActions.cycle(-1);
  else tabActions.togglePin(activeTab().id);
}

/**
 * The tab command a key asks for. Ctrl+T, Ctrl+W, Ctrl+Tab / Ctrl+Shift+Tab and Ctrl+PageDown /
 * Ctrl+PageUp are the desktop app's (the menu shows them); a browser keeps those keys for its
 * own tabs, so Alt+T, Alt+W and Alt+PageDown / Alt+PageUp do the same in both.
 */
export function tabCommand(event: Pick<KeyboardEvent, 'key' | 'code' | 'ctrlKey' | 'metaKey' | 'altKey' | 'shiftKey'>): AppCommand | null {
  const ctrl = event.ctrlKey || event.metaKey;
  const only = (wantCtrl: boolean, wantAlt: boolean) => ctrl === wantCtrl && event.altKey === wantAlt;
  if (event.key === 'Tab' && event.ctrlKey && !event.altKey) return event.shiftKey ? 'previousTab' : 'nextTab';
  if ((event.key === 'PageDown' || event.key === 'PageUp') && !event.shiftKey && (only(true, false) || only(false, true))) return event.key === 'PageDown' ? 'nextTab' : 'previousTab';
  if (event.shiftKey) return null;
  if (event.code === 'KeyT' && (only(true, false) || only(false, true))) return 'newTab';
  if (event.code === 'KeyW' && (only(true, false) || only(false, true))) return 'closeTab';
  return null;
}

/**
 * The app's keyboard shortcuts: Alt+1 / Alt+2 / Alt+3 switch views; Ctrl+Enter sends the active
 * tab, Escape cancels its send; Ctrl+S saves it; the tab commands above; Ctrl+Shift+V Variables,
 * Ctrl+Shift+I import curl, Ctrl+Alt+C the request as code, Ctrl+, Settings. (Ctrl+F, in the
 * response viewer, searches the body.) The desktop menu's tab items arrive as `app:command`.
 */
export function useShortcuts(): void {
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      const key = event.key.toLowerCase();
      const requests = viewStore.get().view === 'requests';
      const act = (then: () => void) => {
        event.preventDefault();
        then();
      };
      // A dialog's own keys (Tab inside it, Escape) stay the dialog's.
      const inDialog = event.target instanceof Element && event.target.closest('[role="dialog"], [role="alertdialog"]') !== null;
      const command = inDialog ? null : tabCommand(event);
      if (command) act(() => run(command));
      else if (event.altKey && !mod(event) && (event.key === '1' || event.key === '2' || event.key === '3')) act(() => showView(event.key === '1' ? 'requests' : event.key === '2' ? 'jwt' : 'runner'));
      else if (event.key === 'Enter' && mod(event) && requests) act(() => sendTab());
      else if (key === 'v' && event.shiftKey && mod(event)) act(() => openDialog({ kind: 'variables' }));
      else if (key === 'i' && event.shiftKey && mod(event)) act(() => openDialog({ kind: 'importCurl' }));
      else if (event.code === 'KeyC' && event.altKey && mod(event) && requests) act(() => openDialog({ kind: 'code', tabId: activeTab().id }));
      else if (key === 's' && !event.shiftKey && mod(event) && requests) act(() => void saveTab());
      else if (event.key === ',' && mod(event)) act(() => openDialog({ kind: 'settings' }));
      else if (event.key === 'Escape' && isSending(activeTab().id)) cancelTab();
    };
    window.addEventListener('keydown', onKey);
    const unsubscribe = api.events['app:command'](({ command }) => run(command));
    return () => {
      window.removeEventListener('keydown', onKey);
      unsubscribe();
    };
  }, []);
}
