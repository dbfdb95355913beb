import type { HeaderRow } from '../../../preload/contract';

interface Props {
  headers: HeaderRow[];
  onChange(headers: HeaderRow[]): void;
}

/** Name/value rows; a blank last row is always there to type into. */
export function HeadersEditor({ headers, onChange }: Props) {
  const rows = headers.length === 0 || headers.at(-1)?.name || headers.at(-1)?.value ? [...headers, { name: '', value: '', enabled: true }] : headers;
  const update = (index: number, patch: Partial<HeaderRow>) => {
    const next = rows.map((row, i) => (i === index ? { ...row, ...patch } : row));
    onChange(next.filter((row, i) => i === next.length - 1 || row.name !== '' || row.value !== ''));
  };
  const remove = (index: number) => onChange(rows.filter((_, i) => i !== index));

  return (
    <table className="kv-table">
      <thead>
        <tr>
          <th className="col-toggle">
            <span className="sr-only">Enabled</span>
          </th>
          <th>Header name</th>
          <th>Value</th>
          <th className="col-action">
            <span className="sr-only">Remove</span>
          </th>
        </tr>
      </thead>
      <tbody>
        {rows.map((row, index) => {
          const isBlank = index === rows.length - 1 && row.name === '' && row.value === '';
          return (
            <tr key={index} className={row.enabled ? '' : 'disabled'}>
              <td className="col-toggle">
                {!isBlank && <input type="checkbox" aria-label={`Send header ${index + 1}`} checked={row.enabled} onChange={(e) => update(index, { enabled: e.target.checked })} />}
              </td>
              <td>
                <input aria-label={`Header ${index + 1} name`} placeholder="Name" spellCheck={false} value={row.name} onChange={(e) => update(index, { name: e.target.value })} />
              </td>
              <td>
                <input aria-label={`Header ${index + 1} value`} placeholder="Value" spellCheck={false} value={row.value} onChange={(e) => update(index, { value: e.target.value })} />
              </td>
              <td className="col-action">
                {!isBlank && (
                  <button type="button" className="icon-button" aria-label={`Remove header ${index + 1}`} onClick={() => remove(index)}>
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
