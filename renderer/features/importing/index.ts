// The importing feature's public surface. Its dialogs load the first time they are opened.
import { lazyNamed } from '../../ui/lazyNamed';

export { ImportedNote } from './ImportedNote';
export const ImportCurlDialog = lazyNamed(() => import('./ImportCurlDialog'), 'ImportCurlDialog');
export const ImportDialog = lazyNamed(() => import('./ImportDialog'), 'ImportDialog');
export const ExportDialog = lazyNamed(() => import('./ExportDialog'), 'ExportDialog');
