import { useEffect } from 'react';
import { openDialog } from '../../state/dialogs';
import { isSending } from '../../state/sessions';
import { activeTab } from '../../state/tabs';
import { showView, viewStore } from '../../state/view';
import { cancelTab, saveTab, sendTab } from '../requests';

const mod = (event: KeyboardEvent) => event.ctrlKey || event.metaKey;

/**
 * The app's keyboard shortcuts: Alt+1 / Alt+2 switch views; Ctrl+Enter sends the active tab,
 * Escape cancels its send; Ctrl+S saves it; Ctrl+Shift+V Variables, Ctrl+Shift+I import curl,
 * Ctrl+Alt+C the request as code,
 * Ctrl+, Settings. (Ctrl+F, in the response viewer, searches the body.)
 */
export function useShortcuts(): void {
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      const key = event.key.toLowerCase();
      const requests = viewStore.get().view === 'requests';
      const act = (run: () => void) => {
        event.preventDefault();
        run();
      };
      if (event.altKey && (event.key === '1' || event.key === '2' || event.key === '3')) act(() => showView(event.key === '1' ? 'requests' : event.key === '2' ? 'jwt' : 'runner'));
      else if (event.key === 'Enter' && mod(event) && requests) act(() => sendTab());
      else if (key === 'v' && event.shiftKey && mod(event)) act(() => openDialog({ kind: 'variables' }));
      else if (key === 'i' && event.shiftKey && mod(event)) act(() => openDialog({ kind: 'importCurl' }));
      else if (event.code === 'KeyC' && event.altKey && mod(event) && requests) act(() => openDialog({ kind: 'code', tabId: activeTab().id }));
      else if (key === 's' && !event.shiftKey && mod(event) && requests) act(() => void saveTab());
      else if (event.key === ',' && mod(event)) act(() => openDialog({ kind: 'settings' }));
      else if (event.key === 'Escape' && isSending(activeTab().id)) cancelTab();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
}
