import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BodyViews } from '../../../../main/core/body/bodyViews';
import { LineSplitter, splitRows, WRAP_BYTES } from '../../../../main/core/body/lineSplitter';
import { memoryLogger } from '../../../fixtures/testPorts';

let dir: string;
let views: BodyViews;
const ids = { json: '00000000-0000-4000-8000-000000000001', bad: '00000000-0000-4000-8000-000000000002', long: '00000000-0000-4000-8000-000000000003', wide: '00000000-0000-4000-8000-000000000004', edge: '00000000-0000-4000-8000-000000000005' };
const records = Array.from({ length: 20_000 }, (_, i) => ({ id: i, name: `item ${i}`, tags: ['a', 'b'], nested: { ok: i % 2 === 0 } }));
const jsonText = JSON.stringify(records);
const prettyLines = JSON.stringify(records, null, 2).split('\n');
/** Strings longer than a row, with quotes, escapes and brackets inside them. */
const wide = { before: 1, text: `${'[{"x"}] \\ '.repeat(700)}end`, list: [{ deep: ['}', ']'] }], after: true };

/** The matching close line of every opening line, from the pretty text itself. */
function expectedFolds(lines: string[]): Map<number, number> {
  const folds = new Map<number, number>();
  const stack: number[] = [];
  lines.forEach((line, index) => {
    const trimmed = line.trim();
    if (/[[{]$/.test(trimmed)) stack.push(index);
    else if (/^[\]}]/.test(trimmed)) folds.set(stack.pop()!, index);
  });
  return folds;
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'latchkey-views-'));
  writeFileSync(join(dir, `${ids.json}.body`), jsonText);
  writeFileSync(join(dir, `${ids.bad}.body`), '{"a": [1, 2,, 3]}');
  // One 9,000-byte line with multi-byte characters across the wrap points.
  writeFileSync(join(dir, `${ids.long}.body`), `${'é'.repeat(4500)}\nend`);
  writeFileSync(join(dir, `${ids.wide}.body`), JSON.stringify(wide));
  // A needle across the 512 KiB read boundary, and runs of a self-overlapping needle.
  writeFileSync(join(dir, `${ids.edge}.body`), `${'x'.repeat(512 * 1024 - 3)}NeEdLe\naaaaa\nAAAA`);
  let made = 0;
  views = new BodyViews(async (id) => join(dir, `${id}.body`), memoryLogger(), () => {
    const bodyId = `00000000-0000-4000-9000-${String(++made).padStart(12, '0')}`;
    return { bodyId, path: join(dir, `${bodyId}.body`) };
  });
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function ready(id: string, contentType: string | null = null) {
  let status = await views.open(id, contentType);
  while (!status.done) {
    await new Promise((r) => setTimeout(r, 10));
    status = await views.open(id, contentType);
  }
  return status;
}

describe('LineSplitter and splitRows agree', () => {
  it('on newlines, empty lines and long lines', () => {
    const text = Buffer.from(`a\n\n${'x'.repeat(WRAP_BYTES * 2 + 5)}\n${'y'.repeat(WRAP_BYTES)}\nz`);
    const splitter = new LineSplitter();
    for (let i = 0; i < text.length; i += 7) splitter.feed(text.subarray(i, i + 7));
    const rows = splitRows(text, 0, true);
    expect(splitter.index.lineCount).toBe(rows.length);
    expect(rows.map((r) => text.subarray(r.start, r.end).toString().length)).toEqual([1, 0, WRAP_BYTES, WRAP_BYTES, 5, WRAP_BYTES, 0, 1]);
  });
});

describe('BodyViews', () => {
  it('pretty-prints a JSON body and serves any range of rows', async () => {
    const status = await ready(ids.json, 'application/json');
    expect(status).toMatchObject({ json: true, error: null, done: true, rows: { pretty: prettyLines.length } });
    const first = await views.rows(ids.json, 'pretty', 0, 5);
    expect(first.rows).toEqual(prettyLines.slice(0, 5));
    const middle = await views.rows(ids.json, 'pretty', 123_457, 40);
    expect(middle.rows).toEqual(prettyLines.slice(123_457, 123_497));
    const last = await views.rows(ids.json, 'pretty', prettyLines.length - 3, 10);
    expect(last.rows).toEqual(prettyLines.slice(-3));
  });

  it('wraps the one-line raw body into rows', async () => {
    const raw = await views.rows(ids.json, 'raw', 0, 1000);
    expect(raw.rows.join('')).toBe(jsonText.slice(0, raw.rows.join('').length));
    expect(raw.rows[0]?.length).toBe(WRAP_BYTES);
  });

  it('finds matches with their rows, case-insensitively when asked', async () => {
    const found = await views.search(ids.json, 'pretty', '"item 19999"', true);
    expect(found.count).toBe(1);
    expect(prettyLines[found.rows[0] ?? -1]).toContain('"item 19999"');
    const many = await views.search(ids.json, 'pretty', 'ITEM 1999', false);
    expect(many.count).toBe(11);
    expect(many.rows.every((row) => prettyLines[row]?.includes('item 1999'))).toBe(true);
    expect((await views.search(ids.json, 'pretty', 'ITEM 1999', true)).count).toBe(0);
  });

  it('reports invalid JSON with its position and keeps the raw view', async () => {
    const status = await ready(ids.bad);
    expect(status.error).toMatchObject({ line: 1, column: 13 });
    await expect(views.rows(ids.bad, 'pretty', 0, 5)).rejects.toMatchObject({ code: 'invalid_body' });
    expect((await views.rows(ids.bad, 'raw', 0, 5)).rows).toEqual(['{"a": [1, 2,, 3]}']);
  });

  it('never splits a multi-byte character across wrapped rows', async () => {
    await ready(ids.long, 'text/plain');
    const { rows } = await views.rows(ids.long, 'raw', 0, 10);
    expect(rows.join('')).toBe(`${'é'.repeat(4500)}end`);
    expect(rows.some((row) => row.includes('\uFFFD'))).toBe(false);
  });

  it('finds the close of any object or array for folding, and copies any value', async () => {
    await ready(ids.json, 'application/json');
    const folds = expectedFolds(prettyLines);
    for (const row of [0, 1, 5, 7, 12, prettyLines.length - 10]) {
      const expected = folds.get(row);
      expect(await views.fold(ids.json, row)).toEqual(expected === undefined ? null : { end: expected });
    }
    expect(await views.fold(ids.json, 0)).toEqual({ end: prettyLines.length - 1 });
    expect(JSON.parse(await views.value(ids.json, 1, 1024 * 1024))).toEqual(records[0]);
    // `"name": "item 0",` copies the value alone, as JSON text.
    expect(await views.value(ids.json, 3, 1024)).toBe('"item 0"');
    expect(await views.value(ids.json, 2, 1024)).toBe('0');
    await expect(views.value(ids.json, 0, 1024)).rejects.toThrow(/too large for the clipboard; use Save/);
    const closing = prettyLines.findIndex((line) => line.trim() === '},');
    await expect(views.value(ids.json, closing, 1024)).rejects.toThrow(/closes an object or array/);
  });

  it('folds and copies across strings longer than a row, with brackets and escapes inside', async () => {
    await ready(ids.wide, 'application/json');
    const lines = JSON.stringify(wide, null, 2).split('\n');
    const rows = (await views.rows(ids.wide, 'pretty', 0, 1000)).rows;
    expect(rows.length).toBeGreaterThan(lines.length);
    expect(await views.fold(ids.wide, 0)).toEqual({ end: rows.length - 1 });
    expect(JSON.parse(await views.value(ids.wide, 2, 1024 * 1024))).toBe(wide.text);
    const listRow = rows.findIndex((row) => row.trim() === '"list": [');
    const fold = await views.fold(ids.wide, listRow);
    expect(rows[fold!.end]?.trim()).toBe('],');
    expect(JSON.parse(await views.value(ids.wide, listRow, 1024))).toEqual(wide.list);
  });

  it('filters a JSON body with JSONPath into a new body with its own views', async () => {
    await ready(ids.json, 'application/json');
    const result = await views.filter(ids.json, '$[?(@.id < 3)].name');
    expect(result.count).toBe(3);
    const status = await ready(result.bodyId, 'application/json');
    expect(status.format).toBe('json');
    expect((await views.rows(result.bodyId, 'pretty', 0, 10)).rows).toEqual(['[', '  "item 0",', '  "item 1",', '  "item 2"', ']']);
    expect((await views.filter(ids.json, '$[?(@.nested.ok === true)]')).count).toBe(10_000);
    expect((await views.filter(ids.json, '$.nothing')).count).toBe(0);
  });

  it('refuses a broken expression, code in a filter, and bodies that are not JSON, with reasons', async () => {
    await ready(ids.json, 'application/json');
    await expect(views.filter(ids.json, '   ')).rejects.toThrow(/Type a JSONPath expression/);
    await expect(views.filter(ids.json, '$[?(@.constructor.constructor("return process")())]')).rejects.toThrow(/could not be used/);
    await expect(views.filter(ids.json, '$[?(@.id <)]')).rejects.toThrow(/could not be used/);
    await ready(ids.bad, 'application/json');
    await expect(views.filter(ids.bad, '$.a')).rejects.toThrow(/need a valid JSON body/);
  });

  it('searches across read boundaries without overlapping matches, folding ASCII case when asked', async () => {
    await ready(ids.edge, 'text/plain');
    expect(await views.search(ids.edge, 'raw', 'needle', false)).toMatchObject({ count: 1 });
    expect(await views.search(ids.edge, 'raw', 'needle', true)).toMatchObject({ count: 0 });
    expect(await views.search(ids.edge, 'raw', 'NeEdLe', true)).toMatchObject({ count: 1 });
    // "aaaaa" holds two non-overlapping "aa"; "AAAA" two more when case is ignored.
    expect((await views.search(ids.edge, 'raw', 'aa', true)).count).toBe(2);
    const folded = await views.search(ids.edge, 'raw', 'aa', false);
    expect(folded.count).toBe(4);
    expect(new Set(folded.rows).size).toBe(2);
  });
});

describe('the indexing thread', () => {
  it('a thread that dies marks its bodies done (raw rows only) with the failure logged, and the next body gets a new thread', async () => {
    const { IndexRunner } = await import('../../../../main/core/body/indexRunner');
    const { pathToFileURL } = await import('node:url');
    const logger = memoryLogger();
    // A stand-in thread that exits on its first message, as one killed by the system would.
    const crashing = new IndexRunner(logger, { url: pathToFileURL(join(import.meta.dirname, '../../../fixtures/importWorkers/crash.mjs')) });
    const lost = new BodyViews(async (id) => join(dir, `${id}.body`), logger, undefined, () => null, crashing);
    try {
      await lost.open(ids.json, 'application/json');
      for (let i = 0; i < 100 && !(await lost.open(ids.json, 'application/json')).done; i++) await new Promise((r) => setTimeout(r, 20));
      expect((await lost.open(ids.json, 'application/json')).done).toBe(true);
      expect(logger.lines.some((line) => line.message === 'the indexing thread stopped')).toBe(true);
      expect(logger.lines.some((line) => line.message === 'could not index a response body')).toBe(true);
      // The next body starts a thread of its own (this stand-in ends that one too).
      await lost.open(ids.bad, 'application/json');
      for (let i = 0; i < 100 && !(await lost.open(ids.bad, 'application/json')).done; i++) await new Promise((r) => setTimeout(r, 20));
      expect(logger.lines.filter((line) => line.message === 'the indexing thread stopped')).toHaveLength(2);
    } finally {
      await lost.close();
    }
  });

  it('forgets a body while it is being indexed without waiting for the rest', async () => {
    const id = '00000000-0000-4000-8000-0000000000ff';
    writeFileSync(join(dir, `${id}.body`), JSON.stringify(Array.from({ length: 400_000 }, (_, i) => ({ i, name: `row ${i}` }))));
    await views.open(id, 'application/json');
    const started = Date.now();
    await views.forget(id);
    expect(Date.now() - started).toBeLessThan(2000);
    await expect(views.rows(id, 'raw', 0, 1)).rejects.toThrow('Open the body before reading it');
  });
});

describe('bodies still arriving', () => {
  it('a body that completes while it is being opened is indexed to the end (the thread is told it is complete)', async () => {
    const id = '00000000-0000-4000-8000-0000000000fe';
    writeFileSync(join(dir, `${id}.body`), JSON.stringify({ arrived: true }));
    let checks = 0;
    // Growing when looked up, complete by the time indexing starts; grown() would never resolve again.
    const growing = { written: () => 18, complete: () => checks++ > 0, grown: () => new Promise<void>(() => undefined) };
    const following = new BodyViews(async (bodyId) => join(dir, `${bodyId}.body`), memoryLogger(), undefined, (bodyId) => (bodyId === id ? growing : null));
    try {
      let status = await following.open(id, 'application/json');
      for (let i = 0; i < 100 && !status.done; i++) {
        await new Promise((r) => setTimeout(r, 20));
        status = await following.open(id, 'application/json');
      }
      expect(status.done).toBe(true);
      expect((await following.rows(id, 'pretty', 0, 5)).rows).toEqual(['{', '  "arrived": true', '}']);
    } finally {
      await following.close();
    }
  });

  it('opens a body once however many ask at the same time', async () => {
    const id = '00000000-0000-4000-8000-0000000000fd';
    writeFileSync(join(dir, `${id}.body`), jsonText);
    const [a, b, c] = await Promise.all([views.open(id, 'application/json'), views.open(id, 'application/json'), views.open(id, 'application/json')]);
    expect(a.bytes).toBe(jsonText.length);
    expect(b.bytes).toBe(a.bytes);
    expect(c.bytes).toBe(a.bytes);
    let status = a;
    while (!status.done) {
      await new Promise((r) => setTimeout(r, 20));
      status = await views.open(id, 'application/json');
    }
    expect(status.rows.pretty).toBe(prettyLines.length);
    const last = await views.rows(id, 'pretty', prettyLines.length - 3, 3);
    expect(last.rows).toEqual(prettyLines.slice(-3));
  });
});
