import { z } from 'zod';
import { RequestSpec } from './http';
import type { Namespace } from './result';

/** What an import would add, shown before anything is saved. */
export const ImportPreview = z.object({
  /** Hands the plan to import:commit; valid until a few more previews are made or Latchkey restarts. */
  token: z.string(),
  format: z.string(),
  collections: z.array(z.object({ name: z.string(), requests: z.number().int(), folders: z.number().int() })),
  environments: z.array(z.object({ name: z.string(), variables: z.number().int() })),
  /** Names of the connections it makes for the auth it found. */
  connections: z.array(z.string()),
  /** What was left out or kept as text (scripts, unsupported auth), naming where. */
  notes: z.array(z.string()),
  /** Script lines that became assertions and captures (Postman test scripts): where, the line, and what it became. */
  recognised: z.array(z.object({ where: z.string(), script: z.string(), became: z.string() })),
  /** Every local file a request names: none is read or sent until the user picks it again. */
  localFiles: z.array(z.object({ where: z.string(), part: z.string(), path: z.string() })),
});
export type ImportPreview = z.infer<typeof ImportPreview>;

export const ExportedFile = z.object({ fileName: z.string(), text: z.string(), notes: z.array(z.string()) });
export type ExportedFile = z.infer<typeof ExportedFile>;

export const importing = {
  /** A pasted curl command as a request for the editor; nothing in it is run. Warnings name what was left out. */
  'import:curl': {
    req: z.object({ command: z.string().min(1).max(1024 * 1024 + 1024) }),
    res: z.object({ request: RequestSpec, warnings: z.array(z.string()) }),
  },
  /** Reads a Postman, Insomnia, OpenAPI, Swagger, HAR or curl text; saves nothing. */
  'import:preview': { req: z.object({ text: z.string().max(50 * 1024 * 1024), fileName: z.string().max(255).optional() }), res: ImportPreview },
  /** Saves a previewed import: all of it, or (on any error) none of it. */
  'import:commit': { req: z.object({ token: z.string().min(1).max(100) }), res: z.object({ collectionIds: z.array(z.uuid()), environmentIds: z.array(z.uuid()), connectionIds: z.array(z.uuid()) }) },
  /** A collection as Postman Collection v2.1 JSON; secrets stay `{{placeholders}}` unless includeSecrets. */
  'export:collection': { req: z.object({ id: z.uuid(), includeSecrets: z.boolean() }), res: ExportedFile },
  /** An environment as Postman environment JSON; secret values stay `{{placeholders}}` unless includeSecrets. */
  'export:environment': { req: z.object({ id: z.uuid(), includeSecrets: z.boolean() }), res: ExportedFile },
} satisfies Namespace;
