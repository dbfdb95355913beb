import { z } from 'zod';
import type { Namespace } from './result';

export const FileInfo = z.object({
  path: z.string(),
  name: z.string(),
  size: z.number().int().nonnegative(),
  /** Guessed from the extension. */
  contentType: z.string(),
});
export type FileInfo = z.infer<typeof FileInfo>;

export const files = {
  /** The system's file dialog (desktop only: see AppInfo.fileDialogs). Null when cancelled. */
  'files:choose': { req: z.object({ title: z.string().max(200) }), res: z.object({ file: FileInfo.nullable() }) },
  /** Whether a typed path names a readable file, and its size. */
  'files:stat': { req: z.object({ path: z.string().min(1).max(4096) }), res: FileInfo },
  /** Saves text the user exported (a token) where they choose in the save dialog (desktop only); null path when cancelled. */
  'files:saveText': { req: z.object({ suggestedName: z.string().min(1).max(255), text: z.string().max(16 * 1024 * 1024) }), res: z.object({ path: z.string().nullable() }) },
} satisfies Namespace;
