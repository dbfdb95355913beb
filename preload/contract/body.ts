import { z } from 'zod';
import { StreamEvent } from './http';
import type { Namespace } from './result';

const BodyId = z.string().regex(/^[0-9a-f-]{36}$/, 'not a body id');
export const BodyView = z.enum(['raw', 'pretty']);
export type BodyView = z.infer<typeof BodyView>;

export const BodyStatus = z.object({
  json: z.boolean(),
  /** The language of the pretty view, when there is one. */
  format: z.enum(['json', 'xml']).nullable(),
  /** Where the JSON stops being valid (then only the raw view exists). */
  error: z.object({ message: z.string(), offset: z.number(), line: z.number(), column: z.number() }).nullable(),
  /** False while main is still indexing; rows grow until then. */
  done: z.boolean(),
  /** True while the body itself is still arriving (rows and bytes grow with it). */
  receiving: z.boolean(),
  progress: z.number().min(0).max(1),
  rows: z.object({ raw: z.number().int(), pretty: z.number().int() }),
  bytes: z.number().int(),
});
export type BodyStatus = z.infer<typeof BodyStatus>;

export const body = {
  'body:open': { req: z.object({ bodyId: BodyId, contentType: z.string().max(256).nullable() }), res: BodyStatus },
  'body:rows': {
    req: z.object({ bodyId: BodyId, view: BodyView, start: z.number().int().min(0), count: z.number().int().min(1).max(1000) }),
    res: z.object({ rows: z.array(z.string()), status: BodyStatus }),
  },
  'body:search': {
    req: z.object({ bodyId: BodyId, view: BodyView, query: z.string().max(1000), caseSensitive: z.boolean() }),
    res: z.object({ count: z.number().int(), rows: z.array(z.number().int()), status: BodyStatus }),
  },
  /** The last row of the object or array opening on `row` of the pretty JSON view (for folding); null when none opens there. */
  'body:fold': {
    req: z.object({ bodyId: BodyId, row: z.number().int().min(0) }),
    res: z.object({ end: z.number().int() }).nullable(),
  },
  /** The JSON text of the value on `row` of the pretty view (objects and arrays whole), for Copy value. */
  'body:value': {
    req: z.object({ bodyId: BodyId, row: z.number().int().min(0) }),
    res: z.object({ text: z.string() }),
  },
  /** A JSONPath expression over a JSON body: the matches, as a JSON array, become a new body to view. */
  'body:filter': {
    req: z.object({ bodyId: BodyId, expression: z.string().max(4096) }),
    res: z.object({ bodyId: z.string(), count: z.number().int() }),
  },
  /** Server-sent events of a stored event-stream body, read from its file (with their times when they were kept). */
  'body:events': {
    req: z.object({ bodyId: BodyId, start: z.number().int().min(0), count: z.number().int().min(1).max(2000) }),
    res: z.object({ events: z.array(StreamEvent), total: z.number().int(), receiving: z.boolean() }),
  },
  /** Save through the system's save dialog: main copies the file (desktop only). Null path when cancelled. */
  'body:saveAs': {
    req: z.object({ bodyId: BodyId, suggestedName: z.string().min(1).max(255) }),
    res: z.object({ path: z.string().nullable() }),
  },
  /** Bytes of the stored body, for Save and Copy (an explicit user action). */
  'body:read': {
    req: z.object({ bodyId: BodyId, offset: z.number().int().min(0), length: z.number().int().min(1).max(8 * 1024 * 1024) }),
    res: z.object({ base64: z.string(), bytes: z.number().int() }),
  },
} satisfies Namespace;
