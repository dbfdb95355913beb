// The connections feature's public surface. The editor loads the first time it is opened.
import { lazyNamed } from '../../ui/lazyNamed';

export { ConnectionsList } from './ConnectionsList';
export { RequestAuth } from './RequestAuth';
export const ConnectionEditor = lazyNamed(() => import('./ConnectionEditor'), 'ConnectionEditor');
