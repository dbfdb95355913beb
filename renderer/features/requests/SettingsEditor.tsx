import { DEFAULT_SETTINGS, type RequestSettings } from '../../../preload/contract';

type Overrides = Partial<RequestSettings>;

/** Per-request settings; only values that differ from the defaults are stored. */
export function SettingsEditor({ settings, onChange }: { settings: Overrides; onChange(settings: Overrides): void }) {
  const effective: RequestSettings = { ...DEFAULT_SETTINGS, ...settings };
  const set = <K extends keyof RequestSettings>(key: K, value: RequestSettings[K]) => {
    const next: Overrides = { ...settings, [key]: value };
    if (value === DEFAULT_SETTINGS[key]) delete next[key];
    onChange(next);
  };
  const number = (key: 'maxRedirects' | 'connectTimeoutMs' | 'firstByteTimeoutMs' | 'overallTimeoutMs', label: string, hint: string, max: number) => (
    <label className="setting">
      <span className="setting-label">{label}</span>
      <input
        type="number"
        min={0}
        max={max}
        step={key === 'maxRedirects' ? 1 : 1000}
        value={effective[key]}
        onChange={(e) => {
          const value = Math.max(0, Math.min(max, Math.round(Number(e.target.value) || 0)));
          set(key, value);
        }}
      />
      <span className="setting-hint">{hint}</span>
    </label>
  );
  const customised = Object.keys(settings).length;

  return (
    <div className="settings-editor">
      <label className="setting checkbox">
        <input type="checkbox" checked={effective.followRedirects} onChange={(e) => set('followRedirects', e.target.checked)} />
        <span className="setting-label">Follow redirects</span>
        <span className="setting-hint">Credentials are dropped when a redirect leaves the origin.</span>
      </label>
      {effective.followRedirects && number('maxRedirects', 'Maximum redirects', 'Stop with an error after this many hops.', 50)}
      <label className="setting checkbox">
        <input type="checkbox" checked={effective.verifyTls} onChange={(e) => set('verifyTls', e.target.checked)} />
        <span className="setting-label">Verify TLS certificates</span>
        <span className={`setting-hint ${effective.verifyTls ? '' : 'warning'}`}>
          {effective.verifyTls ? 'Recommended. Turning it off affects this request only.' : 'Off for this request: anyone on the network path could read or change it.'}
        </span>
      </label>
      {number('connectTimeoutMs', 'Connect timeout (ms)', '0 waits as long as the system allows.', 600_000)}
      {number('firstByteTimeoutMs', 'First byte timeout (ms)', 'Also the longest pause while the body arrives. 0 for none.', 3_600_000)}
      {number('overallTimeoutMs', 'Overall timeout (ms)', 'The whole exchange, redirects included. 0 for none.', 86_400_000)}
      <label className="setting">
        <span className="setting-label">Maximum body size (MB)</span>
        <input
          type="number"
          min={1}
          max={8192}
          value={Math.round(effective.maxBodyBytes / (1024 * 1024))}
          onChange={(e) => set('maxBodyBytes', Math.max(1, Math.min(8192, Math.round(Number(e.target.value) || 1))) * 1024 * 1024)}
        />
        <span className="setting-hint">Decoded bytes kept; a larger response is cut and marked.</span>
      </label>
      <div className="settings-actions">
        <button type="button" className="button small" disabled={customised === 0} onClick={() => onChange({})}>
          Reset to defaults
        </button>
        <span className="hint">{customised === 0 ? 'All defaults.' : `${customised} setting${customised === 1 ? '' : 's'} changed for this request.`}</span>
      </div>
    </div>
  );
}
