import type { z } from 'zod';
import { SecretFieldInput, StoredSecretField } from '../../../preload/contract';

/** A secret field: its keychain id, and on input a new value to store. */
export type SecretRef = { id: string | null };
export type SecretInputRef = SecretRef & { set?: string };

interface Def {
  type: string;
  shape?: Record<string, z.ZodType>;
  element?: z.ZodType;
  options?: z.ZodType[];
  innerType?: z.ZodType;
  in?: z.ZodType;
}
const defOf = (schema: z.ZodType): Def => (schema as unknown as { _zod: { def: Def } })._zod.def;

/**
 * Rebuilds `value` with every secret field replaced by what `visit` returns. Secret fields are
 * the places where the contract's schema uses its secret field (StoredSecretField, or
 * SecretFieldInput for what the editor saves), so a new auth type's secrets are found by
 * declaring them, not by their shape. Unions take the option the value parses as.
 */
export function mapSecretFields(schema: z.ZodType, value: unknown, visit: (field: SecretInputRef, path: readonly string[]) => SecretRef, path: readonly string[] = []): unknown {
  if (schema === StoredSecretField || schema === SecretFieldInput) return visit(value as SecretInputRef, path);
  if (value === null || value === undefined) return value;
  const def = defOf(schema);
  switch (def.type) {
    case 'object': {
      const out: Record<string, unknown> = { ...(value as Record<string, unknown>) };
      for (const [key, field] of Object.entries(def.shape ?? {})) if (key in out) out[key] = mapSecretFields(field, out[key], visit, [...path, key]);
      return out;
    }
    case 'array':
      return (value as unknown[]).map((item, i) => mapSecretFields(def.element!, item, visit, [...path, String(i)]));
    case 'union': {
      const option = def.options!.find((o) => o.safeParse(value).success);
      return option ? mapSecretFields(option, value, visit, path) : value;
    }
    case 'nullable':
    case 'optional':
    case 'default':
    case 'readonly':
      return mapSecretFields(def.innerType!, value, visit, path);
    case 'pipe':
      return mapSecretFields(def.in!, value, visit, path);
    default:
      return value;
  }
}

/** Every secret field of `value` under `schema`, in order. */
export function secretFields(schema: z.ZodType, value: unknown): SecretInputRef[] {
  return secretFieldsAt(schema, value).map((f) => f.field);
}

/** Every secret field of `value` under `schema` with its path of keys ("auth", "clientSecret"). */
export function secretFieldsAt(schema: z.ZodType, value: unknown): { field: SecretInputRef; path: readonly string[] }[] {
  const found: { field: SecretInputRef; path: readonly string[] }[] = [];
  mapSecretFields(schema, value, (field, path) => {
    found.push({ field, path });
    return field;
  });
  return found;
}
