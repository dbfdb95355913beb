import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ConfDocumentStore } from '../../../main/adapters/confDocumentStore';
import { confFactory } from '../../../main/adapters/confFactory';

const mode = (path: string) => statSync(path).mode & 0o777;

describe('the data directory at start', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'latchkey-docs-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('creates every folder 0700, the ones conf would create too', () => {
    const data = join(dir, 'data');
    const store = new ConfDocumentStore(data, confFactory);
    store.write('collections/c1/collection', { schemaVersion: 1, data: {} });
    expect(mode(data)).toBe(0o700);
    expect(mode(join(data, 'collections'))).toBe(0o700);
    expect(mode(join(data, 'collections', 'c1'))).toBe(0o700);
    expect(mode(join(data, 'collections', 'c1', 'collection.json'))).toBe(0o600);
  });

  it('makes folders an earlier version left 0755 private, and removes the temporary files of interrupted writes', () => {
    const folder = join(dir, 'collections', 'c2');
    mkdirSync(folder, { recursive: true, mode: 0o755 });
    chmodSync(join(dir, 'collections'), 0o755);
    chmodSync(folder, 0o755);
    writeFileSync(join(folder, 'collection.json'), '{"schemaVersion":1,"data":{}}');
    const stale = [join(dir, 'history.json.tmp-1733312345a1b2c3'), join(folder, 'requests-07.json.tmp-1733312399ffee00')];
    for (const file of stale) {
      writeFileSync(file, '{"half": ');
      utimesSync(file, new Date(Date.now() - 120_000), new Date(Date.now() - 120_000));
    }
    // One being written right now by another Latchkey on this folder, and files that only look alike.
    const fresh = join(dir, 'workspace.json.tmp-1733312400abcdef');
    writeFileSync(fresh, '{');
    const keep = [join(dir, 'notes.tmp-1733312345a1b2c3'), join(dir, 'history.json.corrupt-2026-12-04T10-00-00Z')];
    for (const file of keep) writeFileSync(file, 'x');

    new ConfDocumentStore(dir, confFactory);
    expect(mode(join(dir, 'collections'))).toBe(0o700);
    expect(mode(folder)).toBe(0o700);
    for (const file of stale) expect(existsSync(file), file).toBe(false);
    for (const file of [fresh, ...keep, join(folder, 'collection.json')]) expect(existsSync(file), file).toBe(true);
    expect(readdirSync(folder)).toEqual(['collection.json']);
  });
});
