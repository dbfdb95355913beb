// A move between collections cut off at every one of its writes (the store stops writing, as a
// killed process would, and the service is abandoned), then the app started again: the items are
// in exactly one collection, in memory and on disk, and a later edit survives any restart.
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { DocumentStore } from '../../../../main/ports';
import { ConfDocumentStore } from '../../../../main/adapters/confDocumentStore';
import { confFactory } from '../../../../main/adapters/confFactory';
import { CollectionsService } from '../../../../main/core/collections/collectionsService';
import { spec } from '../../../fixtures/requests';

const quiet = { info: () => undefined, warn: () => undefined, error: () => undefined };
let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'latchkey-move-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

class Stopped extends Error {}

/** The real store, which stops writing for good after `allowed` writes, or after writing the document `after`. */
function stoppingStore(allowed: number, after?: string): DocumentStore & { writes: string[] } {
  const real = new ConfDocumentStore(dir, confFactory);
  const writes: string[] = [];
  return {
    writes,
    read: (name) => real.read(name),
    write(name, data) {
      if (writes.length >= allowed || (after !== undefined && writes.at(-1) === after)) throw new Stopped(`stopped before writing ${name}`);
      writes.push(name);
      real.write(name, data);
    },
    quarantine: (name, ts) => real.quarantine(name, ts),
    backup: (name, label) => real.backup(name, label),
    remove: (name) => real.remove(name),
  };
}

const open = (store: DocumentStore = new ConfDocumentStore(dir, confFactory)) => {
  const notices: unknown[] = [];
  const service = new CollectionsService({ store, clock: { now: () => Date.now() }, logger: quiet, notify: (n) => notices.push(n) }, quiet);
  return { service, notices };
};

/** Request ids found in each collection's files on disk. */
function onDisk(collectionId: string): string[] {
  const folder = join(dir, 'collections', collectionId);
  return readdirSync(folder)
    .filter((f) => /^requests-\d+\.json$/.test(f))
    .flatMap((f) => (JSON.parse(readFileSync(join(folder, f), 'utf8')) as { data: { requests: { id: string }[] } }).data.requests.map((r) => r.id));
}

function setUp() {
  const { service } = open();
  const a = service.create({ kind: 'collection', parentId: null, name: 'Source' });
  const b = service.create({ kind: 'collection', parentId: null, name: 'Target' });
  const folder = service.create({ kind: 'folder', parentId: a.id, name: 'Moved folder' });
  const ids = Array.from({ length: 6 }, (_, i) => service.create({ kind: 'request', parentId: folder.id, name: `r${i}`, request: spec({ url: `https://move.test/r${i}` }) }).id);
  const stays = service.create({ kind: 'request', parentId: a.id, name: 'stays', request: spec({ url: 'https://move.test/stays' }) });
  return { a: a.id, b: b.id, folder: folder.id, ids, stays: stays.id };
}

describe('a move between collections cut short', () => {
  it('is finished or undone at the next start, at every write it makes, and the other copy leaves the disk', () => {
    const outcomes: string[] = [];
    // Cut after 0, 1, 2, … writes until a move runs to its end (how many it takes depends on
    // which shards the fresh ids fall in).
    for (let allowed = 0; ; allowed++) {
      const made = setUp();
      let completed = true;
      try {
        open(stoppingStore(allowed)).service.move(made.folder, made.b, 0);
      } catch (error) {
        expect(error).toBeInstanceOf(Stopped);
        completed = false;
      }
      if (completed) {
        expect(allowed).toBeGreaterThanOrEqual(4);
        break;
      }

      const { service, notices } = open();
      expect(notices).toEqual([]);
      const nodes = service.tree();
      const where = new Map(nodes.filter((n) => n.kind === 'request').map((n) => [n.id, n.collectionId]));
      const side = where.get(made.ids[0]!);
      outcomes.push(side === made.b ? 'finished' : 'undone');
      for (const id of made.ids) expect(where.get(id), `cut after ${allowed} writes`).toBe(side);
      expect(where.get(made.stays)).toBe(made.a);
      expect(nodes.filter((n) => n.id === made.folder)).toHaveLength(1);
      expect(nodes.find((n) => n.id === made.folder)!.collectionId).toBe(side);
      // On disk, each moved request is in one collection's files only.
      const other = side === made.a ? made.b : made.a;
      for (const id of made.ids) {
        expect(onDisk(side!).filter((x) => x === id), `cut after ${allowed} writes`).toHaveLength(1);
        expect(onDisk(other), `cut after ${allowed} writes`).not.toContain(id);
      }
      const journal = join(dir, 'collections-move.json');
      if (readdirSync(dir).includes('collections-move.json')) expect((JSON.parse(readFileSync(journal, 'utf8')) as { data: { move: unknown } }).data.move).toBeNull();
      else expect(allowed).toBe(0);
      rmSync(dir, { recursive: true, force: true });
      dir = mkdtempSync(join(tmpdir(), 'latchkey-move-'));
    }
    // Cut early it is undone, cut late it is finished.
    expect(outcomes[0]).toBe('undone');
    expect(outcomes.at(-1)).toBe('finished');
  });

  it('an edit saved after the repair survives restarts in any collection order (the stale copy cannot win later)', () => {
    // Cut right after the target's tree is written, before the source gives the folder up:
    // both collections' files hold it.
    // Stopped by name: how many writes come before it depends on how many shards the ids fall in.
    const made = setUp();
    const store = stoppingStore(Infinity, `collections/${made.b}/collection`);
    expect(() => open(store).service.move(made.folder, made.b, 0)).toThrow(Stopped);
    expect(store.writes.at(-1)).toBe(`collections/${made.b}/collection`);
    expect(store.writes).not.toContain(`collections/${made.a}/collection`);
    const { a, b, ids } = made;

    const first = open().service;
    first.saveRequest(ids[0]!, spec({ url: 'https://move.test/edited-after-repair' }));
    for (const [moved, index] of [[a, 0], [b, 0], [a, 0]] as const) {
      open().service.move(moved, null, index);
      const reopened = open().service;
      expect(reopened.getRequest(ids[0]!).request.url).toBe('https://move.test/edited-after-repair');
      expect(reopened.tree().filter((n) => n.id === ids[0])).toHaveLength(1);
      expect(onDisk(a)).not.toContain(ids[0]);
    }
  });
});
