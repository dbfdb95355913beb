import type { KeyValue } from '../../preload/contract';

interface Props {
  rows: KeyValue[];
  onChange(rows: KeyValue[]): void;
  /** What one row is, for labels: "Header", "Parameter", "Field", "Path variable". */
  noun: string;
  describe?: boolean;
  /** Names are given (path variables): no renaming, adding or removing. */
  fixedNames?: boolean;
  /** id of a <datalist> of name suggestions. */
  suggestions?: string;
  valuePlaceholder?: string;
}

const blank = (): KeyValue => ({ name: '', value: '', enabled: true });

/** Name/value rows with enable, description and remove; a blank last row is there to type into. */
export function KeyValueTable({ rows, onChange, noun, describe = false, fixedNames = false, suggestions, valuePlaceholder = 'Value' }: Props) {
  const last = rows.at(-1);
  const shown = fixedNames || (last && last.name === '' && last.value === '') ? rows : [...rows, blank()];
  const commit = (next: KeyValue[]) => onChange(next.filter((row) => row.name !== '' || row.value !== '' || (row.description ?? '') !== ''));
  const update = (index: number, patch: Partial<KeyValue>) => commit(shown.map((row, i) => (i === index ? { ...row, ...patch } : row)));
  const remove = (index: number) => commit(shown.filter((_, i) => i !== index));
  const lower = noun.toLowerCase();

  return (
    <table className="kv-table">
      <thead>
        <tr>
          <th className="col-toggle">
            <span className="sr-only">Enabled</span>
          </th>
          <th>{noun === 'Header' ? 'Header name' : 'Name'}</th>
          <th>Value</th>
          {describe && <th>Description</th>}
          <th className="col-action">
            <span className="sr-only">Remove</span>
          </th>
        </tr>
      </thead>
      <tbody>
        {shown.map((row, index) => {
          const isBlank = !fixedNames && index === shown.length - 1 && row.name === '' && row.value === '';
          const n = index + 1;
          return (
            <tr key={index} className={row.enabled ? '' : 'disabled'}>
              <td className="col-toggle">
                {!isBlank && <input type="checkbox" aria-label={`Send ${lower} ${n}`} checked={row.enabled} onChange={(e) => update(index, { enabled: e.target.checked })} />}
              </td>
              <td>
                {fixedNames ? (
                  <code className="fixed-name">:{row.name}</code>
                ) : (
                  <input aria-label={`${noun} ${n} name`} placeholder="Name" spellCheck={false} list={suggestions} value={row.name} onChange={(e) => update(index, { name: e.target.value })} />
                )}
              </td>
              <td>
                <input aria-label={fixedNames ? `Value of :${row.name}` : `${noun} ${n} value`} placeholder={valuePlaceholder} spellCheck={false} value={row.value} onChange={(e) => update(index, { value: e.target.value })} />
              </td>
              {describe && (
                <td>
                  <input aria-label={`${noun} ${n} description`} placeholder="Description" value={row.description ?? ''} onChange={(e) => update(index, { description: e.target.value })} />
                </td>
              )}
              <td className="col-action">
                {!isBlank && !fixedNames && (
                  <button type="button" className="icon-button" aria-label={`Remove ${lower} ${n}`} onClick={() => remove(index)}>
                    ×
                  </button>
                )}
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
