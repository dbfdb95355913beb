// The environments feature's public surface. The editor loads lazily: import('./EnvironmentsDialog').
export { EnvironmentPicker } from './EnvironmentPicker';
