import { z } from 'zod';
import { HeaderRow } from './http';
import type { Namespace } from './result';

/** The request being edited, restored on the next launch. */
export const Draft = z.object({
  method: z.string().min(1).max(64),
  url: z.string().max(65536),
  headers: z.array(HeaderRow).max(500),
  body: z.string().max(1024 * 1024),
});
export type Draft = z.infer<typeof Draft>;

export const workspace = {
  'workspace:getDraft': { req: z.void(), res: Draft },
  'workspace:saveDraft': { req: Draft, res: z.void() },
} satisfies Namespace;
