import { z } from 'zod';
import { RequestSpec } from './http';
import type { Namespace } from './result';

/** A request being edited. */
export const Draft = RequestSpec;
export type Draft = z.infer<typeof Draft>;

/** An open tab: a saved request (savedId) being edited, or a new one not saved anywhere yet. */
export const EditorTab = z.object({
  id: z.string().min(1).max(64),
  savedId: z.uuid().nullable(),
  /** The saved request's name, shown on the tab; null for a new request. */
  name: z.string().max(256).nullable(),
  draft: Draft,
  /** Changed since it was last saved to its collection. */
  dirty: z.boolean(),
  /** Pinned: kept at the left of the tabs, before every unpinned one, with no close button. */
  pinned: z.boolean().optional(),
  /** The History entry of the tab's last response, shown again after a restart. */
  responseId: z.string().max(100).nullable().optional(),
});
export type EditorTab = z.infer<typeof EditorTab>;

/** The open tabs, restored on the next launch with their unsaved changes. */
export const WorkspaceState = z.object({ tabs: z.array(EditorTab).min(1).max(50), activeTabId: z.string().min(1).max(64) });
export type WorkspaceState = z.infer<typeof WorkspaceState>;

export const workspace = {
  'workspace:get': { req: z.void(), res: WorkspaceState },
  'workspace:save': { req: WorkspaceState, res: z.void() },
} satisfies Namespace;
