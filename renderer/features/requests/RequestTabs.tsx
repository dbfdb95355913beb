import type { EditorTab } from '../../../preload/contract';
import { useSession } from '../../state/sessions';
import { statusClass } from '../../ui/format';

/** A tab's send: a spinner while it runs (shown or not), then its status. */
function TabStatus({ tabId }: { tabId: string }) {
  const { response } = useSession(tabId);
  if (response.kind === 'sending' || response.kind === 'restoring') return <span className="spinner small tab-status" role="status" aria-label="Sending" />;
  if (response.kind === 'failed') return <span className="tab-status status status-error" aria-label="Failed" title={response.error.message}>!</span>;
  if (response.kind === 'done') return <span className={`tab-status status ${statusClass(response.result.status)}`} aria-label={`Status ${response.result.status}`}>{response.result.status}</span>;
  return null;
}

/** The open requests, one tab each: its method, name, last status, and a dot for unsaved changes. */
export function RequestTabs({ tabs, activeId, onActivate, onClose, onNew }: { tabs: EditorTab[]; activeId: string; onActivate(id: string): void; onClose(tab: EditorTab): void; onNew(): void }) {
  return (
    <div className="request-tabs" role="tablist" aria-label="Open requests">
      {tabs.map((tab) => {
        const title = tab.name ?? (tab.draft.url ? `${tab.draft.url.replace(/^https?:\/\//, '').slice(0, 40)}` : 'Untitled request');
        return (
          <div key={tab.id} className={`request-tab ${tab.id === activeId ? 'active' : ''}`}>
            <button
              type="button"
              role="tab"
              aria-selected={tab.id === activeId}
              className="request-tab-open"
              title={tab.dirty ? `${title} (unsaved changes)` : title}
              onClick={() => onActivate(tab.id)}
              onAuxClick={(e) => e.button === 1 && onClose(tab)}
            >
              <span className={`tab-method method-${tab.draft.method.toLowerCase()}`}>{tab.draft.method}</span>
              <span className={`tab-title ${tab.name ? '' : 'unsaved'}`}>{title}</span>
              <TabStatus tabId={tab.id} />
              {tab.dirty && (
                <span className="dirty-dot" aria-label="unsaved changes">
                  ●
                </span>
              )}
            </button>
            <button type="button" className="icon-button tab-close" aria-label={`Close ${title}`} onClick={() => onClose(tab)}>
              ×
            </button>
          </div>
        );
      })}
      <button type="button" className="icon-button new-tab" aria-label="New request tab" title="New request tab" onClick={onNew}>
        +
      </button>
    </div>
  );
}
