import { randomUUID } from 'node:crypto';
import type { Assertion, KeyValue, NodeKind, RequestSpec, SavedRequest, ScopeSettings, TreeNode } from '../../../preload/contract';
import type { Logger } from '../../ports';
import { LatchkeyError } from '../errors';
import { StoredDocument, type DocumentDeps } from '../persistence/storedDocument';
import {
  collectionSpec,
  indexSpec,
  SHARD_COUNT,
  shardFileName,
  shardOf,
  shardSpec,
  collectionFileName,
  moveJournalSpec,
  type CollectionRecord,
  type FolderRecord,
  type IndexData,
  type MoveJournal,
  type RequestRecord,
  type ShardData,
} from './collectionFiles';

/** One collection in memory: its tree file, its request shards and who is whose parent. */
interface Loaded {
  record: Omit<CollectionRecord, 'folders'>;
  folders: Map<string, FolderRecord>;
  requests: Map<string, RequestRecord>;
  parentOf: Map<string, string>;
  doc: StoredDocument<CollectionRecord>;
  shards: StoredDocument<ShardData>[];
}

/** A collection, folder or request taken out of the tree, kept for Undo. */
export interface Removed {
  kind: NodeKind;
  parentId: string | null;
  index: number;
  collection?: Omit<CollectionRecord, 'folders'>;
  folders: FolderRecord[];
  requests: RequestRecord[];
  rootId: string;
}

/** A whole collection as importers build it and exporters read it. */
export interface CollectionTree {
  name: string;
  settings: ScopeSettings;
  items: TreeItem[];
}
export type TreeItem =
  | { kind: 'folder'; name: string; settings: ScopeSettings; items: TreeItem[] }
  | { kind: 'request'; name: string; description?: string; request: RequestSpec; scripts?: RequestRecord['scripts'] };

/** A scope's variables and default connection, from the nearest folder out to the collection. */
export interface ScopeLevel {
  kind: 'folder' | 'collection';
  id: string;
  name: string;
  variables: KeyValue[];
  connectionId?: string | null;
  /** Assertions every request inside inherits. */
  assertions?: Assertion[];
}

const UNDO_KEPT = 50;

function blankSettings(): ScopeSettings {
  return { description: '', variables: [] };
}

function copyName(name: string): string {
  return (name.length > 250 ? name.slice(0, 250) : name) + ' copy';
}

/**
 * The collections tree. Main is its one writer: every operation updates memory and writes the
 * files it touched before it returns, so a confirmed edit is on disk, and two edits to different
 * requests each rewrite only their own shard.
 *
 * Writes go children-last where a crash could interleave: a new request's shard is written
 * before the tree that lists it, so a crash between the two leaves an unlisted request, which
 * the next open puts back at the collection's root rather than losing it.
 */
export class CollectionsService {
  private readonly index: StoredDocument<IndexData>;
  private readonly loaded = new Map<string, Loaded>();
  /** Every folder's and request's collection. */
  private readonly owner = new Map<string, string>();
  private readonly undo = new Map<string, Removed>();

  private readonly journal: StoredDocument<MoveJournal>;

  constructor(
    private readonly deps: DocumentDeps,
    private readonly logger: Logger,
  ) {
    this.index = StoredDocument.open(indexSpec, deps);
    this.journal = StoredDocument.open(moveJournalSpec, deps);
    // A move between collections cut short: the copy that stays is decided before loading, so
    // the other collection gives up its copy on disk, not only in memory.
    const move = this.journal.get().move;
    const excluded = new Map<string, Set<string>>();
    if (move) {
      const landed = this.listedIn(move.to, move.rootId);
      excluded.set(landed ? move.from : move.to, new Set(move.ids));
      this.logger.warn(landed ? 'finishing a move between collections that was cut short' : 'undoing a move between collections that was cut short', { rootId: move.rootId });
    }
    for (const id of this.index.get().collections) {
      const loaded = this.load(id, excluded.get(id) ?? new Set());
      if (loaded) this.loaded.set(id, loaded);
    }
    if (move) this.journal.set({ move: null });
  }

  /** Whether a collection's tree file on disk lists an item (the move's last write there). */
  private listedIn(collectionId: string, itemId: string): boolean {
    // Only looked at: a file that cannot be read is left for load() to set aside and report.
    const read = this.deps.store.read(collectionFileName(collectionId));
    if (read.status !== 'ok') return false;
    const parsed = collectionSpec(collectionId).schema.safeParse((read.data as { data?: unknown } | null)?.data);
    if (!parsed.success) return false;
    return parsed.data.children.includes(itemId) || parsed.data.folders.some((f) => f.children.includes(itemId));
  }

  /**
   * Reads a collection's files into memory and mends what a crash or another collection left:
   * items another collection already holds (or `excluded`, a cut-short move's other copy) are
   * dropped, a child listed twice keeps its first place, an item in no list goes to the root.
   * Whatever was mended is written back, so the files agree with what the app shows.
   */
  private load(collectionId: string, excluded: ReadonlySet<string>): Loaded | null {
    if (this.deps.store.read(collectionFileName(collectionId)).status === 'missing') {
      this.logger.warn('collection listed but not on disk', { collectionId });
      return null;
    }
    const doc = StoredDocument.open(collectionSpec(collectionId), this.deps);
    const { folders: folderList, ...record } = doc.get();
    const shards = Array.from({ length: SHARD_COUNT }, (_, n) => StoredDocument.open(shardSpec(collectionId, n), this.deps));
    const loaded: Loaded = { record: { ...record, id: collectionId }, folders: new Map(), requests: new Map(), parentOf: new Map(), doc, shards };
    const taken = (id: string) => this.owner.has(id) || excluded.has(id);
    let treeMended = false;
    const shardsMended = new Set<number>();
    for (const folder of folderList) {
      if (taken(folder.id)) treeMended = true;
      else loaded.folders.set(folder.id, folder);
    }
    shards.forEach((shard, n) => {
      for (const request of shard.get().requests) {
        if (taken(request.id) || loaded.folders.has(request.id)) shardsMended.add(n);
        else loaded.requests.set(request.id, request);
      }
    });
    // Parents from the children lists; anything listed twice or not at all is mended.
    const claim = (parentId: string, children: string[]) => {
      const kept = children.filter((child) => {
        if (loaded.parentOf.has(child) || (!loaded.folders.has(child) && !loaded.requests.has(child))) return false;
        loaded.parentOf.set(child, parentId);
        return true;
      });
      if (kept.length !== children.length) treeMended = true;
      return kept;
    };
    loaded.record.children = claim(collectionId, loaded.record.children);
    for (const folder of loaded.folders.values()) folder.children = claim(folder.id, folder.children);
    const unlisted = [...loaded.folders.keys(), ...loaded.requests.keys()].filter((id) => !loaded.parentOf.has(id));
    for (const id of unlisted) {
      loaded.parentOf.set(id, collectionId);
      loaded.record.children.push(id);
    }
    if (unlisted.length > 0) {
      treeMended = true;
      this.logger.warn('collection items were not in its tree; put back at its root', { collectionId, count: unlisted.length });
    }
    for (const id of loaded.parentOf.keys()) this.owner.set(id, collectionId);
    if (!doc.readOnly) {
      if (treeMended) this.writeTree(loaded);
      for (const n of shardsMended) if (!shards[n]!.readOnly) this.writeShard(loaded, n);
    }
    return loaded;
  }

  // ---- reading ----

  private readonly changeListeners = new Set<(nodes: TreeNode[]) => void>();
  private telling = false;

  /** Tells `listener` the tree after any change (once per turn of the event loop, however many changes it held). */
  onChanged(listener: (nodes: TreeNode[]) => void): () => void {
    this.changeListeners.add(listener);
    return () => this.changeListeners.delete(listener);
  }

  /** Called as a change begins: the tree is sent once the change (synchronous) is done. */
  private changed(): void {
    if (this.telling || this.changeListeners.size === 0) return;
    this.telling = true;
    setImmediate(() => {
      this.telling = false;
      const nodes = this.tree();
      for (const listener of this.changeListeners) listener(nodes);
    });
  }

  tree(): TreeNode[] {
    const nodes: TreeNode[] = [];
    for (const loaded of this.collectionsInOrder()) {
      const collectionId = loaded.record.id;
      nodes.push({ id: collectionId, kind: 'collection', parentId: null, collectionId, name: loaded.record.name });
      const walk = (parentId: string, children: string[]) => {
        for (const id of children) {
          const folder = loaded.folders.get(id);
          if (folder) {
            nodes.push({ id, kind: 'folder', parentId, collectionId, name: folder.name });
            walk(id, folder.children);
            continue;
          }
          const request = loaded.requests.get(id);
          if (request) nodes.push({ id, kind: 'request', parentId, collectionId, name: request.name, method: request.request.method, url: request.request.url });
        }
      };
      walk(collectionId, loaded.record.children);
    }
    return nodes;
  }

  private collectionsInOrder(): Loaded[] {
    return this.index
      .get()
      .collections.map((id) => this.loaded.get(id))
      .filter((c): c is Loaded => c !== undefined);
  }

  /** A saved request's, folder's or collection's name; null when there is no such item. */
  nameOf(id: string): string | null {
    const collectionId = this.loaded.has(id) ? id : this.owner.get(id);
    const loaded = collectionId ? this.loaded.get(collectionId) : undefined;
    if (!loaded) return null;
    if (id === loaded.record.id) return loaded.record.name;
    return loaded.requests.get(id)?.name ?? loaded.folders.get(id)?.name ?? null;
  }

  getRequest(id: string): SavedRequest {
    const loaded = this.collectionOf(id);
    const record = loaded.requests.get(id);
    if (!record) throw notFound('request');
    return { ...record, collectionId: loaded.record.id, parentId: loaded.parentOf.get(id)! };
  }

  getSettings(id: string): ScopeSettings & { id: string; kind: NodeKind; name: string } {
    const { loaded, owner } = this.scopeOwner(id);
    return { id, kind: owner === loaded.record ? 'collection' : 'folder', name: owner.name, ...settingsOf(owner) };
  }

  /** The scopes around an item, nearest first (a request's folders, then its collection). */
  scopes(itemId: string): ScopeLevel[] {
    const collectionId = this.loaded.has(itemId) ? itemId : this.owner.get(itemId);
    const loaded = collectionId ? this.loaded.get(collectionId) : undefined;
    if (!loaded) return [];
    const levels: ScopeLevel[] = [];
    let current: string | undefined = loaded.folders.has(itemId) || itemId === loaded.record.id ? itemId : loaded.parentOf.get(itemId);
    while (current && current !== loaded.record.id) {
      const folder = loaded.folders.get(current);
      if (!folder) break;
      levels.push({ kind: 'folder', id: folder.id, name: folder.name, variables: folder.variables, ...(folder.connectionId !== undefined ? { connectionId: folder.connectionId } : {}), ...(folder.assertions ? { assertions: folder.assertions } : {}) });
      current = loaded.parentOf.get(current);
    }
    const { record } = loaded;
    levels.push({ kind: 'collection', id: record.id, name: record.name, variables: record.variables, ...(record.connectionId !== undefined ? { connectionId: record.connectionId } : {}), ...(record.assertions ? { assertions: record.assertions } : {}) });
    return levels;
  }

  /** A collection as a tree of plain items, for export. */
  exportTree(collectionId: string): CollectionTree {
    const loaded = this.loaded.get(collectionId);
    if (!loaded) throw notFound('collection');
    const items = (children: string[]): TreeItem[] =>
      children.flatMap((id): TreeItem[] => {
        const folder = loaded.folders.get(id);
        if (folder) return [{ kind: 'folder', name: folder.name, settings: settingsOf(folder), items: items(folder.children) }];
        const request = loaded.requests.get(id);
        if (!request) return [];
        return [{ kind: 'request', name: request.name, request: request.request, ...(request.description !== undefined ? { description: request.description } : {}), ...(request.scripts ? { scripts: request.scripts } : {}) }];
      });
    return { name: loaded.record.name, settings: settingsOf(loaded.record), items: items(loaded.record.children) };
  }

  /** How many requests there are in all: for counts shown to the user. */
  requestCount(): number {
    let count = 0;
    for (const loaded of this.loaded.values()) count += loaded.requests.size;
    return count;
  }

  // ---- changing ----

  create(input: { kind: NodeKind; parentId: string | null; name: string; request?: RequestSpec | undefined; index?: number | undefined }): TreeNode {
    this.changed();
    const id = randomUUID();
    if (input.kind === 'collection') {
      if (input.parentId !== null) throw new LatchkeyError('invalid_request', 'A collection has no parent; leave parentId empty.');
      this.addCollection({ name: input.name, settings: blankSettings(), items: [] }, id, input.index);
      return { id, kind: 'collection', parentId: null, collectionId: id, name: input.name };
    }
    if (input.parentId === null) throw new LatchkeyError('invalid_request', `A ${input.kind} needs a collection or folder to go in.`);
    const { loaded, children } = this.containerOf(input.parentId);
    const at = clampIndex(input.index, children.length);
    if (input.kind === 'folder') {
      loaded.folders.set(id, { id, name: input.name, ...blankSettings(), children: [] });
      this.place(loaded, id, input.parentId, children, at);
      this.writeTree(loaded);
      return { id, kind: 'folder', parentId: input.parentId, collectionId: loaded.record.id, name: input.name };
    }
    const request = input.request ?? { method: 'GET', url: '', params: [], pathVariables: [], headers: [], body: { kind: 'none' as const }, settings: {} };
    loaded.requests.set(id, { id, name: input.name, request });
    this.place(loaded, id, input.parentId, children, at);
    this.writeShard(loaded, shardOf(id));
    this.writeTree(loaded);
    return this.nodeOf(loaded, id);
  }

  rename(id: string, name: string): TreeNode {
    this.changed();
    const loaded = this.loaded.get(id) ?? this.collectionOf(id);
    if (id === loaded.record.id) {
      loaded.record.name = name;
      this.writeTree(loaded);
      return { id, kind: 'collection', parentId: null, collectionId: id, name };
    }
    const folder = loaded.folders.get(id);
    if (folder) {
      folder.name = name;
      this.writeTree(loaded);
    } else {
      const request = loaded.requests.get(id)!;
      loaded.requests.set(id, { ...request, name });
      this.writeShard(loaded, shardOf(id));
    }
    return this.nodeOf(loaded, id);
  }

  saveRequest(id: string, request: RequestSpec): TreeNode {
    this.changed();
    const loaded = this.collectionOf(id);
    const record = loaded.requests.get(id);
    if (!record) throw notFound('request');
    loaded.requests.set(id, { ...record, request });
    this.writeShard(loaded, shardOf(id));
    return this.nodeOf(loaded, id);
  }

  saveSettings(id: string, settings: ScopeSettings): void {
    this.changed();
    const { loaded, owner } = this.scopeOwner(id);
    owner.description = settings.description;
    owner.variables = settings.variables;
    if (settings.connectionId === undefined) delete owner.connectionId;
    else owner.connectionId = settings.connectionId;
    if (settings.scripts) owner.scripts = settings.scripts;
    if (settings.assertions && settings.assertions.length > 0) owner.assertions = settings.assertions;
    else delete owner.assertions;
    this.writeTree(loaded);
  }

  duplicate(id: string): TreeNode {
    this.changed();
    if (this.loaded.has(id)) {
      const tree = this.exportTree(id);
      const position = this.index.get().collections.indexOf(id) + 1;
      const newId = randomUUID();
      this.addCollection({ ...tree, name: copyName(tree.name) }, newId, position);
      return { id: newId, kind: 'collection', parentId: null, collectionId: newId, name: copyName(tree.name) };
    }
    const loaded = this.collectionOf(id);
    const parentId = loaded.parentOf.get(id)!;
    const { children } = this.containerOf(parentId);
    const taken = this.snapshot(loaded, id);
    const copy = renumber(taken);
    const root = copy.folders.find((f) => f.id === copy.rootId) ?? copy.requests.find((r) => r.id === copy.rootId)!;
    root.name = copyName(root.name);
    this.insert(loaded, copy, parentId, children.indexOf(id) + 1);
    return this.nodeOf(loaded, copy.rootId);
  }

  remove(id: string): { undoToken: string; removed: number } {
    this.changed();
    let removed: Removed;
    if (this.loaded.has(id)) {
      const loaded = this.loaded.get(id)!;
      const collections = this.index.get().collections;
      removed = {
        kind: 'collection',
        parentId: null,
        index: collections.indexOf(id),
        collection: structuredClone(loaded.record),
        folders: structuredClone([...loaded.folders.values()]),
        requests: [...loaded.requests.values()],
        rootId: id,
      };
      this.index.set({ collections: collections.filter((c) => c !== id) });
      this.loaded.delete(id);
      for (const child of loaded.parentOf.keys()) this.owner.delete(child);
      for (let n = 0; n < SHARD_COUNT; n += 1) this.deps.store.remove(shardFileName(id, n));
      this.deps.store.remove(collectionFileName(id));
    } else {
      const loaded = this.collectionOf(id);
      removed = this.snapshot(loaded, id);
      this.detach(loaded, removed);
    }
    const undoToken = randomUUID();
    this.undo.set(undoToken, removed);
    if (this.undo.size > UNDO_KEPT) this.undo.delete(this.undo.keys().next().value!);
    return { undoToken, removed: removed.requests.length };
  }

  restore(undoToken: string): TreeNode {
    this.changed();
    const removed = this.undo.get(undoToken);
    if (!removed) throw new LatchkeyError('not_found', 'There is nothing to undo: it was undone already, or Latchkey restarted since.');
    this.undo.delete(undoToken);
    if (removed.kind === 'collection') {
      const { collection } = removed;
      const loaded = this.blankCollection(collection!.id, collection!.name);
      loaded.record = collection!;
      for (const folder of removed.folders) loaded.folders.set(folder.id, folder);
      for (const request of removed.requests) loaded.requests.set(request.id, request);
      this.indexParents(loaded);
      this.commitNewCollection(loaded, removed.index);
      return { id: loaded.record.id, kind: 'collection', parentId: null, collectionId: loaded.record.id, name: loaded.record.name };
    }
    const parentId = removed.parentId!;
    if (!this.loaded.has(parentId) && !this.owner.has(parentId)) throw new LatchkeyError('not_found', 'Where it was has been deleted too; undo that first.');
    const { loaded } = this.containerOf(parentId);
    this.insert(loaded, removed, parentId, removed.index);
    return this.nodeOf(loaded, removed.rootId);
  }

  move(id: string, parentId: string | null, index: number): void {
    this.changed();
    if (this.loaded.has(id)) {
      if (parentId !== null) throw new LatchkeyError('invalid_request', 'A collection cannot go inside another; drop it among the collections.');
      const rest = this.index.get().collections.filter((c) => c !== id);
      rest.splice(clampIndex(index, rest.length), 0, id);
      this.index.set({ collections: rest });
      return;
    }
    if (parentId === null) throw new LatchkeyError('invalid_request', 'Folders and requests go inside a collection or folder.');
    const source = this.collectionOf(id);
    const target = this.containerOf(parentId).loaded;
    if (source === target) {
      // A folder cannot go inside itself or anything under it.
      for (let at: string | undefined = parentId; at && at !== source.record.id; at = source.parentOf.get(at)) {
        if (at === id) throw new LatchkeyError('invalid_request', 'A folder cannot go inside itself.');
      }
      const from = this.containerOf(source.parentOf.get(id)!).children;
      const fromIndex = from.indexOf(id);
      from.splice(fromIndex, 1);
      const to = this.containerOf(parentId).children;
      // Indexes are as the user saw them, with the item still in place.
      const adjusted = to === from && index > fromIndex ? index - 1 : index;
      to.splice(clampIndex(adjusted, to.length), 0, id);
      source.parentOf.set(id, parentId);
      this.writeTree(source);
      return;
    }
    // To another collection: one journaled step. The intent is written first, then the target's
    // files, then the source's, then the intent is cleared; a start that finds the intent
    // finishes or undoes the move (see the constructor).
    const taken = this.snapshot(source, id);
    this.journal.set({ move: { rootId: id, from: source.record.id, to: target.record.id, ids: [...taken.folders.map((f) => f.id), ...taken.requests.map((r) => r.id)] } });
    this.insert(target, taken, parentId, index);
    this.detach(source, taken);
    this.journal.set({ move: null });
  }

  /** Adds a whole imported (or duplicated) collection, files first and the list last. */
  addCollection(tree: CollectionTree, id: string = randomUUID(), position?: number): string {
    this.changed();
    const loaded = this.blankCollection(id, tree.name);
    Object.assign(loaded.record, settingsOf(tree.settings));
    const add = (parentId: string, items: TreeItem[], into: string[]) => {
      for (const item of items) {
        const childId = randomUUID();
        into.push(childId);
        if (item.kind === 'folder') {
          const folder: FolderRecord = { id: childId, name: item.name, ...settingsOf(item.settings), children: [] };
          loaded.folders.set(childId, folder);
          add(childId, item.items, folder.children);
        } else {
          loaded.requests.set(childId, { id: childId, name: item.name, request: item.request, ...(item.description !== undefined ? { description: item.description } : {}), ...(item.scripts ? { scripts: item.scripts } : {}) });
        }
      }
    };
    add(id, tree.items, loaded.record.children);
    this.indexParents(loaded);
    this.commitNewCollection(loaded, position);
    return id;
  }

  // ---- internals ----

  private blankCollection(id: string, name: string): Loaded {
    const doc = StoredDocument.open(collectionSpec(id, name), this.deps);
    const shards = Array.from({ length: SHARD_COUNT }, (_, n) => StoredDocument.open(shardSpec(id, n), this.deps));
    return { record: { id, name, ...blankSettings(), children: [] }, folders: new Map(), requests: new Map(), parentOf: new Map(), doc, shards };
  }

  private indexParents(loaded: Loaded): void {
    for (const child of loaded.record.children) loaded.parentOf.set(child, loaded.record.id);
    for (const folder of loaded.folders.values()) for (const child of folder.children) loaded.parentOf.set(child, folder.id);
  }

  private commitNewCollection(loaded: Loaded, position?: number): void {
    const shards = new Set([...loaded.requests.keys()].map(shardOf));
    for (const shard of shards) this.writeShard(loaded, shard);
    this.writeTree(loaded);
    const collections = [...this.index.get().collections];
    collections.splice(clampIndex(position, collections.length), 0, loaded.record.id);
    this.index.set({ collections });
    this.loaded.set(loaded.record.id, loaded);
    for (const child of loaded.parentOf.keys()) this.owner.set(child, loaded.record.id);
  }

  private collectionOf(id: string): Loaded {
    const collectionId = this.owner.get(id);
    const loaded = collectionId ? this.loaded.get(collectionId) : undefined;
    if (!loaded) throw notFound('item');
    return loaded;
  }

  /** A collection or folder and the list its children are kept in. */
  private containerOf(id: string): { loaded: Loaded; children: string[] } {
    const asCollection = this.loaded.get(id);
    if (asCollection) return { loaded: asCollection, children: asCollection.record.children };
    const loaded = this.collectionOf(id);
    const folder = loaded.folders.get(id);
    if (!folder) throw new LatchkeyError('invalid_request', 'Requests go inside a collection or folder, not inside another request.');
    return { loaded, children: folder.children };
  }

  private scopeOwner(id: string): { loaded: Loaded; owner: Omit<CollectionRecord, 'folders'> | FolderRecord } {
    const asCollection = this.loaded.get(id);
    if (asCollection) return { loaded: asCollection, owner: asCollection.record };
    const loaded = this.collectionOf(id);
    const folder = loaded.folders.get(id);
    if (!folder) throw new LatchkeyError('invalid_request', 'Only collections and folders have settings.');
    return { loaded, owner: folder };
  }

  private place(loaded: Loaded, id: string, parentId: string, children: string[], at: number): void {
    children.splice(at, 0, id);
    loaded.parentOf.set(id, parentId);
    this.owner.set(id, loaded.record.id);
  }

  private nodeOf(loaded: Loaded, id: string): TreeNode {
    const parentId = loaded.parentOf.get(id)!;
    const folder = loaded.folders.get(id);
    if (folder) return { id, kind: 'folder', parentId, collectionId: loaded.record.id, name: folder.name };
    const request = loaded.requests.get(id)!;
    return { id, kind: 'request', parentId, collectionId: loaded.record.id, name: request.name, method: request.request.method, url: request.request.url };
  }

  /** A folder or request and everything under it, as records (nothing changed yet). */
  private snapshot(loaded: Loaded, id: string): Removed {
    const folders: FolderRecord[] = [];
    const requests: RequestRecord[] = [];
    const take = (itemId: string) => {
      const folder = loaded.folders.get(itemId);
      if (folder) {
        folders.push(structuredClone(folder));
        for (const child of folder.children) take(child);
      } else {
        const request = loaded.requests.get(itemId);
        if (request) requests.push(request);
      }
    };
    take(id);
    const parentId = loaded.parentOf.get(id)!;
    const index = this.containerOf(parentId).children.indexOf(id);
    return { kind: loaded.folders.has(id) ? 'folder' : 'request', parentId, index, folders, requests, rootId: id };
  }

  /** Puts records back (or in for the first time) under a parent: shards first, then the tree. */
  private insert(loaded: Loaded, taken: Removed, parentId: string, index: number): void {
    for (const folder of taken.folders) loaded.folders.set(folder.id, structuredClone(folder));
    for (const request of taken.requests) loaded.requests.set(request.id, request);
    for (const folder of taken.folders) {
      for (const child of folder.children) {
        loaded.parentOf.set(child, folder.id);
        this.owner.set(child, loaded.record.id);
      }
    }
    const { children } = this.containerOf(parentId);
    this.place(loaded, taken.rootId, parentId, children, clampIndex(index, children.length));
    for (const shard of new Set(taken.requests.map((r) => shardOf(r.id)))) this.writeShard(loaded, shard);
    this.writeTree(loaded);
  }

  /** Takes records out: the tree first (they vanish from view), then their shards. */
  private detach(loaded: Loaded, taken: Removed): void {
    const parent = this.containerOf(taken.parentId!).children;
    parent.splice(parent.indexOf(taken.rootId), 1);
    for (const folder of taken.folders) {
      loaded.folders.delete(folder.id);
      loaded.parentOf.delete(folder.id);
      if (this.owner.get(folder.id) === loaded.record.id) this.owner.delete(folder.id);
    }
    for (const request of taken.requests) {
      loaded.requests.delete(request.id);
      loaded.parentOf.delete(request.id);
      if (this.owner.get(request.id) === loaded.record.id) this.owner.delete(request.id);
    }
    this.writeTree(loaded);
    for (const shard of new Set(taken.requests.map((r) => shardOf(r.id)))) this.writeShard(loaded, shard);
  }

  private writeTree(loaded: Loaded): void {
    loaded.doc.set({ ...loaded.record, folders: [...loaded.folders.values()] });
  }

  private writeShard(loaded: Loaded, shard: number): void {
    const requests: RequestRecord[] = [];
    for (const request of loaded.requests.values()) if (shardOf(request.id) === shard) requests.push(request);
    loaded.shards[shard]!.set({ requests });
  }
}

function settingsOf(owner: ScopeSettings): ScopeSettings {
  return {
    description: owner.description,
    variables: owner.variables,
    ...(owner.connectionId !== undefined ? { connectionId: owner.connectionId } : {}),
    ...(owner.scripts ? { scripts: owner.scripts } : {}),
    ...(owner.assertions ? { assertions: owner.assertions } : {}),
  };
}

function clampIndex(index: number | undefined, length: number): number {
  return index === undefined ? length : Math.max(0, Math.min(index, length));
}

function notFound(what: string): LatchkeyError {
  return new LatchkeyError('not_found', `That ${what} no longer exists; it may have been deleted.`);
}

/** The same records under fresh ids (a duplicate). */
function renumber(taken: Removed): Removed {
  const ids = new Map<string, string>();
  const fresh = (id: string) => {
    let next = ids.get(id);
    if (!next) {
      next = randomUUID();
      ids.set(id, next);
    }
    return next;
  };
  return {
    ...taken,
    rootId: fresh(taken.rootId),
    folders: taken.folders.map((f) => ({ ...structuredClone(f), id: fresh(f.id), children: f.children.map(fresh) })),
    requests: taken.requests.map((r) => ({ ...structuredClone(r), id: fresh(r.id) })),
  };
}
