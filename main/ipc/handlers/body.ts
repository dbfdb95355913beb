import type { Handlers } from '../../../preload/contract';
import type { Core } from '../../core/createCore';

export function bodyHandlers(core: Core): Pick<Handlers, 'body:open' | 'body:rows' | 'body:search' | 'body:read'> {
  return {
    'body:open': ({ bodyId, contentType }) => core.bodies.open(bodyId, contentType),
    'body:rows': ({ bodyId, view, start, count }) => core.bodies.rows(bodyId, view, start, count),
    'body:search': ({ bodyId, view, query, caseSensitive }) => core.bodies.search(bodyId, view, query, caseSensitive),
    'body:read': async ({ bodyId, offset, length }) => {
      const bytes = await core.bodies.read(bodyId, offset, length);
      return { base64: bytes.toString('base64'), bytes: bytes.length };
    },
  };
}
