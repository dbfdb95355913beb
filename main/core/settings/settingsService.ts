import { AppSettings, DEFAULT_SETTINGS, type RequestSettings } from '../../../preload/contract';
import { parseProxyUrl } from '../http/proxy';
import type { DocumentSpec, StoredDocument } from '../persistence/storedDocument';
import { VARIABLE_PATTERN } from '../../../preload/contract/templates';

export const settingsSpec: DocumentSpec<AppSettings> = {
  name: 'settings',
  title: 'Your settings',
  version: 1,
  schema: AppSettings,
  empty: () => ({ defaults: {} }),
  migrations: [],
};

/** App-wide settings: the request defaults every request starts from, and the theme. */
export class SettingsService {
  private merged: { source: AppSettings; value: RequestSettings } | null = null;

  constructor(private readonly doc: StoredDocument<AppSettings>) {}

  get(): AppSettings {
    return this.doc.get();
  }

  /** The built-in defaults with the user's changes applied (built once per saved version; do not change it). */
  requestDefaults(): RequestSettings {
    const saved = this.doc.get();
    if (this.merged?.source !== saved) this.merged = { source: saved, value: { ...DEFAULT_SETTINGS, ...saved.defaults } };
    return this.merged.value;
  }

  save(next: AppSettings): AppSettings {
    const defaults = { ...next.defaults };
    for (const key of Object.keys(defaults) as (keyof RequestSettings)[]) {
      if (defaults[key] === DEFAULT_SETTINGS[key]) delete defaults[key];
    }
    const proxy = defaults.proxyUrl?.trim();
    // A proxy written with variables is checked when a request resolves it.
    if (proxy && !hasVariable(proxy)) parseProxyUrl(proxy);
    if (proxy !== undefined && proxy !== defaults.proxyUrl) defaults.proxyUrl = proxy;
    if (defaults.proxyUrl === '') delete defaults.proxyUrl;
    this.doc.set({ defaults, ...(next.theme && next.theme !== 'system' ? { theme: next.theme } : {}) });
    return this.doc.get();
  }
}

function hasVariable(text: string): boolean {
  return new RegExp(VARIABLE_PATTERN.source).test(text);
}
