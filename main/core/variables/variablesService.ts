import { z } from 'zod';
import { Variable, type VariableInput } from '../../../preload/contract';
import type { StoredDocument, DocumentSpec } from '../persistence/storedDocument';
import type { SecretService } from '../secrets/secretService';
import { LatchkeyError } from '../errors';
import type { Lookup } from './resolveTemplate';

export interface VariableValues {
  lookup: Lookup;
  /** Values of secret variables, to redact from anything shown. */
  secrets: string[];
}

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

/**
 * The global variable table. Plain values live in the document; secret values in the
 * keychain, cached in main's memory once read so sending does not hit the keychain each time.
 */
export class VariablesService {
  private readonly secretCache = new Map<string, string>();
  private cached: { source: unknown; values: VariableValues } | null = null;

  constructor(
    private readonly doc: StoredDocument<VariablesData>,
    private readonly secrets: SecretService,
  ) {}

  list(): z.infer<typeof Variable>[] {
    return this.doc.get().variables;
  }

  async save(inputs: VariableInput[]): Promise<z.infer<typeof Variable>[]> {
    const seen = new Set<string>();
    for (const input of inputs) {
      if (seen.has(input.name)) throw new LatchkeyError('invalid_request', `The variable "${input.name}" is defined twice.`);
      seen.add(input.name);
    }
    const previous = new Map(this.list().map((v) => [v.name, v]));
    const next: z.infer<typeof Variable>[] = [];
    for (const input of inputs) {
      if (!input.secret) {
        next.push({ name: input.name, enabled: input.enabled, secret: false, value: input.value, secretId: null });
        continue;
      }
      // A plain variable turned secret moves its value into the keychain.
      const newValue = input.newSecretValue ?? (previous.get(input.name)?.secret === false ? previous.get(input.name)?.value : undefined);
      let secretId = input.secretId;
      if (newValue !== undefined && newValue !== '') {
        secretId = await this.secrets.save(newValue, secretId ?? undefined);
        this.secretCache.set(secretId, newValue);
      }
      next.push({ name: input.name, enabled: input.enabled, secret: true, value: '', secretId });
    }
    const kept = new Set(next.map((v) => v.secretId).filter(Boolean));
    for (const old of previous.values()) {
      if (old.secretId && !kept.has(old.secretId)) {
        await this.secrets.delete(old.secretId);
        this.secretCache.delete(old.secretId);
      }
    }
    this.doc.set({ variables: next });
    this.cached = null;
    return next;
  }

  /** For exports: secret variables stay as `{{name}}` placeholders unless the user asked for them. */
  async exportLookup(includeSecrets: boolean): Promise<Lookup> {
    const { lookup } = await this.lookup();
    if (includeSecrets) return lookup;
    const secretNames = new Set(this.list().filter((v) => v.enabled && v.secret).map((v) => v.name));
    return (name) => (secretNames.has(name) ? `{{${name}}}` : lookup(name));
  }

  /**
   * A lookup over the enabled variables, with secret values fetched from the keychain, and the
   * secret values themselves so whatever goes back to the renderer can be redacted.
   */
  /** The lookup as built last time, while the table is unchanged: no await needed to send. */
  cachedLookup(): VariableValues | null {
    return this.cached && this.cached.source === this.list() ? this.cached.values : null;
  }

  async lookup(): Promise<VariableValues> {
    // Built once per version of the table: sending does not rebuild it each time.
    const cached = this.cachedLookup();
    if (cached) return cached;
    const source = this.list();
    const values = new Map<string, string>();
    const secrets: string[] = [];
    for (const variable of this.list()) {
      if (!variable.enabled) continue;
      if (!variable.secret) {
        values.set(variable.name, variable.value);
      } else if (variable.secretId) {
        let value = this.secretCache.get(variable.secretId);
        if (value === undefined) {
          value = await this.secrets.reveal(variable.secretId);
          this.secretCache.set(variable.secretId, value);
        }
        values.set(variable.name, value);
        secrets.push(value);
      }
    }
    const result: VariableValues = { lookup: (name) => values.get(name), secrets };
    this.cached = { source, values: result };
    return result;
  }
}
