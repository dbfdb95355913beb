import { readdir, stat, unlink } from 'node:fs/promises';
import { join } from 'node:path';

/**
 * Deletes stored bodies no history entry points to (left by a crash before the history was
 * saved) and every pretty-printed copy (rebuilt on demand). Only files older than
 * `before` are touched, so nothing this launch is writing or viewing can go. Returns how many
 * files went.
 */
export async function pruneBodies(dir: string, keep: ReadonlySet<string>, before: number): Promise<number> {
  let removed = 0;
  const names = await readdir(dir).catch(() => [] as string[]);
  for (const name of names) {
    // A body and the event times kept beside it (`.body.times`) go together.
    const body = /^([0-9a-f-]{36})\.body(?:\.times)?$/.exec(name);
    const stale = name.endsWith('.body.pretty') || (body !== null && !keep.has(body[1] ?? ''));
    if (!stale) continue;
    const info = await stat(join(dir, name)).catch(() => null);
    if (!info || info.mtimeMs >= before) continue;
    await unlink(join(dir, name)).then(() => removed++, () => undefined);
  }
  return removed;
}
