import { useEffect, useState } from 'react';
import type { FileInfo, MultipartPart } from '../../../preload/contract';
import { api } from '../../api';
import { formatBytes } from '../../ui/format';

/** What main says about a typed or chosen path: its size and type, or why it cannot be sent. */
function useFileInfo(path: string): { info: FileInfo | null; problem: string | null } {
  const [state, setState] = useState<{ path: string; info: FileInfo | null; problem: string | null }>({ path: '', info: null, problem: null });
  useEffect(() => {
    const trimmed = path.trim();
    if (trimmed === '' || trimmed.includes('{{')) return;
    let live = true;
    const timer = setTimeout(() => {
      void api.calls['files:stat']({ path: trimmed }).then((result) => {
        if (live) setState(result.ok ? { path, info: result.value, problem: null } : { path, info: null, problem: result.error.message });
      });
    }, 250);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [path]);
  return state.path === path && path.trim() !== '' ? state : { info: null, problem: null };
}

/**
 * A file path with the system's file dialog where there is one (the desktop app). A path an
 * import named is `unconfirmed`: it is not sent until the user chooses a file, edits the path,
 * or says "Send this file".
 */
export function FilePathInput({
  label,
  path,
  fileDialogs,
  compact = false,
  unconfirmed = false,
  onChange,
  onConfirm,
}: {
  label: string;
  path: string;
  fileDialogs: boolean;
  compact?: boolean;
  unconfirmed?: boolean;
  onChange(path: string): void;
  onConfirm?(): void;
}) {
  // An unconfirmed path is not even looked at (stat) until the user takes it.
  const { info, problem } = useFileInfo(unconfirmed ? '' : path);
  const [error, setError] = useState<string | null>(null);
  const choose = async () => {
    const result = await api.calls['files:choose']({ title: label });
    if (!result.ok) return setError(result.error.message);
    setError(null);
    if (result.value.file) onChange(result.value.file.path);
  };
  const note = error ?? problem ?? (info ? `${info.name} · ${formatBytes(info.size)} · ${info.contentType}` : null);
  return (
    <div className={`file-path ${compact ? 'compact' : ''}`}>
      <div className="file-path-row">
        <input
          aria-label={label}
          spellCheck={false}
          placeholder={fileDialogs ? 'Choose a file, or type its full path' : 'Full path of the file, e.g. /home/me/payload.bin'}
          value={path}
          aria-invalid={problem !== null}
          onChange={(e) => onChange(e.target.value)}
        />
        {fileDialogs && (
          <button type="button" className="button small" onClick={() => void choose()}>
            Choose…
          </button>
        )}
      </div>
      {note && <span className={`file-note ${error || problem ? 'warning' : ''}`}>{note}</span>}
      {unconfirmed && (
        <div className="file-unconfirmed" role="status">
          <span>This path came from an import. Latchkey will not read or send it until you choose the file or confirm it.</span>
          {onConfirm && (
            <button type="button" className="button small" aria-label={`Send this file: ${label}`} onClick={onConfirm}>
              Send this file
            </button>
          )}
        </div>
      )}
    </div>
  );
}

const blank = (): MultipartPart => ({ name: '', value: '', enabled: true, type: 'text' });

/** Multipart form fields: text values or files, each with an optional content type for files. */
export function MultipartTable({ parts, fileDialogs, onChange }: { parts: MultipartPart[]; fileDialogs: boolean; onChange(parts: MultipartPart[]): void }) {
  const last = parts.at(-1);
  const shown = last && last.name === '' && last.value === '' ? parts : [...parts, blank()];
  const commit = (next: MultipartPart[]) => onChange(next.filter((p) => p.name !== '' || p.value !== ''));
  const update = (index: number, patch: Partial<MultipartPart>) => commit(shown.map((p, i) => (i === index ? { ...p, ...patch } : p)));

  return (
    <table className="kv-table multipart-table">
      <thead>
        <tr>
          <th className="col-toggle">
            <span className="sr-only">Enabled</span>
          </th>
          <th className="col-name">Name</th>
          <th className="col-type">Type</th>
          <th>Value</th>
          <th className="col-content-type">Content type</th>
          <th className="col-action">
            <span className="sr-only">Remove</span>
          </th>
        </tr>
      </thead>
      <tbody>
        {shown.map((part, index) => {
          const isBlank = index === shown.length - 1 && part.name === '' && part.value === '';
          const n = index + 1;
          return (
            <tr key={index} className={part.enabled ? '' : 'disabled'}>
              <td className="col-toggle">{!isBlank && <input type="checkbox" aria-label={`Send field ${n}`} checked={part.enabled} onChange={(e) => update(index, { enabled: e.target.checked })} />}</td>
              <td>
                <input aria-label={`Field ${n} name`} placeholder="Name" spellCheck={false} value={part.name} onChange={(e) => update(index, { name: e.target.value })} />
              </td>
              <td>
                <select aria-label={`Field ${n} type`} value={part.type} onChange={(e) => update(index, { type: e.target.value as 'text' | 'file', value: '' })}>
                  <option value="text">Text</option>
                  <option value="file">File</option>
                </select>
              </td>
              <td>
                {part.type === 'file' ? (
                  <FilePathInput
                    compact
                    label={`Field ${n} file`}
                    path={part.value}
                    fileDialogs={fileDialogs}
                    unconfirmed={part.unconfirmed === true}
                    onChange={(value) => update(index, { value, unconfirmed: undefined })}
                    onConfirm={() => update(index, { unconfirmed: undefined })}
                  />
                ) : (
                  <input aria-label={`Field ${n} value`} placeholder="Value" spellCheck={false} value={part.value} onChange={(e) => update(index, { value: e.target.value })} />
                )}
              </td>
              <td>
                {part.type === 'file' && (
                  <input aria-label={`Field ${n} content type`} placeholder="From the extension" spellCheck={false} value={part.contentType ?? ''} onChange={(e) => update(index, { contentType: e.target.value })} />
                )}
              </td>
              <td className="col-action">
                {!isBlank && (
                  <button type="button" className="icon-button" aria-label={`Remove field ${n}`} onClick={() => commit(shown.filter((_, i) => i !== index))}>
                    ×
                  </button>
                )}
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
