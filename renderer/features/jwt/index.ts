// The JWT signer's public surface. The screen loads the first time it is opened.
import { lazyNamed } from '../../ui/lazyNamed';

export const JwtScreen = lazyNamed(() => import('./JwtScreen'), 'JwtScreen');
