import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { pruneBodies } from '../../../../main/core/body/pruneBodies';

const dir = mkdtempSync(join(tmpdir(), 'latchkey-prune-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('pruneBodies', () => {
  it('keeps bodies in history and removes orphans and pretty copies, nothing else', async () => {
    const kept = '00000000-0000-4000-8000-00000000000a';
    const orphan = '00000000-0000-4000-8000-00000000000b';
    for (const name of [`${kept}.body`, `${kept}.body.pretty`, `${orphan}.body`, 'notes.txt']) writeFileSync(join(dir, name), 'x');
    // Files from this launch (newer than the cut-off) are never touched.
    expect(await pruneBodies(dir, new Set([kept]), Date.now() - 60_000)).toBe(0);
    expect(await pruneBodies(dir, new Set([kept]), Date.now() + 1000)).toBe(2);
    expect(readdirSync(dir).sort()).toEqual([`${kept}.body`, 'notes.txt']);
    expect(await pruneBodies(join(dir, 'missing'), new Set(), Date.now())).toBe(0);
  });
});
