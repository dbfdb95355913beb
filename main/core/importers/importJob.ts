import type { CodeLanguage, ErrorCode } from '../../../preload/contract';

/** What the import thread is asked to do. */
export type ImportJob = { kind: 'plan'; text: string; fileName: string } | { kind: 'curl'; command: string } | { kind: 'code'; argv: string[]; language: Exclude<CodeLanguage, 'curl'> };

/** What it answers. */
export type ImportReply = { id: number; ok: true; value: unknown } | { id: number; ok: false; code: ErrorCode; message: string };
