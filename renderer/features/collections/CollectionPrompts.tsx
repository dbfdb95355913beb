import { Suspense } from 'react';
import { call } from '../../state/calls';
import { closeDialog, openDialog, useDialog } from '../../state/dialogs';
import { tabActions, tabById } from '../../state/tabs';
import { change, treeNodes, useCollections } from './collectionsState';
import { treeActions } from './treeActions';
import { lazyNamed } from '../../ui/lazyNamed';

// The prompts load the first time one opens.
const load = () => import('./CollectionDialogs');
const NameDialog = lazyNamed(load, 'NameDialog');
const SaveRequestDialog = lazyNamed(load, 'SaveRequestDialog');
const MoveDialog = lazyNamed(load, 'MoveDialog');
const CloseTabDialog = lazyNamed(load, 'CloseTabDialog');

const NAMES = {
  collection: { title: 'New collection', label: 'Collection name' },
  folder: { title: 'New folder', label: 'Folder name' },
  request: { title: 'New request', label: 'Request name' },
} as const;

/** Saves a tab's request to a collection under a name; a tab asked to close after it closes. */
async function saveAs(tabId: string, closeAfter: boolean, name: string, place: { parentId: string } | { newCollection: string }): Promise<string | null> {
  const tab = tabById(tabId);
  if (!tab) return 'The tab was closed.';
  const snapshot = tab.draft;
  let parentId: string;
  if ('newCollection' in place) {
    const made = await change(() => call('collections:create', { kind: 'collection', parentId: null, name: place.newCollection }));
    if ('problem' in made) return made.problem;
    parentId = made.value.id;
  } else parentId = place.parentId;
  const result = await change(() => call('collections:create', { kind: 'request', parentId, name, request: snapshot }));
  if ('problem' in result) return result.problem;
  tabActions.markSaved(tab.id, { id: result.value.id, name: result.value.name }, snapshot);
  if (closeAfter) tabActions.close(tab.id);
  return null;
}

/** The collection prompts: a name for something new, Save as, Move to, and the unsaved-changes prompt when a tab closes. */
export function CollectionPrompts() {
  const { nodes } = useCollections();
  const naming = useDialog('name');
  const saving = useDialog('saveAs');
  const moving = useDialog('move');
  const closing = useDialog('closeTab');
  const savingDraft = saving ? tabById(saving.tabId)?.draft : undefined;
  const names = NAMES[naming?.what ?? 'request'];
  return (
    <Suspense fallback={null}>
      {naming && (
        <NameDialog
          open
          title={names.title}
          label={names.label}
          initial={names.title}
          onOpenChange={(open) => !open && closeDialog('name')}
          onSubmit={async (name) => {
            const result = await change(() => call('collections:create', { kind: naming.what, parentId: naming.parentId, name }));
            if ('problem' in result) return result.problem;
            if (result.value.kind === 'request') treeActions.open(result.value);
            return null;
          }}
        />
      )}
      {saving && (
        <SaveRequestDialog
          open
          nodes={nodes}
          initialName={savingDraft?.url ? `${savingDraft.method} ${savingDraft.url.replace(/^https?:\/\/[^/]+/, '') || '/'}`.slice(0, 120) : 'New request'}
          onOpenChange={(open) => !open && closeDialog('saveAs')}
          onSave={(name, place) => saveAs(saving.tabId, saving.closeAfter, name, place)}
        />
      )}
      {moving && (
        <MoveDialog
          node={moving.node}
          nodes={nodes}
          onClose={() => closeDialog('move')}
          onMove={async (parentId) => {
            const index = treeNodes().filter((n) => n.parentId === parentId).length;
            const result = await change(() => call('collections:move', { id: moving.node.id, parentId, index }));
            return 'problem' in result ? result.problem : null;
          }}
        />
      )}
      {closing && (
        <CloseTabDialog
          name={closing.tab.name}
          onCancel={() => closeDialog('closeTab')}
          onDiscard={() => {
            tabActions.close(closing.tab.id);
            closeDialog('closeTab');
          }}
          onSave={() => {
            const tab = tabById(closing.tab.id) ?? closing.tab;
            closeDialog('closeTab');
            if (!tab.savedId) {
              tabActions.activate(tab.id);
              openDialog({ kind: 'saveAs', tabId: tab.id, closeAfter: true });
              return;
            }
            void change(() => call('collections:saveRequest', { id: tab.savedId!, request: tab.draft })).then((r) => 'value' in r && tabActions.close(tab.id));
          }}
        />
      )}
    </Suspense>
  );
}
