import type { Draft, EditorTab, ItemLocation } from '../../../preload/contract';
import { call } from '../../state/calls';
import { openDialog } from '../../state/dialogs';
import { cancel, send } from '../../state/sessions';
import { createStore } from '../../state/store';
import { activeTab, hasWork, tabActions, tabById } from '../../state/tabs';
import { changeCollections } from '../collections';

/** Where a tab's request is saved, for the variables it sees. */
export function locationOf(tab: EditorTab): ItemLocation | null {
  return tab.savedId ? { itemId: tab.savedId } : null;
}

/** Sends a tab's request: its draft, or `request` when the caller has just changed it (state lands a render later). */
export function sendTab(tabId: string = activeTab().id, request?: Draft): void {
  const tab = tabById(tabId);
  if (tab) void send(tab.id, request ?? tab.draft, locationOf(tab));
}

/** Closes a tab (the active one by default); one with work in it asks first (Ctrl+W, its ×, a middle click). */
export function closeTab(tab: EditorTab = activeTab()): void {
  if (hasWork(tab)) openDialog({ kind: 'closeTab', tab });
  else tabActions.close(tab.id);
}

export function cancelTab(tabId: string = activeTab().id): void {
  cancel(tabId);
}

/** Saves a tab: in place when it is a saved request, else asks for a name and place. */
export async function saveTab(tabId: string = activeTab().id): Promise<void> {
  const tab = tabById(tabId);
  if (!tab) return;
  if (!tab.savedId) return openDialog({ kind: 'saveAs', tabId: tab.id, closeAfter: false });
  const snapshot = tab.draft;
  const result = await changeCollections(() => call('collections:saveRequest', { id: tab.savedId!, request: snapshot }));
  if ('value' in result) tabActions.markSaved(tab.id, { id: result.value.id, name: result.value.name }, snapshot);
}

/** A curl command opened in a tab: its warnings, and the draft it replaced (for Undo). */
export const curlNotes = createStore<ReadonlyMap<string, { warnings: string[]; previous: Draft } | { error: string }>>(new Map());

function setNote(tabId: string, note: { warnings: string[]; previous: Draft } | { error: string } | null): void {
  curlNotes.set((notes) => {
    const next = new Map(notes);
    if (note) next.set(tabId, note);
    else next.delete(tabId);
    return next;
  });
}

/** Opens a curl command in a tab; the replaced draft is kept for Undo. Returns a problem, or null. */
export async function importCurl(command: string, tabId: string = activeTab().id, options: { pasted?: boolean } = {}): Promise<string | null> {
  const tab = tabById(tabId);
  if (!tab) return null;
  const result = await call('import:curl', { command });
  if (!result.ok) {
    if (options.pasted) setNote(tabId, { error: result.error.message });
    return result.error.message;
  }
  setNote(tabId, { warnings: result.value.warnings, previous: tab.draft });
  tabActions.setDraft(() => result.value.request, tabId);
  return null;
}

export function undoCurl(tabId: string): void {
  const note = curlNotes.get().get(tabId);
  if (note && 'previous' in note) tabActions.setDraft(() => note.previous, tabId);
  setNote(tabId, null);
}

export const dismissCurlNote = (tabId: string) => setNote(tabId, null);
