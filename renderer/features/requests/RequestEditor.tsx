import * as Tabs from '@radix-ui/react-tabs';
import { useState } from 'react';
import type { BodyKind, Connection, Draft, ItemLocation, KeyValue, RequestSettings } from '../../../preload/contract';
import { CapturesPanel, TestsPanel } from '../checks';
import { RequestAuth } from '../connections';
import { pathVariableNames } from '../../../preload/contract/templates';
import { BodyEditor } from './BodyEditor';
import { COMMON_HEADERS } from './commonHeaders';
import { KeyValueTable } from '../../ui/KeyValueTable';
import { paramsTable, withQuery } from './queryParams';
import { SettingsEditor } from './SettingsEditor';
import { WillBeSent } from './WillBeSent';

const BODY_BADGES: Record<BodyKind, string> = { none: '', json: 'JSON', raw: 'Raw', form: 'Form', multipart: 'Multipart', file: 'File', graphql: 'GraphQL' };

/** The draft with its assertion or capture rows; none at all leaves the field out, as a saved request has it. */
function withRows<K extends 'assertions' | 'captures'>(draft: Draft, key: K, rows: NonNullable<Draft[K]>): Draft {
  const next: Draft = { ...draft };
  if (rows.length > 0) next[key] = rows;
  else delete next[key];
  return next;
}

interface Props {
  draft: Draft;
  onChange(update: (d: Draft) => Draft): void;
  onCopyCurl(includeSecrets: boolean): Promise<string | null>;
  /** The app's request defaults, which the request's own settings override. */
  defaults: RequestSettings;
  onImportCurl(): void;
  /** Opens Request as code. */
  onShowCode(): void;
  connections: Connection[];
  onEditConnection(connection: Connection | null): void;
  /** Where the request is saved: it can inherit its folder's or collection's connection. Null when unsaved. */
  location: ItemLocation | null;
}

/** The parts of a request below the URL bar. */
export function RequestEditor({ draft, onChange, onCopyCurl, defaults, onImportCurl, onShowCode, connections, onEditConnection, location }: Props) {
  const [copied, setCopied] = useState<string | null>(null);
  // Kept here: the Headers tab unmounts when another tab is shown.
  const [previewOpen, setPreviewOpen] = useState(false);
  const copy = async (includeSecrets: boolean) => {
    const problem = await onCopyCurl(includeSecrets);
    setCopied(problem ?? (includeSecrets ? 'Copied, with secrets' : 'Copied'));
    setTimeout(() => setCopied(null), 2500);
  };
  const params = paramsTable(draft.url, draft.params);
  const pathNames = pathVariableNames(draft.url);
  const pathRows: KeyValue[] = pathNames.map((name) => draft.pathVariables.find((v) => v.name === name) ?? { name, value: '', enabled: true });
  const headerCount = draft.headers.filter((h) => h.enabled && h.name !== '').length;
  const paramCount = params.filter((p) => p.enabled).length + pathNames.length;
  const settingsCount = Object.keys(draft.settings).length;
  const variableCount = (draft.variables ?? []).filter((v) => v.enabled && v.name !== '').length;
  const connection = connections.find((c) => c.id === draft.connectionId);
  const assertionCount = (draft.assertions ?? []).filter((a) => a.enabled).length;
  const captureCount = (draft.captures ?? []).filter((c) => c.enabled).length;

  const setParams = (rows: KeyValue[]) =>
    onChange((d) => ({ ...d, url: withQuery(d.url, rows), params: rows.filter((r) => !r.enabled || r.description).map((r) => ({ ...r })) }));
  const setPathVariables = (rows: KeyValue[]) =>
    onChange((d) => ({ ...d, pathVariables: [...rows.map((r) => ({ ...r, enabled: true })), ...d.pathVariables.filter((v) => !rows.some((r) => r.name === v.name))] }));

  return (
    <Tabs.Root className="tabs" defaultValue="params">
      <div className="tab-row">
      <Tabs.List className="tab-list" aria-label="Request parts">
        <Tabs.Trigger className="tab" value="params">
          Params{paramCount > 0 && <span className="count">{paramCount}</span>}
        </Tabs.Trigger>
        <Tabs.Trigger className="tab" value="auth">
          Auth{connection && <span className="count">{connection.name}</span>}
        </Tabs.Trigger>
        <Tabs.Trigger className="tab" value="headers">
          Headers{headerCount > 0 && <span className="count">{headerCount}</span>}
        </Tabs.Trigger>
        <Tabs.Trigger className="tab" value="body">
          Body{draft.body.kind !== 'none' && <span className="count">{BODY_BADGES[draft.body.kind]}</span>}
        </Tabs.Trigger>
        <Tabs.Trigger className="tab" value="tests">
          Tests{assertionCount > 0 && <span className="count">{assertionCount}</span>}
        </Tabs.Trigger>
        <Tabs.Trigger className="tab" value="captures">
          Captures{captureCount > 0 && <span className="count">{captureCount}</span>}
        </Tabs.Trigger>
        <Tabs.Trigger className="tab" value="variables">
          Vars{variableCount > 0 && <span className="count">{variableCount}</span>}
        </Tabs.Trigger>
        <Tabs.Trigger className="tab" value="settings">
          Settings{settingsCount > 0 && <span className="count">{settingsCount}</span>}
        </Tabs.Trigger>
      </Tabs.List>
        <div className="tab-row-actions">
          {copied && (
            <span className="hint" role="status">
              {copied}
            </span>
          )}
          <button type="button" className="button small ghost" onClick={onImportCurl} title="Open a curl command in the editor (Ctrl+Shift+I); pasting one into the URL field works too">
            Import cURL
          </button>
          <button type="button" className="button small" onClick={() => void copy(false)} title="Copy as a curl command; secrets stay as placeholders (Code… has it with them)">
            Copy as cURL
          </button>
          <button type="button" className="button small" onClick={onShowCode} title="The request as cURL, JavaScript, Python, Go, Java, C#, PHP or PowerShell, with or without secrets (Ctrl+Alt+C)">
            Code…
          </button>
        </div>
      </div>
      <Tabs.Content className="tab-panel" value="params">
        <h3 className="table-title">Query parameters</h3>
        <KeyValueTable noun="Parameter" rows={params} describe onChange={setParams} />
        {pathRows.length > 0 && (
          <>
            <h3 className="table-title">Path variables</h3>
            <KeyValueTable noun="Path variable" rows={pathRows} fixedNames onChange={setPathVariables} />
          </>
        )}
      </Tabs.Content>
      <Tabs.Content className="tab-panel" value="auth">
        <RequestAuth
          draft={draft}
          connections={connections}
          location={location}
          onChange={(connectionId) =>
            onChange((d) => {
              const { connectionId: _old, ...rest } = d;
              return connectionId === undefined ? rest : { ...rest, connectionId };
            })
          }
          onEdit={onEditConnection}
          onNew={() => onEditConnection(null)}
          previewOpen={previewOpen}
          onPreviewOpen={setPreviewOpen}
        />
      </Tabs.Content>
      <Tabs.Content className="tab-panel" value="headers">
        <datalist id="common-headers">
          {COMMON_HEADERS.map((name) => (
            <option key={name} value={name} />
          ))}
        </datalist>
        <KeyValueTable noun="Header" rows={draft.headers} suggestions="common-headers" onChange={(headers) => onChange((d) => ({ ...d, headers }))} />
        <p className="hint">
          Latchkey adds User-Agent, and Content-Type for the body type you choose, unless you set them here.
          {connection && ` The connection "${connection.name}" adds its credentials: see them, masked, below.`}
        </p>
        <WillBeSent draft={draft} location={location} open={previewOpen} onOpenChange={setPreviewOpen} />
      </Tabs.Content>
      <Tabs.Content className="tab-panel" value="tests">
        <TestsPanel assertions={draft.assertions ?? []} location={location} onChange={(rows) => onChange((d) => withRows(d, 'assertions', rows))} />
      </Tabs.Content>
      <Tabs.Content className="tab-panel" value="captures">
        <CapturesPanel captures={draft.captures ?? []} onChange={(rows) => onChange((d) => withRows(d, 'captures', rows))} />
      </Tabs.Content>
      <Tabs.Content className="tab-panel" value="variables">
        <h3 className="table-title">Variables of this request</h3>
        <KeyValueTable noun="Variable" rows={draft.variables ?? []} onChange={(variables) => onChange((d) => ({ ...d, variables }))} />
        <p className="hint">These win over the same names in its folders, collection, environment and the global variables. Use them as {'{{name}}'}.</p>
      </Tabs.Content>
      <Tabs.Content className="tab-panel" value="body">
        <BodyEditor body={draft.body} method={draft.method} onChange={(body) => onChange((d) => ({ ...d, body }))} />
      </Tabs.Content>
      <Tabs.Content className="tab-panel" value="settings">
        <SettingsEditor scope="request" base={defaults} settings={draft.settings} onChange={(settings) => onChange((d) => ({ ...d, settings }))} />
      </Tabs.Content>
    </Tabs.Root>
  );
}
