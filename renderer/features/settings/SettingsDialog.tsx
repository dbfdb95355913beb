import * as Dialog from '@radix-ui/react-dialog';
import { useState } from 'react';
import { DialogFooter, DialogShell } from '../../ui/FormDialog';
import { DEFAULT_SETTINGS, type AppSettings } from '../../../preload/contract';
import { SettingsEditor } from '../requests';
import { call } from '../../state/calls';

/** The Settings screen: the defaults every request starts from (Ctrl+,). */
export function SettingsDialog({ open, settings, onOpenChange, onSaved }: { open: boolean; settings: AppSettings; onOpenChange(open: boolean): void; onSaved(settings: AppSettings): void }) {
  return (
    <DialogShell open={open} onOpenChange={onOpenChange} describedBy="settings-description">
      <SettingsForm settings={settings} onClose={() => onOpenChange(false)} onSaved={onSaved} />
    </DialogShell>
  );
}

function SettingsForm({ settings, onClose, onSaved }: { settings: AppSettings; onClose(): void; onSaved(settings: AppSettings): void }) {
  const [defaults, setDefaults] = useState(settings.defaults);
  const [error, setError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);

  const save = async () => {
    setSaving(true);
    const result = await call('settings:save', { defaults });
    setSaving(false);
    if (!result.ok) return setError(result.error.message);
    onSaved(result.value);
    onClose();
  };

  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        void save();
      }}
    >
      <Dialog.Title className="dialog-title">Settings</Dialog.Title>
      <Dialog.Description id="settings-description" className="hint">
        Request defaults. A request's own Settings tab overrides any of them for that request.
      </Dialog.Description>
      <SettingsEditor scope="app" base={DEFAULT_SETTINGS} settings={defaults} onChange={setDefaults} />
      <DialogFooter error={error} busy={saving} action="Save" busyAction="Saving…" />
    </form>
  );
}
