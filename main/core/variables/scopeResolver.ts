import type { ItemLocation, KeyValue, RequestSpec, ResolvedVariable } from '../../../preload/contract';
import type { ScopeLevel } from '../collections/collectionsService';
import { effectiveConnectionId } from '../connections/inheritConnection';
import type { Lookup } from './resolveTemplate';
import type { VariableValues } from './variableTable';

export interface ScopeSources {
  globals(): VariableValues | Promise<VariableValues>;
  /** The active environment's values and name; null when none is active. */
  environment(): { name: string; values: VariableValues | Promise<VariableValues> } | null;
  /** Scopes around a saved item, nearest first. */
  scopes(itemId: string): ScopeLevel[];
  /** For the Variables view: every global and environment definition, secrets masked. */
  definitions(): { scope: 'environment' | 'global'; source: string; name: string; value: string; secret: boolean }[];
}

function tableOf(rows: readonly KeyValue[] | undefined): Map<string, string> | null {
  if (!rows || rows.length === 0) return null;
  const table = new Map<string, string>();
  for (const row of rows) if (row.enabled && row.name !== '' && !table.has(row.name)) table.set(row.name, row.value);
  return table.size > 0 ? table : null;
}

/**
 * `{{name}}` is looked up innermost first: the request's own variables, its folders' (nearest
 * first), its collection's, the active environment's, then the global ones.
 */
export class ScopeResolver {
  constructor(private readonly sources: ScopeSources) {}

  /** The values a request sees; synchronous when nothing needs the keychain (the common case). */
  values(request: RequestSpec, location: ItemLocation | null | undefined): VariableValues | Promise<VariableValues> {
    const globals = this.sources.globals();
    const environment = this.sources.environment();
    const levels = location ? this.sources.scopes(location.itemId) : [];
    const own = tableOf(request.variables);
    if (!environment && levels.length === 0 && !own) return globals;
    if (globals instanceof Promise || environment?.values instanceof Promise) {
      return Promise.all([globals, environment?.values]).then(([g, e]) => this.compose(own, levels, e, g));
    }
    return this.compose(own, levels, environment?.values, globals);
  }

  private compose(own: Map<string, string> | null, levels: ScopeLevel[], environment: VariableValues | undefined, globals: VariableValues): VariableValues {
    const tables = [own, ...levels.map((level) => tableOf(level.variables))].filter((t): t is Map<string, string> => t !== null);
    const lookup: Lookup = (name) => {
      for (const table of tables) {
        const value = table.get(name);
        if (value !== undefined) return value;
      }
      return environment?.lookup(name) ?? globals.lookup(name);
    };
    return { lookup, secrets: environment ? [...environment.secrets, ...globals.secrets] : globals.secrets };
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
    for (const v of requestVariables) if (v.enabled && v.name !== '') rows.push({ name: v.name, value: v.value, secret: false, scope: 'request', source: 'This request' });
    for (const level of location ? this.sources.scopes(location.itemId) : []) {
      for (const v of level.variables) if (v.enabled && v.name !== '') rows.push({ name: v.name, value: v.value, secret: false, scope: level.kind, source: level.name });
    }
    const outer = this.sources.definitions();
    rows.push(...outer.filter((d) => d.scope === 'environment'), ...outer.filter((d) => d.scope === 'global'));
    const seen = new Set<string>();
    return rows.map((row) => {
      const overridden = seen.has(row.name);
      seen.add(row.name);
      return { ...row, overridden };
    });
  }
}
