import { copyFileSync, existsSync, readdirSync, renameSync, rmdirSync, rmSync } from 'node:fs';
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
  ) {}

  private pathOf(name: string): string {
    return join(this.directory, `${name}.json`);
  }

  private conf(name: string): ConfLike {
    let conf = this.open.get(name);
    if (!conf) {
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
