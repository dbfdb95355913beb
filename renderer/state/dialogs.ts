import type { Connection, EditorTab, TreeNode } from '../../preload/contract';
import { createStore } from './store';

/** What can be exported to a file. */
export interface ExportTarget {
  kind: 'collection' | 'environment';
  id: string;
  name: string;
}

/** Every dialog the app opens, with what it needs. */
export type Dialog =
  | { kind: 'settings' }
  | { kind: 'variables' }
  | { kind: 'environments' }
  | { kind: 'import' }
  | { kind: 'importCurl' }
  /** Request as code, for a tab's request. */
  | { kind: 'code'; tabId: string }
  | { kind: 'export'; target: ExportTarget }
  | { kind: 'scopeSettings'; id: string }
  | { kind: 'name'; what: 'collection' | 'folder' | 'request'; parentId: string | null }
  /** Save a tab's request under a name; `closeAfter`: the tab closes once saved (Save in the close prompt). */
  | { kind: 'saveAs'; tabId: string; closeAfter: boolean }
  | { kind: 'move'; node: TreeNode }
  | { kind: 'closeTab'; tab: EditorTab }
  /** The connection editor: null for a new one; `attachTo`, the tab whose request takes a new connection. */
  | { kind: 'connection'; connection: Connection | null; attachTo: string | null };

export type DialogKind = Dialog['kind'];
export type DialogAction = { type: 'open'; dialog: Dialog } | { type: 'close'; kind: DialogKind };

/**
 * The open dialogs, last opened on top. Opening one already open replaces it in place (with
 * its new arguments); closing one closes it and leaves those under it.
 */
export function dialogsReducer(stack: readonly Dialog[], action: DialogAction): readonly Dialog[] {
  if (action.type === 'open') {
    const at = stack.findIndex((d) => d.kind === action.dialog.kind);
    return at < 0 ? [...stack, action.dialog] : stack.map((d, i) => (i === at ? action.dialog : d));
  }
  return stack.some((d) => d.kind === action.kind) ? stack.filter((d) => d.kind !== action.kind) : stack;
}

const dialogs = createStore<readonly Dialog[]>([]);

export const openDialog = (dialog: Dialog) => dialogs.set((stack) => dialogsReducer(stack, { type: 'open', dialog }));
export const closeDialog = (kind: DialogKind) => dialogs.set((stack) => dialogsReducer(stack, { type: 'close', kind }));

/** The open dialog of one kind, or null. */
export function useDialog<K extends DialogKind>(kind: K): Extract<Dialog, { kind: K }> | null {
  return (dialogs.use().find((d) => d.kind === kind) as Extract<Dialog, { kind: K }> | undefined) ?? null;
}

/** For tests. */
export const resetDialogs = () => dialogs.set([]);
