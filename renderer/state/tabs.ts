import type { Draft, EditorTab, SavedRequest, WorkspaceState } from '../../preload/contract';
import { api } from '../api';
import { closeSession, onResponded, restore } from './sessions';
import { createStore } from './store';

const SAVE_DELAY_MS = 400;
const MAX_TABS = 50;

export const blankDraft: Draft = { method: 'GET', url: '', params: [], pathVariables: [], headers: [], body: { kind: 'none' }, settings: {} };

function blankTab(): EditorTab {
  return { id: crypto.randomUUID(), savedId: null, name: null, draft: blankDraft, dirty: false };
}

/** A tab nobody has typed into: opening a saved request reuses it instead of adding another. */
function isPristine(tab: EditorTab): boolean {
  return tab.savedId === null && tab.draft.url === '' && tab.draft.headers.length === 0 && tab.draft.body.kind === 'none' && !tab.responseId;
}

/** Work that closing would lose: unsaved changes, or a new request with a URL. */
export function hasWork(tab: EditorTab): boolean {
  return tab.dirty || (!tab.savedId && tab.draft.url !== '');
}

interface TabsState {
  workspace: WorkspaceState;
  loaded: boolean;
  saveError: string | null;
}

const first = blankTab();
const store = createStore<TabsState>({ workspace: { tabs: [first], activeTabId: first.id }, loaded: false, saveError: null });
let timer: ReturnType<typeof setTimeout> | null = null;
// If the user types before the saved tabs arrive, their edit wins.
let edited = false;
let loading: Promise<void> | null = null;

/** The open tabs come from main once; each tab's last response is read back from History. */
function load(): void {
  loading ??= api.calls['workspace:get']().then((result) => {
    if (result.ok && !edited) store.set((s) => ({ ...s, workspace: result.value }));
    store.set((s) => ({ ...s, loaded: true }));
    for (const tab of store.get().workspace.tabs) if (tab.responseId) void restore(tab.id, tab.responseId);
  });
}

/** Changes the tabs, and saves them to main a moment after the last change. */
function change(update: (s: WorkspaceState) => WorkspaceState): void {
  edited = true;
  const current = store.get().workspace;
  const next = update(current);
  if (next === current) return;
  store.set((s) => ({ ...s, workspace: next }));
  if (timer) clearTimeout(timer);
  timer = setTimeout(() => {
    void api.calls['workspace:save'](store.get().workspace).then((result) => store.set((s) => ({ ...s, saveError: result.ok ? null : result.error.message })));
  }, SAVE_DELAY_MS);
}

onResponded((tabId, historyId) => change((s) => (s.tabs.some((t) => t.id === tabId) ? { ...s, tabs: s.tabs.map((t) => (t.id === tabId ? { ...t, responseId: historyId } : t)) } : s)));

export const tabActions = {
  /** Changes the draft of one tab (the active one when `tabId` is omitted). */
  setDraft(update: (d: Draft) => Draft, tabId?: string): void {
    change((s) => {
      const id = tabId ?? s.activeTabId;
      return { ...s, tabs: s.tabs.map((t) => (t.id === id ? { ...t, draft: update(t.draft), dirty: t.savedId !== null || t.dirty } : t)) };
    });
  },
  activate(id: string): void {
    change((s) => (s.activeTabId === id ? s : { ...s, activeTabId: id }));
  },
  newTab(): void {
    change((s) => {
      const tab = blankTab();
      return s.tabs.length >= MAX_TABS ? s : { tabs: [...s.tabs, tab], activeTabId: tab.id };
    });
  },
  /** The tab `step` places after (or before, negative) the active one, wrapping around (Ctrl+Tab, Ctrl+Shift+Tab). */
  cycle(step: number): void {
    change((s) => {
      if (s.tabs.length < 2) return s;
      const index = s.tabs.findIndex((t) => t.id === s.activeTabId);
      const next = s.tabs[(((index + step) % s.tabs.length) + s.tabs.length) % s.tabs.length]!;
      return { ...s, activeTabId: next.id };
    });
  },
  /** Pins a tab (it moves to the end of the pinned ones, at the left), or unpins it (it moves just after them). */
  togglePin(id: string): void {
    change((s) => {
      const tab = s.tabs.find((t) => t.id === id);
      if (!tab) return s;
      const rest = s.tabs.filter((t) => t.id !== id);
      const pinnedCount = rest.filter((t) => t.pinned).length;
      const moved: EditorTab = { ...tab };
      if (tab.pinned) delete moved.pinned;
      else moved.pinned = true;
      return { ...s, tabs: [...rest.slice(0, pinnedCount), moved, ...rest.slice(pinnedCount)] };
    });
  },
  /** Opens a saved request: its tab if one is open, else a new tab (or the empty one). */
  openSaved(saved: SavedRequest): void {
    change((s) => {
      const open = s.tabs.find((t) => t.savedId === saved.id);
      if (open) return { ...s, activeTabId: open.id };
      const tab: EditorTab = { id: crypto.randomUUID(), savedId: saved.id, name: saved.name, draft: saved.request, dirty: false };
      const current = s.tabs.find((t) => t.id === s.activeTabId);
      if (current && isPristine(current)) return { tabs: s.tabs.map((t) => (t.id === current.id ? tab : t)), activeTabId: tab.id };
      const tabs = s.tabs.length >= MAX_TABS ? s.tabs.filter((t) => t.dirty || t.pinned || t.id === s.activeTabId).slice(-(MAX_TABS - 1)) : s.tabs;
      return { tabs: [...tabs, tab], activeTabId: tab.id };
    });
  },
  /** Opens a request that is not saved anywhere (from History) in a new tab, or the empty one. */
  openDraft(draft: Draft): void {
    change((s) => {
      const tab: EditorTab = { ...blankTab(), draft };
      const current = s.tabs.find((t) => t.id === s.activeTabId);
      if (current && isPristine(current)) return { tabs: s.tabs.map((t) => (t.id === current.id ? tab : t)), activeTabId: tab.id };
      return s.tabs.length >= MAX_TABS ? { ...s, tabs: s.tabs.map((t) => (t.id === s.activeTabId ? { ...t, draft, dirty: t.savedId !== null } : t)) } : { tabs: [...s.tabs, tab], activeTabId: tab.id };
    });
  },
  /** Closes without asking (the caller asks first when the tab has unsaved changes); its send stops. */
  close(id: string): void {
    change((s) => {
      const index = s.tabs.findIndex((t) => t.id === id);
      if (index < 0) return s;
      const rest = s.tabs.filter((t) => t.id !== id);
      if (rest.length === 0) {
        const tab = blankTab();
        return { tabs: [tab], activeTabId: tab.id };
      }
      const activeTabId = s.activeTabId === id ? rest[Math.min(index, rest.length - 1)]!.id : s.activeTabId;
      return { tabs: rest, activeTabId };
    });
    closeSession(id);
  },
  /** Closes every tab but `id`, except pinned ones and those with work in them (which would ask); `id` becomes the active tab. */
  closeOthers(id: string): void {
    const closing = store.get().workspace.tabs.filter((t) => t.id !== id && !t.pinned && !hasWork(t));
    const gone = new Set(closing.map((t) => t.id));
    change((s) => (gone.size === 0 && s.activeTabId === id ? s : { tabs: s.tabs.filter((t) => !gone.has(t.id)), activeTabId: id }));
    for (const tab of closing) closeSession(tab.id);
  },
  /** After a save to a collection: the tab now edits that saved request, and is clean unless it changed meanwhile. */
  markSaved(tabId: string, saved: { id: string; name: string }, draft: Draft): void {
    change((s) => ({ ...s, tabs: s.tabs.map((t) => (t.id === tabId ? { ...t, savedId: saved.id, name: saved.name, dirty: t.draft !== draft } : t)) }));
  },
  /** After a rename in the tree: tabs of that request follow. */
  renamed(savedId: string, name: string): void {
    change((s) => (s.tabs.some((t) => t.savedId === savedId) ? { ...s, tabs: s.tabs.map((t) => (t.savedId === savedId ? { ...t, name } : t)) } : s));
  },
  /**
   * Saved requests were deleted: a tab of one keeps its work, marked unsaved (closing it asks,
   * Ctrl+S saves it anew). Returns what Undo needs to link them again.
   */
  forgotten(ids: Set<string>): Unlinked[] {
    const unlinked: Unlinked[] = store
      .get()
      .workspace.tabs.filter((t) => t.savedId && ids.has(t.savedId))
      .map((t) => ({ tabId: t.id, savedId: t.savedId!, dirty: t.dirty, draft: t.draft }));
    if (unlinked.length > 0) change((s) => ({ ...s, tabs: s.tabs.map((t) => (t.savedId && ids.has(t.savedId) ? { ...t, savedId: null, dirty: true } : t)) }));
    return unlinked;
  },
  /** The delete was undone: each tab it unlinked is its request's tab again, modified only if it was or has been edited since. */
  relinked(unlinked: Unlinked[]): void {
    if (unlinked.length === 0) return;
    change((s) => ({
      ...s,
      tabs: s.tabs.map((t) => {
        const was = unlinked.find((u) => u.tabId === t.id);
        // A tab saved elsewhere meanwhile (Save as) keeps its new place.
        if (!was || t.savedId !== null || s.tabs.some((o) => o.savedId === was.savedId)) return t;
        return { ...t, savedId: was.savedId, dirty: was.dirty || t.draft !== was.draft };
      }),
    }));
  },
};

/** A tab a delete unlinked from its saved request, as it was then. */
export interface Unlinked {
  tabId: string;
  savedId: string;
  dirty: boolean;
  draft: Draft;
}

export interface Tabs {
  tabs: EditorTab[];
  active: EditorTab;
  loaded: boolean;
  saveError: string | null;
}

/** The open request tabs and the active one. */
export function useTabs(): Tabs {
  load();
  const { workspace, loaded, saveError } = store.use();
  const active = workspace.tabs.find((t) => t.id === workspace.activeTabId) ?? workspace.tabs[0]!;
  return { tabs: workspace.tabs, active, loaded, saveError };
}

/** The active tab now, outside a render (a keyboard shortcut, a dialog's submit). */
export function activeTab(): EditorTab {
  const { workspace } = store.get();
  return workspace.tabs.find((t) => t.id === workspace.activeTabId) ?? workspace.tabs[0]!;
}

/** The open tabs now, in their order, outside a render. */
export function openTabs(): readonly EditorTab[] {
  return store.get().workspace.tabs;
}

export function tabById(id: string): EditorTab | undefined {
  return store.get().workspace.tabs.find((t) => t.id === id);
}

/** For tests: back to one blank tab, to be loaded from main again. */
export function resetTabs(): void {
  const tab = blankTab();
  store.set({ workspace: { tabs: [tab], activeTabId: tab.id }, loaded: false, saveError: null });
  if (timer) clearTimeout(timer);
  timer = null;
  edited = false;
  loading = null;
}
