// Labels a user reads in two lists: where a new request is saved (each folder with its
// collection), and the raw body's content types (each named once).
import { cleanup, render, screen, within } from '@testing-library/react';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { TreeNode } from '../../preload/contract';
import { installFakeMain, type FakeMain } from './fakeMain';

const id = (n: number) => `0b6c3d4e-5f60-4a1b-9c2d-3e4f5a6b7c${String(n).padStart(2, '0')}`;
const nodes: TreeNode[] = [
  { id: id(1), kind: 'collection', parentId: null, collectionId: id(1), name: 'Partner API' },
  { id: id(2), kind: 'folder', parentId: id(1), collectionId: id(1), name: 'Users' },
  { id: id(3), kind: 'folder', parentId: id(2), collectionId: id(1), name: 'Admins' },
  { id: id(4), kind: 'request', parentId: id(2), collectionId: id(1), name: 'Get user', method: 'GET' },
  { id: id(5), kind: 'collection', parentId: null, collectionId: id(5), name: 'Billing' },
  { id: id(6), kind: 'folder', parentId: id(5), collectionId: id(5), name: 'Users' },
];

let main: FakeMain;
beforeAll(() => {
  main = installFakeMain({});
});
afterEach(() => {
  expect(main.violations).toEqual([]);
  cleanup();
  main.reset();
});

describe('list labels', () => {
  it('"Save to" names every folder with its collection, so two "Users" folders can be told apart', async () => {
    const { SaveRequestDialog } = await import('../../renderer/features/collections/CollectionDialogs');
    render(<SaveRequestDialog open nodes={nodes} initialName="New request" onOpenChange={() => undefined} onSave={async () => null} />);
    const options = within(screen.getByLabelText('Save to')).getAllByRole('option').map((o) => o.textContent);
    expect(options).toEqual(['Partner API', 'Partner API / Users', 'Partner API / Users / Admins', 'Billing', 'Billing / Users', 'New collection…']);
  });

  it('the raw body content types name each type once', async () => {
    const { BodyEditor } = await import('../../renderer/features/requests/BodyEditor');
    render(<BodyEditor body={{ kind: 'raw', text: '<a/>', contentType: 'text/xml' }} method="POST" onChange={() => undefined} />);
    const options = within(screen.getByLabelText('Content type')).getAllByRole('option').map((o) => o.textContent ?? '');
    expect(options).toContain('XML (text/xml)');
    expect(options).toContain('XML (application/xml)');
    for (const text of options) expect(text, text).not.toMatch(/\(([^)]+)\) \(\1\)/);
  });
});
