import { z } from 'zod';
import type { Namespace } from './result';

export const Notice = z.object({
  id: z.string(),
  level: z.enum(['info', 'warning', 'error']),
  title: z.string(),
  message: z.string(),
});
export type Notice = z.infer<typeof Notice>;

export const AppInfo = z.object({
  name: z.string(),
  version: z.string(),
  host: z.enum(['electron', 'browser']),
  platform: z.string(),
  /** True when main can show the system's open and save dialogs (the desktop app). */
  fileDialogs: z.boolean(),
  notices: z.array(Notice),
});
export type AppInfo = z.infer<typeof AppInfo>;

export const app = {
  'app:info': { req: z.void(), res: AppInfo },
  'app:dismissNotice': { req: z.object({ id: z.string() }), res: z.void() },
  /** Opens an http(s) URL the user clicked (a device sign-in page) in the system browser. */
  'app:openUrl': { req: z.object({ url: z.string().max(8192) }), res: z.void() },
} satisfies Namespace;

/** What the desktop app's menu asks the window to do with its tabs. */
export const AppCommand = z.enum(['newTab', 'closeTab', 'nextTab', 'previousTab', 'togglePin']);
export type AppCommand = z.infer<typeof AppCommand>;

export const appEvents = {
  /** A menu item was chosen (the desktop app): the page acts as for its shortcut. */
  'app:command': z.object({ command: AppCommand }),
  'app:notice': Notice,
  /** The browser host asks the page to open a URL (an OAuth sign-in) in a new tab: the user's browser is the system browser. */
  'app:openExternal': z.object({ url: z.string() }),
};
