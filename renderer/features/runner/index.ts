// The runner feature's public surface. The screen loads the first time it is opened.
import { lazyNamed } from '../../ui/lazyNamed';

export const RunnerScreen = lazyNamed(() => import('./RunnerScreen'), 'RunnerScreen');
export { openRunner } from './runnerState';
