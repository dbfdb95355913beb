import { z } from 'zod';

/** A channel: the schema of what the renderer sends and of what main answers. */
export interface Channel {
  req: z.ZodType;
  res: z.ZodType;
}
export type Namespace = Record<string, Channel>;

/** Error codes are the only thing callers branch on; messages are for people. */
export const ErrorCode = z.enum([
  'invalid_request',
  'forbidden_sender',
  'unknown_channel',
  'internal',
  'invalid_url',
  'unsupported_scheme',
  'invalid_header',
  'invalid_method',
  'connection_refused',
  'host_not_found',
  'connection_reset',
  'timeout',
  'cancelled',
  'tls_error',
  'network_error',
  'keychain_unavailable',
  'secret_not_found',
  'read_only',
  'disconnected',
  'redirect_blocked',
  'too_many_redirects',
  'unresolved_variable',
  'invalid_body',
  'unconfirmed_file',
  'proxy_error',
  'file_error',
  /** A request under a connection whose URL leaves the connection's base URL. */
  'outside_base_url',
  /** Credentials could not be made: a key that does not fit, an AWS role that could not be assumed. */
  'auth_failed',
  /** A client certificate, its key or passphrase was refused when saved. */
  'invalid_certificate',
  /** No connection by that id (deleted since the request was made). */
  'connection_not_found',
  /** No collection, folder or request by that id (deleted since). */
  'not_found',
  /** An import file that cannot be read as the format it claims: the message names the place. */
  'invalid_import',
  /** An import stopped at a limit (time, memory): the message names the limit. */
  'import_limit',
]);
export type ErrorCode = z.infer<typeof ErrorCode>;

export const ApiError = z.object({
  code: ErrorCode,
  message: z.string(),
  issues: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
});
export type ApiError = z.infer<typeof ApiError>;

export type Result<T> = { ok: true; value: T } | { ok: false; error: ApiError };
