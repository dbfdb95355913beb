import { Menu, type MenuItemConstructorOptions } from 'electron';
import type { AppCommand } from '../../preload/contract';

/**
 * The menu: the tab commands with their shortcuts, and the standard Copy, Paste, Undo and
 * Reload. Toggle Developer Tools is there only where the window allows developer tools (see
 * devToolsAllowed in main.ts). The tab items show their shortcut but do not take the keys on
 * Linux and Windows (`registerAccelerator: false`): the page handles them, so each key acts
 * once whichever has focus, and choosing the item sends its command to the page. Ctrl+W closes
 * a tab, not the window (Close Window is Ctrl+Shift+W).
 */
export function installMenu(options: { devTools: boolean; command(command: AppCommand): void }): void {
  const isMac = process.platform === 'darwin';
  const tab = (label: string, accelerator: string, command: AppCommand): MenuItemConstructorOptions => ({ label, accelerator, registerAccelerator: false, click: () => options.command(command) });
  const template: MenuItemConstructorOptions[] = [
    ...(isMac ? [{ role: 'appMenu' as const }] : []),
    {
      label: 'File',
      submenu: [
        tab('New Tab', 'CommandOrControl+T', 'newTab'),
        tab('Close Tab', 'CommandOrControl+W', 'closeTab'),
        { label: 'Pin or Unpin Tab', click: () => options.command('togglePin') },
        { type: 'separator' },
        tab('Next Tab', 'Control+Tab', 'nextTab'),
        tab('Previous Tab', 'Control+Shift+Tab', 'previousTab'),
        { type: 'separator' },
        { role: 'close', label: 'Close Window', accelerator: 'CommandOrControl+Shift+W' },
        ...(isMac ? [] : [{ role: 'quit' as const }]),
      ],
    },
    { role: 'editMenu' },
    {
      label: 'View',
      submenu: [{ role: 'reload' }, { role: 'forceReload' }, { type: 'separator' }, { role: 'resetZoom' }, { role: 'zoomIn' }, { role: 'zoomOut' }, { type: 'separator' }, { role: 'togglefullscreen' }, ...(options.devTools ? [{ type: 'separator' as const }, { role: 'toggleDevTools' as const }] : [])],
    },
    { label: 'Window', submenu: [{ role: 'minimize' }, ...(isMac ? [{ role: 'zoom' as const }, { type: 'separator' as const }, { role: 'front' as const }] : [])] },
  ];
  Menu.setApplicationMenu(Menu.buildFromTemplate(template));
}
