import type { DataParam, Request as CurlRequest } from 'curlconverter/dist/src/Request.js';
import type { Word } from 'curlconverter/dist/src/shell/Word.js';
import type { KeyValue, MultipartPart, RequestBody, RequestSettings, RequestSpec } from '../../../preload/contract';
import { LatchkeyError } from '../errors';
import { localFilesOf, withFilesUnconfirmed } from '../http/localFiles';
import { loadBashParser } from './bashParser';

/** What a pasted command may be at most. */
export const MAX_COMMAND_BYTES = 1024 * 1024;

/** The curl options Latchkey maps onto a request beyond curlconverter's common ones; it warns about any other. */
const SUPPORTED_EXTRA = [
  'form',
  'form-string',
  'insecure',
  'location',
  'location-trusted',
  'max-redirs',
  'connect-timeout',
  'max-time',
  'proxy',
  'noproxy',
  'compressed',
  'http1.1',
  'http2',
  'silent',
  'show-error',
  'verbose',
  'include',
  'fail',
];

export interface CurlImport {
  request: RequestSpec;
  warnings: string[];
}

/**
 * A word of the command as Latchkey text. Shell variables (`$TOKEN`, `${TOKEN}`) become
 * `{{TOKEN}}` variables; command substitutions stay as written (never run) and are named.
 */
function textOf(word: Word, notes: Set<string>): string {
  let text = '';
  for (const token of word.tokens) {
    if (typeof token === 'string') text += token;
    else if (token.type === 'variable') text += `{{${token.value}}}`;
    else {
      text += token.text;
      notes.add(`${token.text} is a shell command; it was kept as text and not run.`);
    }
  }
  return text;
}

function seconds(word: Word | undefined, notes: Set<string>): number | undefined {
  if (!word) return undefined;
  const value = Number(textOf(word, notes));
  return Number.isFinite(value) && value >= 0 ? Math.round(value * 1000) : undefined;
}

function bodyOf(request: CurlRequest, headers: KeyValue[], notes: Set<string>): RequestBody {
  if (request.multipartUploads?.length) {
    const parts: MultipartPart[] = request.multipartUploads.map((form) => {
      const name = textOf(form.name, notes);
      if ('contentFile' in form) {
        const path = textOf(form.contentFile, notes);
        if (path === '-') notes.add(`The field "${name}" reads standard input; choose a file for it.`);
        else if (!path.startsWith('/') && !/^[A-Za-z]:[\\/]/.test(path)) notes.add(`The file of field "${name}" is a relative path (${path}); give its full path.`);
        return { name, value: path === '-' ? '' : path, enabled: true, type: 'file', ...(form.contentType ? { contentType: textOf(form.contentType, notes) } : {}) };
      }
      return { name, value: textOf(form.content, notes), enabled: true, type: 'text' };
    });
    return { kind: 'multipart', parts };
  }
  const data: DataParam[] = request.dataArray ?? [];
  if (data.length === 0 && !request.data) return { kind: 'none' };
  const contentType = headers.find((h) => h.name.toLowerCase() === 'content-type')?.value ?? '';
  const files = data.filter((d): d is Exclude<DataParam, Word> => !('tokens' in d));
  if (files.length > 0) {
    const only = files[0]!;
    if (data.length === 1 && (only.filetype === 'binary' || only.filetype === 'data' || only.filetype === 'json') && !only.name) {
      const path = textOf(only.filename, notes);
      if (only.filetype === 'data') notes.add(`curl strips line breaks from a file given with --data @file; Latchkey sends ${path} byte for byte (as --data-binary does).`);
      return { kind: 'file', path: path === '-' ? '' : path, contentType: contentType || (only.filetype === 'json' ? 'application/json' : '') };
    }
    notes.add('The body mixes text with files read by curl (@file); the files were kept as @path text. Use a File body to send a file.');
  }
  const text = request.data ? textOf(request.data, notes) : '';
  if (/json/i.test(contentType)) return { kind: 'json', text };
  if (contentType === '' || /^application\/x-www-form-urlencoded\b/i.test(contentType)) {
    // A form only when the table gives back the same bytes; anything else stays raw.
    const fields = [...new URLSearchParams(text)].map(([name, value]) => ({ name, value, enabled: true }));
    const again = new URLSearchParams(fields.map((f): [string, string] => [f.name, f.value])).toString();
    if (text !== '' && again === text) return { kind: 'form', fields };
    return { kind: 'raw', text, contentType: 'application/x-www-form-urlencoded' };
  }
  return { kind: 'raw', text, contentType: contentType.split(';')[0]?.trim() ?? 'text/plain' };
}

/** Parses a pasted curl command (bash syntax) into a request. Nothing in it is ever run. */
export async function importCurl(command: string): Promise<CurlImport> {
  if (Buffer.byteLength(command) > MAX_COMMAND_BYTES) throw new LatchkeyError('invalid_request', 'That command is over 1 MB; paste a single curl command.');
  if (!/\bcurl\b/.test(command)) throw new LatchkeyError('invalid_request', 'That is not a curl command: it should start with "curl".');
  await loadBashParser();
  // Loaded on first use: the parser and its grammar are not needed until someone imports.
  const { COMMON_SUPPORTED_ARGS, parse } = await import('curlconverter/dist/src/parse.js');
  const SUPPORTED = new Set([...COMMON_SUPPORTED_ARGS, ...SUPPORTED_EXTRA]);
  const found: [string, string][] = [];
  let requests: CurlRequest[];
  try {
    requests = parse(command, SUPPORTED, found);
  } catch (error) {
    throw new LatchkeyError('invalid_request', `Latchkey could not read that curl command: ${(error as Error).message}`, { cause: error });
  }
  const request = requests[0];
  const url = request?.urls[0];
  if (!request || !url) throw new LatchkeyError('invalid_request', 'That curl command has no URL.');

  const notes = new Set<string>();
  if (requests.length > 1 || request.urls.length > 1) notes.add(`The command holds ${Math.max(requests.length, request.urls.length)} requests; the first was imported.`);
  const headers: KeyValue[] = request.headers.headers.filter((h): h is [Word, Word] => h[1] !== null).map(([name, value]) => ({ name: textOf(name, notes), value: textOf(value, notes), enabled: true }));
  const has = (name: string) => headers.some((h) => h.name.toLowerCase() === name);
  if (url.auth && !has('authorization')) {
    const [user, password] = url.auth;
    if (request.authType === 'basic' || request.authType === 'none') {
      const pair = `${textOf(user, notes)}:${textOf(password, notes)}`;
      headers.push({ name: 'Authorization', value: pair.includes('{{') ? `Basic ${pair}` : `Basic ${Buffer.from(pair).toString('base64')}`, enabled: true });
      if (pair.includes('{{')) notes.add('The Basic credentials use shell variables; the Authorization header shows them unencoded. Replace it with the base64 of user:password.');
    } else {
      notes.add(`${request.authType} authentication is not supported; the credentials were left out.`);
    }
  }
  if (request.oauth2Bearer && !has('authorization')) headers.push({ name: 'Authorization', value: `Bearer ${textOf(request.oauth2Bearer, notes)}`, enabled: true });

  const settings: Partial<RequestSettings> = {};
  if (request.insecure) settings.verifyTls = false;
  if (request.followRedirects && request.maxRedirects) {
    const hops = Number(textOf(request.maxRedirects, notes));
    if (Number.isInteger(hops) && hops >= 0 && hops <= 50) settings.maxRedirects = hops;
  }
  const connect = seconds(request.connectTimeout, notes);
  if (connect !== undefined) settings.connectTimeoutMs = Math.min(connect, 600_000);
  const overall = seconds(request.timeout, notes);
  if (overall !== undefined) settings.overallTimeoutMs = Math.min(overall, 24 * 3_600_000);
  if (request.proxy) {
    const proxy = textOf(request.proxy, notes);
    settings.proxyUrl = /^[a-z][a-z0-9+.-]*:\/\//i.test(proxy) ? proxy : `http://${proxy}`;
  }
  if (request.noproxy) settings.noProxy = textOf(request.noproxy, notes);

  const spec: RequestSpec = withFilesUnconfirmed({
    method: textOf(url.method, notes).toUpperCase(),
    url: textOf(url.url, notes),
    params: [],
    pathVariables: [],
    headers,
    body: bodyOf(request, headers, notes),
    settings,
  });
  for (const file of localFilesOf(spec)) notes.add(`${file.part} is the local file ${file.path}: it is not sent until you pick it again in the Body tab.`);
  return { request: spec, warnings: [...new Set([...found.map(([, message]) => message.replace(/\s+/g, ' ').trim()), ...notes])] };
}
