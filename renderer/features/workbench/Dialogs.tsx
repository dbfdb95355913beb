import { Suspense } from 'react';
import { setCached, useCall } from '../../state/calls';
import { closeDialog, openDialog, useDialog } from '../../state/dialogs';
import { tabActions, useTabs } from '../../state/tabs';
import { decodeInSigner } from '../../state/view';
import { CollectionPrompts, ScopeSettingsDialog } from '../collections';
import { ConnectionEditor } from '../connections';
import { EnvironmentsDialog } from '../environments';
import { ExportDialog, ImportCurlDialog, ImportDialog } from '../importing';
import { CodeDialog, importCurl, locationOf } from '../requests';
import { SettingsDialog } from '../settings';
import { VariablesDialog } from '../variables';

// Each dialog is mounted while it is open; all but the collection prompts load the first time they open.
/** Every dialog of the app, each shown while the dialog store has it open. */
export function Dialogs() {
  const { active, tabs } = useTabs();
  const info = useCall('app:info').data;
  const settings = useCall('settings:get').data ?? { defaults: {} };
  const variables = useCall('variables:list').data ?? [];
  const connections = useCall('connections:list').data ?? [];
  const environments = useCall('environments:list').data ?? { activeId: null, environments: [] };
  const profiles = useCall('jwt:profiles').data ?? [];
  const connection = useDialog('connection');
  const scope = useDialog('scopeSettings');
  const exporting = useDialog('export');
  const environmentsOpen = useDialog('environments') !== null;
  const importOpen = useDialog('import') !== null;
  const importCurlOpen = useDialog('importCurl') !== null;
  const code = useDialog('code');
  const codeTab = code ? tabs.find((t) => t.id === code.tabId) : undefined;
  const settingsOpen = useDialog('settings') !== null;
  const variablesOpen = useDialog('variables') !== null;
  const open = (kind: 'settings' | 'variables' | 'importCurl') => (shown: boolean) => (shown ? openDialog({ kind }) : closeDialog(kind));
  return (
    <>
      <CollectionPrompts />
      <Suspense fallback={null}>
        {importCurlOpen && <ImportCurlDialog open onOpenChange={open('importCurl')} onImport={(command) => importCurl(command)} />}
        {codeTab && <CodeDialog draft={codeTab.draft} location={locationOf(codeTab)} onClose={() => closeDialog('code')} />}
        {settingsOpen && <SettingsDialog open settings={settings} onOpenChange={open('settings')} onSaved={(saved) => setCached('settings:get', undefined, () => saved)} />}
        {variablesOpen && (
          <VariablesDialog
            open
            variables={variables}
            location={active.savedId ? { itemId: active.savedId } : null}
            requestVariables={active.draft.variables ?? []}
            onOpenChange={open('variables')}
            onSaved={(saved) => setCached('variables:list', undefined, () => saved)}
          />
        )}
        {connection && (
          <ConnectionEditor
            connection={connection.connection}
            profiles={profiles}
            draft={active.draft}
            onDecode={decodeInSigner}
            onClose={() => closeDialog('connection')}
            onSaved={(saved) => {
              // A connection made from a request's Auth tab is chosen for that request.
              if (connection.connection === null && connection.attachTo) {
                tabActions.setDraft((d) => ({ ...d, connectionId: saved.id }), connection.attachTo);
                openDialog({ ...connection, attachTo: null });
              }
            }}
            onDeleted={() => undefined}
          />
        )}
        {environmentsOpen && (
          <EnvironmentsDialog
            open
            list={environments}
            onOpenChange={(shown) => !shown && closeDialog('environments')}
            onChanged={(list) => setCached('environments:list', undefined, () => list)}
            onExport={(e) => openDialog({ kind: 'export', target: { kind: 'environment', id: e.id, name: e.name } })}
          />
        )}
        {importOpen && <ImportDialog open onOpenChange={(shown) => !shown && closeDialog('import')} onImported={() => undefined} />}
        {exporting && <ExportDialog target={exporting.target} fileDialogs={info?.fileDialogs ?? false} onClose={() => closeDialog('export')} />}
        {scope && <ScopeSettingsDialog id={scope.id} connections={connections} onClose={() => closeDialog('scopeSettings')} />}
      </Suspense>
    </>
  );
}
