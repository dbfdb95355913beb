import { useState, type FormEvent, type ReactNode } from 'react';

export const METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS'] as const;
const CUSTOM = '__custom__';

interface Props {
  method: string;
  url: string;
  sending: boolean;
  onMethod(method: string): void;
  onUrl(url: string): void;
  onSend(): void;
  onCancel(): void;
  /** A curl command pasted into the URL field is imported rather than pasted. */
  onPasteCurl?(command: string): void;
  /** Shown next to Cancel while the request runs (time, bytes, rate). */
  progress?: ReactNode;
}

/** Method, URL and Send: the line every request starts from. */
export function RequestBar({ method, url, sending, onMethod, onUrl, onSend, onCancel, onPasteCurl, progress }: Props) {
  const isCustom = !(METHODS as readonly string[]).includes(method);
  const [editingCustom, setEditingCustom] = useState(false);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (sending) onCancel();
    else onSend();
  };
  return (
    <form className="request-bar" onSubmit={submit} aria-label="Request">
      <label className="sr-only" htmlFor="request-method">
        Method
      </label>
      <select
        id="request-method"
        className={`method method-${method.toLowerCase()}`}
        value={editingCustom ? CUSTOM : method}
        onChange={(e) => {
          if (e.target.value === CUSTOM) {
            setEditingCustom(true);
          } else {
            setEditingCustom(false);
            onMethod(e.target.value);
          }
        }}
      >
        {METHODS.map((m) => (
          <option key={m} value={m}>
            {m}
          </option>
        ))}
        {isCustom && <option value={method}>{method}</option>}
        <option value={CUSTOM}>Custom…</option>
      </select>
      {editingCustom && (
        <>
          <label className="sr-only" htmlFor="custom-method">
            Custom method
          </label>
          <input
            id="custom-method"
            className="custom-method"
            autoFocus
            placeholder="PURGE"
            spellCheck={false}
            defaultValue={isCustom ? method : ''}
            onBlur={(e) => {
              const value = e.target.value.trim().toUpperCase();
              if (value !== '') onMethod(value);
              setEditingCustom(false);
            }}
            onKeyDown={(e) => {
              if (e.key === 'Enter') {
                e.preventDefault();
                e.currentTarget.blur();
              } else if (e.key === 'Escape') {
                setEditingCustom(false);
              }
            }}
          />
        </>
      )}
      <label className="sr-only" htmlFor="request-url">
        URL
      </label>
      <input
        id="request-url"
        className="url"
        type="text"
        spellCheck={false}
        autoComplete="off"
        placeholder="https://api.example.com/v1/resource"
        value={url}
        onChange={(e) => onUrl(e.target.value)}
        onPaste={(e) => {
          const text = e.clipboardData.getData('text/plain');
          if (onPasteCurl && /^\s*curl\s/.test(text)) {
            e.preventDefault();
            onPasteCurl(text);
          }
        }}
      />
      {sending && progress}
      <button type="submit" className={sending ? 'button cancel' : 'button primary'} title={sending ? 'Cancel the request (Esc)' : 'Send the request (Ctrl+Enter)'}>
        {sending ? 'Cancel' : 'Send'}
      </button>
    </form>
  );
}
