import { randomUUID } from 'node:crypto';
import type { ConnectionAuthInput, EnvironmentInput, ImportedEnvironment, KeyValue, RequestSpec } from '../../../preload/contract';
import type { CollectionTree } from '../collections/collectionsService';
import { LatchkeyError } from '../errors';

/** A connection an import needs: made when the import is committed, under the id the tree already uses. */
export interface PendingConnection {
  /** A placeholder id the imported tree refers to until the connection is saved. */
  ref: string;
  name: string;
  baseUrl: string;
  auth: ConnectionAuthInput;
}

/** What an importer hands back: nothing is saved until the user confirms the preview. */
export interface ImportPlan {
  format: string;
  collections: CollectionTree[];
  environments: ImportedEnvironment[];
  connections: PendingConnection[];
  /** What was left out or kept as text, each naming where it was. */
  notes: string[];
  /** Script lines that became assertions and captures, each naming where it was. */
  recognised?: RecognisedScript[];
}

export interface RecognisedScript {
  where: string;
  script: string;
  became: string;
}

/** An imported capture whose variable name looks like a credential (a login's token) is kept as a secret, in the keychain. */
export function looksLikeCredential(name: string): boolean {
  return /token|secret|password|passwd|api[-_]?key|authorization|cookie|session|jwt|bearer/i.test(name);
}

/** Deepest nesting of folders an import may have; deeper is refused rather than walked. */
export const MAX_DEPTH = 64;
/** Most requests one import may bring. */
export const MAX_REQUESTS = 50_000;

export function importError(where: string, message: string): LatchkeyError {
  return new LatchkeyError('invalid_import', `${where}: ${message}`);
}

export function blankRequest(patch: Partial<RequestSpec> = {}): RequestSpec {
  return { method: 'GET', url: '', params: [], pathVariables: [], headers: [], body: { kind: 'none' }, settings: {}, ...patch };
}

/** Collects pending connections, one per distinct auth block. */
export class ConnectionPool {
  readonly list: PendingConnection[] = [];
  private readonly byKey = new Map<string, string>();

  add(name: string, auth: ConnectionAuthInput, baseUrl = ''): string {
    const key = JSON.stringify([auth, baseUrl]);
    const known = this.byKey.get(key);
    if (known) return known;
    const ref = randomUUID();
    this.byKey.set(key, ref);
    this.list.push({ ref, name: name.slice(0, 200) || 'Imported connection', baseUrl, auth });
    return ref;
  }
}

/** A secret field of a new connection, set to a value from the file. */
export function secret(value: string): { id: null; set: string } {
  return { id: null, set: value };
}

export function str(value: unknown): string {
  if (value === undefined || value === null) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return JSON.stringify(value);
}

export function countRequests(trees: CollectionTree[]): { requests: number; folders: number } {
  let requests = 0;
  let folders = 0;
  const walk = (items: CollectionTree['items']) => {
    for (const item of items) {
      if (item.kind === 'folder') {
        folders += 1;
        walk(item.items);
      } else requests += 1;
    }
  };
  for (const tree of trees) walk(tree.items);
  return { requests, folders };
}

export function enabledRows(rows: KeyValue[]): KeyValue[] {
  return rows.filter((r) => r.name !== '' || r.value !== '');
}

/** What committing an imported environment saves: secret values go to the keychain. */
export function environmentInput(environment: ImportedEnvironment, name = environment.name): EnvironmentInput {
  return {
    name,
    variables: environment.variables.map((v) =>
      v.secret ? { name: v.name, value: '', secret: true, enabled: v.enabled, secretId: null, newSecretValue: v.value } : { name: v.name, value: v.value, secret: false, enabled: v.enabled, secretId: null },
    ),
  };
}
