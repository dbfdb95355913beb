import { useMemo } from 'react';
import { RAW_CONTENT_TYPES, type BodyKind, type RequestBody } from '../../../preload/contract';
import { useHostCapabilities } from '../../hostCapabilities';
import { checkJson } from './jsonCheck';
import { FilePathInput, MultipartTable } from './FileBodyEditors';
import { KeyValueTable } from '../../ui/KeyValueTable';

const KINDS: { kind: BodyKind; label: string }[] = [
  { kind: 'none', label: 'None' },
  { kind: 'json', label: 'JSON' },
  { kind: 'raw', label: 'Raw' },
  { kind: 'form', label: 'Form (urlencoded)' },
  { kind: 'multipart', label: 'Multipart form' },
  { kind: 'file', label: 'File' },
  { kind: 'graphql', label: 'GraphQL' },
];

const RAW_LABELS: Record<(typeof RAW_CONTENT_TYPES)[number], string> = {
  'text/plain': 'Text',
  'application/xml': 'XML',
  'text/xml': 'XML',
  'application/soap+xml': 'SOAP / XML',
  'text/html': 'HTML',
  'application/javascript': 'JavaScript',
};

/** Switching kind keeps the text where both kinds have one. */
function convert(body: RequestBody, kind: BodyKind): RequestBody {
  const text = body.kind === 'json' || body.kind === 'raw' ? body.text : body.kind === 'graphql' ? body.query : '';
  switch (kind) {
    case 'none':
      return { kind };
    case 'json':
      return { kind, text };
    case 'raw':
      return { kind, text, contentType: body.kind === 'raw' ? body.contentType : 'text/plain' };
    case 'form':
      return { kind, fields: body.kind === 'form' ? body.fields : [] };
    case 'graphql':
      return { kind, query: text, variables: body.kind === 'graphql' ? body.variables : '' };
    case 'multipart':
      // Form fields carry over as text fields.
      return { kind, parts: body.kind === 'form' ? body.fields.map((f) => ({ name: f.name, value: f.value, enabled: f.enabled, type: 'text' as const })) : [] };
    case 'file':
      return { kind, path: '', contentType: '' };
  }
}

export function BodyEditor({ body, method, onChange }: { body: RequestBody; method: string; onChange(body: RequestBody): void }) {
  const { fileDialogs } = useHostCapabilities();
  const jsonProblem = useMemo(() => (body.kind === 'json' && body.text.length < 5_000_000 ? checkJson(body.text) : null), [body]);
  const variablesProblem = useMemo(() => (body.kind === 'graphql' ? checkJson(body.variables) : null), [body]);
  const bodyless = method === 'GET' || method === 'HEAD';

  return (
    <div className="body-editor">
      <div className="body-kinds" role="radiogroup" aria-label="Body type">
        {KINDS.map(({ kind, label }) => (
          <button key={kind} type="button" role="radio" aria-checked={body.kind === kind} className={`chip ${body.kind === kind ? 'selected' : ''}`} onClick={() => onChange(convert(body, kind))}>
            {label}
          </button>
        ))}
        {body.kind === 'raw' && (
          <label className="inline-field">
            <span>Content type</span>
            <select aria-label="Content type" value={body.contentType} onChange={(e) => onChange({ ...body, contentType: e.target.value })}>
              {RAW_CONTENT_TYPES.map((type) => (
                <option key={type} value={type}>
                  {RAW_LABELS[type]} ({type})
                </option>
              ))}
              {!(RAW_CONTENT_TYPES as readonly string[]).includes(body.contentType) && <option value={body.contentType}>{body.contentType}</option>}
            </select>
          </label>
        )}
        {body.kind === 'json' && (
          <button type="button" className="button small" disabled={jsonProblem !== null || body.text.trim() === ''} onClick={() => onChange({ kind: 'json', text: JSON.stringify(JSON.parse(body.text), null, 2) })}>
            Format
          </button>
        )}
      </div>
      {bodyless && body.kind !== 'none' && <p className="hint">A {method} request is sent without its body.</p>}

      {body.kind === 'none' && <p className="hint">This request has no body.</p>}
      {(body.kind === 'json' || body.kind === 'raw') && (
        <>
          <label className="sr-only" htmlFor="request-body">
            Body
          </label>
          <textarea
            id="request-body"
            className={`code-input ${jsonProblem ? 'invalid' : ''}`}
            spellCheck={false}
            placeholder={body.kind === 'json' ? '{\n  "name": "value"\n}' : ''}
            value={body.text}
            aria-invalid={jsonProblem !== null}
            aria-describedby={jsonProblem ? 'body-problem' : undefined}
            onChange={(e) => onChange({ ...body, text: e.target.value })}
          />
          {jsonProblem && (
            <p id="body-problem" className="hint warning" role="status">
              Not valid JSON at line {jsonProblem.line}, column {jsonProblem.column}: {jsonProblem.message}
            </p>
          )}
        </>
      )}
      {body.kind === 'form' && <KeyValueTable noun="Field" rows={body.fields} describe onChange={(fields) => onChange({ kind: 'form', fields })} />}
      {body.kind === 'multipart' && (
        <>
          <MultipartTable parts={body.parts} fileDialogs={fileDialogs} onChange={(parts) => onChange({ kind: 'multipart', parts })} />
          <p className="hint">Sent as multipart/form-data. Files are read when you send, so they can be of any size.</p>
        </>
      )}
      {body.kind === 'file' && (
        <div className="file-body">
          <span className="field-label" aria-hidden="true">
            File to send
          </span>
          <FilePathInput
            label="Body file"
            path={body.path}
            fileDialogs={fileDialogs}
            unconfirmed={body.unconfirmed === true}
            onChange={(path) => onChange({ kind: 'file', path, contentType: body.contentType })}
            onConfirm={() => onChange({ kind: 'file', path: body.path, contentType: body.contentType })}
          />
          <label className="inline-field">
            <span>Content type</span>
            <input aria-label="Body file content type" spellCheck={false} placeholder="From the extension" value={body.contentType} onChange={(e) => onChange({ ...body, contentType: e.target.value })} />
          </label>
          <p className="hint">The file is sent as the whole body, byte for byte, read when you send.</p>
        </div>
      )}
      {body.kind === 'graphql' && (
        <div className="graphql">
          <label className="field-label" htmlFor="graphql-query">
            Query
          </label>
          <textarea id="graphql-query" className="code-input" spellCheck={false} placeholder="query { viewer { id } }" value={body.query} onChange={(e) => onChange({ ...body, query: e.target.value })} />
          <label className="field-label" htmlFor="graphql-variables">
            Variables (JSON)
          </label>
          <textarea id="graphql-variables" className="code-input short" spellCheck={false} placeholder='{ "id": 1 }' value={body.variables} onChange={(e) => onChange({ ...body, variables: e.target.value })} />
          {variablesProblem && (
            <p className="hint warning" role="status">
              Variables are not valid JSON at line {variablesProblem.line}, column {variablesProblem.column}: {variablesProblem.message}
            </p>
          )}
        </div>
      )}
    </div>
  );
}
