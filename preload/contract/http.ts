import { z } from 'zod';
import type { Namespace } from './result';

export const HeaderRow = z.object({
  name: z.string().max(8192),
  value: z.string().max(65536),
  enabled: z.boolean(),
});
export type HeaderRow = z.infer<typeof HeaderRow>;

export const ExecuteRequest = z.object({
  requestId: z.string().min(1).max(100),
  method: z.string().min(1).max(64),
  url: z.string().max(65536),
  headers: z.array(HeaderRow).max(500),
  body: z.string().max(50 * 1024 * 1024).optional(),
});
export type ExecuteRequest = z.infer<typeof ExecuteRequest>;

export const ResponseBody = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('text'), text: z.string() }),
  z.object({ kind: z.literal('binary'), base64: z.string() }),
]);

export const ExecuteResult = z.object({
  requestId: z.string(),
  url: z.string(),
  status: z.number().int(),
  statusText: z.string(),
  headers: z.array(z.tuple([z.string(), z.string()])),
  contentType: z.string().nullable(),
  body: ResponseBody,
  /** Bytes received on the wire. */
  size: z.number().int().nonnegative(),
  /** True when the preview holds less than the whole body. */
  truncated: z.boolean(),
  timing: z.object({
    firstByteMs: z.number().nonnegative(),
    totalMs: z.number().nonnegative(),
  }),
});
export type ExecuteResult = z.infer<typeof ExecuteResult>;

export const http = {
  'http:execute': { req: ExecuteRequest, res: ExecuteResult },
  'http:cancel': { req: z.object({ requestId: z.string().min(1).max(100) }), res: z.object({ cancelled: z.boolean() }) },
} satisfies Namespace;
