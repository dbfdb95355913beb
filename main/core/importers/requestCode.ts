import type { CodeLanguage, RequestSpec } from '../../../preload/contract';
import { LatchkeyError } from '../errors';
import type { PreparedRequest } from '../http/prepareRequest';
import { curlArgv, toCurl } from '../http/toCurl';
import type { Lookup } from '../variables/resolveTemplate';
import type { ImportRunner } from './importRunner';

export interface WrittenCode {
  code: string;
  /** What the language's code leaves out, in plain words. */
  warnings: string[];
}

/**
 * "Request as code": the request as it would be sent (`exportable`: variables filled, its
 * connection applied, secrets as placeholders unless asked) as cURL, or as another language's
 * code written from curl's argv on the import thread (curlconverter lives there; no shell is parsed).
 */
export class RequestCode {
  constructor(
    private readonly http: { exportable(spec: RequestSpec, lookup: Lookup, includeSecrets: boolean): Promise<PreparedRequest> },
    private readonly runner: Pick<ImportRunner, 'run'>,
  ) {}

  async write(spec: RequestSpec, lookup: Lookup, includeSecrets: boolean, language: CodeLanguage): Promise<WrittenCode> {
    const request = await this.http.exportable(spec, lookup, includeSecrets);
    if (language === 'curl') return { code: toCurl(request), warnings: [] };
    try {
      return await this.runner.run<WrittenCode>({ kind: 'code', argv: curlArgv(request), language });
    } catch (error) {
      // The thread's own limits speak of imports; here nothing is imported.
      if (error instanceof LatchkeyError && (error.code === 'import_limit' || error.code === 'invalid_import')) {
        throw new LatchkeyError('internal', `The code could not be written: ${error.message.replace(/ Nothing was imported\.$/, '')}`);
      }
      throw error;
    }
  }
}
