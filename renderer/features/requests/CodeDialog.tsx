import * as Dialog from '@radix-ui/react-dialog';
import { useEffect, useRef, useState } from 'react';
import type { CodeLanguage, Draft, ItemLocation } from '../../../preload/contract';
import { call } from '../../state/calls';
import { DialogShell } from '../../ui/FormDialog';

/** The languages in the order they are offered, with their names. */
export const LANGUAGES: { id: CodeLanguage; label: string }[] = [
  { id: 'curl', label: 'cURL' },
  { id: 'javascript', label: 'JavaScript (fetch)' },
  { id: 'python', label: 'Python (requests)' },
  { id: 'go', label: 'Go (net/http)' },
  { id: 'java', label: 'Java (HttpClient)' },
  { id: 'csharp', label: 'C# (HttpClient)' },
  { id: 'php', label: 'PHP (cURL)' },
  { id: 'powershell', label: 'PowerShell' },
];

const REMEMBERED = 'latchkey-code-language';

function rememberedLanguage(): CodeLanguage {
  const kept = localStorage.getItem(REMEMBERED);
  return LANGUAGES.find((l) => l.id === kept)?.id ?? 'curl';
}

type Written = { code: string; warnings: string[] } | { error: string };

/** "Request as code" (Ctrl+Alt+C): the request in the editor as cURL or code in seven languages, written by main. */
export function CodeDialog({ draft, location, onClose }: { draft: Draft; location: ItemLocation | null; onClose(): void }) {
  return (
    <DialogShell open onOpenChange={(open) => !open && onClose()} describedBy="code-description">
      <CodeView draft={draft} location={location} />
    </DialogShell>
  );
}

function CodeView({ draft, location }: { draft: Draft; location: ItemLocation | null }) {
  const [language, setLanguage] = useState<CodeLanguage>(rememberedLanguage);
  const [includeSecrets, setIncludeSecrets] = useState(false);
  // Each answer is kept with what it answers, so a choice still being written shows as such.
  const [answer, setAnswer] = useState<{ key: string; written: Written } | null>(null);
  const key = `${language} ${includeSecrets}`;
  const written = answer?.key === key ? answer.written : null;
  const [copied, setCopied] = useState<string | null>(null);
  const buttons = useRef<(HTMLButtonElement | null)[]>([]);

  useEffect(() => {
    let current = true;
    void call('http:code', { request: draft, language, includeSecrets, location }).then((result) => {
      if (current) setAnswer({ key: `${language} ${includeSecrets}`, written: result.ok ? result.value : { error: result.error.message } });
    });
    return () => {
      current = false;
    };
  }, [draft, language, includeSecrets, location]);

  const choose = (id: CodeLanguage) => {
    setLanguage(id);
    setCopied(null);
    localStorage.setItem(REMEMBERED, id);
  };
  const chosen = LANGUAGES.find((l) => l.id === language) ?? LANGUAGES[0]!;
  const code = written && 'code' in written ? written.code : null;

  const copy = async () => {
    if (code === null) return;
    const done = await navigator.clipboard.writeText(code).then(
      () => true,
      () => false,
    );
    setCopied(done ? (includeSecrets ? 'Copied, with secrets' : 'Copied') : 'The clipboard refused the code.');
  };
  // Arrow keys move through the languages, as in any radio group.
  const onKeyDown = (event: React.KeyboardEvent, index: number) => {
    const step = event.key === 'ArrowDown' || event.key === 'ArrowRight' ? 1 : event.key === 'ArrowUp' || event.key === 'ArrowLeft' ? -1 : 0;
    if (step === 0) return;
    event.preventDefault();
    const next = (index + step + LANGUAGES.length) % LANGUAGES.length;
    choose(LANGUAGES[next]!.id);
    buttons.current[next]?.focus();
  };

  return (
    <div className="code-dialog">
      <Dialog.Title className="dialog-title">Request as code</Dialog.Title>
      <Dialog.Description id="code-description" className="hint">
        The request as it would be sent now: variables filled in and its connection applied. Secrets stay placeholders unless you include them.
      </Dialog.Description>
      <div className="code-body">
        <div className="code-languages" role="radiogroup" aria-label="Language">
          {LANGUAGES.map((l, i) => (
            <button
              key={l.id}
              ref={(el) => {
                buttons.current[i] = el;
              }}
              type="button"
              role="radio"
              aria-checked={l.id === language}
              tabIndex={l.id === language ? 0 : -1}
              onClick={() => choose(l.id)}
              onKeyDown={(e) => onKeyDown(e, i)}
            >
              {l.label}
            </button>
          ))}
        </div>
        <div className="code-output">
          {written === null && (
            <p className="hint" role="status">
              Writing the {chosen.label} code…
            </p>
          )}
          {written && 'error' in written && (
            <p className="hint warning" role="alert">
              {written.error}
            </p>
          )}
          {code !== null && (
            <pre className="code-text" aria-label={`${chosen.label} code`} tabIndex={0}>
              {code}
            </pre>
          )}
          {written && 'warnings' in written && written.warnings.length > 0 && (
            <ul className="code-warnings" aria-label="What this code leaves out">
              {written.warnings.map((w) => (
                <li key={w}>{w}</li>
              ))}
            </ul>
          )}
        </div>
      </div>
      <div className="dialog-actions code-actions">
        <label className="checkbox-label">
          <input type="checkbox" checked={includeSecrets} onChange={(e) => setIncludeSecrets(e.target.checked)} />
          Include secret values
        </label>
        <span className="spacer" />
        {copied && (
          <span className="hint" role="status">
            {copied}
          </span>
        )}
        <button type="button" className="button primary" disabled={code === null} onClick={() => void copy()}>
          Copy
        </button>
        <Dialog.Close asChild>
          <button type="button" className="button">
            Close
          </button>
        </Dialog.Close>
      </div>
    </div>
  );
}
