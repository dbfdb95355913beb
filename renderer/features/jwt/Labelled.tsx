import { useId, type ReactNode } from 'react';

/** A signer field with its label (and an optional hint under it). */
export function Labelled({ label, children, hint }: { label: string; children: (id: string) => ReactNode; hint?: ReactNode }) {
  const id = useId();
  return (
    <div className="jwt-field">
      <label className="form-label" htmlFor={id}>
        {label}
      </label>
      {children(id)}
      {hint && <span className="form-hint">{hint}</span>}
    </div>
  );
}
