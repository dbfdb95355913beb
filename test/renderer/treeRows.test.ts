import { describe, expect, it } from 'vitest';
import type { TreeNode } from '../../preload/contract';
import { dropTarget, visibleRows } from '../../renderer/features/collections/treeRows';

const id = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
const c: TreeNode = { id: id(1), kind: 'collection', parentId: null, collectionId: id(1), name: 'Shop' };
const f: TreeNode = { id: id(2), kind: 'folder', parentId: id(1), collectionId: id(1), name: 'Orders' };
const r1: TreeNode = { id: id(3), kind: 'request', parentId: id(2), collectionId: id(1), name: 'List orders', method: 'GET', url: 'https://shop.test/orders' };
const r2: TreeNode = { id: id(4), kind: 'request', parentId: id(1), collectionId: id(1), name: 'Health', method: 'GET', url: 'https://shop.test/health' };
const c2: TreeNode = { id: id(5), kind: 'collection', parentId: null, collectionId: id(5), name: 'Empty' };
const nodes = [c, f, r1, r2, c2];
const names = (rows: ReturnType<typeof visibleRows>) => rows.map((r) => `${'.'.repeat(r.depth)}${r.node.name}`);

describe('tree rows', () => {
  it('shows everything expanded by default, with depths', () => {
    expect(names(visibleRows(nodes, new Set(), ''))).toEqual(['Shop', '.Orders', '..List orders', '.Health', 'Empty']);
  });
  it('hides what is under a collapsed folder or collection', () => {
    expect(names(visibleRows(nodes, new Set([f.id]), ''))).toEqual(['Shop', '.Orders', '.Health', 'Empty']);
    expect(names(visibleRows(nodes, new Set([c.id]), ''))).toEqual(['Shop', 'Empty']);
  });
  it('filters by name or URL, keeping the path to each match', () => {
    expect(names(visibleRows(nodes, new Set([c.id]), 'orders'))).toEqual(['Shop', '.Orders', '..List orders']);
    expect(names(visibleRows(nodes, new Set(), 'HEALTH'))).toEqual(['Shop', '.Health']);
    expect(visibleRows(nodes, new Set(), 'nothing like it')).toEqual([]);
  });
  it('drops into a container at its end, before a request, and never into itself', () => {
    expect(dropTarget(nodes, r2, f)).toEqual({ parentId: f.id, index: 1 });
    expect(dropTarget(nodes, r1, r2)).toEqual({ parentId: c.id, index: 1 });
    expect(dropTarget(nodes, f, f)).toBeNull();
    expect(dropTarget(nodes, c, f)).toBeNull();
    expect(dropTarget(nodes, c2, c)).toEqual({ parentId: null, index: 0 });
  });
});
