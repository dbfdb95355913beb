import type { ErrorCode } from '../../preload/contract';

/** An error meant for the user: a stable code to branch on and a message to show. */
export class LatchkeyError extends Error {
  override readonly name = 'LatchkeyError';
  constructor(
    readonly code: ErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}
