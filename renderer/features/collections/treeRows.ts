import type { TreeNode } from '../../../preload/contract';

export interface TreeRow {
  node: TreeNode;
  depth: number;
  /** A collection or folder with something in it. */
  hasChildren: boolean;
  expanded: boolean;
}

/**
 * The rows the sidebar shows: nodes arrive depth first, so one pass keeps the rows whose
 * ancestors are all expanded. With a filter, a request shows when its name or URL matches,
 * with its folders and collection around it (expanded); a matching folder shows with its path.
 */
export function visibleRows(nodes: readonly TreeNode[], collapsed: ReadonlySet<string>, filter: string): TreeRow[] {
  const depthOf = new Map<string, number>();
  const childCount = new Map<string, number>();
  for (const node of nodes) {
    depthOf.set(node.id, node.parentId === null ? 0 : (depthOf.get(node.parentId) ?? 0) + 1);
    if (node.parentId) childCount.set(node.parentId, (childCount.get(node.parentId) ?? 0) + 1);
  }
  const needle = filter.trim().toLowerCase();
  if (needle === '') {
    const rows: TreeRow[] = [];
    /** The depth below which rows are hidden by a collapsed ancestor; Infinity when none is. */
    let hiddenBelow = Infinity;
    for (const node of nodes) {
      const depth = depthOf.get(node.id)!;
      if (depth > hiddenBelow) continue;
      hiddenBelow = Infinity;
      const hasChildren = (childCount.get(node.id) ?? 0) > 0;
      const expanded = hasChildren && !collapsed.has(node.id);
      if (node.kind !== 'request' && !expanded) hiddenBelow = depth;
      rows.push({ node, depth, hasChildren, expanded });
    }
    return rows;
  }
  const byId = new Map(nodes.map((n) => [n.id, n]));
  const keep = new Set<string>();
  for (const node of nodes) {
    if (node.kind === 'collection') continue;
    const matches = node.name.toLowerCase().includes(needle) || (node.url ?? '').toLowerCase().includes(needle);
    if (!matches) continue;
    for (let at: TreeNode | undefined = node; at && !keep.has(at.id); at = at.parentId ? byId.get(at.parentId) : undefined) keep.add(at.id);
  }
  return nodes.filter((n) => keep.has(n.id)).map((node) => ({ node, depth: depthOf.get(node.id)!, hasChildren: (childCount.get(node.id) ?? 0) > 0, expanded: true }));
}

/** Where a dragged node lands when dropped on a row: into a container, or just before a request. */
export function dropTarget(nodes: readonly TreeNode[], dragged: TreeNode, onto: TreeNode): { parentId: string | null; index: number } | null {
  if (dragged.id === onto.id) return null;
  if (dragged.kind === 'collection') {
    if (onto.kind !== 'collection') return null;
    const collections = nodes.filter((n) => n.kind === 'collection');
    return { parentId: null, index: collections.findIndex((n) => n.id === onto.id) };
  }
  if (onto.kind === 'request') {
    const siblings = nodes.filter((n) => n.parentId === onto.parentId);
    return { parentId: onto.parentId, index: siblings.findIndex((n) => n.id === onto.id) };
  }
  // Into a folder or collection, at its end; never into the dragged folder itself or below it.
  for (let at: TreeNode | undefined = onto; at; at = at.parentId ? nodes.find((n) => n.id === at!.parentId) : undefined) {
    if (at.id === dragged.id) return null;
  }
  return { parentId: onto.id, index: nodes.filter((n) => n.parentId === onto.id).length };
}
