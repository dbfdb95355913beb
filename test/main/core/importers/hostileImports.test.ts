// Small files built to freeze or exhaust the app, as a security review sent them, and the
// thread every importer runs on: its time and memory limits, and main answering meanwhile.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ConfDocumentStore } from '../../../../main/adapters/confDocumentStore';
import { confFactory } from '../../../../main/adapters/confFactory';
import { createCore, type Core } from '../../../../main/core/createCore';
import { EXAMPLE_VALUES } from '../../../../main/core/importers/openApiImport';
import { ImportRunner } from '../../../../main/core/importers/importRunner';
import { memoryLogger, memorySecretStore, realClock, recordingBrowser } from '../../../fixtures/testPorts';

let dir: string;
let core: Core;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'latchkey-hostile-'));
  core = createCore({ documents: new ConfDocumentStore(dir, confFactory), secrets: memorySecretStore(), browser: recordingBrowser(), dialogs: null, bodiesDir: join(dir, 'bodies'), clock: realClock, logger: memoryLogger(), version: 't' });
});
afterEach(async () => {
  await core.close();
  rmSync(dir, { recursive: true, force: true });
});

/** Ten levels of schemas whose ten properties each $ref the next level: 10^10 values unfolded. */
function fanOutOpenApi(levels = 10, fanOut = 10, via: 'properties' | 'allOf' = 'properties'): string {
  const schemas: Record<string, unknown> = {};
  for (let level = 0; level < levels; level++) {
    const next = (i: number) => (level + 1 < levels ? { $ref: `#/components/schemas/L${level + 1}` } : { type: 'string', title: `leaf ${i}` });
    schemas[`L${level}`] =
      via === 'properties'
        ? { type: 'object', properties: Object.fromEntries(Array.from({ length: fanOut }, (_, i) => [`p${i}`, next(i)])) }
        : { allOf: Array.from({ length: fanOut }, (_, i) => ({ type: 'object', properties: { [`a${level}_${i}`]: next(i) } })) };
  }
  const operation = { requestBody: { content: { 'application/json': { schema: { $ref: '#/components/schemas/L0' } } } }, parameters: [{ name: 'filter', in: 'query', schema: { $ref: '#/components/schemas/L0' } }] };
  return JSON.stringify({ openapi: '3.0.3', info: { title: 'Fan-out' }, paths: { '/a': { post: operation }, '/b': { put: operation } }, components: { schemas } });
}

/** Thirty levels of two folders that share one id: 2^30 paths through a 5 KB file. */
function sharedIdInsomnia(levels = 30): string {
  const resources: unknown[] = [{ _id: 'wrk_1', _type: 'workspace', name: 'Shared ids' }];
  for (let level = 1; level <= levels; level++) {
    for (const copy of [1, 2]) resources.push({ _id: `fld_${level}`, _type: 'request_group', parentId: level === 1 ? 'wrk_1' : `fld_${level - 1}`, name: `L${level}.${copy}` });
  }
  resources.push({ _id: 'req_1', _type: 'request', parentId: `fld_${levels}`, name: 'Leaf', method: 'GET', url: 'https://x.test/' });
  return JSON.stringify({ _type: 'export', __export_format: 4, resources });
}

describe('hostile imports end quickly, naming what stopped them', () => {
  it('an OpenAPI file whose schemas fan out ten ways ten levels deep: each example is cut at the limit, and said so', async () => {
    const text = fanOutOpenApi();
    expect(text.length).toBeLessThan(5000);
    const preview = await core.imports.preview(text, 'fan-out.json');
    expect(preview.collections[0]).toMatchObject({ name: 'Fan-out', requests: 2 });
    expect(preview.notes.join('\n')).toContain(`an example was cut at ${EXAMPLE_VALUES.toLocaleString('en-US')} values`);
    const { collectionIds } = await core.imports.commit(preview.token);
    const tree = core.collections.exportTree(collectionIds[0]!);
    const request = tree.items.find((i) => i.kind === 'request');
    expect(request?.kind === 'request' && request.request.body.kind === 'json' ? request.request.body.text.length : 0).toBeLessThan(1_000_000);
  });

  it('the same fan-out through allOf', async () => {
    const preview = await core.imports.preview(fanOutOpenApi(10, 10, 'allOf'), 'all-of.json');
    expect(preview.collections[0]).toMatchObject({ requests: 2 });
    expect(preview.notes.join('\n')).toContain('an example was cut');
  });

  it('an OpenAPI file with many operations over one heavy schema stops at the total limit, naming it', async () => {
    const doc = JSON.parse(fanOutOpenApi()) as { paths: Record<string, unknown> };
    const operation = (doc.paths['/a'] as { post: unknown }).post;
    for (let i = 0; i < 300; i++) doc.paths[`/p${i}`] = { post: operation };
    await expect(core.imports.preview(JSON.stringify(doc), 'many.json')).rejects.toMatchObject({ code: 'invalid_import', message: expect.stringMatching(/would hold more than 1,000,000 values together/) });
  });

  it('a schema that fans out without repeating, still modest, is built in full', async () => {
    const preview = await core.imports.preview(fanOutOpenApi(3, 5), 'small.json');
    expect(preview.notes.join('\n')).not.toContain('cut');
    const { collectionIds } = await core.imports.commit(preview.token);
    const request = core.collections.exportTree(collectionIds[0]!).items.find((i) => i.kind === 'request');
    const body = request?.kind === 'request' && request.request.body.kind === 'json' ? (JSON.parse(request.request.body.text) as Record<string, Record<string, Record<string, string>>>) : {};
    expect(Object.keys(body)).toHaveLength(5);
    expect(body.p4!.p4!.p4).toBe('string');
  });

  it('an Insomnia export whose folders share one id is refused, naming the id', async () => {
    const text = sharedIdInsomnia();
    expect(text.length).toBeLessThan(6000);
    await expect(core.imports.preview(text, 'shared-ids.json')).rejects.toMatchObject({ code: 'invalid_import', message: expect.stringMatching(/resources\[2\]: the id “fld_1” is used by an earlier resource too/) });
    expect(core.collections.tree()).toEqual([]);
  });

  it('Insomnia v5 YAML listing one folder many times through aliases is refused as an alias bomb', async () => {
    // Each level lists the one below 16 times: 16^5 = 1,048,576 folders from a few hundred bytes.
    const levels = ['l0: &l0 { name: leaf, url: "https://x.test/" }'];
    for (let i = 1; i <= 5; i++) levels.push(`l${i}: &l${i} { name: f${i}, children: [${Array(16).fill(`*l${i - 1}`).join(', ')}] }`);
    const yaml = `${levels.join('\n')}\ntype: collection.insomnia.rest/5.0\nname: Aliased\ncollection: [*l5]\n`;
    await expect(core.imports.preview(yaml, 'aliased.yaml')).rejects.toMatchObject({ code: 'invalid_import', message: expect.stringMatching(/not valid YAML \(Excessive alias count/) });
  });
});

const fixtureWorker = (name: string) => ({ url: pathToFileURL(resolve(import.meta.dirname, '../../../fixtures/importWorkers', name)) });

describe('the import thread', () => {
  it('an importer that never finishes is stopped at the time limit while main keeps answering, and the next import gets a fresh thread', async () => {
    const runner = new ImportRunner({ timeMs: 1500, heapMb: 256, idleMs: 10_000 }, fixtureWorker('spin.mjs'));
    let ticks = 0;
    const ticker = setInterval(() => (ticks += 1), 50);
    try {
      const started = performance.now();
      await expect(runner.run({ kind: 'plan', text: '{}', fileName: 'f' })).rejects.toMatchObject({ code: 'import_limit', message: expect.stringMatching(/^Importing stopped after 1\.5 s, the longest one import may take.*Nothing was imported\.$/) });
      expect(performance.now() - started).toBeLessThan(10_000);
      // Main's own timers ran all along: the importer's loop was on its own thread.
      expect(ticks).toBeGreaterThan(10);
      await expect(runner.run({ kind: 'plan', text: '{}', fileName: 'f' })).rejects.toMatchObject({ code: 'import_limit' });
    } finally {
      clearInterval(ticker);
      await runner.close();
    }
  });

  it('an importer that fills its heap is ended by V8 at the memory limit, not the app', async () => {
    const runner = new ImportRunner({ timeMs: 30_000, heapMb: 64, idleMs: 10_000 }, fixtureWorker('hog.mjs'));
    try {
      await expect(runner.run({ kind: 'plan', text: '{}', fileName: 'f' })).rejects.toMatchObject({ code: 'import_limit', message: expect.stringMatching(/needed more than 64 MB of memory/) });
    } finally {
      await runner.close();
    }
    expect(process.memoryUsage().heapUsed).toBeLessThan(1024 * 1024 * 1024);
  });

  it('a thread that exits is reported, and a closed runner refuses work', async () => {
    const runner = new ImportRunner({ timeMs: 10_000, heapMb: 128, idleMs: 10_000 }, fixtureWorker('crash.mjs'));
    await expect(runner.run({ kind: 'curl', command: 'curl x' })).rejects.toMatchObject({ code: 'invalid_import', message: expect.stringMatching(/ended with code 3/) });
    await runner.close();
    await expect(runner.run({ kind: 'curl', command: 'curl x' })).rejects.toMatchObject({ code: 'internal' });
  });

  it('the real thread stays warm between imports and answers each in turn', async () => {
    const runner = new ImportRunner();
    try {
      const texts = ['curl https://a.test/1', 'curl -X POST https://a.test/2', 'curl https://a.test/3'];
      const results = await Promise.all(texts.map((command) => runner.run<{ request: { url: string } }>({ kind: 'curl', command })));
      expect(results.map((r) => r.request.url)).toEqual(['https://a.test/1', 'https://a.test/2', 'https://a.test/3']);
      await expect(runner.run({ kind: 'plan', text: '{"hello":1}', fileName: '“x.json”' })).rejects.toMatchObject({ code: 'invalid_import', message: expect.stringMatching(/^“x\.json”: not a format Latchkey imports/) });
    } finally {
      await runner.close();
    }
  });
});
