import { z } from 'zod';
import { Assertion } from './checks';
import { KeyValue, RequestSpec } from './http';
import type { Namespace } from './result';

/** Ids are UUIDs made by main; the renderer never invents one. */
const Id = z.uuid();
const Name = z.string().trim().min(1, 'a name is needed').max(256);
const Description = z.string().max(256 * 1024);

/**
 * A script from an import (a Postman pre-request or test script). Latchkey keeps it as text so
 * an export gives it back; it is never run.
 */
export const KeptScript = z.object({ event: z.string().max(64), source: z.string().max(1024 * 1024) });
export type KeptScript = z.infer<typeof KeptScript>;

/** What a collection and a folder both have: a description, a default connection, variables. */
export const ScopeSettings = z.object({
  description: Description,
  /** Absent: the folder takes its parent's connection (a collection: none). null: no connection. */
  connectionId: z.uuid().nullable().optional(),
  variables: z.array(KeyValue).max(2000),
  scripts: z.array(KeptScript).max(20).optional(),
  /** Assertions every request inside inherits (shown greyed in the request's Tests tab). */
  assertions: z.array(Assertion).max(500).optional(),
});
export type ScopeSettings = z.infer<typeof ScopeSettings>;

export const NodeKind = z.enum(['collection', 'folder', 'request']);
export type NodeKind = z.infer<typeof NodeKind>;

/**
 * One row of the tree as the sidebar needs it: light enough that 10,000 of them open at once.
 * Nodes come in display order (depth first); a request's full spec is fetched when it is opened.
 */
export const TreeNode = z.object({
  id: Id,
  kind: NodeKind,
  /** null for a collection. */
  parentId: Id.nullable(),
  collectionId: Id,
  name: z.string(),
  method: z.string().optional(),
  url: z.string().optional(),
});
export type TreeNode = z.infer<typeof TreeNode>;

export const SavedRequest = z.object({
  id: Id,
  collectionId: Id,
  parentId: Id,
  name: Name,
  description: Description.optional(),
  request: RequestSpec,
  scripts: z.array(KeptScript).max(20).optional(),
});
export type SavedRequest = z.infer<typeof SavedRequest>;

export const collections = {
  'collections:tree': { req: z.void(), res: z.object({ nodes: z.array(TreeNode) }) },
  /** A new collection (no parent), folder or request; `index` places it among its siblings (default: last). */
  'collections:create': {
    req: z.object({
      kind: NodeKind,
      parentId: Id.nullable(),
      name: Name,
      request: RequestSpec.optional(),
      index: z.number().int().min(0).optional(),
    }),
    res: TreeNode,
  },
  'collections:rename': { req: z.object({ id: Id, name: Name }), res: TreeNode },
  /** A copy placed right after the original, named "… copy". */
  'collections:duplicate': { req: z.object({ id: Id }), res: TreeNode },
  /** Deletes a node and everything under it; `undoToken` brings it back with collections:restore. */
  'collections:delete': { req: z.object({ id: Id }), res: z.object({ undoToken: z.string(), removed: z.number().int() }) },
  'collections:restore': { req: z.object({ undoToken: z.string().min(1).max(100) }), res: TreeNode },
  /** Moves a node under `parentId` (a collection or folder) at `index`; a collection moves among collections (parentId null). */
  'collections:move': { req: z.object({ id: Id, parentId: Id.nullable(), index: z.number().int().min(0) }), res: z.void() },
  'collections:getRequest': { req: z.object({ id: Id }), res: SavedRequest },
  'collections:saveRequest': { req: z.object({ id: Id, request: RequestSpec }), res: TreeNode },
  'collections:getSettings': { req: z.object({ id: Id }), res: ScopeSettings.extend({ id: Id, kind: NodeKind, name: z.string() }) },
  'collections:saveSettings': { req: ScopeSettings.extend({ id: Id }), res: z.void() },
} satisfies Namespace;

export const collectionEvents = {
  /** The tree after a change made anywhere (an edit, an import, an undo). */
  'collections:changed': z.object({ nodes: z.array(TreeNode) }),
};
