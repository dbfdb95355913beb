import type { Variable, VariableInput } from '../../../preload/contract';
import { LatchkeyError } from '../errors';
import type { SecretService } from '../secrets/secretService';
import type { Lookup } from './resolveTemplate';

export interface VariableValues {
  lookup: Lookup;
  /** Values of secret variables, to redact from anything shown. */
  secrets: string[];
}

/**
 * What the global variables and every environment share: plain values in their document, secret
 * ones in the keychain, read once and then kept in main's memory so sending does not wait on
 * the keychain each time.
 */
export class SecretVariables {
  private readonly cache = new Map<string, string>();
  private readonly built = new WeakMap<readonly Variable[], VariableValues>();

  constructor(private readonly secrets: SecretService) {}

  /** The table to store for `inputs`; new secret values go to the keychain, dropped ones leave it. */
  async save(inputs: VariableInput[], previousList: readonly Variable[]): Promise<Variable[]> {
    const seen = new Set<string>();
    for (const input of inputs) {
      if (seen.has(input.name)) throw new LatchkeyError('invalid_request', `The variable "${input.name}" is defined twice.`);
      seen.add(input.name);
    }
    const previous = new Map(previousList.map((v) => [v.name, v]));
    const next: Variable[] = [];
    for (const input of inputs) {
      if (!input.secret) {
        next.push({ name: input.name, enabled: input.enabled, secret: false, value: input.value, secretId: null });
        continue;
      }
      // A plain variable turned secret moves its value into the keychain.
      const before = previous.get(input.name);
      const newValue = input.newSecretValue ?? (before?.secret === false ? before.value : undefined);
      let secretId = input.secretId;
      if (newValue !== undefined && newValue !== '') {
        secretId = await this.secrets.save(newValue, secretId ?? undefined);
        this.cache.set(secretId, newValue);
      }
      next.push({ name: input.name, enabled: input.enabled, secret: true, value: '', secretId });
    }
    const kept = new Set(next.map((v) => v.secretId).filter(Boolean));
    await this.forget(previousList.filter((old) => old.secretId && !kept.has(old.secretId)));
    return next;
  }

  /** Deletes the keychain entries of these variables' secrets. */
  async forget(list: readonly Variable[]): Promise<void> {
    for (const variable of list) {
      if (!variable.secretId) continue;
      await this.secrets.delete(variable.secretId);
      this.cache.delete(variable.secretId);
    }
  }

  /** The values of a table as stored now; the same answer, without awaiting, while it is unchanged. */
  cached(list: readonly Variable[]): VariableValues | undefined {
    return this.built.get(list);
  }

  async values(list: readonly Variable[]): Promise<VariableValues> {
    const cached = this.built.get(list);
    if (cached) return cached;
    const values = new Map<string, string>();
    const secrets: string[] = [];
    // A secret that cannot be read fails only the requests that use it, and is asked for again next time.
    const unreadable = new Map<string, unknown>();
    for (const variable of list) {
      if (!variable.enabled) continue;
      if (!variable.secret) {
        values.set(variable.name, variable.value);
      } else if (variable.secretId) {
        let value = this.cache.get(variable.secretId);
        if (value === undefined) {
          try {
            value = await this.secrets.reveal(variable.secretId);
          } catch (error) {
            unreadable.set(variable.name, error);
            continue;
          }
          this.cache.set(variable.secretId, value);
        }
        values.set(variable.name, value);
        secrets.push(value);
      }
    }
    const lookup = (name: string) => {
      if (unreadable.has(name) && !values.has(name)) throw unreadable.get(name);
      return values.get(name);
    };
    const result: VariableValues = { lookup, secrets };
    if (unreadable.size === 0) this.built.set(list, result);
    return result;
  }
}
