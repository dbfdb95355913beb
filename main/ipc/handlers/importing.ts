import type { Handlers } from '../../../preload/contract';
import type { Core } from '../../core/createCore';

export function importHandlers(core: Core): Pick<Handlers, 'import:curl' | 'import:preview' | 'import:commit' | 'export:collection' | 'export:environment'> {
  return {
    'import:curl': ({ command }) => core.imports.curl(command),
    'import:preview': ({ text, fileName }) => core.imports.preview(text, fileName),
    'import:commit': ({ token }) => core.imports.commit(token),
    'export:collection': ({ id, includeSecrets }) => core.imports.exportCollection(id, includeSecrets),
    'export:environment': ({ id, includeSecrets }) => core.imports.exportEnvironment(id, includeSecrets),
  };
}
