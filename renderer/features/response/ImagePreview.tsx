import { useEffect, useState } from 'react';
import { api } from '../../api';
import { formatBytes } from '../../ui/format';

const LIMIT = 32 * 1024 * 1024;

/** An image response, shown from a blob: URL (scripts never run in an <img>, SVG included). */
export function ImagePreview({ bodyId, contentType, bytes }: { bodyId: string; contentType: string; bytes: number }) {
  const [url, setUrl] = useState<string | null>(null);
  const [problem, setProblem] = useState<string | null>(bytes > LIMIT ? `The image is ${formatBytes(bytes)}; previews stop at ${formatBytes(LIMIT)}. Use Save.` : null);

  useEffect(() => {
    if (bytes > LIMIT) return;
    let live = true;
    let made: string | null = null;
    void (async () => {
      const parts: BlobPart[] = [];
      for (let offset = 0; offset < bytes; offset += 8 * 1024 * 1024) {
        const result = await api.calls['body:read']({ bodyId, offset, length: Math.min(8 * 1024 * 1024, bytes - offset) });
        if (!result.ok) {
          if (live) setProblem(result.error.message);
          return;
        }
        parts.push(Uint8Array.from(atob(result.value.base64), (c) => c.charCodeAt(0)));
      }
      if (!live) return;
      made = URL.createObjectURL(new Blob(parts, { type: contentType }));
      setUrl(made);
    })();
    return () => {
      live = false;
      if (made) URL.revokeObjectURL(made);
    };
  }, [bodyId, contentType, bytes]);

  return (
    <div className="image-preview">
      {problem && <p className="hint warning">{problem}</p>}
      {url && <img src={url} alt={`Response image (${contentType}, ${formatBytes(bytes)})`} data-testid="response-image" />}
    </div>
  );
}
