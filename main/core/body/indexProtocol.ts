import type { JsonError } from './jsonPrettyStream';

/** Main → the indexing thread. */
export type IndexRequest =
  | { type: 'index'; bodyId: string; path: string; prettyPath: string | null; format: 'json' | 'xml' | null; complete: boolean }
  /** More of a growing body is in its file (or it is complete). */
  | { type: 'grown'; bodyId: string; complete: boolean }
  | { type: 'forget'; bodyId: string };

export interface IndexedSoFar {
  /** New row marks since the last update, and the row count. */
  marks: Float64Array;
  lineCount: number;
}

/** The indexing thread → main: how far a body's index got. Marks and bytes sent are in their files already. */
export type IndexUpdate =
  | {
      type: 'progress';
      bodyId: string;
      /** Raw bytes read and indexed. */
      read: number;
      raw: IndexedSoFar;
      pretty: (IndexedSoFar & { bytes: number }) | null;
      error: JsonError | null;
      done: boolean;
    }
  | { type: 'failed'; bodyId: string; message: string }
  /** A forgotten body's files are closed. */
  | { type: 'forgotten'; bodyId: string };
