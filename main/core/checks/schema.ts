import { Ajv } from 'ajv';
import addFormats from 'ajv-formats';

type Check = (value: unknown) => string | null;

const KEPT = 100;
let ajv: Ajv | undefined;
const compiled = new Map<string, Check>();

/**
 * A JSON Schema as a check: null when the value matches, else the first problem. Remote `$ref`s
 * are never fetched (Ajv loads nothing by itself). Compiled schemas are kept by their text; past
 * a hundred, the compiler starts afresh, so the same `$id` in two schemas never clashes for long.
 */
export function schemaCheck(schemaText: string): Check {
  const known = compiled.get(schemaText);
  if (known) return known;
  if (!ajv || compiled.size >= KEPT) {
    ajv = new Ajv({ allErrors: false, strict: false, validateSchema: true, addUsedSchema: false });
    addFormats.default(ajv);
    compiled.clear();
  }
  const validate = ajv.compile(JSON.parse(schemaText) as object);
  const check: Check = (value) => {
    if (validate(value)) return null;
    const first = validate.errors?.[0];
    return first ? `does not match the schema: ${first.instancePath || 'the value'} ${first.message ?? 'is not valid'}` : 'does not match the schema';
  };
  compiled.set(schemaText, check);
  return check;
}
