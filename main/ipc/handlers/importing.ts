import type { Handlers } from '../../../preload/contract';
import { importCurl } from '../../core/importers/curlImport';

export function importHandlers(): Pick<Handlers, 'import:curl'> {
  return {
    'import:curl': ({ command }) => importCurl(command),
  };
}
