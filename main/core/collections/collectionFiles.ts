import { createHash } from 'node:crypto';
import { z } from 'zod';
import { KeptScript, RequestSpec, ScopeSettings } from '../../../preload/contract';
import type { DocumentSpec } from '../persistence/storedDocument';

/**
 * How collections sit on disk. Each collection is a folder of its own: `collection.json` holds
 * its settings and the tree (folders and the order of everything), and its requests are spread
 * over up to SHARD_COUNT (64) `requests-NN.json` files by a hash of their id. Editing one request
 * rewrites only its shard (1/64 of the collection), never the whole workspace; renaming or
 * moving rewrites the tree file, which holds no request bodies.
 */
export const SHARD_COUNT = 64;

const shards = new Map<string, number>();

/** Which shard a request is kept in; remembered, as writing a shard asks this of every request. */
export function shardOf(id: string): number {
  let shard = shards.get(id);
  if (shard === undefined) {
    shard = createHash('sha1').update(id).digest()[0]! % SHARD_COUNT;
    shards.set(id, shard);
  }
  return shard;
}

const Id = z.uuid();
const Name = z.string().min(1).max(256);

export const RequestRecord = z.object({
  id: Id,
  name: Name,
  description: z.string().max(256 * 1024).optional(),
  request: RequestSpec,
  scripts: z.array(KeptScript).max(20).optional(),
});
export type RequestRecord = z.infer<typeof RequestRecord>;

export const FolderRecord = ScopeSettings.extend({ id: Id, name: Name, children: z.array(Id) });
export type FolderRecord = z.infer<typeof FolderRecord>;

export const CollectionRecord = ScopeSettings.extend({ id: Id, name: Name, children: z.array(Id), folders: z.array(FolderRecord) });
export type CollectionRecord = z.infer<typeof CollectionRecord>;

export const ShardData = z.object({ requests: z.array(RequestRecord) });
export type ShardData = z.infer<typeof ShardData>;

export const IndexData = z.object({ collections: z.array(Id) });
export type IndexData = z.infer<typeof IndexData>;

export const indexSpec: DocumentSpec<IndexData> = {
  name: 'collections',
  title: 'The list of your collections',
  version: 1,
  schema: IndexData,
  empty: () => ({ collections: [] }),
  migrations: [],
};

export function collectionFileName(collectionId: string): string {
  return `collections/${collectionId}/collection`;
}

export function shardFileName(collectionId: string, shard: number): string {
  return `collections/${collectionId}/requests-${String(shard).padStart(2, '0')}`;
}

export function collectionSpec(collectionId: string, name = 'A collection'): DocumentSpec<CollectionRecord> {
  return {
    name: collectionFileName(collectionId),
    title: name,
    version: 1,
    schema: CollectionRecord,
    empty: () => ({ id: collectionId, name, description: '', variables: [], children: [], folders: [] }),
    migrations: [],
  };
}

export function shardSpec(collectionId: string, shard: number): DocumentSpec<ShardData> {
  return {
    name: shardFileName(collectionId, shard),
    title: `Part ${shard + 1} of a collection's requests`,
    version: 1,
    schema: ShardData,
    empty: () => ({ requests: [] }),
    migrations: [],
  };
}

/**
 * A move between collections in progress: written before the target's files, cleared after the
 * source's. If the app stops in between, the next start finishes the move when the target's
 * tree lists it, and undoes it otherwise, and writes the result to both collections.
 */
export const MoveJournal = z.object({
  move: z
    .object({
      rootId: Id,
      from: Id,
      to: Id,
      /** Every folder and request moved (the root and all under it). */
      ids: z.array(Id),
    })
    .nullable(),
});
export type MoveJournal = z.infer<typeof MoveJournal>;

export const moveJournalSpec: DocumentSpec<MoveJournal> = {
  name: 'collections-move',
  title: 'A move between collections',
  version: 1,
  schema: MoveJournal,
  empty: () => ({ move: null }),
  migrations: [],
};
