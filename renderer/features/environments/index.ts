// The environments feature's public surface. The editor loads the first time it is opened.
import { lazyNamed } from '../../ui/lazyNamed';

export { EnvironmentPicker } from './EnvironmentPicker';
export const EnvironmentsDialog = lazyNamed(() => import('./EnvironmentsDialog'), 'EnvironmentsDialog');
