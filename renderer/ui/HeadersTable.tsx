/** Name/value pairs as a read-only table: response headers, headers that will be sent. */
export function HeadersTable({ label, rows }: { label: string; rows: readonly (readonly [string, string])[] }) {
  return (
    <table className="headers-table" aria-label={label}>
      <tbody>
        {rows.map(([name, value], i) => (
          <tr key={`${name}-${i}`}>
            <th scope="row">{name}</th>
            <td>{value}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
