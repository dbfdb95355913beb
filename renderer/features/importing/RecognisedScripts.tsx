import type { ImportPreview } from '../../../preload/contract';

/** The script lines an import turned into assertions and captures: where, the line, and what it became. */
export function RecognisedScripts({ recognised }: { recognised: ImportPreview['recognised'] }) {
  if (recognised.length === 0) return null;
  const shown = recognised.slice(0, 200);
  return (
    <details className="import-notes import-recognised" open={recognised.length <= 8}>
      <summary>
        {recognised.length === 1 ? '1 script line' : `${recognised.length.toLocaleString()} script lines`} recognised as assertions and captures
      </summary>
      <table className="kv-table" aria-label="Recognised scripts">
        <thead>
          <tr>
            <th>Where</th>
            <th>Script</th>
            <th>Became</th>
          </tr>
        </thead>
        <tbody>
          {shown.map((r, i) => (
            <tr key={i}>
              <td>{r.where}</td>
              <td>
                <code>{r.script}</code>
              </td>
              <td>{r.became}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {recognised.length > shown.length && <p className="hint">…and {(recognised.length - shown.length).toLocaleString()} more.</p>}
    </details>
  );
}
