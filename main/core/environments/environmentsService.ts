import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { Environment, type EnvironmentInput, type EnvironmentList } from '../../../preload/contract';
import { LatchkeyError } from '../errors';
import type { DocumentSpec, StoredDocument } from '../persistence/storedDocument';
import type { SecretVariables, VariableValues } from '../variables/variableTable';

export const EnvironmentsData = z.object({ activeId: z.uuid().nullable(), environments: z.array(Environment) });
export type EnvironmentsData = z.infer<typeof EnvironmentsData>;

export const environmentsSpec: DocumentSpec<EnvironmentsData> = {
  name: 'environments',
  title: 'Your environments',
  version: 1,
  schema: EnvironmentsData,
  empty: () => ({ activeId: null, environments: [] }),
  migrations: [],
};

/** Environments and which one is active. */
export class EnvironmentsService {
  /** A run's own choice (`latchkey run --env`): used in this process only, never written, so the app's choice stays. undefined: the saved one. */
  private runActive: string | null | undefined;

  constructor(
    private readonly doc: StoredDocument<EnvironmentsData>,
    private readonly table: SecretVariables,
  ) {}

  list(): EnvironmentList {
    return this.doc.get();
  }

  async save(input: EnvironmentInput): Promise<Environment> {
    const data = this.doc.get();
    const existing = input.id ? data.environments.find((e) => e.id === input.id) : undefined;
    if (input.id && !existing) throw new LatchkeyError('not_found', 'That environment no longer exists; it may have been deleted.');
    if (data.environments.some((e) => e.id !== input.id && e.name === input.name)) {
      throw new LatchkeyError('invalid_request', `There is already an environment called "${input.name}".`);
    }
    const variables = await this.table.save(input.variables, existing?.variables ?? []);
    const saved: Environment = { id: existing?.id ?? randomUUID(), name: input.name, variables };
    const environments = existing ? data.environments.map((e) => (e.id === saved.id ? saved : e)) : [...data.environments, saved];
    this.doc.set({ ...data, environments });
    return this.doc.get().environments.find((e) => e.id === saved.id)!;
  }

  async remove(id: string): Promise<void> {
    const data = this.doc.get();
    const environment = data.environments.find((e) => e.id === id);
    if (!environment) return;
    this.doc.set({ activeId: data.activeId === id ? null : data.activeId, environments: data.environments.filter((e) => e.id !== id) });
    await this.table.forget(environment.variables);
  }

  activate(id: string | null): void {
    const data = this.doc.get();
    if (id !== null && !data.environments.some((e) => e.id === id)) throw new LatchkeyError('not_found', 'That environment no longer exists; it may have been deleted.');
    this.doc.set({ ...data, activeId: id });
  }

  active(): Environment | null {
    const { activeId, environments } = this.doc.get();
    const id = this.runActive === undefined ? activeId : this.runActive;
    return environments.find((e) => e.id === id) ?? null;
  }

  /** Uses an environment (or none) for this process only, by name; the saved choice is untouched. */
  useForRun(name: string | { id: string } | null): Environment | null {
    if (name === null) {
      this.runActive = null;
      return null;
    }
    const { environments } = this.doc.get();
    if (typeof name === 'object') {
      const byId = environments.find((e) => e.id === name.id);
      if (!byId) throw new LatchkeyError('not_found', 'That environment is no longer there.');
      this.runActive = byId.id;
      return byId;
    }
    const found = environments.find((e) => e.name === name) ?? environments.find((e) => e.name.toLowerCase() === name.toLowerCase());
    if (!found) throw new LatchkeyError('not_found', `There is no environment called "${name}"${environments.length ? `; there are ${environments.map((e) => `"${e.name}"`).join(', ')}` : ''}.`);
    this.runActive = found.id;
    return found;
  }

  /** An environment by id (a run's choice), or null. */
  byId(id: string): Environment | null {
    return this.doc.get().environments.find((e) => e.id === id) ?? null;
  }

  /** The active environment's values (or the given one's): synchronously while it is unchanged since last read. */
  values(chosen?: Environment | null): VariableValues | Promise<VariableValues> | null {
    const active = chosen === undefined ? this.active() : chosen;
    if (!active) return null;
    return this.table.cached(active.variables) ?? this.table.values(active.variables);
  }
}
