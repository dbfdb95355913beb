import type { Handlers } from '../../../preload/contract';
import { basename } from 'node:path';
import type { Core } from '../../core/createCore';
import { LatchkeyError } from '../../core/errors';

/** The most text Copy value puts on the clipboard. */
const COPY_LIMIT = 16 * 1024 * 1024;

export function bodyHandlers(core: Core): Pick<Handlers, 'body:open' | 'body:rows' | 'body:search' | 'body:read' | 'body:saveAs' | 'body:fold' | 'body:value' | 'body:filter' | 'body:events'> {
  return {
    'body:open': ({ bodyId, contentType }) => core.bodies.open(bodyId, contentType),
    'body:rows': ({ bodyId, view, start, count }) => core.bodies.rows(bodyId, view, start, count),
    'body:search': ({ bodyId, view, query, caseSensitive }) => core.bodies.search(bodyId, view, query, caseSensitive),
    'body:fold': ({ bodyId, row }) => core.bodies.fold(bodyId, row),
    'body:value': async ({ bodyId, row }) => ({ text: await core.bodies.value(bodyId, row, COPY_LIMIT) }),
    'body:filter': ({ bodyId, expression }) => core.bodies.filter(bodyId, expression),
    'body:events': ({ bodyId, start, count }) => core.bodies.events(bodyId, start, count),
    'body:saveAs': async ({ bodyId, suggestedName }) => {
      if (!core.dialogs) throw new LatchkeyError('invalid_request', 'This window cannot open the save dialog.');
      const path = await core.dialogs.chooseSaveLocation({ title: 'Save response body', defaultName: basename(suggestedName) });
      if (path !== null) await core.bodies.saveTo(bodyId, path);
      return { path };
    },
    'body:read': async ({ bodyId, offset, length }) => {
      const bytes = await core.bodies.read(bodyId, offset, length);
      return { base64: bytes.toString('base64'), bytes: bytes.length };
    },
  };
}
