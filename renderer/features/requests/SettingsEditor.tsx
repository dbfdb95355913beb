import { useId, type ReactNode } from 'react';
import type { RequestSettings } from '../../../preload/contract';

type Overrides = Partial<RequestSettings>;

/** One labelled setting: the label names the control, the hint describes it. */
function Setting({ label, hint, warning, kind = 'value', children }: { label: string; hint: ReactNode; warning?: boolean; kind?: 'value' | 'checkbox' | 'text'; children: (ids: { id: string; hintId: string }) => ReactNode }) {
  const id = useId();
  const hintId = `${id}-hint`;
  const control = children({ id, hintId });
  return (
    <div className={`setting ${kind}`}>
      {kind === 'checkbox' && control}
      <label className="setting-label" htmlFor={id}>
        {label}
      </label>
      {kind !== 'checkbox' && control}
      <span id={hintId} className={`setting-hint ${warning ? 'warning' : ''}`}>
        {hint}
      </span>
    </div>
  );
}

/**
 * Request settings as overrides of `base`: only values that differ are stored. The request's
 * Settings tab edits one request over the app's defaults; the Settings screen edits those
 * defaults over the built-in ones.
 */
export function SettingsEditor({ settings, base, scope, onChange }: { settings: Overrides; base: RequestSettings; scope: 'request' | 'app'; onChange(settings: Overrides): void }) {
  const effective: RequestSettings = { ...base, ...settings };
  const set = <K extends keyof RequestSettings>(key: K, value: RequestSettings[K]) => {
    const next: Overrides = { ...settings, [key]: value };
    if (value === base[key]) delete next[key];
    onChange(next);
  };
  const here = scope === 'request' ? 'this request' : 'every request that does not set its own';
  const number = (key: 'maxRedirects' | 'connectTimeoutMs' | 'firstByteTimeoutMs' | 'overallTimeoutMs' | 'idleTimeoutMs' | 'streamIdleTimeoutMs' | 'decodeStopRatio', label: string, hint: string, max: number, min = 0) => (
    <Setting label={label} hint={hint}>
      {({ id, hintId }) => (
        <input
          id={id}
          aria-describedby={hintId}
          type="number"
          min={min}
          max={max}
          step={key === 'maxRedirects' || key === 'decodeStopRatio' ? 1 : 1000}
          value={effective[key]}
          onChange={(e) => set(key, Math.max(min, Math.min(max, Math.round(Number(e.target.value) || 0))))}
        />
      )}
    </Setting>
  );
  /** A byte setting shown and typed in whole megabytes, 1 to 8192. */
  const megabytes = (key: 'maxBodyBytes' | 'decodeStopBytes', label: string, hint: string) => (
    <Setting label={label} hint={hint}>
      {({ id, hintId }) => (
        <input
          id={id}
          aria-describedby={hintId}
          type="number"
          min={1}
          max={8192}
          value={Math.round(effective[key] / (1024 * 1024))}
          onChange={(e) => set(key, Math.max(1, Math.min(8192, Math.round(Number(e.target.value) || 1))) * 1024 * 1024)}
        />
      )}
    </Setting>
  );
  const customised = Object.keys(settings).length;

  return (
    <div className="settings-editor">
      <Setting kind="checkbox" label="Follow redirects" hint="Credentials are dropped when a redirect leaves the origin.">
        {({ id, hintId }) => <input id={id} aria-describedby={hintId} type="checkbox" checked={effective.followRedirects} onChange={(e) => set('followRedirects', e.target.checked)} />}
      </Setting>
      {effective.followRedirects && number('maxRedirects', 'Maximum redirects', 'Stop with an error after this many hops.', 50)}
      <Setting
        kind="checkbox"
        label="Verify TLS certificates"
        warning={!effective.verifyTls}
        hint={
          effective.verifyTls
            ? scope === 'request'
              ? 'Recommended. Turning it off affects this request only.'
              : 'Recommended. A request can still turn it off for itself.'
            : `Off for ${here}: anyone on the network path could read or change it.`
        }
      >
        {({ id, hintId }) => <input id={id} aria-describedby={hintId} type="checkbox" checked={effective.verifyTls} onChange={(e) => set('verifyTls', e.target.checked)} />}
      </Setting>
      {number('connectTimeoutMs', 'Connect timeout (ms)', '0 waits as long as the system allows.', 600_000)}
      {number('firstByteTimeoutMs', 'First byte timeout (ms)', 'From sending to the response starting. 0 for none.', 3_600_000)}
      {number('idleTimeoutMs', 'Idle timeout (ms)', 'The longest pause while the body arrives; what arrived is kept. 0 for none.', 3_600_000)}
      {number('overallTimeoutMs', 'Overall timeout (ms)', 'The whole exchange, redirects included. Event streams are not ended by it. 0 for none.', 86_400_000)}
      {number('streamIdleTimeoutMs', 'Event stream idle timeout (ms)', 'The longest pause in an event stream or JSON lines before it is ended. 0 for none.', 86_400_000)}
      {megabytes('maxBodyBytes', 'Maximum body size (MB)', 'Decoded bytes kept; a larger response is cut and marked.')}
      <fieldset className="setting-group">
        <legend>Compressed bodies</legend>
        {megabytes('decodeStopBytes', 'Stop decoding past (MB)', 'A compressed body stops when it passes this size and the ratio below: a compression bomb.')}
        {number('decodeStopRatio', 'and past this ratio (×)', 'Decoded bytes for each byte received. JSON and text rarely pass 20×.', 100_000, 2)}
      </fieldset>
      <Setting kind="text" label="Proxy URL" hint={<>http:// or https://. Keep a password in a secret variable: http://me:{'{{proxyPassword}}'}@proxy.example.com:3128</>}>
        {({ id, hintId }) => (
          <input id={id} aria-describedby={hintId} type="text" spellCheck={false} placeholder="None: connect directly" value={effective.proxyUrl} onChange={(e) => set('proxyUrl', e.target.value)} />
        )}
      </Setting>
      {effective.proxyUrl.trim() !== '' && (
        <Setting kind="text" label="No proxy for" hint="Hosts (with their subdomains), IP addresses or CIDR ranges reached directly; comma separated, * for all.">
          {({ id, hintId }) => (
            <input id={id} aria-describedby={hintId} type="text" spellCheck={false} placeholder="localhost, .internal.example.com, 10.0.0.0/8" value={effective.noProxy} onChange={(e) => set('noProxy', e.target.value)} />
          )}
        </Setting>
      )}
      <div className="settings-actions">
        <button type="button" className="button small" disabled={customised === 0} onClick={() => onChange({})}>
          {scope === 'request' ? 'Reset to defaults' : 'Reset to built-in defaults'}
        </button>
        <span className="hint">
          {customised === 0
            ? scope === 'request'
              ? 'All defaults (change them in Settings).'
              : 'All built-in defaults.'
            : `${customised} setting${customised === 1 ? '' : 's'} changed ${scope === 'request' ? 'for this request' : 'from the built-in defaults'}.`}
        </span>
      </div>
    </div>
  );
}
