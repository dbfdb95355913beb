// The requests feature's public surface.
export { RequestArea } from './RequestArea';
export { cancelTab, importCurl, locationOf, saveTab, sendTab } from './requestActions';
export { SettingsEditor } from './SettingsEditor';
export { WillBeSent } from './WillBeSent';
