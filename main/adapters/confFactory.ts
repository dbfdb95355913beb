import Conf from 'conf';
import type { ConfFactory } from './confDocumentStore';

/** conf for the browser host and tests (electron-store needs Electron at load). */
export const confFactory: ConfFactory = ({ cwd, name }) =>
  new Conf<Record<string, unknown>>({
    cwd,
    configName: name,
    projectName: 'latchkey',
    configFileMode: 0o600,
    clearInvalidConfig: false,
  });
