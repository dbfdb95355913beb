// The workbench feature's public surface: the app's frame.
export { Dialogs } from './Dialogs';
export { TopBar } from './TopBar';
export { useShortcuts } from './useShortcuts';
