import * as Dialog from '@radix-ui/react-dialog';
import type { ReactNode } from 'react';

/** A modal dialog whose form is mounted only while it is open, so each opening starts fresh. */
export function DialogShell({ open, onOpenChange, describedBy, children }: { open: boolean; onOpenChange(open: boolean): void; describedBy: string; children: ReactNode }) {
  return (
    <Dialog.Root open={open} onOpenChange={onOpenChange}>
      <Dialog.Portal>
        <Dialog.Overlay className="dialog-overlay" />
        <Dialog.Content className="dialog wide" aria-describedby={describedBy}>
          {open && children}
        </Dialog.Content>
      </Dialog.Portal>
    </Dialog.Root>
  );
}

/** The error line, Cancel and the submit button that end every form dialog. */
export function DialogFooter({ error, busy, action, busyAction }: { error: string | null; busy: boolean; action: string; busyAction: string }) {
  return (
    <>
      {error && (
        <p className="hint warning" role="alert">
          {error}
        </p>
      )}
      <div className="dialog-actions">
        <Dialog.Close asChild>
          <button type="button" className="button">
            Cancel
          </button>
        </Dialog.Close>
        <button type="submit" className="button primary" disabled={busy}>
          {busy ? busyAction : action}
        </button>
      </div>
    </>
  );
}
