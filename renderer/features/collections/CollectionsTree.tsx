import { useVirtualizer } from '@tanstack/react-virtual';
import { lazy, Suspense, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import type { TreeNode } from '../../../preload/contract';
import { dropTarget, visibleRows } from './treeRows';

// The row menus (and the menu library) arrive just after the tree has painted.
const RowMenu = lazy(() => import('./RowMenu'));

export interface TreeActions {
  open(node: TreeNode): void;
  create(kind: 'collection' | 'folder' | 'request', parentId: string | null): void;
  rename(node: TreeNode, name: string): void;
  duplicate(node: TreeNode): void;
  remove(node: TreeNode): void;
  move(node: TreeNode, parentId: string | null, index: number): void;
  settings(node: TreeNode): void;
  /** Asks where to move it (the keyboard's drag and drop). */
  moveTo(node: TreeNode): void;
  exportCollection(node: TreeNode): void;
  /** Opens the runner set up for this collection or folder. */
  run(node: TreeNode): void;
  importFile(): void;
}

interface Props {
  nodes: TreeNode[];
  /** The saved request in the active tab, highlighted. */
  activeId: string | null;
  actions: TreeActions;
  /** Shown under the tree after a delete, with Undo. */
  deleted: { name: string; undo(): void; dismiss(): void } | null;
}

const ROW_HEIGHT = 28;
/** Collapsed folders and collections are remembered in this browser profile (a view preference, not data). */
const COLLAPSED_KEY = 'latchkey-tree-collapsed';

function readCollapsed(): Set<string> {
  try {
    const stored: unknown = JSON.parse(localStorage.getItem(COLLAPSED_KEY) ?? '[]');
    return new Set(Array.isArray(stored) ? stored.filter((id): id is string => typeof id === 'string') : []);
  } catch {
    return new Set();
  }
}

/** Collections → folders → requests, virtualised so 10,000 requests scroll and filter smoothly. */
export function CollectionsTree({ nodes, activeId, actions, deleted }: Props) {
  const [collapsed, setCollapsed] = useState<Set<string>>(readCollapsed);
  const [filter, setFilter] = useState('');
  const [selected, setSelected] = useState<string | null>(null);
  const [renaming, setRenaming] = useState<string | null>(null);
  const [dragging, setDragging] = useState<TreeNode | null>(null);
  const [dropOn, setDropOn] = useState<string | null>(null);
  const rows = useMemo(() => visibleRows(nodes, collapsed, filter), [nodes, collapsed, filter]);
  const scroller = useRef<HTMLDivElement>(null);
  // eslint-disable-next-line react-hooks/incompatible-library -- the virtualizer is read during render only, never memoised
  const virtualizer = useVirtualizer({ count: rows.length, getScrollElement: () => scroller.current, estimateSize: () => ROW_HEIGHT, overscan: 12 });

  const toggle = (id: string, open?: boolean) =>
    setCollapsed((current) => {
      const next = new Set(current);
      const isOpen = !next.has(id);
      if (open ?? !isOpen) next.delete(id);
      else next.add(id);
      try {
        localStorage.setItem(COLLAPSED_KEY, JSON.stringify([...next].slice(-5000)));
      } catch {
        // Storage full or refused: the tree still works, it just forgets.
      }
      return next;
    });

  const onKey = (event: KeyboardEvent) => {
    if (renaming) return;
    const index = rows.findIndex((r) => r.node.id === selected);
    const row = rows[index];
    const go = (to: number) => {
      const next = rows[Math.max(0, Math.min(rows.length - 1, to))];
      if (next) {
        setSelected(next.node.id);
        virtualizer.scrollToIndex(Math.max(0, Math.min(rows.length - 1, to)));
      }
    };
    if (event.key === 'ArrowDown') go(index + 1);
    else if (event.key === 'ArrowUp') go(index - 1);
    else if (!row) return;
    else if (event.key === 'ArrowRight' && row.hasChildren) toggle(row.node.id, true);
    else if (event.key === 'ArrowLeft' && row.hasChildren && row.expanded) toggle(row.node.id, false);
    else if (event.key === 'Enter' && row.node.kind === 'request') actions.open(row.node);
    else if (event.key === 'Enter') toggle(row.node.id);
    else if (event.key === 'F2') setRenaming(row.node.id);
    else if (event.key === 'Delete') actions.remove(row.node);
    else if (event.key.toLowerCase() === 'd' && (event.ctrlKey || event.metaKey)) actions.duplicate(row.node);
    else return;
    event.preventDefault();
  };

  if (nodes.length === 0) {
    return (
      <div className="sidebar-empty">
        <p className="empty-title">No collections yet</p>
        <p>Group the requests you keep in collections and folders. Save the open request with Ctrl+S, or bring in what you have.</p>
        <div className="empty-actions">
          <button type="button" className="button primary" onClick={() => actions.create('collection', null)}>
            New collection
          </button>
          <button type="button" className="button" onClick={actions.importFile}>
            Import…
          </button>
        </div>
        {deleted && <DeletedBar {...deleted} />}
      </div>
    );
  }

  return (
    <div className="tree">
      <div className="tree-toolbar">
        <input className="input small" type="search" aria-label="Filter requests" placeholder="Filter requests" value={filter} onChange={(e) => setFilter(e.target.value)} onKeyDown={(e) => {
            if (e.key === 'Escape' && filter !== '') {
              e.preventDefault();
              setFilter('');
            }
          }} title="Matches request names and URLs; Esc clears" />
        <button type="button" className="button small" onClick={() => actions.create('collection', null)} aria-label="New collection" title="New collection">
          New
        </button>
        <button type="button" className="button small" onClick={actions.importFile} title="Import a Postman, Insomnia, OpenAPI or HAR file">
          Import
        </button>
      </div>
      {rows.length === 0 && <p className="hint pad">No request matches “{filter}”.</p>}
      <div className="tree-scroll" ref={scroller} role="tree" aria-label="Collections" tabIndex={0} onKeyDown={onKey}>
        <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
          {virtualizer.getVirtualItems().map((item) => {
            const { node, depth, hasChildren, expanded } = rows[item.index]!;
            const isDrop = dropOn === node.id && dragging !== null;
            return (
              <div
                key={node.id}
                role="treeitem"
                aria-label={node.name}
                aria-level={depth + 1}
                aria-selected={selected === node.id}
                aria-expanded={node.kind === 'request' ? undefined : expanded}
                data-kind={node.kind}
                className={`tree-row ${selected === node.id ? 'selected' : ''} ${activeId === node.id ? 'active' : ''} ${isDrop ? 'drop' : ''}`}
                style={{ transform: `translateY(${item.start}px)`, height: ROW_HEIGHT, paddingLeft: 6 + depth * 14 }}
                draggable={renaming !== node.id}
                onDragStart={(e) => {
                  e.dataTransfer.effectAllowed = 'move';
                  e.dataTransfer.setData('text/plain', node.name);
                  setDragging(node);
                }}
                onDragEnd={() => {
                  setDragging(null);
                  setDropOn(null);
                }}
                onDragOver={(e) => {
                  if (dragging && dropTarget(nodes, dragging, node)) {
                    e.preventDefault();
                    setDropOn(node.id);
                  }
                }}
                onDrop={(e) => {
                  e.preventDefault();
                  const target = dragging && dropTarget(nodes, dragging, node);
                  if (dragging && target) actions.move(dragging, target.parentId, target.index);
                  setDragging(null);
                  setDropOn(null);
                }}
                onClick={() => {
                  setSelected(node.id);
                  if (node.kind === 'request') actions.open(node);
                  else toggle(node.id);
                }}
                onDoubleClick={() => setRenaming(node.id)}
              >
                <span className="tree-chevron" aria-hidden="true">
                  {node.kind === 'request' ? '' : hasChildren ? (expanded ? '▾' : '▸') : '·'}
                </span>
                {node.kind === 'request' && <span className={`tree-method method-${(node.method ?? 'get').toLowerCase()}`}>{shortMethod(node.method ?? 'GET')}</span>}
                {node.kind === 'folder' && (
                  <span className="tree-icon" aria-hidden="true">
                    ▭
                  </span>
                )}
                {renaming === node.id ? (
                  <RenameInput
                    name={node.name}
                    onDone={(name) => {
                      setRenaming(null);
                      scroller.current?.focus();
                      if (name !== null && name.trim() !== '' && name !== node.name) actions.rename(node, name.trim());
                    }}
                  />
                ) : (
                  <span className={`tree-name ${node.kind === 'collection' ? 'strong' : ''}`} title={node.url ? `${node.name}\n${node.method} ${node.url}` : node.name}>
                    {node.name}
                  </span>
                )}
                <Suspense fallback={<span className="icon-button tree-more" aria-hidden="true">⋯</span>}>
                  <RowMenu node={node} actions={actions} onRename={() => setRenaming(node.id)} />
                </Suspense>
              </div>
            );
          })}
        </div>
      </div>
      {deleted && <DeletedBar {...deleted} />}
    </div>
  );
}

function shortMethod(method: string): string {
  const short: Record<string, string> = { DELETE: 'DEL', OPTIONS: 'OPT', PATCH: 'PATCH' };
  return short[method] ?? method;
}

function RenameInput({ name, onDone }: { name: string; onDone(name: string | null): void }) {
  const [value, setValue] = useState(name);
  return (
    <input
      className="input small tree-rename"
      aria-label="New name"
      autoFocus
      value={value}
      onChange={(e) => setValue(e.target.value)}
      onClick={(e) => e.stopPropagation()}
      onFocus={(e) => e.target.select()}
      onKeyDown={(e) => {
        e.stopPropagation();
        if (e.key === 'Enter') onDone(value);
        else if (e.key === 'Escape') onDone(null);
      }}
      onBlur={() => onDone(value)}
    />
  );
}

function DeletedBar({ name, undo, dismiss }: { name: string; undo(): void; dismiss(): void }) {
  return (
    <div className="undo-bar" role="status">
      <span>Deleted “{name}”</span>
      <button type="button" className="link-button" onClick={undo}>
        Undo
      </button>
      <button type="button" className="icon-button" aria-label="Dismiss" onClick={dismiss}>
        ×
      </button>
    </div>
  );
}
