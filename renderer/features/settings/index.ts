// The settings feature's public surface.
export { SettingsDialog } from './SettingsDialog';
