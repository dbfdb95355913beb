import { Suspense, useEffect } from 'react';
import { disableGlobalCursorStyles, Panel, PanelGroup, PanelResizeHandle } from 'react-resizable-panels';
import { HostCapabilitiesContext } from './hostCapabilities';
import { useCall } from './state/calls';
import { followExternalLinks } from './state/externalLinks';
import { useTabs } from './state/tabs';
import { viewStore } from './state/view';
import { BlockedLinkBanner, NoticeBanner } from './features/notices';
import { RequestArea } from './features/requests';
import { Sidebar } from './features/sidebar';
import { JwtScreen } from './features/jwt';
import { RunnerScreen } from './features/runner';
import { Dialogs, TopBar, useShortcuts } from './features/workbench';

// The global cursor uses an injected <style> element, which the CSP (style-src 'self') refuses.
disableGlobalCursorStyles();

/**
 * The app's frame. State lives in renderer/state (tabs and their sessions, cached calls,
 * dialogs, the view) and in each feature; this only lays the parts out.
 */
export function App() {
  const info = useCall('app:info');
  useTabs();
  useShortcuts();
  // Links that main opens in a new tab (browser host), for every feature.
  useEffect(() => followExternalLinks(), []);
  const { view, jwtMounted, runnerMounted } = viewStore.use();
  // System (the OS's light or dark), or the one chosen in Settings.
  const theme = useCall('settings:get').data?.theme ?? 'system';
  useEffect(() => {
    document.documentElement.dataset.theme = theme;
  }, [theme]);
  const fileDialogs = info.data?.fileDialogs ?? false;
  return (
    <HostCapabilitiesContext.Provider value={{ fileDialogs }}>
      <div className="app">
        <TopBar />
        {info.error && (
          <div className="notice notice-error" role="alert">
            <strong>Latchkey could not start</strong>
            <p>{info.error.message}</p>
          </div>
        )}
        <Dialogs />
        {info.data && <NoticeBanner initial={info.data.notices} />}
        <BlockedLinkBanner />
        <div className="jwt-area" hidden={view !== 'jwt'}>
          {jwtMounted && (
            <Suspense fallback={<p className="hint pad">Loading the JWT signer…</p>}>
              <JwtArea fileDialogs={fileDialogs} />
            </Suspense>
          )}
        </div>
        <div className="runner-area" hidden={view !== 'runner'}>
          {runnerMounted && (
            <Suspense fallback={<p className="hint pad">Loading the runner…</p>}>
              <RunnerScreen />
            </Suspense>
          )}
        </div>
        <PanelGroup direction="horizontal" className={`workbench ${view === 'requests' ? '' : 'hidden-view'}`} autoSaveId="latchkey-workbench">
          <Panel defaultSize={22} minSize={14} maxSize={40}>
            <Sidebar />
          </Panel>
          <PanelResizeHandle className="splitter vertical" aria-label="Resize the sidebar" />
          <Panel defaultSize={78} minSize={40}>
            <RequestArea />
          </Panel>
        </PanelGroup>
      </div>
    </HostCapabilitiesContext.Provider>
  );
}

/** The signer, with what it offers to sign with and save to. */
function JwtArea({ fileDialogs }: { fileDialogs: boolean }) {
  const { active } = useTabs();
  const { decodeRequest } = viewStore.use();
  const connections = useCall('connections:list').data ?? [];
  const variables = useCall('variables:list').data ?? [];
  const profiles = useCall('jwt:profiles').data ?? [];
  return (
    <JwtScreen
      connections={connections}
      variables={variables}
      draft={active.draft}
      fileDialogs={fileDialogs}
      profiles={profiles}
      decodeRequest={decodeRequest}
    />
  );
}
