import type { CaptureScope, ItemLocation, KeyValue, RequestSpec, ResolvedVariable } from '../../../preload/contract';
import type { CapturedEntry, CapturedTable } from '../checks/capturedValues';
import type { ScopeLevel } from '../collections/collectionsService';
import { effectiveConnectionId } from '../connections/inheritConnection';
import type { Lookup } from './resolveTemplate';
import type { VariableValues } from './variableTable';

export interface ScopeSources {
  globals(): VariableValues | Promise<VariableValues>;
  /** The active environment's values, id and name; null when none is active. */
  environment(chosenId?: string | null): { id: string; name: string; values: VariableValues | Promise<VariableValues> } | null;
  /** Scopes around a saved item, nearest first. */
  scopes(itemId: string): ScopeLevel[];
  /** For the Variables view: every global and environment definition, secrets masked. */
  definitions(): { scope: 'environment' | 'global'; source: string; name: string; value: string; secret: boolean }[];
  /** Values captured from responses into a scope (an environment's or collection's id; null for session and global). */
  captured(scope: CaptureScope, ownerId: string | null): CapturedTable | Promise<CapturedTable>;
  /** False when nothing is captured anywhere (most sends): the captured tables are not looked at. */
  anyCaptured(): boolean;
  /** For the Variables view: every captured value, and a plain one's value (null for a secret). */
  capturedList(): CapturedEntry[];
  capturedValue(id: string): string | null;
}

const NONE: CapturedTable = { values: new Map(), secrets: [] };
const NO_CAPTURES = [NONE, NONE, NONE, NONE] as const;

function tableOf(rows: readonly KeyValue[] | undefined): Map<string, string> | null {
  if (!rows || rows.length === 0) return null;
  const table = new Map<string, string>();
  for (const row of rows) if (row.enabled && row.name !== '' && !table.has(row.name)) table.set(row.name, row.value);
  return table.size > 0 ? table : null;
}

/**
 * `{{name}}` is looked up innermost first: the request's own variables, values captured for this
 * session, its folders' (nearest first), its collection's, the active environment's, then the
 * global ones. In each of the last three, a value captured from a response wins over the one the
 * user defined there (it is the newer, like Postman's current value over its initial value).
 */
export class ScopeResolver {
  constructor(private readonly sources: ScopeSources) {}

  /** The values a request sees; synchronous when nothing needs the keychain (the common case). */
  values(request: RequestSpec, location: ItemLocation | null | undefined, environmentId?: string | null): VariableValues | Promise<VariableValues> {
    const globals = this.sources.globals();
    const environment = this.sources.environment(environmentId);
    const levels = location ? this.sources.scopes(location.itemId) : [];
    const own = tableOf(request.variables);
    const collectionId = levels.find((level) => level.kind === 'collection')?.id ?? null;
    const captured = this.sources.anyCaptured()
      ? ([
          this.sources.captured('session', null),
          collectionId ? this.sources.captured('collection', collectionId) : NONE,
          environment ? this.sources.captured('environment', environment.id) : NONE,
          this.sources.captured('global', null),
        ] as const)
      : NO_CAPTURES;
    const anyCaptured = captured.some((table) => table instanceof Promise || table.values.size > 0);
    if (!environment && levels.length === 0 && !own && !anyCaptured) return globals;
    if (globals instanceof Promise || environment?.values instanceof Promise || captured.some((table) => table instanceof Promise)) {
      return Promise.all([globals, environment?.values, Promise.all(captured)]).then(([g, e, c]) => this.compose(own, levels, e, g, c));
    }
    return this.compose(own, levels, environment?.values, globals, captured as readonly CapturedTable[]);
  }

  private compose(own: Map<string, string> | null, levels: ScopeLevel[], environment: VariableValues | undefined, globals: VariableValues, captured: readonly CapturedTable[]): VariableValues {
    const [session, collection, capturedEnvironment, capturedGlobal] = captured as [CapturedTable, CapturedTable, CapturedTable, CapturedTable];
    const tables: Map<string, string>[] = [];
    if (own) tables.push(own);
    if (session.values.size > 0) tables.push(session.values);
    for (const level of levels) {
      if (level.kind === 'collection' && collection.values.size > 0) tables.push(collection.values);
      const defined = tableOf(level.variables);
      if (defined) tables.push(defined);
    }
    const lookup: Lookup = (name) => {
      for (const table of tables) {
        const value = table.get(name);
        if (value !== undefined) return value;
      }
      return capturedEnvironment.values.get(name) ?? environment?.lookup(name) ?? capturedGlobal.values.get(name) ?? globals.lookup(name);
    };
    const capturedSecrets = captured.flatMap((table) => table.secrets);
    const secrets = environment ? [...environment.secrets, ...globals.secrets] : globals.secrets;
    return { lookup, secrets: capturedSecrets.length > 0 ? [...secrets, ...capturedSecrets] : secrets };
  }

  /** For Copy as cURL and exports: a secret value stays a `{{name}}` placeholder unless the user asked for secrets. */
  async exportLookup(request: RequestSpec, location: ItemLocation | null | undefined, includeSecrets: boolean): Promise<Lookup> {
    const { lookup, secrets } = await this.values(request, location);
    if (includeSecrets || secrets.length === 0) return lookup;
    const secret = new Set(secrets);
    return (name) => {
      const value = lookup(name);
      return value !== undefined && secret.has(value) ? `{{${name}}}` : value;
    };
  }

  /** The request with its connection filled in from its folders or collection when it inherits. */
  withConnection(request: RequestSpec, location: ItemLocation | null | undefined): RequestSpec {
    if (!location || request.connectionId !== undefined) return request;
    const inherited = effectiveConnectionId(request, this.sources.scopes(location.itemId));
    return inherited === null ? request : { ...request, connectionId: inherited };
  }

  /** Every definition a request can see, innermost first, each marked when a nearer one wins. */
  explain(requestVariables: KeyValue[], location: ItemLocation | null): ResolvedVariable[] {
    const rows: Omit<ResolvedVariable, 'overridden'>[] = [];
    const captured = this.sources.capturedList();
    const capturedRows = (scope: CaptureScope, ownerId: string | null, kind: ResolvedVariable['scope'], source: string) => {
      for (const c of captured) {
        if (c.scope !== scope || c.ownerId !== ownerId) continue;
        rows.push({ name: c.name, value: c.secret ? '••••••' : (this.sources.capturedValue(c.id) ?? ''), secret: c.secret, scope: kind, source, captured: { id: c.id, from: c.from, at: c.at } });
      }
    };
    for (const v of requestVariables) if (v.enabled && v.name !== '') rows.push({ name: v.name, value: v.value, secret: false, scope: 'request', source: 'This request' });
    capturedRows('session', null, 'session', 'This session');
    for (const level of location ? this.sources.scopes(location.itemId) : []) {
      if (level.kind === 'collection') capturedRows('collection', level.id, 'collection', level.name);
      for (const v of level.variables) if (v.enabled && v.name !== '') rows.push({ name: v.name, value: v.value, secret: false, scope: level.kind, source: level.name });
    }
    const outer = this.sources.definitions();
    const environment = this.sources.environment();
    if (environment) capturedRows('environment', environment.id, 'environment', environment.name);
    rows.push(...outer.filter((d) => d.scope === 'environment'));
    capturedRows('global', null, 'global', 'Global');
    rows.push(...outer.filter((d) => d.scope === 'global'));
    const seen = new Set<string>();
    return rows.map((row) => {
      const overridden = seen.has(row.name);
      seen.add(row.name);
      return { ...row, overridden };
    });
  }
}
