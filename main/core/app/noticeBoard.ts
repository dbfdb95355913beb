import { randomUUID } from 'node:crypto';
import type { Notice } from '../../../preload/contract';

/**
 * Things the user must be told (a file set aside, a read-only document). Kept until dismissed,
 * because they can happen before any window is listening.
 */
export class NoticeBoard {
  private readonly notices: Notice[] = [];
  private readonly listeners = new Set<(notice: Notice) => void>();

  post(notice: Omit<Notice, 'id'>): Notice {
    const full = { ...notice, id: randomUUID() };
    this.notices.push(full);
    for (const listener of this.listeners) listener(full);
    return full;
  }

  list(): Notice[] {
    return [...this.notices];
  }

  dismiss(id: string): void {
    const index = this.notices.findIndex((n) => n.id === id);
    if (index >= 0) this.notices.splice(index, 1);
  }

  subscribe(listener: (notice: Notice) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}
