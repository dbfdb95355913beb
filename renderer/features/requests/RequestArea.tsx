import { Panel, PanelGroup, PanelResizeHandle } from 'react-resizable-panels';
import { DEFAULT_SETTINGS, type EditorTab } from '../../../preload/contract';
import { call, useCall } from '../../state/calls';
import { openDialog } from '../../state/dialogs';
import { useSession } from '../../state/sessions';
import { closeTab, curlNotes, dismissCurlNote, importCurl, locationOf, sendTab, cancelTab, undoCurl } from './requestActions';
import { tabActions, useTabs } from '../../state/tabs';
import { ResponseView, SendProgress } from '../response';
import { ImportedNote } from '../importing';
import { RequestBar } from './RequestBar';
import { RequestEditor } from './RequestEditor';
import { RequestTabs } from './RequestTabs';
import { unresolvedVariables } from './unresolved';

/** The request workbench: the open tabs, and the active one's request and response. */
export function RequestArea() {
  const { tabs, active, saveError, loaded } = useTabs();
  const host = useCall('app:info').data?.host;
  // Until the saved tabs arrive there is nothing to edit: an edit made then would go to a tab
  // the saved ones are about to replace (a URL typed in the first instant of a slow start was lost).
  if (!loaded)
    return (
      <main className="request-area">
        <p className="hint pad" role="status">
          Opening your tabs…
        </p>
      </main>
    );
  return (
    <main className="request-area">
      <RequestTabs
        tabs={tabs}
        activeId={active.id}
        host={host}
        onActivate={tabActions.activate}
        onNew={tabActions.newTab}
        onClose={closeTab}
        onCloseOthers={(tab) => tabActions.closeOthers(tab.id)}
        onTogglePin={(tab) => tabActions.togglePin(tab.id)}
      />
      {/* Keyed by tab: nothing of one tab's request or response is ever shown in another. */}
      <TabWorkspace key={active.id} tab={active} saveError={saveError} />
    </main>
  );
}

function TabWorkspace({ tab, saveError }: { tab: EditorTab; saveError: string | null }) {
  const session = useSession(tab.id);
  const { response, live } = session;
  const location = locationOf(tab);
  const draft = tab.draft;
  const connections = useCall('connections:list').data ?? [];
  const settings = useCall('settings:get').data ?? { defaults: {} };
  const known = useCall('variables:resolved', { location, requestVariables: [] }).data;
  const unresolved = known ? unresolvedVariables(draft, new Set(known.map((v) => v.name))) : [];
  const note = curlNotes.use().get(tab.id);
  const setDraft = (update: Parameters<typeof tabActions.setDraft>[0]) => tabActions.setDraft(update, tab.id);
  return (
    <>
      <RequestBar
        method={draft.method}
        url={draft.url}
        sending={response.kind === 'sending'}
        onMethod={(method) => setDraft((d) => ({ ...d, method }))}
        onUrl={(url) => setDraft((d) => ({ ...d, url }))}
        onSend={() => sendTab(tab.id)}
        onCancel={() => cancelTab(tab.id)}
        onPasteCurl={(command) => void importCurl(command, tab.id, { pasted: true })}
        progress={response.kind === 'sending' && <SendProgress startedAt={response.startedAt} progress={live.progress} expectedBytes={live.started?.expectedBytes ?? null} />}
      />
      {note && 'warnings' in note && <ImportedNote warnings={note.warnings} onUndo={() => undoCurl(tab.id)} onDismiss={() => dismissCurlNote(tab.id)} />}
      {note && 'error' in note && (
        <p className="hint warning" role="alert">
          The pasted curl command could not be imported: {note.error}
        </p>
      )}
      {saveError && <p className="hint warning">Your changes could not be saved: {saveError}</p>}
      {unresolved.length > 0 && (
        <p className="hint warning unresolved" role="status">
          No value for {unresolved.map((name) => `{{${name}}}`).join(', ')}.{' '}
          <button type="button" className="link-button" onClick={() => openDialog({ kind: 'variables' })}>
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
              onImportCurl={() => openDialog({ kind: 'importCurl' })}
              onShowCode={() => openDialog({ kind: 'code', tabId: tab.id })}
              connections={connections}
              location={location}
              onEditConnection={(connection) => openDialog({ kind: 'connection', connection, attachTo: connection === null ? tab.id : null })}
              onChange={setDraft}
              onCopyCurl={async (includeSecrets) => {
                const result = await call('http:curl', { request: draft, includeSecrets, location });
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
              memory={session.viewer}
              onStop={() => cancelTab(tab.id)}
              onSendWithoutTlsCheck={() => {
                const next = { ...draft, settings: { ...draft.settings, verifyTls: false } };
                setDraft(() => next);
                sendTab(tab.id, next);
              }}
            />
          </section>
        </Panel>
      </PanelGroup>
    </>
  );
}
