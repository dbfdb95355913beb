import { useEffect, useState } from 'react';
import { api } from '../../api';
import { formatBytes } from '../../ui/format';

/** The most of an HTML body rendered in the preview. */
const LIMIT = 5 * 1024 * 1024;

/**
 * An HTML response rendered as a page, untrusted: a sandboxed frame with no permissions at
 * all (no scripts, forms, popups or same-origin access: an opaque origin with no storage), and
 * the app's own CSP, so nothing is fetched from the network either (no tracking pixels).
 */
export function HtmlPreview({ bodyId, bytes }: { bodyId: string; bytes: number }) {
  const [html, setHtml] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    void (async () => {
      const decoder = new TextDecoder('utf-8');
      let text = '';
      const total = Math.min(bytes, LIMIT);
      for (let offset = 0; offset < total; offset += 4 * 1024 * 1024) {
        const result = await api.calls['body:read']({ bodyId, offset, length: Math.min(4 * 1024 * 1024, total - offset) });
        if (!live) return;
        if (!result.ok) return setError(result.error.message);
        text += decoder.decode(Uint8Array.from(atob(result.value.base64), (c) => c.charCodeAt(0)), { stream: true });
      }
      setHtml(text + decoder.decode());
    })();
    return () => {
      live = false;
    };
  }, [bodyId, bytes]);

  if (error) {
    return (
      <p className="hint warning pad" role="alert">
        {error}
      </p>
    );
  }
  return (
    <div className="html-preview">
      <p className="hint">
        Preview with scripts, forms and network loads off{bytes > LIMIT ? `; the first ${formatBytes(LIMIT)} of ${formatBytes(bytes)}` : ''}. Images and styles from other sites are not shown.
      </p>
      {html === null ? <p className="hint">Loading…</p> : <iframe title="HTML preview" sandbox="" srcDoc={html} referrerPolicy="no-referrer" />}
    </div>
  );
}
