import { z } from 'zod';
import type { Namespace } from './result';
import { SecretId } from './secrets';

/** A global variable. A secret one keeps its value in the keychain; the renderer sees only its id. */
export const Variable = z.object({
  name: z.string().min(1).max(256).regex(/^[A-Za-z0-9_.$-]+$/, 'use letters, digits and _ . $ - only'),
  enabled: z.boolean(),
  secret: z.boolean(),
  /** The value of a plain variable; empty for a secret one. */
  value: z.string().max(1024 * 1024),
  secretId: SecretId.nullable(),
});
export type Variable = z.infer<typeof Variable>;

/** What the editor saves: `newSecretValue` replaces a secret's value; omitted, the old one stays. */
export const VariableInput = Variable.extend({ newSecretValue: z.string().max(1024 * 1024).optional() });
export type VariableInput = z.infer<typeof VariableInput>;

export const variables = {
  'variables:list': { req: z.void(), res: z.array(Variable) },
  'variables:save': { req: z.array(VariableInput).max(2000), res: z.array(Variable) },
} satisfies Namespace;
