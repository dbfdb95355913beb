import { useState } from 'react';
import type { BodyStatus } from '../../../preload/contract';
import { api } from '../../api';
import { useHostCapabilities } from '../../hostCapabilities';
import { formatBytes } from '../../ui/format';

/** Copy and Save of a whole body: main copies its file where it can (the desktop app), else it is read in parts. */
export function useBodyExport(bodyId: string, contentType: string | null, status: BodyStatus | null, onError: (message: string) => void) {
  const { fileDialogs } = useHostCapabilities();
  const [busy, setBusy] = useState<string | null>(null);
  const flash = (message: string, ms: number) => {
    setBusy(message);
    setTimeout(() => setBusy((current) => (current === message ? null : current)), ms);
  };

  const readAll = async (): Promise<Blob | null> => {
    if (!status) return null;
    const parts: BlobPart[] = [];
    for (let offset = 0; offset < status.bytes; offset += 8 * 1024 * 1024) {
      setBusy(`Reading ${formatBytes(offset)} of ${formatBytes(status.bytes)}…`);
      const result = await api.calls['body:read']({ bodyId, offset, length: Math.min(8 * 1024 * 1024, status.bytes - offset) });
      if (!result.ok) {
        setBusy(null);
        onError(result.error.message);
        return null;
      }
      parts.push(Uint8Array.from(atob(result.value.base64), (c) => c.charCodeAt(0)));
    }
    setBusy(null);
    return new Blob(parts, { type: contentType ?? 'application/octet-stream' });
  };

  const save = async () => {
    const name = `response-${bodyId.slice(0, 8)}${/json/i.test(contentType ?? '') ? '.json' : /xml/i.test(contentType ?? '') ? '.xml' : /html/i.test(contentType ?? '') ? '.html' : '.txt'}`;
    if (fileDialogs) {
      // Main copies its file: nothing large passes through this window.
      const result = await api.calls['body:saveAs']({ bodyId, suggestedName: name });
      if (!result.ok) return onError(result.error.message);
      if (result.value.path) flash(`Saved to ${result.value.path}`, 2500);
      return;
    }
    const blob = await readAll();
    if (!blob) return;
    const link = document.createElement('a');
    link.href = URL.createObjectURL(blob);
    link.download = name;
    link.click();
    setTimeout(() => URL.revokeObjectURL(link.href), 10_000);
  };

  const copy = async () => {
    const blob = await readAll();
    if (!blob) return;
    await navigator.clipboard.writeText(await blob.text()).catch(() => onError('The clipboard refused the text. Use Save instead.'));
    flash('Copied', 1500);
  };

  return { busy, save, copy };
}
