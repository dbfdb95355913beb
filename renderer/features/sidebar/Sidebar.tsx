import * as Tabs from '@radix-ui/react-tabs';
import type { Connection, HistoryEntry, RequestSpec } from '../../../preload/contract';
import { ConnectionsList } from '../connections/ConnectionsList';
import { HistoryList } from './HistoryList';

interface Props {
  history: HistoryEntry[];
  onOpen(request: RequestSpec): void;
  onDeleteHistory(id: string): void;
  onClearHistory(): void;
  connections: Connection[];
  onEditConnection(connection: Connection | null): void;
}

export function Sidebar({ history, onOpen, onDeleteHistory, onClearHistory, connections, onEditConnection }: Props) {
  return (
    <nav className="sidebar" aria-label="Sidebar">
      <Tabs.Root className="tabs" defaultValue="history">
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
          <div className="sidebar-empty">
            <p className="empty-title">No collections yet</p>
            <p>Saved requests and folders will appear here. Meanwhile, the History tab has every request you sent.</p>
          </div>
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
