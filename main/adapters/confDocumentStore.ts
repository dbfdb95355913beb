import { chmodSync, copyFileSync, existsSync, mkdirSync, readdirSync, renameSync, rmdirSync, rmSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import type { DocumentRead, DocumentStore } from '../ports';

/** The part of conf (and electron-store, which extends it) this adapter uses. */
export interface ConfLike {
  store: Record<string, unknown>;
  readonly path: string;
}
export type ConfFactory = (options: { cwd: string; name: string }) => ConfLike;

/**
 * Documents as JSON files in one directory, through conf or electron-store: atomic writes
 * (temp file, fsync, rename) and mode 0600. Never clears a file it cannot parse.
 */
export class ConfDocumentStore implements DocumentStore {
  private readonly open = new Map<string, ConfLike>();

  constructor(
    readonly directory: string,
    private readonly factory: ConfFactory,
    now: () => number = Date.now,
  ) {
    mkdirSync(directory, { recursive: true, mode: 0o700 });
    tidyDataDirectory(directory, now());
  }

  private pathOf(name: string): string {
    return join(this.directory, `${name}.json`);
  }

  private conf(name: string): ConfLike {
    let conf = this.open.get(name);
    if (!conf) {
      // conf would create a missing folder with the default mode (0755).
      mkdirSync(dirname(this.pathOf(name)), { recursive: true, mode: 0o700 });
      conf = this.factory({ cwd: this.directory, name });
      this.open.set(name, conf);
    }
    return conf;
  }

  read(name: string): DocumentRead {
    if (!existsSync(this.pathOf(name))) return { status: 'missing' };
    try {
      return { status: 'ok', data: this.conf(name).store };
    } catch (error) {
      this.open.delete(name);
      return { status: 'unreadable', reason: error instanceof Error ? error.message : String(error) };
    }
  }

  write(name: string, data: unknown): void {
    this.conf(name).store = data as Record<string, unknown>;
  }

  quarantine(name: string, timestamp: string): string {
    const from = this.pathOf(name);
    const to = `${from}.corrupt-${timestamp}`;
    renameSync(from, to);
    this.open.delete(name);
    return to;
  }

  backup(name: string, label: string): string {
    const from = this.pathOf(name);
    const to = `${from}.backup-${label}`;
    copyFileSync(from, to);
    return to;
  }

  remove(name: string): void {
    const path = this.pathOf(name);
    rmSync(path, { force: true });
    this.open.delete(name);
    // A folder a document lived in (a deleted collection's) goes once it is empty.
    const folder = dirname(path);
    if (resolve(folder) !== resolve(this.directory) && existsSync(folder) && readdirSync(folder).length === 0) rmdirSync(folder);
  }
}

/** A temporary file of an atomic write (conf's writer names them `<file>.tmp-<10 digits><6 hex>`). */
const TEMP_FILE = /\.json\.tmp-\d{10}[a-f0-9]{6}$/;
/** Younger temporary files may belong to a write in progress in another Latchkey process. */
const TEMP_FILE_AGE_MS = 60_000;

/**
 * At start: every folder under the data directory made 0700 (earlier versions left some 0755),
 * and the temporary files of writes a crash interrupted removed. Documents sit at most two
 * folders down (collections/<id>/), so the walk stops there.
 */
export function tidyDataDirectory(directory: string, now: number, depth = 0): void {
  chmodSync(directory, 0o700);
  for (const entry of readdirSync(directory, { withFileTypes: true })) {
    const path = join(directory, entry.name);
    try {
      if (entry.isDirectory() && depth < 2) tidyDataDirectory(path, now, depth + 1);
      else if (entry.isFile() && TEMP_FILE.test(entry.name) && now - statSync(path).mtimeMs > TEMP_FILE_AGE_MS) rmSync(path, { force: true });
    } catch {
      // A folder or file that vanished or cannot be changed is left as it is; nothing depends on it.
    }
  }
}
