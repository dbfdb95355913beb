import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { killAfterOutput } from '../../../fixtures/persistence/killAfterOutput';

const dir = mkdtempSync(join(tmpdir(), 'latchkey-kill-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const child = resolve(import.meta.dirname, '../../../fixtures/persistence/saveLoop.ts');

/** Runs the save loop, kills it with SIGKILL after `delayMs`, returns the last confirmed save. */
async function runAndKill(delayMs: number): Promise<number> {
  const out = await killAfterOutput(['--import', 'tsx', child, dir], delayMs);
  return out.trim().split('\n').filter(Boolean).map(Number).at(-1) ?? 0;
}

describe('a process killed during saves', () => {
  it('always leaves a file that parses and holds the last or the next confirmed save', async () => {
    let total = 0;
    for (let round = 0; round < 12; round++) {
      const lastConfirmed = await runAndKill(5 + Math.floor(Math.random() * 60));
      const stored = JSON.parse(readFileSync(join(dir, 'workspace.json'), 'utf8')) as { schemaVersion: number; data: { tabs: { draft: { url: string } }[] } };
      const saved = Number(/#(\d+)$/.exec(stored.data.tabs[0]!.draft.url)?.[1]);
      expect([lastConfirmed, lastConfirmed + 1]).toContain(saved);
      total = saved;
    }
    expect(total).toBeGreaterThan(12);
  }, 120_000);
});
