import * as ContextMenu from '@radix-ui/react-context-menu';
import * as Menu from '@radix-ui/react-dropdown-menu';
import { useEffect, useRef } from 'react';
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

/**
 * A saved request is titled by its name; an unsaved one by its URL's path (tabs of one host
 * all begin with the same host, so the path is what tells them apart; the tooltip has the
 * whole URL), or by the host when the path is empty.
 */
export function tabTitle(tab: EditorTab): string {
  if (tab.name !== null) return tab.name;
  const url = tab.draft.url.trim();
  if (!url) return 'Untitled request';
  const bare = url.replace(/^https?:\/\//i, '');
  const slash = bare.search(/[/?]/);
  const path = slash >= 0 ? bare.slice(slash) : '';
  const title = path.length > 1 ? path : bare.replace(/[/?]+$/, '');
  return title.length > 40 ? `${title.slice(0, 39)}…` : title;
}

/** The shortcuts the tab commands answer to here: the desktop app's, or a browser's stand-ins for the keys it keeps. */
export function tabKeys(host: 'electron' | 'browser' | undefined) {
  return host === 'electron' ? { next: 'Ctrl+Tab', previous: 'Ctrl+Shift+Tab', close: 'Ctrl+W', new: 'Ctrl+T' } : { next: 'Alt+PageDown', previous: 'Alt+PageUp', close: 'Alt+W', new: 'Alt+T' };
}

interface Props {
  tabs: EditorTab[];
  activeId: string;
  host: 'electron' | 'browser' | undefined;
  onActivate(id: string): void;
  onClose(tab: EditorTab): void;
  onCloseOthers(tab: EditorTab): void;
  onTogglePin(tab: EditorTab): void;
  onNew(): void;
}

/**
 * The open requests, one tab each: its method, name, last status, a dot for unsaved changes and
 * a pin. Too many to fit scroll sideways (the wheel scrolls them too) with the active one kept
 * in view; "All tabs" lists every one. Right-click (or the context-menu key) a tab to pin or close it.
 */
export function RequestTabs({ tabs, activeId, host, onActivate, onClose, onCloseOthers, onTogglePin, onNew }: Props) {
  const strip = useRef<HTMLDivElement>(null);
  const keys = tabKeys(host);

  // The active tab is scrolled into view whenever it changes (a shortcut, a reopened request)
  // or grows (its title follows the URL being typed).
  const activeTitle = tabTitle(tabs.find((t) => t.id === activeId) ?? tabs[0]!);
  useEffect(() => {
    const active = strip.current?.querySelector<HTMLElement>('.request-tab.active');
    active?.scrollIntoView({ block: 'nearest', inline: 'nearest' });
  }, [activeId, activeTitle, tabs.length]);

  // A mouse wheel over the strip scrolls it sideways.
  useEffect(() => {
    const element = strip.current;
    if (!element) return;
    const onWheel = (event: WheelEvent) => {
      if (Math.abs(event.deltaY) <= Math.abs(event.deltaX) || element.scrollWidth <= element.clientWidth) return;
      event.preventDefault();
      element.scrollLeft += event.deltaY;
    };
    element.addEventListener('wheel', onWheel, { passive: false });
    return () => element.removeEventListener('wheel', onWheel);
  }, []);

  return (
    <div className="request-tabs-bar">
      <div className="request-tabs" role="tablist" aria-label="Open requests" ref={strip}>
        {tabs.map((tab) => {
          const title = tabTitle(tab);
          const active = tab.id === activeId;
          return (
            <ContextMenu.Root key={tab.id}>
              <ContextMenu.Trigger asChild>
                <div className={`request-tab ${active ? 'active' : ''} ${tab.pinned ? 'pinned' : ''}`}>
                  <button
                    type="button"
                    role="tab"
                    aria-selected={active}
                    className="request-tab-open"
                    title={`${tab.name ?? (tab.draft.url.trim() || title)}${tab.dirty ? ' (unsaved changes)' : ''}${tab.pinned ? ' (pinned)' : ''} · ${keys.next} / ${keys.previous} to switch, right-click to pin or close`}
                    onClick={() => onActivate(tab.id)}
                    onAuxClick={(e) => e.button === 1 && onClose(tab)}
                  >
                    {tab.pinned && (
                      <span className="tab-pin" aria-label="Pinned">
                        <PinIcon />
                      </span>
                    )}
                    <span className={`tab-method method-${tab.draft.method.toLowerCase()}`}>{tab.draft.method}</span>
                    <span className={`tab-title ${tab.name ? '' : 'unsaved'}`}>{title}</span>
                    <TabStatus tabId={tab.id} />
                    {tab.dirty && (
                      <span className="dirty-dot" aria-label="unsaved changes">
                        ●
                      </span>
                    )}
                  </button>
                  {!tab.pinned && (
                    <button type="button" className="icon-button tab-close" aria-label={`Close ${title}`} title={`Close (${keys.close})`} onClick={() => onClose(tab)}>
                      ×
                    </button>
                  )}
                </div>
              </ContextMenu.Trigger>
              <ContextMenu.Portal>
                <ContextMenu.Content className="menu" aria-label={`Tab ${title}`}>
                  <ContextMenu.Item className="menu-item" onSelect={() => onTogglePin(tab)}>
                    {tab.pinned ? 'Unpin tab' : 'Pin tab'}
                  </ContextMenu.Item>
                  <ContextMenu.Item className="menu-item" onSelect={() => onClose(tab)}>
                    Close tab<span className="menu-key">{keys.close}</span>
                  </ContextMenu.Item>
                  <ContextMenu.Item className="menu-item" disabled={tabs.every((t) => t.id === tab.id || t.pinned)} onSelect={() => onCloseOthers(tab)}>
                    Close other tabs
                  </ContextMenu.Item>
                </ContextMenu.Content>
              </ContextMenu.Portal>
            </ContextMenu.Root>
          );
        })}
      </div>
      <button type="button" className="icon-button new-tab" aria-label="New request tab" title={`New request tab (${keys.new})`} onClick={onNew}>
        +
      </button>
      <Menu.Root>
        <Menu.Trigger asChild>
          <button type="button" className="icon-button all-tabs" aria-label={`All tabs (${tabs.length})`} title="All open tabs">
            <span aria-hidden="true">{tabs.length}</span> ▾
          </button>
        </Menu.Trigger>
        <Menu.Portal>
          <Menu.Content className="menu open-tabs-menu" align="end">
            {tabs.map((tab) => (
              <Menu.CheckboxItem key={tab.id} className="menu-item open-tab-item" checked={tab.id === activeId} onSelect={() => onActivate(tab.id)}>
                {tab.pinned && (
                  <span className="tab-pin" aria-label="Pinned">
                    <PinIcon />
                  </span>
                )}
                <span className={`tab-method method-${tab.draft.method.toLowerCase()}`}>{tab.draft.method}</span>
                <span className={`tab-title ${tab.name ? '' : 'unsaved'}`}>{tabTitle(tab)}</span>
                {tab.dirty && (
                  <span className="dirty-dot" aria-label="unsaved changes">
                    ●
                  </span>
                )}
              </Menu.CheckboxItem>
            ))}
          </Menu.Content>
        </Menu.Portal>
      </Menu.Root>
    </div>
  );
}

function PinIcon() {
  return (
    <svg width="11" height="11" viewBox="0 0 16 16" aria-hidden="true" focusable="false">
      <path fill="currentColor" d="M10.5 1.5 14.5 5.5 13 6l-2.5 2.5.5 3.5-1.5 1.5L7 10.5 3 14.5 1.5 13 5.5 9 2.5 6 4 4.5l3.5.5L10 2.5z" />
    </svg>
  );
}
