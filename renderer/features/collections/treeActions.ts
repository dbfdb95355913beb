import type { TreeNode } from '../../../preload/contract';
import { call } from '../../state/calls';
import { openDialog } from '../../state/dialogs';
import { tabActions } from '../../state/tabs';
import { openRunner } from '../runner';
import { change, setDeleted, setTreeError, treeNodes } from './collectionsState';
import type { TreeActions } from './CollectionsTree';

/** What the tree's menus and drags do. */
export const treeActions: TreeActions = {
  open: (node: TreeNode) => void call('collections:getRequest', { id: node.id }).then((result) => (result.ok ? tabActions.openSaved(result.value) : setTreeError(result.error.message))),
  create: (what, parentId) => openDialog({ kind: 'name', what, parentId }),
  rename: (node, name) =>
    void change(() => call('collections:rename', { id: node.id, name })).then((r) => {
      if ('value' in r && node.kind === 'request') tabActions.renamed(node.id, name);
    }),
  duplicate: (node) => void change(() => call('collections:duplicate', { id: node.id })),
  remove: (node) => {
    // The node's own id and everything under it: their tabs become unsaved requests.
    const gone = new Set<string>([node.id]);
    for (const n of treeNodes()) if (n.parentId && gone.has(n.parentId)) gone.add(n.id);
    void change(() => call('collections:delete', { id: node.id })).then((r) => {
      if ('value' in r) setDeleted({ name: node.name, undoToken: r.value.undoToken, unlinked: tabActions.forgotten(gone) });
    });
  },
  move: (node, parentId, index) => void change(() => call('collections:move', { id: node.id, parentId, index })),
  settings: (node) => openDialog({ kind: 'scopeSettings', id: node.id }),
  moveTo: (node) => openDialog({ kind: 'move', node }),
  exportCollection: (node) => openDialog({ kind: 'export', target: { kind: 'collection', id: node.id, name: node.name } }),
  importFile: () => openDialog({ kind: 'import' }),
  run: (node) => openRunner(node.id),
};
