import { createContext, useContext, useId, useState } from 'react';
import { api } from '../../api';

/**
 * The saved connection whose fields are being edited. Reveal and Copy of a stored value ask
 * main for that one field of that connection (connections:revealSecret); there is no way to
 * ask for a secret by id alone.
 */
export const EditedConnection = createContext<string | null>(null);

/** A secret field as the editor holds it: the stored value's id, and a new value if one was typed. */
export interface SecretValue {
  id: string | null;
  set?: string;
}

interface Props {
  label: string;
  value: SecretValue;
  onChange(value: SecretValue): void;
  /** A textarea, for private keys (pasted PEM or a file path). */
  multiline?: boolean;
  placeholder?: string;
  hint?: string;
  /** False for values that are not worth showing (a stored file's bytes): Reveal and Copy are left out. */
  revealable?: boolean;
}

/**
 * A secret input: masked, with Reveal and Copy. A stored value stays in the keychain; it is
 * fetched only when the user asks to reveal or copy it, and typing replaces it.
 */
export function SecretField({ label, value, onChange, multiline = false, placeholder, hint, revealable = true }: Props) {
  const id = useId();
  const connectionId = useContext(EditedConnection);
  const [revealed, setRevealed] = useState<string | null>(null);
  const [shown, setShown] = useState(false);
  const [note, setNote] = useState<string | null>(null);
  const stored = value.id !== null && value.set === undefined;
  const text = value.set ?? (shown ? (revealed ?? '') : '');

  const flash = (message: string) => {
    setNote(message);
    setTimeout(() => setNote(null), 2500);
  };
  const current = async (): Promise<string | null> => {
    if (value.set !== undefined) return value.set;
    if (!value.id || !connectionId) return '';
    const result = await api.calls['connections:revealSecret']({ id: connectionId, secretId: value.id });
    if (!result.ok) {
      flash(result.error.message);
      return null;
    }
    return result.value.value;
  };
  const reveal = async () => {
    if (shown) {
      setShown(false);
      setRevealed(null);
      return;
    }
    if (stored) {
      const secret = await current();
      if (secret === null) return;
      setRevealed(secret);
    }
    setShown(true);
  };
  const copy = async () => {
    const secret = await current();
    if (secret === null) return;
    if (secret === '') return flash('Nothing to copy');
    await navigator.clipboard.writeText(secret).then(
      () => flash('Copied'),
      () => flash('The clipboard refused it'),
    );
  };
  const storedPlaceholder = multiline ? 'Stored in your keychain. Paste a new one to replace it.' : '•••••••• in your keychain (type to replace)';
  const common = {
    id,
    'aria-describedby': hint ? `${id}-hint` : undefined,
    autoComplete: 'off',
    spellCheck: false,
    placeholder: stored ? storedPlaceholder : placeholder,
    value: text,
    onChange: (e: { target: { value: string } }) => onChange({ id: value.id, set: e.target.value }),
  };
  return (
    <div className="form-row">
      <label className="form-label" htmlFor={id}>
        {label}
      </label>
      <div className="secret-field">
        {multiline ? (
          <textarea {...common} className={`code-input short ${shown || value.set === undefined ? '' : 'masked'}`} rows={4} />
        ) : (
          <input {...common} type={shown ? 'text' : 'password'} className="text-input" />
        )}
        {revealable && (
          <div className="secret-actions">
            <button type="button" className="button small ghost" onClick={() => void reveal()} aria-label={`${shown ? 'Hide' : 'Reveal'} ${label}`} disabled={!stored && !value.set}>
              {shown ? 'Hide' : 'Reveal'}
            </button>
            <button type="button" className="button small ghost" onClick={() => void copy()} aria-label={`Copy ${label}`} disabled={!stored && !value.set}>
              Copy
            </button>
            {note && (
              <span className="hint" role="status">
                {note}
              </span>
            )}
          </div>
        )}
      </div>
      {hint && (
        <span id={`${id}-hint`} className="form-hint">
          {hint}
        </span>
      )}
    </div>
  );
}

/** A labelled text input in the connection form. */
export function TextField({ label, value, onChange, placeholder, hint, list, type = 'text' }: { label: string; value: string; onChange(value: string): void; placeholder?: string; hint?: string; list?: string; type?: 'text' | 'number' }) {
  const id = useId();
  return (
    <div className="form-row">
      <label className="form-label" htmlFor={id}>
        {label}
      </label>
      <input id={id} className="text-input" type={type} spellCheck={false} autoComplete="off" list={list} placeholder={placeholder} aria-describedby={hint ? `${id}-hint` : undefined} value={value} onChange={(e) => onChange(e.target.value)} />
      {hint && (
        <span id={`${id}-hint`} className="form-hint">
          {hint}
        </span>
      )}
    </div>
  );
}

/** A labelled select in the connection form. */
export function SelectField<T extends string>({ label, value, options, onChange, hint }: { label: string; value: T; options: readonly (readonly [T, string])[]; onChange(value: T): void; hint?: string }) {
  const id = useId();
  return (
    <div className="form-row">
      <label className="form-label" htmlFor={id}>
        {label}
      </label>
      <select id={id} className="text-input" value={value} onChange={(e) => onChange(e.target.value as T)} aria-describedby={hint ? `${id}-hint` : undefined}>
        {options.map(([key, text]) => (
          <option key={key} value={key}>
            {text}
          </option>
        ))}
      </select>
      {hint && (
        <span id={`${id}-hint`} className="form-hint">
          {hint}
        </span>
      )}
    </div>
  );
}
