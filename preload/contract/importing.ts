import { z } from 'zod';
import { RequestSpec } from './http';
import type { Namespace } from './result';

export const importing = {
  /** A pasted curl command as a request for the editor; nothing in it is run. Warnings name what was left out. */
  'import:curl': {
    req: z.object({ command: z.string().min(1).max(1024 * 1024 + 1024) }),
    res: z.object({ request: RequestSpec, warnings: z.array(z.string()) }),
  },
} satisfies Namespace;
