import { lazy, Suspense } from 'react';
import { setCached, useCall } from '../../state/calls';
import { closeDialog, openDialog, useDialog } from '../../state/dialogs';
import { tabActions, useTabs } from '../../state/tabs';
import { decodeInSigner } from '../../state/view';
import { CollectionPrompts } from '../collections';
import { ImportCurlDialog } from '../importing';
import { importCurl } from '../requests';
import { SettingsDialog } from '../settings';
import { VariablesDialog } from '../variables';

// The dialogs that only open on request load the first time they are opened.
const ConnectionEditor = lazy(() => import('../connections/ConnectionEditor').then((m) => ({ default: m.ConnectionEditor })));
const ScopeSettingsDialog = lazy(() => import('../collections/ScopeSettingsDialog').then((m) => ({ default: m.ScopeSettingsDialog })));
const EnvironmentsDialog = lazy(() => import('../environments/EnvironmentsDialog').then((m) => ({ default: m.EnvironmentsDialog })));
const ImportDialog = lazy(() => import('../importing/ImportDialog').then((m) => ({ default: m.ImportDialog })));
const ExportDialog = lazy(() => import('../importing/ExportDialog').then((m) => ({ default: m.ExportDialog })));

/** Every dialog of the app, each shown while the dialog store has it open. */
export function Dialogs() {
  const { active } = useTabs();
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
  const open = (kind: 'settings' | 'variables' | 'importCurl') => (shown: boolean) => (shown ? openDialog({ kind }) : closeDialog(kind));
  return (
    <>
      <ImportCurlDialog open={useDialog('importCurl') !== null} onOpenChange={open('importCurl')} onImport={(command) => importCurl(command)} />
      <SettingsDialog open={useDialog('settings') !== null} settings={settings} onOpenChange={open('settings')} onSaved={(saved) => setCached('settings:get', undefined, () => saved)} />
      <VariablesDialog
        open={useDialog('variables') !== null}
        variables={variables}
        location={active.savedId ? { itemId: active.savedId } : null}
        requestVariables={active.draft.variables ?? []}
        onOpenChange={open('variables')}
        onSaved={(saved) => setCached('variables:list', undefined, () => saved)}
      />
      <CollectionPrompts />
      <Suspense fallback={null}>
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
