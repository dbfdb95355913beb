// The requests feature's public surface.
import { lazyNamed } from '../../ui/lazyNamed';

export { RequestArea } from './RequestArea';
/** Loads the first time it opens. */
export const CodeDialog = lazyNamed(() => import('./CodeDialog'), 'CodeDialog');
export { cancelTab, closeTab, importCurl, locationOf, saveTab, sendTab } from './requestActions';
export { SettingsEditor } from './SettingsEditor';
export { WillBeSent } from './WillBeSent';
