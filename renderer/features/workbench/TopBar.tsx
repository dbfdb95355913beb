import { call, setCached, useCall } from '../../state/calls';
import { openDialog } from '../../state/dialogs';
import { showView, viewStore } from '../../state/view';
import { EnvironmentPicker } from '../environments';

/** The brand, the Requests / JWT signer switch, the environment, Variables, Settings and which host this is. */
export function TopBar() {
  const { view } = viewStore.use();
  const info = useCall('app:info').data;
  const environments = useCall('environments:list').data ?? { activeId: null, environments: [] };
  const variables = useCall('variables:list').data ?? [];
  return (
    <header className="topbar">
      <div className="brand">
        <svg className="logo" viewBox="0 0 32 32" aria-hidden="true">
          <rect width="32" height="32" rx="7" />
          <circle cx="12" cy="16" r="5.5" />
          <path d="M17.5 16H26M22.5 16v4M25.5 16v3" />
        </svg>
        Latchkey
      </div>
      <nav className="view-switch segmented" aria-label="Views">
        <button type="button" aria-pressed={view === 'requests'} className={view === 'requests' ? 'active' : ''} onClick={() => showView('requests')} title="Requests (Alt+1)">
          Requests
        </button>
        <button type="button" aria-pressed={view === 'jwt'} className={view === 'jwt' ? 'active' : ''} onClick={() => showView('jwt')} title="JWT signer (Alt+2)">
          JWT signer
        </button>
        <button type="button" aria-pressed={view === 'runner'} className={view === 'runner' ? 'active' : ''} onClick={() => showView('runner')} title="Runner (Alt+3)">
          Runner
        </button>
      </nav>
      <div className="topbar-right">
        <EnvironmentPicker
          list={environments}
          onManage={() => openDialog({ kind: 'environments' })}
          onActivate={(id) => void call('environments:activate', { id }).then((result) => result.ok && setCached('environments:list', undefined, (list) => ({ environments: list?.environments ?? [], activeId: id })))}
        />
        <button type="button" className="button ghost" onClick={() => openDialog({ kind: 'variables' })} title="Variables (Ctrl+Shift+V)">
          Variables{variables.length > 0 && <span className="count">{variables.length}</span>}
        </button>
        <button type="button" className="button ghost" onClick={() => openDialog({ kind: 'settings' })} title="Settings (Ctrl+,)">
          Settings
        </button>
        {info && (
          <span className="host-badge" title={`Latchkey ${info.version} on ${info.platform}`}>
            {info.host === 'browser' ? 'Browser host' : 'Desktop'} · v{info.version}
          </span>
        )}
      </div>
    </header>
  );
}
