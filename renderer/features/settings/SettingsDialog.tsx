import * as Dialog from '@radix-ui/react-dialog';
import { useState } from 'react';
import { DialogFooter, DialogShell } from '../../ui/FormDialog';
import { DEFAULT_SETTINGS, THEMES, type AppSettings, type Theme } from '../../../preload/contract';
import { SettingsEditor } from '../requests';
import { call } from '../../state/calls';

const THEME_LABELS: Record<Theme, string> = { system: 'System', light: 'Light', dark: 'Dark' };

/** The Settings screen: the theme, and the defaults every request starts from (Ctrl+,). */
export function SettingsDialog({ open, settings, onOpenChange, onSaved }: { open: boolean; settings: AppSettings; onOpenChange(open: boolean): void; onSaved(settings: AppSettings): void }) {
  return (
    <DialogShell open={open} onOpenChange={onOpenChange} describedBy="settings-description">
      <SettingsForm settings={settings} onClose={() => onOpenChange(false)} onSaved={onSaved} />
    </DialogShell>
  );
}

function SettingsForm({ settings, onClose, onSaved }: { settings: AppSettings; onClose(): void; onSaved(settings: AppSettings): void }) {
  const [defaults, setDefaults] = useState(settings.defaults);
  const [theme, setTheme] = useState<Theme>(settings.theme ?? 'system');
  const [error, setError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);

  // The theme applies and is kept at once, as a switch does; the request defaults wait for Save.
  const chooseTheme = async (next: Theme) => {
    setTheme(next);
    const result = await call('settings:save', { defaults: settings.defaults, ...(next !== 'system' ? { theme: next } : {}) });
    if (!result.ok) return setError(result.error.message);
    onSaved(result.value);
  };

  const save = async () => {
    setSaving(true);
    const result = await call('settings:save', { defaults, ...(theme !== 'system' ? { theme } : {}) });
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
        The theme, and the request defaults. A request's own Settings tab overrides any of them for that request.
      </Dialog.Description>
      <div className="setting theme-setting" role="radiogroup" aria-label="Theme">
        <span className="setting-label">Theme</span>
        <div className="segmented">
          {THEMES.map((t) => (
            <button key={t} type="button" role="radio" aria-checked={theme === t} onClick={() => void chooseTheme(t)}>
              {THEME_LABELS[t]}
            </button>
          ))}
        </div>
        <span className="setting-hint">System follows your operating system's light or dark mode.</span>
      </div>
      <SettingsEditor scope="app" base={DEFAULT_SETTINGS} settings={defaults} onChange={setDefaults} />
      <DialogFooter error={error} busy={saving} action="Save" busyAction="Saving…" />
    </form>
  );
}
