// The settings feature's public surface. The dialog loads the first time it is opened.
import { lazyNamed } from '../../ui/lazyNamed';

export const SettingsDialog = lazyNamed(() => import('./SettingsDialog'), 'SettingsDialog');
