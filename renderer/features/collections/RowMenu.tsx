import * as Menu from '@radix-ui/react-dropdown-menu';
import type { TreeNode } from '../../../preload/contract';
import type { TreeActions } from './CollectionsTree';

/** A row's ⋯ menu: what can be done with this collection, folder or request. */
export default function RowMenu({ node, actions, onRename }: { node: TreeNode; actions: TreeActions; onRename(): void }) {
  const container = node.kind !== 'request';
  return (
    <Menu.Root>
      <Menu.Trigger asChild>
        <button type="button" className="icon-button tree-more" aria-label={`Actions for ${node.name}`} onClick={(e) => e.stopPropagation()}>
          ⋯
        </button>
      </Menu.Trigger>
      <Menu.Portal>
        <Menu.Content className="menu" align="end" onClick={(e) => e.stopPropagation()}>
          {container && <Menu.Item className="menu-item" onSelect={() => actions.create('request', node.id)}>New request</Menu.Item>}
          {container && <Menu.Item className="menu-item" onSelect={() => actions.create('folder', node.id)}>New folder</Menu.Item>}
          {node.kind === 'request' && <Menu.Item className="menu-item" onSelect={() => actions.open(node)}>Open</Menu.Item>}
          <Menu.Item className="menu-item" onSelect={onRename}>
            Rename<span className="menu-key">F2</span>
          </Menu.Item>
          <Menu.Item className="menu-item" onSelect={() => actions.duplicate(node)}>
            Duplicate<span className="menu-key">Ctrl+D</span>
          </Menu.Item>
          {node.kind !== 'collection' && <Menu.Item className="menu-item" onSelect={() => actions.moveTo(node)}>Move to…</Menu.Item>}
          {container && <Menu.Item className="menu-item" onSelect={() => actions.run(node)}>Run…</Menu.Item>}
          {container && <Menu.Item className="menu-item" onSelect={() => actions.settings(node)}>Settings…</Menu.Item>}
          {node.kind === 'collection' && <Menu.Item className="menu-item" onSelect={() => actions.exportCollection(node)}>Export…</Menu.Item>}
          <Menu.Separator className="menu-separator" />
          <Menu.Item className="menu-item danger" onSelect={() => actions.remove(node)}>
            Delete<span className="menu-key">Del</span>
          </Menu.Item>
        </Menu.Content>
      </Menu.Portal>
    </Menu.Root>
  );
}
