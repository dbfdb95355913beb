import type { FormEvent } from 'react';

export const METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS'] as const;

interface Props {
  method: string;
  url: string;
  sending: boolean;
  onMethod(method: string): void;
  onUrl(url: string): void;
  onSend(): void;
  onCancel(): void;
}

/** Method, URL and Send: the line every request starts from. */
export function RequestBar({ method, url, sending, onMethod, onUrl, onSend, onCancel }: Props) {
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
      <select id="request-method" className={`method method-${method.toLowerCase()}`} value={method} onChange={(e) => onMethod(e.target.value)}>
        {METHODS.map((m) => (
          <option key={m} value={m}>
            {m}
          </option>
        ))}
      </select>
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
      />
      <button type="submit" className={sending ? 'button cancel' : 'button primary'} title={sending ? 'Cancel the request (Esc)' : 'Send the request (Ctrl+Enter)'}>
        {sending ? 'Cancel' : 'Send'}
      </button>
    </form>
  );
}
