import { z } from 'zod';
import { Draft } from '../../../preload/contract';
import type { DocumentSpec } from '../persistence/storedDocument';

export const WorkspaceData = z.object({ draft: Draft });
export type WorkspaceData = z.infer<typeof WorkspaceData>;

export function emptyDraft(): Draft {
  return { method: 'GET', url: '', headers: [{ name: '', value: '', enabled: true }], body: '' };
}

export const workspaceSpec: DocumentSpec<WorkspaceData> = {
  name: 'workspace',
  title: 'Your workspace',
  version: 2,
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
  ],
};
