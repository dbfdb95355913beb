import * as Tabs from '@radix-ui/react-tabs';
import { call, setCached, useCall } from '../../state/calls';
import { openDialog } from '../../state/dialogs';
import { tabActions, useTabs } from '../../state/tabs';
import { CollectionsTree, dismissDeleted, treeActions, undoDelete, useCollections } from '../collections';
import { ConnectionsList } from '../connections';
import { HistoryList } from './HistoryList';

// The list is patched here, not fetched again.
const deleteEntry = (id: string) => void call('history:delete', { id }).then((r) => r.ok && setCached('history:list', undefined, (list) => (list ?? []).filter((e) => e.id !== id)));
const clearHistory = () => void call('history:clear').then((r) => r.ok && setCached('history:list', undefined, () => []));

/** Collections, connections and history; each list is the one main keeps current. */
export function Sidebar() {
  const { active } = useTabs();
  const collections = useCollections();
  const history = useCall('history:list').data ?? [];
  const connections = useCall('connections:list').data ?? [];
  return (
    <nav className="sidebar" aria-label="Sidebar">
      <Tabs.Root className="tabs" defaultValue="collections">
        <Tabs.List className="tab-list" aria-label="Sidebar views">
          <Tabs.Trigger className="tab" value="collections">
            Collections
          </Tabs.Trigger>
          <Tabs.Trigger className="tab" value="connections">
            Connections{connections.length > 0 && <span className="count">{connections.length}</span>}
          </Tabs.Trigger>
          <Tabs.Trigger className="tab" value="history">
            History{history.length > 0 && <span className="count">{history.length}</span>}
          </Tabs.Trigger>
        </Tabs.List>
        <Tabs.Content className="tab-panel flush" value="collections">
          {collections.error && (
            <p className="hint warning pad" role="alert">
              {collections.error}
            </p>
          )}
          <CollectionsTree
            nodes={collections.nodes}
            activeId={active.savedId}
            actions={treeActions}
            deleted={collections.deleted ? { name: collections.deleted.name, undo: undoDelete, dismiss: dismissDeleted } : null}
          />
        </Tabs.Content>
        <Tabs.Content className="tab-panel flush" value="connections">
          <ConnectionsList connections={connections} onNew={() => openDialog({ kind: 'connection', connection: null, attachTo: null })} onOpen={(connection) => openDialog({ kind: 'connection', connection, attachTo: null })} />
        </Tabs.Content>
        <Tabs.Content className="tab-panel flush" value="history">
          <HistoryList entries={history} onOpen={tabActions.openDraft} onDelete={deleteEntry} onClear={clearHistory} />
        </Tabs.Content>
      </Tabs.Root>
    </nav>
  );
}
