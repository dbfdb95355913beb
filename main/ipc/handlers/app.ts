import type { Handlers } from '../../../preload/contract';
import type { Core } from '../../core/createCore';

export function appHandlers(core: Core, host: { kind: 'electron' | 'browser'; platform: string }): Pick<Handlers, 'app:info' | 'app:dismissNotice' | 'app:openUrl'> {
  return {
    'app:info': async () => ({
      name: 'Latchkey',
      version: core.version,
      host: host.kind,
      platform: host.platform,
      fileDialogs: core.dialogs !== null,
      notices: core.notices.list(),
    }),
    'app:openUrl': async ({ url }) => {
      await core.browser.open(url);
    },
    'app:dismissNotice': async ({ id }) => {
      core.notices.dismiss(id);
    },
  };
}
