import { useCallback, useEffect, useRef, useState } from 'react';
import type { Draft, EditorTab, SavedRequest, WorkspaceState } from '../../../preload/contract';
import { api } from '../../api';

const SAVE_DELAY_MS = 400;
const MAX_TABS = 50;

export const blankDraft: Draft = { method: 'GET', url: '', params: [], pathVariables: [], headers: [], body: { kind: 'none' }, settings: {} };

function blankTab(): EditorTab {
  return { id: crypto.randomUUID(), savedId: null, name: null, draft: blankDraft, dirty: false };
}

/** A tab nobody has typed into: opening a saved request reuses it instead of adding another. */
function isPristine(tab: EditorTab): boolean {
  return tab.savedId === null && tab.draft.url === '' && tab.draft.headers.length === 0 && tab.draft.body.kind === 'none';
}

export interface Tabs {
  tabs: EditorTab[];
  active: EditorTab;
  draft: Draft;
  setDraft(update: (d: Draft) => Draft): void;
  activate(id: string): void;
  newTab(): void;
  /** Opens a saved request: its tab if one is open, else a new tab (or the empty one). */
  openSaved(saved: SavedRequest): void;
  /** Opens a request that is not saved anywhere (from history) in a new tab, or the empty one. */
  openDraft(draft: Draft): void;
  /** Closes without asking; the caller asks first when the tab has unsaved changes. */
  close(id: string): void;
  /** After a save to a collection: the tab now edits that saved request and is clean. */
  markSaved(tabId: string, saved: { id: string; name: string }, draft: Draft): void;
  /** After a rename or delete in the tree: tabs of that request follow. */
  renamed(savedId: string, name: string): void;
  forgotten(savedIds: Set<string>): void;
  loaded: boolean;
  saveError: string | null;
}

/** The open request tabs: loaded from main once, saved back shortly after each change. */
export function useTabs(): Tabs {
  const [state, setState] = useState<WorkspaceState>(() => {
    const first = blankTab();
    return { tabs: [first], activeTabId: first.id };
  });
  const [loaded, setLoaded] = useState(false);
  const [saveError, setSaveError] = useState<string | null>(null);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  // If the user types before the saved tabs arrive, their edit wins.
  const edited = useRef(false);

  useEffect(() => {
    let live = true;
    void api.calls['workspace:get']().then((result) => {
      if (!live) return;
      if (result.ok && !edited.current) setState(result.value);
      setLoaded(true);
    });
    return () => {
      live = false;
    };
  }, []);

  const update = useCallback((change: (s: WorkspaceState) => WorkspaceState) => {
    edited.current = true;
    setState((current) => {
      const next = change(current);
      if (next === current) return current;
      if (timer.current) clearTimeout(timer.current);
      timer.current = setTimeout(() => {
        void api.calls['workspace:save'](next).then((result) => setSaveError(result.ok ? null : result.error.message));
      }, SAVE_DELAY_MS);
      return next;
    });
  }, []);

  const active = state.tabs.find((t) => t.id === state.activeTabId) ?? state.tabs[0]!;

  const setDraft = useCallback(
    (change: (d: Draft) => Draft) =>
      update((s) => ({
        ...s,
        tabs: s.tabs.map((t) => (t.id === s.activeTabId ? { ...t, draft: change(t.draft), dirty: t.savedId !== null || t.dirty } : t)),
      })),
    [update],
  );

  return {
    tabs: state.tabs,
    active,
    draft: active.draft,
    setDraft,
    activate: (id) => update((s) => (s.activeTabId === id ? s : { ...s, activeTabId: id })),
    newTab: () =>
      update((s) => {
        const tab = blankTab();
        return s.tabs.length >= MAX_TABS ? s : { tabs: [...s.tabs, tab], activeTabId: tab.id };
      }),
    openSaved: (saved) =>
      update((s) => {
        const open = s.tabs.find((t) => t.savedId === saved.id);
        if (open) return { ...s, activeTabId: open.id };
        const tab: EditorTab = { id: crypto.randomUUID(), savedId: saved.id, name: saved.name, draft: saved.request, dirty: false };
        const current = s.tabs.find((t) => t.id === s.activeTabId);
        if (current && isPristine(current)) return { tabs: s.tabs.map((t) => (t.id === current.id ? tab : t)), activeTabId: tab.id };
        const tabs = s.tabs.length >= MAX_TABS ? s.tabs.filter((t) => t.dirty || t.id === s.activeTabId).slice(-(MAX_TABS - 1)) : s.tabs;
        return { tabs: [...tabs, tab], activeTabId: tab.id };
      }),
    openDraft: (draft) =>
      update((s) => {
        const tab: EditorTab = { ...blankTab(), draft };
        const current = s.tabs.find((t) => t.id === s.activeTabId);
        if (current && isPristine(current)) return { tabs: s.tabs.map((t) => (t.id === current.id ? tab : t)), activeTabId: tab.id };
        return s.tabs.length >= MAX_TABS ? { ...s, tabs: s.tabs.map((t) => (t.id === s.activeTabId ? { ...t, draft, dirty: t.savedId !== null } : t)) } : { tabs: [...s.tabs, tab], activeTabId: tab.id };
      }),
    close: (id) =>
      update((s) => {
        const index = s.tabs.findIndex((t) => t.id === id);
        if (index < 0) return s;
        const rest = s.tabs.filter((t) => t.id !== id);
        if (rest.length === 0) {
          const tab = blankTab();
          return { tabs: [tab], activeTabId: tab.id };
        }
        const activeTabId = s.activeTabId === id ? rest[Math.min(index, rest.length - 1)]!.id : s.activeTabId;
        return { tabs: rest, activeTabId };
      }),
    markSaved: (tabId, saved, draft) =>
      update((s) => ({
        ...s,
        tabs: s.tabs.map((t) => (t.id === tabId ? { ...t, savedId: saved.id, name: saved.name, dirty: t.draft !== draft, draft: t.draft } : t)),
      })),
    renamed: (savedId, name) => update((s) => (s.tabs.some((t) => t.savedId === savedId) ? { ...s, tabs: s.tabs.map((t) => (t.savedId === savedId ? { ...t, name } : t)) } : s)),
    // A tab whose request was deleted keeps its work, marked unsaved: closing it asks, Ctrl+S saves it anew.
    forgotten: (ids) => update((s) => (s.tabs.some((t) => t.savedId && ids.has(t.savedId)) ? { ...s, tabs: s.tabs.map((t) => (t.savedId && ids.has(t.savedId) ? { ...t, savedId: null, dirty: true } : t)) } : s)),
    loaded,
    saveError,
  };
}
