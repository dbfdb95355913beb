import * as Tabs from '@radix-ui/react-tabs';
import type { ComponentProps } from 'react';
import type { Connection, HistoryEntry, RequestSpec } from '../../../preload/contract';
import { ConnectionsList } from '../connections/ConnectionsList';
import { CollectionsTree } from '../collections/CollectionsTree';
import { HistoryList } from './HistoryList';

interface Props {
  tree: ComponentProps<typeof CollectionsTree>;
  treeError: string | null;
  history: HistoryEntry[];
  onOpen(request: RequestSpec): void;
  onDeleteHistory(id: string): void;
  onClearHistory(): void;
  connections: Connection[];
  onEditConnection(connection: Connection | null): void;
}

export function Sidebar({ tree, treeError, history, onOpen, onDeleteHistory, onClearHistory, connections, onEditConnection }: Props) {
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
          {treeError && (
            <p className="hint warning pad" role="alert">
              {treeError}
            </p>
          )}
          <CollectionsTree {...tree} />
        </Tabs.Content>
        <Tabs.Content className="tab-panel flush" value="connections">
          <ConnectionsList connections={connections} onNew={() => onEditConnection(null)} onOpen={onEditConnection} />
        </Tabs.Content>
        <Tabs.Content className="tab-panel flush" value="history">
          <HistoryList entries={history} onOpen={onOpen} onDelete={onDeleteHistory} onClear={onClearHistory} />
        </Tabs.Content>
      </Tabs.Root>
    </nav>
  );
}
