import { AuthWriter } from '../authWriter';
import type { Authenticator } from './authenticator';

/** Entries of the user's choosing, each a header, query parameter or body field, plain or secret. */
export const custom: Authenticator<'custom'> = (auth, { secret }) => (request, fill) => {
  const out = new AuthWriter(request);
  for (const entry of auth.entries) {
    if (entry.name.trim() === '') continue;
    const value = fill(entry.secret ? secret(entry.secretValue) : entry.value);
    if (entry.location === 'header') out.header(entry.name, value, 'Custom auth');
    else if (entry.location === 'query') out.query(entry.name, value, 'Custom auth');
    else out.bodyField(entry.name.trim(), value, 'Custom auth');
  }
  return out.finish();
};
