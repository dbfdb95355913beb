import { writeFile } from 'node:fs/promises';
import { basename } from 'node:path';
import type { FileInfo, Handlers } from '../../../preload/contract';
import type { Core } from '../../core/createCore';
import { LatchkeyError } from '../../core/errors';
import { guessContentType, statFile } from '../../core/http/streamedBody';

function info(path: string): FileInfo {
  const file = statFile(path);
  return { path: file.path, name: basename(file.path), size: file.size, contentType: guessContentType(file.path) };
}

export function fileHandlers(core: Core): Pick<Handlers, 'files:choose' | 'files:stat' | 'files:saveText'> {
  return {
    'files:choose': async ({ title }) => {
      if (!core.dialogs) throw new LatchkeyError('invalid_request', 'This window cannot open the file dialog; type the full path of the file instead.');
      const path = await core.dialogs.chooseFile({ title });
      return { file: path === null ? null : info(path) };
    },
    'files:stat': async ({ path }) => info(path),
    'files:saveText': async ({ suggestedName, text }) => {
      if (!core.dialogs) throw new LatchkeyError('invalid_request', 'This window cannot open the save dialog.');
      const path = await core.dialogs.chooseSaveLocation({ title: 'Save', defaultName: basename(suggestedName) });
      // Exports can hold credentials: readable by the user only.
      if (path !== null) await writeFile(path, text, { mode: 0o600 });
      return { path };
    },
  };
}
