import { lazy, Suspense, useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { disableGlobalCursorStyles, Panel, PanelGroup, PanelResizeHandle } from 'react-resizable-panels';
import { DEFAULT_SETTINGS, type AppInfo, type AppSettings, type Connection, type Draft, type EditorTab, type EnvironmentList, type HistoryEntry, type SigningProfile, type TreeNode, type Variable } from '../preload/contract';
import { api } from './api';
import { HostCapabilitiesContext } from './hostCapabilities';
import { NoticeBanner } from './features/notices/NoticeBanner';
import { RequestBar } from './features/requests/RequestBar';
import { RequestEditor } from './features/requests/RequestEditor';
import { useTabs } from './features/requests/useTabs';
import { RequestTabs } from './features/requests/RequestTabs';
import { useCollections } from './features/collections/useCollections';
import { CloseTabDialog, MoveDialog, NameDialog, SaveRequestDialog } from './features/collections/CollectionDialogs';
import type { TreeActions } from './features/collections/CollectionsTree';
import { EnvironmentPicker } from './features/environments/EnvironmentPicker';
import type { ExportTarget } from './features/importing/ExportDialog';
import { ResponseView, type ResponseState } from './features/response/ResponseView';
import { SendProgress } from './features/response/SendProgress';
import { useLiveResponse } from './features/response/useLiveResponse';
import { Sidebar } from './features/sidebar/Sidebar';
import { unresolvedVariables } from './features/requests/unresolved';
import { SettingsDialog } from './features/settings/SettingsDialog';
import { ImportCurlDialog, ImportedNote } from './features/importing/ImportCurlDialog';
import { VariablesDialog } from './features/variables/VariablesDialog';

// The JWT signer and the connection editor load the first time they are opened.
const ConnectionEditor = lazy(() => import('./features/connections/ConnectionEditor').then((m) => ({ default: m.ConnectionEditor })));
const JwtScreen = lazy(() => import('./features/jwt/JwtScreen').then((m) => ({ default: m.JwtScreen })));
// So are the dialogs that only open on request.
const ScopeSettingsDialog = lazy(() => import('./features/collections/ScopeSettingsDialog').then((m) => ({ default: m.ScopeSettingsDialog })));
const EnvironmentsDialog = lazy(() => import('./features/environments/EnvironmentsDialog').then((m) => ({ default: m.EnvironmentsDialog })));
const ImportDialog = lazy(() => import('./features/importing/ImportDialog').then((m) => ({ default: m.ImportDialog })));
const ExportDialog = lazy(() => import('./features/importing/ExportDialog').then((m) => ({ default: m.ExportDialog })));

// The global cursor uses an injected <style> element, which the CSP (style-src 'self') refuses.
disableGlobalCursorStyles();

export function App() {
  const [info, setInfo] = useState<AppInfo | null>(null);
  const [startError, setStartError] = useState<string | null>(null);
  const tabs = useTabs();
  const { draft, setDraft, saveError } = tabs;
  const activeSavedId = tabs.active.savedId;
  const location = useMemo(() => (activeSavedId ? { itemId: activeSavedId } : null), [activeSavedId]);
  const collections = useCollections();
  const [environments, setEnvironments] = useState<EnvironmentList>({ activeId: null, environments: [] });
  const [environmentsOpen, setEnvironmentsOpen] = useState(false);
  /** A name being asked for: a new collection (no parent), folder or request. */
  const [naming, setNaming] = useState<{ kind: 'collection' | 'folder' | 'request'; parentId: string | null } | null>(null);
  const [savingAs, setSavingAs] = useState(false);
  /** The tab to close once "Save" in the close prompt has saved it under a name. */
  const closeAfterSave = useRef<string | null>(null);
  const [settingsFor, setSettingsFor] = useState<string | null>(null);
  const [moving, setMoving] = useState<TreeNode | null>(null);
  const [closing, setClosing] = useState<EditorTab | null>(null);
  const [importing, setImporting] = useState(false);
  const [exporting, setExporting] = useState<ExportTarget | null>(null);
  /** Names in scope for the open request, to flag `{{names}}` with no value. */
  const [known, setKnown] = useState<Set<string>>(new Set());
  const [response, setResponse] = useState<ResponseState>({ kind: 'idle' });
  const live = useLiveResponse(response.kind === 'sending' ? response.requestId : null);
  const inFlight = useRef<string | null>(null);
  const [variables, setVariables] = useState<Variable[]>([]);
  const [variablesOpen, setVariablesOpen] = useState(false);
  const [settings, setSettings] = useState<AppSettings>({ defaults: {} });
  const [settingsOpen, setSettingsOpen] = useState(false);
  const [importOpen, setImportOpen] = useState(false);
  const [imported, setImported] = useState<{ warnings: string[]; previous: Draft } | null>(null);
  const [importError, setImportError] = useState<string | null>(null);
  /** The main area: the request editor, or the JWT signer (both stay mounted, so neither loses its work). */
  const [view, setView] = useState<'requests' | 'jwt'>('requests');
  /** Mounted on first use, then kept, so the signer keeps its work when you switch back. */
  const [jwtMounted, setJwtMounted] = useState(false);
  if (view === 'jwt' && !jwtMounted) setJwtMounted(true);
  const viewRef = useRef(view);
  useEffect(() => {
    viewRef.current = view;
  }, [view]);

  /** Opens a curl command in the editor; the replaced draft is kept for Undo. Returns a problem, or null. */
  const importCurl = useCallback(
    async (command: string): Promise<string | null> => {
      const result = await api.calls['import:curl']({ command });
      if (!result.ok) return result.error.message;
      setImported({ warnings: result.value.warnings, previous: draft });
      setImportError(null);
      setDraft(() => result.value.request);
      return null;
    },
    [draft, setDraft],
  );
  const [history, setHistory] = useState<HistoryEntry[]>([]);
  const [connections, setConnections] = useState<Connection[]>([]);
  const [profiles, setProfiles] = useState<SigningProfile[]>([]);
  /** A token another screen asked the JWT signer to decode (n makes a repeat request a new one). */
  const [decodeRequest, setDecodeRequest] = useState<{ token: string; n: number } | null>(null);
  /** The connection open in the editor: null for a new one, undefined when the editor is closed. */
  const [editingConnection, setEditingConnection] = useState<Connection | null | undefined>(undefined);
  /** Set when "New connection" was clicked in a request's Auth tab: the new one is chosen for it. */
  const attachNewConnection = useRef(false);
  const connectionSaved = useCallback((saved: Connection) => {
    setConnections((list) => (list.some((c) => c.id === saved.id) ? list.map((c) => (c.id === saved.id ? saved : c)) : [...list, saved]));
  }, []);
  const refreshHistory = useCallback(() => void api.calls['history:list']().then((result) => result.ok && setHistory(result.value)), []);
  const unresolved = unresolvedVariables(draft, known);
  const locationId = location?.itemId ?? null;
  useEffect(() => {
    let live = true;
    void api.calls['variables:resolved']({ location: locationId ? { itemId: locationId } : null, requestVariables: [] }).then((result) => {
      if (live && result.ok) setKnown(new Set(result.value.map((v) => v.name)));
    });
    return () => {
      live = false;
    };
  }, [locationId, variables, environments, settingsFor]);

  /** Saves the active tab: in place when it is a saved request, else asks for a name and place. */
  const save = useCallback(async () => {
    const tab = tabs.active;
    if (!tab.savedId) return setSavingAs(true);
    const snapshot = tab.draft;
    const result = await collections.change(() => api.calls['collections:saveRequest']({ id: tab.savedId!, request: snapshot }));
    if ('value' in result) tabs.markSaved(tab.id, { id: result.value.id, name: result.value.name }, snapshot);
  }, [tabs, collections]);

  const treeActions: TreeActions = {
    open: (node: TreeNode) =>
      void api.calls['collections:getRequest']({ id: node.id }).then((result) => (result.ok ? tabs.openSaved(result.value) : collections.setError(result.error.message))),
    create: (kind, parentId) => setNaming({ kind, parentId }),
    rename: (node, name) =>
      void collections.change(() => api.calls['collections:rename']({ id: node.id, name })).then((r) => {
        if ('value' in r && node.kind === 'request') tabs.renamed(node.id, name);
      }),
    duplicate: (node) => void collections.change(() => api.calls['collections:duplicate']({ id: node.id })),
    remove: (node) => {
      // The node's own id and everything under it: their tabs become unsaved requests.
      const gone = new Set<string>([node.id]);
      for (const n of collections.nodes) if (n.parentId && gone.has(n.parentId)) gone.add(n.id);
      void collections.change(() => api.calls['collections:delete']({ id: node.id })).then((r) => {
        if ('value' in r) {
          collections.setDeleted({ name: node.name, undoToken: r.value.undoToken });
          tabs.forgotten(gone);
        }
      });
    },
    move: (node, parentId, index) => void collections.change(() => api.calls['collections:move']({ id: node.id, parentId, index })),
    settings: (node) => setSettingsFor(node.id),
    moveTo: (node) => setMoving(node),
    exportCollection: (node) => setExporting({ kind: 'collection', id: node.id, name: node.name }),
    importFile: () => setImporting(true),
  };

  useEffect(() => {
    void api.calls['app:info']().then((result) => (result.ok ? setInfo(result.value) : setStartError(result.error.message)));
    void api.calls['variables:list']().then((result) => result.ok && setVariables(result.value));
    void api.calls['settings:get']().then((result) => result.ok && setSettings(result.value));
    void api.calls['connections:list']().then((result) => result.ok && setConnections(result.value));
    void api.calls['jwt:profiles']().then((result) => result.ok && setProfiles(result.value));
    void api.calls['environments:list']().then((result) => result.ok && setEnvironments(result.value));
    refreshHistory();
  }, [refreshHistory]);

  /** Sends the draft, or `request` when the caller has just changed it (state lands a render later). */
  const send = useCallback(async (request: Draft = draft) => {
    if (inFlight.current) return;
    const requestId = crypto.randomUUID();
    inFlight.current = requestId;
    setResponse({ kind: 'sending', startedAt: Date.now(), requestId });
    const result = await api.calls['http:execute']({ requestId, request, location: locationId ? { itemId: locationId } : null });
    if (inFlight.current !== requestId) return;
    inFlight.current = null;
    setResponse(result.ok ? { kind: 'done', result: result.value } : { kind: 'failed', error: result.error });
    if (result.ok) refreshHistory();
  }, [draft, refreshHistory, locationId]);

  const cancel = useCallback(() => {
    const requestId = inFlight.current;
    if (!requestId) return;
    void api.calls['http:cancel']({ requestId });
  }, []);

  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.altKey && (event.key === '1' || event.key === '2')) {
        event.preventDefault();
        setView(event.key === '1' ? 'requests' : 'jwt');
      } else if (event.key === 'Enter' && (event.ctrlKey || event.metaKey) && viewRef.current === 'requests') {
        event.preventDefault();
        void send();
      } else if ((event.key === 'V' || event.key === 'v') && event.shiftKey && (event.ctrlKey || event.metaKey)) {
        event.preventDefault();
        setVariablesOpen(true);
      } else if ((event.key === 'I' || event.key === 'i') && event.shiftKey && (event.ctrlKey || event.metaKey)) {
        event.preventDefault();
        setImportOpen(true);
      } else if ((event.key === 's' || event.key === 'S') && !event.shiftKey && (event.ctrlKey || event.metaKey) && viewRef.current === 'requests') {
        event.preventDefault();
        void save();
      } else if (event.key === ',' && (event.ctrlKey || event.metaKey)) {
        event.preventDefault();
        setSettingsOpen(true);
      } else if (event.key === 'Escape' && inFlight.current) {
        cancel();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [send, cancel, save]);

  return (
    <HostCapabilitiesContext.Provider value={{ fileDialogs: info?.fileDialogs ?? false }}>
      <div className="app">
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
            <button type="button" aria-pressed={view === 'requests'} className={view === 'requests' ? 'active' : ''} onClick={() => setView('requests')} title="Requests (Alt+1)">
              Requests
            </button>
            <button type="button" aria-pressed={view === 'jwt'} className={view === 'jwt' ? 'active' : ''} onClick={() => setView('jwt')} title="JWT signer (Alt+2)">
              JWT signer
            </button>
          </nav>
          <div className="topbar-right">
            <EnvironmentPicker
              list={environments}
              onManage={() => setEnvironmentsOpen(true)}
              onActivate={(id) =>
                void api.calls['environments:activate']({ id }).then((result) => result.ok && setEnvironments((list) => ({ ...list, activeId: id })))
              }
            />
            <button type="button" className="button ghost" onClick={() => setVariablesOpen(true)} title="Variables (Ctrl+Shift+V)">
              Variables{variables.length > 0 && <span className="count">{variables.length}</span>}
            </button>
            <button type="button" className="button ghost" onClick={() => setSettingsOpen(true)} title="Settings (Ctrl+,)">
              Settings
            </button>
            {info && (
              <span className="host-badge" title={`Latchkey ${info.version} on ${info.platform}`}>
                {info.host === 'browser' ? 'Browser host' : 'Desktop'} · v{info.version}
              </span>
            )}
          </div>
        </header>
        {startError && (
          <div className="notice notice-error" role="alert">
            <strong>Latchkey could not start</strong>
            <p>{startError}</p>
          </div>
        )}
        <ImportCurlDialog open={importOpen} onOpenChange={setImportOpen} onImport={importCurl} />
        <SettingsDialog open={settingsOpen} settings={settings} onOpenChange={setSettingsOpen} onSaved={setSettings} />
        {editingConnection !== undefined && (
          <Suspense fallback={null}>
            <ConnectionEditor
              connection={editingConnection}
              profiles={profiles}
              draft={draft}
              onDecode={(token) => {
                setDecodeRequest((previous) => ({ token, n: (previous?.n ?? 0) + 1 }));
                setView('jwt');
              }}
              onClose={() => {
                attachNewConnection.current = false;
                setEditingConnection(undefined);
              }}
              onSaved={(saved) => {
                connectionSaved(saved);
                // A connection made from a request's Auth tab is chosen for that request.
                if (editingConnection === null && attachNewConnection.current) {
                  attachNewConnection.current = false;
                  setDraft((d) => ({ ...d, connectionId: saved.id }));
                }
              }}
              onDeleted={(id) => setConnections((list) => list.filter((c) => c.id !== id))}
            />
          </Suspense>
        )}
        <VariablesDialog open={variablesOpen} variables={variables} location={location} requestVariables={draft.variables ?? []} onOpenChange={setVariablesOpen} onSaved={setVariables} />
        <Suspense fallback={null}>
        {environmentsOpen && <EnvironmentsDialog open={environmentsOpen} list={environments} onOpenChange={setEnvironmentsOpen} onChanged={setEnvironments} onExport={(e) => setExporting({ kind: 'environment', id: e.id, name: e.name })} />}
        {importing && <ImportDialog
          open={importing}
          onOpenChange={setImporting}
          onImported={() => {
            void collections.refresh();
            void api.calls['connections:list']().then((result) => result.ok && setConnections(result.value));
            void api.calls['environments:list']().then((result) => result.ok && setEnvironments(result.value));
          }}
        />}
        {exporting && <ExportDialog target={exporting} fileDialogs={info?.fileDialogs ?? false} onClose={() => setExporting(null)} />}
        {settingsFor && <ScopeSettingsDialog id={settingsFor} connections={connections} onClose={() => setSettingsFor(null)} />}
        </Suspense>
        <NameDialog
          open={naming !== null}
          title={naming?.kind === 'collection' ? 'New collection' : naming?.kind === 'folder' ? 'New folder' : 'New request'}
          label={naming?.kind === 'collection' ? 'Collection name' : naming?.kind === 'folder' ? 'Folder name' : 'Request name'}
          initial={naming?.kind === 'collection' ? 'New collection' : naming?.kind === 'folder' ? 'New folder' : 'New request'}
          onOpenChange={(open) => !open && setNaming(null)}
          onSubmit={async (name) => {
            if (!naming) return null;
            const result = await collections.change(() => api.calls['collections:create']({ kind: naming.kind, parentId: naming.parentId, name }));
            if ('problem' in result) return result.problem;
            if (result.value.kind === 'request') treeActions.open(result.value);
            return null;
          }}
        />
        <SaveRequestDialog
          open={savingAs}
          nodes={collections.nodes}
          initialName={draft.url ? `${draft.method} ${draft.url.replace(/^https?:\/\/[^/]+/, '') || '/'}`.slice(0, 120) : 'New request'}
          onOpenChange={(open) => {
            setSavingAs(open);
            if (!open) closeAfterSave.current = null;
          }}
          onSave={async (name, place) => {
            const tab = tabs.active;
            const snapshot = tab.draft;
            let parentId: string;
            if ('newCollection' in place) {
              const made = await collections.change(() => api.calls['collections:create']({ kind: 'collection', parentId: null, name: place.newCollection }));
              if ('problem' in made) return made.problem;
              parentId = made.value.id;
            } else parentId = place.parentId;
            const result = await collections.change(() => api.calls['collections:create']({ kind: 'request', parentId, name, request: snapshot }));
            if ('problem' in result) return result.problem;
            tabs.markSaved(tab.id, { id: result.value.id, name: result.value.name }, snapshot);
            if (closeAfterSave.current === tab.id) tabs.close(tab.id);
            closeAfterSave.current = null;
            return null;
          }}
        />
        <MoveDialog
          node={moving}
          nodes={collections.nodes}
          onClose={() => setMoving(null)}
          onMove={async (parentId) => {
            const result = await collections.change(() => api.calls['collections:move']({ id: moving!.id, parentId, index: collections.nodes.filter((n) => n.parentId === parentId).length }));
            return 'problem' in result ? result.problem : null;
          }}
        />
        {closing && (
          <CloseTabDialog
            name={closing.name}
            onCancel={() => setClosing(null)}
            onDiscard={() => {
              tabs.close(closing.id);
              setClosing(null);
            }}
            onSave={() => {
              const tab = closing;
              setClosing(null);
              if (!tab.savedId) {
                tabs.activate(tab.id);
                closeAfterSave.current = tab.id;
                setSavingAs(true);
                return;
              }
              void collections.change(() => api.calls['collections:saveRequest']({ id: tab.savedId!, request: tab.draft })).then((r) => 'value' in r && tabs.close(tab.id));
            }}
          />
        )}
        {info && <NoticeBanner initial={info.notices} />}
        <div className="jwt-area" hidden={view !== 'jwt'}>
          {jwtMounted && (
            <Suspense fallback={<p className="hint pad">Loading the JWT signer…</p>}>
              <JwtScreen
                connections={connections}
                variables={variables}
                draft={draft}
                fileDialogs={info?.fileDialogs ?? false}
                onVariablesSaved={setVariables}
                onConnectionSaved={connectionSaved}
                profiles={profiles}
                onProfilesChanged={setProfiles}
                decodeRequest={decodeRequest}
              />
            </Suspense>
          )}
        </div>
        <PanelGroup direction="horizontal" className={`workbench ${view === 'requests' ? '' : 'hidden-view'}`} autoSaveId="latchkey-workbench">
          <Panel defaultSize={22} minSize={14} maxSize={40}>
            <Sidebar
              tree={{ nodes: collections.nodes, activeId: tabs.active.savedId, actions: treeActions, deleted: collections.deleted ? { name: collections.deleted.name, undo: () => {
                const token = collections.deleted!.undoToken;
                collections.setDeleted(null);
                void collections.change(() => api.calls['collections:restore']({ undoToken: token }));
              }, dismiss: () => collections.setDeleted(null) } : null }}
              treeError={collections.error}
              history={history}
              onOpen={(request) => tabs.openDraft(request)}
              onDeleteHistory={(id) => void api.calls['history:delete']({ id }).then(refreshHistory)}
              onClearHistory={() => void api.calls['history:clear']().then(refreshHistory)}
              connections={connections}
              onEditConnection={setEditingConnection}
            />
          </Panel>
          <PanelResizeHandle className="splitter vertical" aria-label="Resize the sidebar" />
          <Panel defaultSize={78} minSize={40}>
            <main className="request-area">
              <RequestTabs
                tabs={tabs.tabs}
                activeId={tabs.active.id}
                onActivate={tabs.activate}
                onNew={tabs.newTab}
                onClose={(tab) => (tab.dirty || (!tab.savedId && tab.draft.url !== '') ? setClosing(tab) : tabs.close(tab.id))}
              />
              <RequestBar
                method={draft.method}
                url={draft.url}
                sending={response.kind === 'sending'}
                onMethod={(method) => setDraft((d) => ({ ...d, method }))}
                onUrl={(url) => setDraft((d) => ({ ...d, url }))}
                onSend={() => void send()}
                onCancel={cancel}
                onPasteCurl={(command) => void importCurl(command).then(setImportError)}
                progress={response.kind === 'sending' && <SendProgress startedAt={response.startedAt} progress={live.progress} expectedBytes={live.started?.expectedBytes ?? null} />}
              />
              {imported && (
                <ImportedNote
                  warnings={imported.warnings}
                  onUndo={() => {
                    setDraft(() => imported.previous);
                    setImported(null);
                  }}
                  onDismiss={() => setImported(null)}
                />
              )}
              {importError && (
                <p className="hint warning" role="alert">
                  The pasted curl command could not be imported: {importError}
                </p>
              )}
              {saveError && <p className="hint warning">Your changes could not be saved: {saveError}</p>}
              {unresolved.length > 0 && (
                <p className="hint warning unresolved" role="status">
                  No value for {unresolved.map((name) => `{{${name}}}`).join(', ')}.{' '}
                  <button type="button" className="link-button" onClick={() => setVariablesOpen(true)}>
                    Define in Variables
                  </button>
                </p>
              )}
              <PanelGroup direction="vertical" className="request-split" autoSaveId="latchkey-request-split">
                <Panel defaultSize={40} minSize={15}>
                  <section className="pane" aria-label="Request">
                    <RequestEditor
                      draft={draft}
                      defaults={{ ...DEFAULT_SETTINGS, ...settings.defaults }}
                      onImportCurl={() => setImportOpen(true)}
                      connections={connections}
                      location={location}
                      onEditConnection={(connection) => {
                        attachNewConnection.current = connection === null;
                        setEditingConnection(connection);
                      }}
                      onChange={setDraft}
                      onCopyCurl={async (includeSecrets) => {
                        const result = await api.calls['http:curl']({ request: draft, includeSecrets, location });
                        if (!result.ok) return result.error.message;
                        return navigator.clipboard.writeText(result.value.command).then(
                          () => null,
                          () => 'The clipboard refused the command.',
                        );
                      }}
                    />
                  </section>
                </Panel>
                <PanelResizeHandle className="splitter horizontal" aria-label="Resize the response" />
                <Panel defaultSize={60} minSize={20}>
                  <section className="pane" aria-label="Response">
                    <ResponseView
                      state={response}
                      live={live}
                      onStop={cancel}
                      onSendWithoutTlsCheck={() => {
                        const next = { ...draft, settings: { ...draft.settings, verifyTls: false } };
                        setDraft(() => next);
                        void send(next);
                      }}
                    />
                  </section>
                </Panel>
              </PanelGroup>
            </main>
          </Panel>
        </PanelGroup>
      </div>
    </HostCapabilitiesContext.Provider>
  );
}
