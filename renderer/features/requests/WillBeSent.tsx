import { useEffect, useState } from 'react';
import type { Draft, ItemLocation, SentRequest } from '../../../preload/contract';
import { api } from '../../api';
import { HeadersTable } from '../../ui/HeadersTable';

/** The headers main would send right now, its own and the engine's included, read-only. */
export function WillBeSent({ draft, location, open, onOpenChange }: { draft: Draft; location: ItemLocation | null; open: boolean; onOpenChange(open: boolean): void }) {
  const [preview, setPreview] = useState<{ sent: SentRequest | null; problem: string | null }>({ sent: null, problem: null });

  useEffect(() => {
    if (!open) return;
    let live = true;
    const timer = setTimeout(() => {
      void api.calls['http:preview']({ request: draft, location }).then((result) => {
        if (live) setPreview(result.ok ? { sent: result.value, problem: null } : { sent: null, problem: result.error.message });
      });
    }, 250);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [open, draft, location]);

  return (
    <details className="will-be-sent" open={open} onToggle={(e) => onOpenChange(e.currentTarget.open)}>
      <summary>Headers that will be sent</summary>
      {preview.problem && <p className="hint warning">{preview.problem}</p>}
      {preview.sent && (
        <HeadersTable label="Headers that will be sent" rows={[[preview.sent.method, preview.sent.url], ...preview.sent.headers]} />
      )}
    </details>
  );
}
