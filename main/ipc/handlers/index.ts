import type { Handlers } from '../../../preload/contract';
import type { Core } from '../../core/createCore';
import { appHandlers } from './app';
import { bodyHandlers } from './body';
import { checkHandlers } from './checks';
import { collectionHandlers } from './collections';
import { connectionHandlers } from './connections';
import { cookieHandlers } from './cookies';
import { environmentHandlers } from './environments';
import { jwtHandlers } from './jwt';
import { fileHandlers } from './files';
import { historyHandlers } from './history';
import { importHandlers } from './importing';
import { httpHandlers } from './http';
import { runnerHandlers } from './runner';
import { secretHandlers } from './secrets';
import { settingsHandlers } from './settings';
import { variableHandlers } from './variables';
import { workspaceHandlers } from './workspace';

/** Every channel's handler. The return type makes a missing one a compile error. */
export function createHandlers(core: Core, host: { kind: 'electron' | 'browser'; platform: string }): Handlers {
  return {
    ...appHandlers(core, host),
    ...httpHandlers(core),
    ...historyHandlers(core),
    ...bodyHandlers(core),
    ...workspaceHandlers(core),
    ...secretHandlers(core),
    ...variableHandlers(core),
    ...settingsHandlers(core),
    ...fileHandlers(core),
    ...importHandlers(core),
    ...connectionHandlers(core),
    ...jwtHandlers(core),
    ...collectionHandlers(core),
    ...environmentHandlers(core),
    ...checkHandlers(core),
    ...runnerHandlers(core),
    ...cookieHandlers(core),
  };
}
