import type { CheckItem, ItemOutcome, ResponseFacts } from './evaluate';

/** Main to the checks thread: run `items` from `from` on one response. */
export interface ChecksJob {
  jobId: number;
  facts: ResponseFacts;
  items: CheckItem[];
  from: number;
}

/** The thread to main: one row's outcome, or the end of a job. */
export type ChecksReply = { jobId: number; index: number; outcome: ItemOutcome } | { jobId: number; done: true };
