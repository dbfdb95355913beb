// The large-body readers on real files: a text found across the 1 MB chunk edge, in multi-byte
// UTF-8, and not found when it is only almost there.
import { closeSync, mkdtempSync, openSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { containsBytes, firstMatch } from '../../../../main/core/checks/largeBody';

const dir = mkdtempSync(join(tmpdir(), 'latchkey-largebody-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const CHUNK = 1024 * 1024;

function withFile<T>(content: Buffer, read: (fd: number, size: number) => T): T {
  const path = join(dir, `body-${Math.random()}`);
  writeFileSync(path, content);
  const fd = openSync(path, 'r');
  try {
    return read(fd, content.length);
  } finally {
    closeSync(fd);
  }
}

describe('containsBytes', () => {
  const needle = 'Zürich-€-needle';
  it.each([0, 1, 5, Buffer.byteLength(needle) - 1, Buffer.byteLength(needle)])('finds a text that starts %i bytes before a chunk edge', (before) => {
    const filler = Buffer.alloc(CHUNK * 2 - before, 'a');
    const body = Buffer.concat([filler, Buffer.from(needle), Buffer.alloc(100, 'b')]);
    expect(withFile(body, (fd, size) => containsBytes(fd, size, Buffer.from(needle)))).toBe(true);
  });

  it('does not find a text cut short at the end, or one spread over two places', () => {
    const body = Buffer.concat([Buffer.from('Zürich-€-'), Buffer.alloc(CHUNK, 'a'), Buffer.from('needl')]);
    expect(withFile(body, (fd, size) => containsBytes(fd, size, Buffer.from(needle)))).toBe(false);
    expect(withFile(body, (fd, size) => containsBytes(fd, size, Buffer.from('needl')))).toBe(true);
    expect(withFile(body, (fd, size) => containsBytes(fd, size, Buffer.alloc(0)))).toBe(true);
  });

  it('finds the same as a regex scan on a 5 MB body', () => {
    const body = Buffer.from('x'.repeat(5 * CHUNK - 3) + 'end-of-body');
    expect(withFile(body, (fd, size) => containsBytes(fd, size, Buffer.from('end-of-body')))).toBe(true);
    expect(withFile(body, (fd, size) => firstMatch(fd, size, /end-(of)-body/)?.[1])).toBe('of');
  });
});
