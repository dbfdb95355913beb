import { Menu, type MenuItemConstructorOptions } from 'electron';

/**
 * The standard menu: Copy, Paste, Undo and Reload work as people expect. Toggle Developer Tools
 * is there only where the window allows developer tools (see devToolsAllowed in main.ts).
 */
export function installMenu(options: { devTools: boolean }): void {
  const isMac = process.platform === 'darwin';
  const template: MenuItemConstructorOptions[] = [
    ...(isMac ? [{ role: 'appMenu' as const }] : []),
    { role: 'fileMenu' },
    { role: 'editMenu' },
    {
      label: 'View',
      submenu: [{ role: 'reload' }, { role: 'forceReload' }, { type: 'separator' }, { role: 'resetZoom' }, { role: 'zoomIn' }, { role: 'zoomOut' }, { type: 'separator' }, { role: 'togglefullscreen' }, ...(options.devTools ? [{ type: 'separator' as const }, { role: 'toggleDevTools' as const }] : [])],
    },
    { role: 'windowMenu' },
  ];
  Menu.setApplicationMenu(Menu.buildFromTemplate(template));
}
