import { z } from 'zod';
import { RequestSpec } from './http';
import type { Namespace } from './result';

/** The request being edited, restored on the next launch. */
export const Draft = RequestSpec;
export type Draft = z.infer<typeof Draft>;

export const workspace = {
  'workspace:getDraft': { req: z.void(), res: Draft },
  'workspace:saveDraft': { req: Draft, res: z.void() },
} satisfies Namespace;
