import { z } from 'zod';
import { RequestSettings } from './http';
import type { Namespace } from './result';

/** The app-wide settings. `defaults` holds only what differs from the built-in request settings. */
export const THEMES = ['system', 'light', 'dark'] as const;
export const Theme = z.enum(THEMES);
export type Theme = z.infer<typeof Theme>;

export const AppSettings = z.object({
  defaults: RequestSettings.partial(),
  /** Absent: follow the system. */
  theme: Theme.optional(),
});
export type AppSettings = z.infer<typeof AppSettings>;

export const settings = {
  'settings:get': { req: z.void(), res: AppSettings },
  'settings:save': { req: AppSettings, res: AppSettings },
} satisfies Namespace;
