/** What core needs from the outside world. Composition roots supply these; core never builds them. */

/** OS keychain. Implementations must never fall back to a plain file. */
export interface SecretStore {
  get(account: string): Promise<string | null>;
  set(account: string, value: string): Promise<void>;
  delete(account: string): Promise<boolean>;
}

/** Outcome of reading a stored document. */
export type DocumentRead =
  | { status: 'missing' }
  | { status: 'ok'; data: unknown }
  | { status: 'unreadable'; reason: string };

/** Named JSON documents in the data directory, written atomically with mode 0600. */
export interface DocumentStore {
  read(name: string): DocumentRead;
  write(name: string, data: unknown): void;
  /** Moves the file aside as `<name>.corrupt-<timestamp>` and returns the new path. */
  quarantine(name: string, timestamp: string): string;
  /** Copies the file to `<name>.backup-v<version>-<timestamp>` and returns the new path. */
  backup(name: string, label: string): string;
  /** Deletes the document's file (a deleted collection); a missing one is not an error. */
  remove(name: string): void;
}

export interface BrowserOpener {
  /** Opens an http(s) URL in the system browser; anything else is refused. */
  open(url: string): Promise<void>;
}

/** The system's own file dialogs. Only the desktop app has them; the browser host has none. */
export interface FileDialogs {
  /** The full path of a file the user chose, or null when they cancelled. */
  chooseFile(options: { title: string }): Promise<string | null>;
  /** Where the user chose to save, or null when they cancelled. */
  chooseSaveLocation(options: { title: string; defaultName: string }): Promise<string | null>;
}

export interface Clock {
  now(): number;
}

export interface Logger {
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
}
