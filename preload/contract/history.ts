import { z } from 'zod';
import { ExecuteResult, RequestSpec, SentRequest } from './http';
import type { Namespace } from './result';

/** One execution, as it happened. Credential values are redacted before it is stored. */
export const HistoryEntry = z.object({
  id: z.string(),
  at: z.number(),
  request: RequestSpec,
  sent: SentRequest,
  status: z.number().int(),
  statusText: z.string(),
  totalMs: z.number().nonnegative(),
  bodySize: z.number().int().nonnegative(),
  contentType: z.string().nullable(),
  /** The stored response body, while it is kept. */
  bodyId: z.string(),
  /** Server-sent events in the body (an event stream), when there were any. */
  events: z.number().int().nonnegative().optional(),
  /** Why the body ended early (Cancel, a timeout), when it did: the entry holds what arrived. */
  incomplete: z.string().optional(),
  /** The response as the viewer showed it, less its body (read back from the stored file): a tab shows it again after a restart. */
  response: ExecuteResult.omit({ body: true, sent: true }).optional(),
});
export type HistoryEntry = z.infer<typeof HistoryEntry>;

export const HISTORY_LIMIT = 500;

export const history = {
  'history:list': { req: z.void(), res: z.array(HistoryEntry) },
  'history:clear': { req: z.void(), res: z.object({ removed: z.number().int() }) },
  'history:delete': { req: z.object({ id: z.string().max(100) }), res: z.object({ removed: z.boolean() }) },
  /** One entry's response as the viewer shows it (a tab's last response after a restart); null once it has left History or its body is gone. */
  'history:response': { req: z.object({ id: z.string().max(100) }), res: ExecuteResult.nullable() },
} satisfies Namespace;

export const historyEvents = {
  /** An execution was recorded (already redacted), newest first in the list. */
  'history:added': HistoryEntry,
};
