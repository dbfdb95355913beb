// The importing feature's public surface. The import and export dialogs load lazily: import('./ImportDialog'), import('./ExportDialog').
export { ImportCurlDialog, ImportedNote } from './ImportCurlDialog';
