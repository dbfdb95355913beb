import type { EditorTab } from '../../../preload/contract';

/** The open requests, one tab each; a dot marks unsaved changes. */
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
