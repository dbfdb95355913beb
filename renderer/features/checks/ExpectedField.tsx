import { useRef } from 'react';
import { VALUE_TYPES, type Assertion } from '../../../preload/contract';

const PLACEHOLDERS: Partial<Record<Assertion['operator'], string>> = {
  matches: '/^ord_\\d+$/i',
  isOneOf: '200, 201, 204',
  lessThan: '500',
  greaterThan: '0',
  contains: 'text, or {{variable}}',
  notContains: 'text, or {{variable}}',
};

/** The expected value, in the form its operator needs: nothing, a type, a schema, or text. */
export function ExpectedField({ row, label, describedBy, invalid, onChange }: { row: Assertion; label: string; describedBy: string | undefined; invalid: boolean; onChange(expected: string): void }) {
  const file = useRef<HTMLInputElement>(null);
  if (row.operator === 'exists' || row.operator === 'notExists') return <span className="hint no-value">—</span>;
  if (row.operator === 'isType')
    return (
      <select aria-label={label} className="row-select" value={row.expected} onChange={(e) => onChange(e.target.value)}>
        {!(VALUE_TYPES as readonly string[]).includes(row.expected) && <option value={row.expected}>{row.expected || 'Choose a type'}</option>}
        {VALUE_TYPES.map((type) => (
          <option key={type} value={type}>
            {type}
          </option>
        ))}
      </select>
    );
  if (row.operator === 'matchesSchema')
    return (
      <div className="schema-field">
        <textarea aria-label={label} aria-describedby={describedBy} aria-invalid={invalid} rows={3} spellCheck={false} placeholder='{"type": "object", "required": ["id"]}' value={row.expected} onChange={(e) => onChange(e.target.value)} />
        <input
          ref={file}
          type="file"
          accept=".json,application/json,application/schema+json"
          className="sr-only"
          tabIndex={-1}
          aria-hidden="true"
          onChange={(e) => {
            const chosen = e.target.files?.[0];
            if (chosen) void chosen.text().then(onChange);
            e.target.value = '';
          }}
        />
        <button type="button" className="link-button small-text" onClick={() => file.current?.click()}>
          Load schema from file…
        </button>
      </div>
    );
  return <input aria-label={label} aria-describedby={describedBy} aria-invalid={invalid} spellCheck={false} placeholder={PLACEHOLDERS[row.operator] ?? 'Value, or {{variable}}'} value={row.expected} onChange={(e) => onChange(e.target.value)} />;
}
