import { dialog, type BrowserWindow } from 'electron';
import type { FileDialogs } from '../ports';

/** The system's open and save dialogs, attached to the app window. */
export function electronFileDialogs(window: () => BrowserWindow | null): FileDialogs {
  return {
    async chooseFile({ title }) {
      const parent = window();
      const options = { title, properties: ['openFile' as const] };
      const result = parent ? await dialog.showOpenDialog(parent, options) : await dialog.showOpenDialog(options);
      return result.canceled ? null : (result.filePaths[0] ?? null);
    },
    async chooseSaveLocation({ title, defaultName }) {
      const parent = window();
      const options = { title, defaultPath: defaultName };
      const result = parent ? await dialog.showSaveDialog(parent, options) : await dialog.showSaveDialog(options);
      return result.canceled ? null : (result.filePath ?? null);
    },
  };
}
