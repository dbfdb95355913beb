import { z } from 'zod';
import type { Namespace } from './result';

/**
 * Secrets live in the keychain and are named by id. No channel takes an id and answers its value:
 * a value crosses only through a call for one purpose (a connection field's Reveal or Copy,
 * Export token), each an explicit user action.
 */
export const SecretId = z.string().regex(/^[a-z0-9-]{8,64}$/, 'not a secret id');

export const secrets = {
  'secrets:status': {
    req: z.void(),
    res: z.object({ available: z.boolean(), message: z.string().nullable() }),
  },
} satisfies Namespace;
