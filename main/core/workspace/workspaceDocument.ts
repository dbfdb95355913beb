import { z } from 'zod';
import { Draft } from '../../../preload/contract';
import type { DocumentSpec } from '../persistence/storedDocument';

export const WorkspaceData = z.object({ draft: Draft });
export type WorkspaceData = z.infer<typeof WorkspaceData>;

export function emptyDraft(): Draft {
  return { method: 'GET', url: '', params: [], pathVariables: [], headers: [], body: { kind: 'none' }, settings: {} };
}

export const workspaceSpec: DocumentSpec<WorkspaceData> = {
  name: 'workspace',
  title: 'Your workspace',
  version: 3,
  schema: WorkspaceData,
  empty: () => ({ draft: emptyDraft() }),
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
  ],
};
