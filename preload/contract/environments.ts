import { z } from 'zod';
import { ItemLocation, KeyValue } from './http';
import type { Namespace } from './result';
import { Variable, VariableInput } from './variables';

/** A named set of variables (dev, staging, prod); one is active at a time. Secret values live in the keychain. */
export const Environment = z.object({
  id: z.uuid(),
  name: z.string().trim().min(1, 'a name is needed').max(256),
  variables: z.array(Variable).max(2000),
});
export type Environment = z.infer<typeof Environment>;

export const EnvironmentInput = z.object({
  /** Absent for a new environment. */
  id: z.uuid().optional(),
  name: Environment.shape.name,
  variables: z.array(VariableInput).max(2000),
});
export type EnvironmentInput = z.infer<typeof EnvironmentInput>;

export const EnvironmentList = z.object({ activeId: z.uuid().nullable(), environments: z.array(Environment) });
export type EnvironmentList = z.infer<typeof EnvironmentList>;

/** Where a variable's value comes from, innermost first. */
export const ScopeKind = z.enum(['request', 'session', 'folder', 'collection', 'environment', 'global']);
export type ScopeKind = z.infer<typeof ScopeKind>;

/** One definition of a variable as the Variables view lists it; a secret one's value is masked. */
export const ResolvedVariable = z.object({
  name: z.string(),
  value: z.string(),
  secret: z.boolean(),
  scope: ScopeKind,
  /** The folder, collection or environment it is defined in. */
  source: z.string(),
  /** Another scope nearer the request defines the same name, so this value is not used. */
  overridden: z.boolean(),
  /** Set by a capture from a response: which request and when (its id clears it with checks:clearCaptured). */
  captured: z.object({ id: z.string(), from: z.string(), at: z.number() }).optional(),
});
export type ResolvedVariable = z.infer<typeof ResolvedVariable>;

export const environments = {
  'environments:list': { req: z.void(), res: EnvironmentList },
  'environments:save': { req: EnvironmentInput, res: Environment },
  'environments:delete': { req: z.object({ id: z.uuid() }), res: z.void() },
  /** null: no environment. */
  'environments:activate': { req: z.object({ id: z.uuid().nullable() }), res: z.void() },
  /** Every variable a request can see, where each comes from and which wins. */
  'variables:resolved': {
    req: z.object({ location: ItemLocation.nullable(), requestVariables: z.array(KeyValue).max(500) }),
    res: z.array(ResolvedVariable),
  },
} satisfies Namespace;

/** A Postman-style environment from an import, before it is saved. */
export const ImportedEnvironment = z.object({ name: z.string(), variables: z.array(z.object({ name: z.string(), value: z.string(), secret: z.boolean(), enabled: z.boolean() })) });
export type ImportedEnvironment = z.infer<typeof ImportedEnvironment>;
