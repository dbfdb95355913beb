import { AuthWriter } from '../authWriter';
import type { Authenticator } from './authenticator';

/** No authentication: the request goes as written. */
export const none: Authenticator<'none'> = () => (request) => new AuthWriter(request).finish();
