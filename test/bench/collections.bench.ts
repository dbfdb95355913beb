import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from '@playwright/test';
import { ConfDocumentStore } from '../../main/adapters/confDocumentStore';
import { confFactory } from '../../main/adapters/confFactory';
import type { TreeItem } from '../../main/core/collections/collectionsService';
import { createCore } from '../../main/core/createCore';
import { findChromium, launchHost } from '../e2e/fixtures';
import { memoryLogger, memorySecretStore, realClock, recordingBrowser } from '../fixtures/testPorts';
import type { BenchResult } from './requestPipeline.bench';

const FOLDERS = 100;
const PER_FOLDER = 100;

function openCore(dir: string) {
  return createCore({ documents: new ConfDocumentStore(dir, confFactory), secrets: memorySecretStore(), browser: recordingBrowser(), dialogs: null, bodiesDir: join(dir, 'bodies'), clock: realClock, logger: memoryLogger(), version: 'bench' });
}

function request(f: number, r: number): TreeItem {
  return {
    kind: 'request',
    name: `Request ${f}.${r}`,
    request: {
      method: r % 3 === 0 ? 'POST' : 'GET',
      url: `https://api.example.test/v1/folder-${f}/items/${r}?page={{page}}`,
      params: [],
      pathVariables: [],
      headers: [{ name: 'Accept', value: 'application/json', enabled: true }, { name: 'X-Trace', value: `trace-${f}-${r}`, enabled: true }],
      body: r % 3 === 0 ? { kind: 'json', text: JSON.stringify({ folder: f, request: r, note: 'a small JSON body' }) } : { kind: 'none' },
      settings: {},
    },
  };
}

function bytesUnder(dir: string): number {
  let total = 0;
  for (const name of readdirSync(dir, { recursive: true }) as string[]) {
    const path = join(dir, name);
    if (statSync(path).isFile()) total += statSync(path).size;
  }
  return total;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

/**
 * 10,000 saved requests in 100 folders: how long saving one edit takes and how many bytes it
 * writes (against the ≤ 20 ms target and the size of the whole workspace), how long main takes
 * to open the workspace, and how long Chromium takes from opening the app to painting the tree.
 */
export async function collectionsBench(): Promise<BenchResult[]> {
  const dir = mkdtempSync(join(tmpdir(), 'latchkey-bench-collections-'));
  const results: BenchResult[] = [];
  try {
    let core = openCore(dir);
    const items: TreeItem[] = Array.from({ length: FOLDERS }, (_, f) => ({ kind: 'folder', name: `Folder ${f}`, settings: { description: '', variables: [] }, items: Array.from({ length: PER_FOLDER }, (_, r) => request(f, r)) }));
    const collectionId = core.collections.addCollection({ name: 'Ten thousand', settings: { description: '', variables: [] }, items });
    const workspaceBytes = bytesUnder(join(dir, 'collections'));
    const ids = core.collections.tree().filter((n) => n.kind === 'request').map((n) => n.id);

    // Saving one edit: the time of the call (it returns once the file is on disk) and the bytes
    // written, which are every file whose modification time moved.
    const mtimes = () => new Map((readdirSync(join(dir, 'collections', collectionId)) as string[]).map((f) => [f, statSync(join(dir, 'collections', collectionId, f)).mtimeMs]));
    const times: number[] = [];
    const sizes: number[] = [];
    for (let i = 0; i < 60; i++) {
      const id = ids[(i * 7919) % ids.length]!;
      const saved = core.collections.getRequest(id);
      const before = mtimes();
      await new Promise((r) => setTimeout(r, 5));
      const start = performance.now();
      core.collections.saveRequest(id, { ...saved.request, url: `${saved.request.url}&edit=${i}` });
      times.push(performance.now() - start);
      const after = mtimes();
      sizes.push([...after].filter(([f, t]) => before.get(f) !== t).reduce((sum, [f]) => sum + statSync(join(dir, 'collections', collectionId, f)).size, 0));
    }
    const editMs = median(times.slice(10));
    const perEdit = median(sizes);
    results.push({ name: 'collections: save one edit (10,000 requests)', detail: `p50 ${editMs.toFixed(2)} ms vs the 20 ms target`, ratio: editMs / 20, limit: 1 });
    results.push({ name: 'collections: bytes written per edit', detail: `${(perEdit / 1024).toFixed(0)} KB of a ${(workspaceBytes / 1024 / 1024).toFixed(1)} MB workspace (the edited request's shard file)`, ratio: perEdit / workspaceBytes, limit: 0.1 });

    await core.close();
    const openStart = performance.now();
    core = openCore(dir);
    const openMs = performance.now() - openStart;
    if (core.collections.requestCount() !== FOLDERS * PER_FOLDER) throw new Error(`reopened with ${core.collections.requestCount()} requests`);
    await core.close();

    const host = await launchHost(dir);
    const browser = await chromium.launch({ executablePath: findChromium(), args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking'] });
    try {
      const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
      const paints: number[] = [];
      for (let run = 0; run < 3; run++) {
        const start = performance.now();
        await page.goto(host.url);
        await page.getByRole('treeitem', { name: 'Request 0.5', exact: true }).waitFor();
        paints.push(performance.now() - start);
      }
      const paintMs = median(paints);
      results.push({ name: 'collections: open and paint the tree in Chromium (10,000 requests)', detail: `p50 ${paintMs.toFixed(0)} ms of 3 page loads vs the 1 s target; main opens the files in ${openMs.toFixed(0)} ms`, ratio: paintMs / 1000, limit: 1 });
    } finally {
      await browser.close();
      await host.stop();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return results;
}
