import { useEffect, useState } from 'react';
import type { Notice } from '../../../preload/contract';
import { api } from '../../api';
import { call } from '../../state/calls';

/** Things main must tell the user (mount it once the initial list is known): a file set aside, a document opened read-only. */
export function NoticeBanner({ initial }: { initial: Notice[] }) {
  const [notices, setNotices] = useState<Notice[]>(initial);
  useEffect(() => api.events['app:notice']((notice) => setNotices((list) => [...list, notice])), []);

  if (notices.length === 0) return null;
  const dismiss = (id: string) => {
    setNotices((list) => list.filter((n) => n.id !== id));
    void call('app:dismissNotice', { id });
  };
  return (
    <div className="notices">
      {notices.map((notice) => (
        <div key={notice.id} className={`notice notice-${notice.level}`} role="alert">
          <div>
            <strong>{notice.title}</strong>
            <p>{notice.message}</p>
          </div>
          <button type="button" className="button ghost" onClick={() => dismiss(notice.id)}>
            Dismiss
          </button>
        </div>
      ))}
    </div>
  );
}
