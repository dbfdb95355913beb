import * as Dialog from '@radix-ui/react-dialog';
import { useState } from 'react';
import { DialogFooter, DialogShell } from '../../ui/FormDialog';

/** Paste a curl command to open it in the editor (Ctrl+Shift+I). Pasting one into the URL field does the same. */
export function ImportCurlDialog({ open, onOpenChange, onImport }: { open: boolean; onOpenChange(open: boolean): void; onImport(command: string): Promise<string | null> }) {
  return (
    <DialogShell open={open} onOpenChange={onOpenChange} describedBy="import-curl-description">
      <ImportCurlForm onImport={onImport} onClose={() => onOpenChange(false)} />
    </DialogShell>
  );
}

function ImportCurlForm({ onImport, onClose }: { onImport(command: string): Promise<string | null>; onClose(): void }) {
  const [command, setCommand] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const submit = async () => {
    if (command.trim() === '') return setError('Paste a curl command first.');
    setBusy(true);
    const problem = await onImport(command);
    setBusy(false);
    if (problem) return setError(problem);
    onClose();
  };
  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        void submit();
      }}
    >
      <Dialog.Title className="dialog-title">Import cURL</Dialog.Title>
      <Dialog.Description id="import-curl-description" className="hint">
        Replaces the request in the editor (you can undo). Shell variables such as $TOKEN become {'{{TOKEN}}'} variables; nothing in the command is run.
      </Dialog.Description>
      <label className="field-label" htmlFor="curl-command">
        curl command
      </label>
      <textarea
        id="curl-command"
        className="code-input"
        spellCheck={false}
        autoFocus
        placeholder={"curl 'https://api.example.com/v1/orders' \\\n  -H 'Authorization: Bearer $TOKEN' \\\n  --data-raw '{\"sku\":\"A-1\"}'"}
        value={command}
        onChange={(e) => setCommand(e.target.value)}
        onKeyDown={(e) => {
          if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
            e.preventDefault();
            e.stopPropagation();
            void submit();
          }
        }}
      />
      <DialogFooter error={error} busy={busy} action="Import" busyAction="Importing…" />
    </form>
  );
}
