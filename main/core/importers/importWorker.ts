// The importers' thread. Every import is parsed and turned into a plan here, never on main's
// event loop, so a hostile file stalls and fills only this thread, which main can end
// (importRunner.ts). Replies carry the plan, or the error's code and message.
import { parentPort } from 'node:worker_threads';
import { LatchkeyError } from '../errors';
import { generateCode } from './codeGeneration';
import { importCurl } from './curlImport';
import type { ImportJob, ImportReply } from './importJob';
import { readImport } from './readImport';

async function run(job: ImportJob): Promise<unknown> {
  switch (job.kind) {
    case 'plan':
      return readImport(job.text, job.fileName);
    case 'curl':
      return importCurl(job.command);
    case 'code':
      return generateCode(job.argv, job.language);
  }
}

parentPort!.on('message', (message: { id: number; job: ImportJob }) => {
  void run(message.job).then(
    (value): void => parentPort!.postMessage({ id: message.id, ok: true, value } satisfies ImportReply),
    (error: unknown): void => {
      const reply: ImportReply =
        error instanceof LatchkeyError
          ? { id: message.id, ok: false, code: error.code, message: error.message }
          : { id: message.id, ok: false, code: 'invalid_import', message: `The import failed: ${error instanceof Error ? error.message : String(error)}` };
      parentPort!.postMessage(reply);
    },
  );
});
