import type { z } from 'zod';
import { WorkspaceState, type Draft } from '../../../preload/contract';
import type { DocumentSpec } from '../persistence/storedDocument';

export const WorkspaceData = WorkspaceState;
export type WorkspaceData = z.infer<typeof WorkspaceData>;

/** The tab a first launch (and version 3's single draft) opens in. */
export const FIRST_TAB_ID = 'tab-1';

export function emptyDraft(): Draft {
  return { method: 'GET', url: '', params: [], pathVariables: [], headers: [], body: { kind: 'none' }, settings: {} };
}

export const workspaceSpec: DocumentSpec<WorkspaceData> = {
  name: 'workspace',
  title: 'Your workspace',
  version: 4,
  schema: WorkspaceData,
  empty: () => ({ tabs: [{ id: FIRST_TAB_ID, savedId: null, name: null, draft: emptyDraft(), dirty: false }], activeTabId: FIRST_TAB_ID }),
  migrations: [
    // Version 1 kept the draft's headers as a name → value object.
    {
      from: 1,
      migrate(data) {
        const old = data as { draft?: { method?: string; url?: string; headers?: Record<string, string>; body?: string } };
        const draft = old.draft ?? {};
        return {
          draft: {
            method: draft.method ?? 'GET',
            url: draft.url ?? '',
            headers: Object.entries(draft.headers ?? {}).map(([name, value]) => ({ name, value, enabled: true })),
            body: draft.body ?? '',
          },
        };
      },
    },
    // Version 2 kept the body as one string; version 3 has body kinds, params and settings.
    {
      from: 2,
      migrate(data) {
        const old = data as { draft?: { method?: string; url?: string; headers?: unknown[]; body?: string } };
        const draft = old.draft ?? {};
        const text = draft.body ?? '';
        const looksJson = /^\s*[[{]/.test(text);
        return {
          draft: {
            method: draft.method ?? 'GET',
            url: draft.url ?? '',
            params: [],
            pathVariables: [],
            headers: (draft.headers ?? []).filter((h) => (h as { name?: string }).name !== '' || (h as { value?: string }).value !== ''),
            body: text === '' ? { kind: 'none' } : looksJson ? { kind: 'json', text } : { kind: 'raw', text, contentType: 'text/plain' },
            settings: {},
          },
        };
      },
    },
      // Version 3 had one draft; version 4 has tabs, that draft the first.
    {
      from: 3,
      migrate(data) {
        const old = data as { draft: unknown };
        return { tabs: [{ id: FIRST_TAB_ID, savedId: null, name: null, draft: old.draft, dirty: false }], activeTabId: FIRST_TAB_ID };
      },
    },
  ],
};
