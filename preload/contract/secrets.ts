import { z } from 'zod';
import type { Namespace } from './result';

/** The renderer names secrets by id; values only cross on an explicit user action. */
export const SecretId = z.string().regex(/^[a-z0-9-]{8,64}$/, 'not a secret id');

export const secrets = {
  'secrets:status': {
    req: z.void(),
    res: z.object({ available: z.boolean(), message: z.string().nullable() }),
  },
  'secrets:save': {
    req: z.object({ id: SecretId.optional(), value: z.string().min(1).max(1024 * 1024) }),
    res: z.object({ id: SecretId }),
  },
  'secrets:delete': { req: z.object({ id: SecretId }), res: z.object({ deleted: z.boolean() }) },
  /** Explicit user action only (Reveal, Copy). */
  'secrets:reveal': { req: z.object({ id: SecretId }), res: z.object({ value: z.string() }) },
} satisfies Namespace;
