import { z } from 'zod';
import { Variable, type VariableInput } from '../../../preload/contract';
import type { StoredDocument, DocumentSpec } from '../persistence/storedDocument';
import type { SecretVariables, VariableValues } from './variableTable';

export type { VariableValues } from './variableTable';

export const VariablesData = z.object({ variables: z.array(Variable) });
export type VariablesData = z.infer<typeof VariablesData>;

export const variablesSpec: DocumentSpec<VariablesData> = {
  name: 'variables',
  title: 'Your variables',
  version: 1,
  schema: VariablesData,
  empty: () => ({ variables: [] }),
  migrations: [],
};

/** The global variables: the outermost scope, under environments, collections, folders and requests. */
export class VariablesService {
  constructor(
    private readonly doc: StoredDocument<VariablesData>,
    private readonly table: SecretVariables,
  ) {}

  list(): Variable[] {
    return this.doc.get().variables;
  }

  async save(inputs: VariableInput[]): Promise<Variable[]> {
    const next = await this.table.save(inputs, this.list());
    this.doc.set({ variables: next });
    return this.list();
  }

  /** The lookup as built last time, while the table is unchanged: no await needed to send. */
  cachedLookup(): VariableValues | null {
    return this.table.cached(this.list()) ?? null;
  }

  lookup(): Promise<VariableValues> {
    return this.table.values(this.list());
  }
}
