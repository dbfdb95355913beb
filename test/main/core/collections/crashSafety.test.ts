import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { buildSync } from 'esbuild';
import { afterAll, describe, expect, it } from 'vitest';
import { ConfDocumentStore } from '../../../../main/adapters/confDocumentStore';
import { confFactory } from '../../../../main/adapters/confFactory';
import { CollectionsService } from '../../../../main/core/collections/collectionsService';
import { killAfterOutput } from '../../../fixtures/persistence/killAfterOutput';

const root = resolve(import.meta.dirname, '../../../..');
const dir = mkdtempSync(join(tmpdir(), 'latchkey-crash-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

// Bundled once, so each of the 1,000 runs starts in milliseconds (tsx would take most of a second).
const cacheDir = join(root, 'node_modules/.cache/latchkey-tests');
mkdirSync(cacheDir, { recursive: true });
const child = join(cacheDir, 'collectionSaveLoop.mjs');
buildSync({ entryPoints: [join(root, 'test/fixtures/persistence/collectionSaveLoop.ts')], bundle: true, platform: 'node', format: 'esm', packages: 'external', outfile: child, logLevel: 'silent' });

const KILLS = Number(process.env.LATCHKEY_KILLS ?? 1000);
/** No new round starts after this long, so the run stays bounded on a slow machine. */
const BUDGET_MS = 420_000;

interface Run {
  confirmed: string[];
  pending: string | null;
}

async function runAndKill(delayMs: number): Promise<Run> {
  const out = await killAfterOutput([child, dir], delayMs);
  const confirmed: string[] = [];
  let pending: string | null = null;
  for (const line of out.split('\n').filter(Boolean)) {
    if (line.startsWith('begin ')) pending = line.slice(6);
    else if (line === 'done' && pending) {
      confirmed.push(pending);
      pending = null;
    }
  }
  return { confirmed, pending };
}

/** What the collection must hold: each request's folder and URL, from the confirmed operations. */
const ROOT = '(collection root)';
interface Expected {
  folder: string;
  url: string;
}
function apply(state: Map<string, Expected>, op: string): void {
  const [kind, name, a, b] = op.split(' ') as [string, string, string, string | undefined];
  if (kind === 'create') state.set(name, { folder: a, url: b! });
  else if (kind === 'edit') state.set(name, { ...state.get(name)!, url: a });
  else if (kind === 'move') state.set(name, { ...state.get(name)!, folder: a });
}

describe('collections, a process killed at random while saving', () => {
  it(`never leaves a file that fails to parse, never holds a request twice, and never loses a confirmed save (${KILLS} kills)`, async () => {
    const expected = new Map<string, Expected>();
    const quiet = { info: () => undefined, warn: () => undefined, error: () => undefined };
    let totalConfirmed = 0;
    const log: string[] = [];
    const started = performance.now();
    let round = 0;
    let crossMoves = 0;
    for (; round < KILLS && performance.now() - started < BUDGET_MS; round++) {
      const { confirmed, pending } = await runAndKill(2 + Math.floor(Math.random() * 40));
      for (const op of confirmed) {
        if (op.startsWith('move ') && op.endsWith(' C') !== (expected.get(op.split(' ')[1]!)?.folder === 'C')) crossMoves += 1;
        apply(expected, op);
      }
      log.push(...confirmed.map((op) => `${round}: ${op}`), `${round}: interrupted ${pending}`);
      totalConfirmed += confirmed.length;

      // Every file parses; nothing had to be set aside.
      const files = readdirSync(dir, { recursive: true }) as string[];
      expect(files.filter((f) => f.includes('.corrupt-'))).toEqual([]);
      for (const file of files.filter((f) => f.endsWith('.json'))) expect(() => JSON.parse(readFileSync(join(dir, file), 'utf8'))).not.toThrow();

      const notices: unknown[] = [];
      const service = new CollectionsService({ store: new ConfDocumentStore(dir, confFactory), clock: { now: () => Date.now() }, logger: quiet, notify: (n) => notices.push(n) }, quiet);
      expect(notices).toEqual([]);
      const nodes = service.tree();
      // One copy of each request, in memory and in the files of one collection only.
      const requestNodes = nodes.filter((n) => n.kind === 'request');
      expect(new Set(requestNodes.map((n) => n.id)).size).toBe(requestNodes.length);
      // After the start's repairs (written back), the files agree: no request in two places.
      const onDisk = (readdirSync(dir, { recursive: true }) as string[])
        .filter((f) => /requests-\d+\.json$/.test(f))
        .flatMap((f) => (JSON.parse(readFileSync(join(dir, f), 'utf8')) as { data: { requests: { id: string }[] } }).data.requests.map((r) => r.id));
      const seen = new Set<string>();
      expect(onDisk.filter((id) => seen.has(id) || !seen.add(id)), `round ${round}: a request is in two files; interrupted: ${pending}`).toEqual([]);
      const folderName = new Map(nodes.filter((n) => n.kind === 'folder').map((n) => [n.id, n.name]));
      // A request directly under the collection is one whose shard was written but not yet its place in the tree: put back at the root.
      const stored = new Map(nodes.filter((n) => n.kind === 'request').map((n) => [n.name, { folder: folderName.get(n.parentId!) ?? ROOT, url: n.url! }]));
      // The interrupted operation may or may not have landed; every confirmed one has.
      const withPending = new Map(expected);
      if (pending) apply(withPending, pending);
      for (const [name, want] of expected) {
        const got = stored.get(name);
        const alternative = withPending.get(name);
        expect([JSON.stringify(want), JSON.stringify(alternative)], `round ${round}, ${name} is ${JSON.stringify(got)}; interrupted: ${pending}; want ${JSON.stringify(want)}\n${log.filter((l) => l.includes(` ${name} `) || l.includes('interrupted')).join('\n')}`).toContain(JSON.stringify(got));
      }
      // Whatever landed of the interrupted operation counts from now on: a create cut between
      // its two writes is the request kept at the collection's root.
      if (pending) {
        const [kind, name, , url] = pending.split(' ') as [string, string, string, string | undefined];
        const got = stored.get(name);
        if (got && JSON.stringify(got) === JSON.stringify(withPending.get(name))) apply(expected, pending);
        else if (got && kind === 'create' && got.folder === ROOT && got.url === url) expected.set(name, got);
      }
      // Nothing appears that was never asked for.
      expect([...stored.keys()].filter((name) => !expected.has(name))).toEqual([]);
    }
    console.log(`collections crash test: ${round} kills in ${Math.round((performance.now() - started) / 1000)} s, ${totalConfirmed} confirmed operations, ${crossMoves} moves between collections`);
    expect(round).toBeGreaterThanOrEqual(Math.min(KILLS, 200));
    expect(totalConfirmed).toBeGreaterThan(round);
    expect(crossMoves).toBeGreaterThan(round / 10);
  }, BUDGET_MS + 120_000);
});
