import type { RequestSettings, RequestSpec } from '../../../preload/contract';
import type { Lookup } from '../variables/resolveTemplate';
import { CREDENTIAL_HEADERS } from './planRedirect';
import { prepareRequest, type PreparedRequest } from './prepareRequest';
import { StreamedBody } from './streamedBody';

/** POSIX shell single-quoting: safe for any byte sequence but NUL. */
export function shellQuote(text: string): string {
  return /^[A-Za-z0-9_./:=@%+,-]+$/.test(text) ? text : `'${text.replace(/'/g, `'\\''`)}'`;
}

/** A file name inside curl's -F syntax: double-quoted when it holds a separator. */
function curlFormValue(text: string): string {
  return /[;,"\\]/.test(text) ? `"${text.replace(/[\\"]/g, (c) => `\\${c}`)}"` : text;
}

/**
 * The request as curl's arguments, one group per option (its flag and value), that send the
 * same bytes. The first group is `curl` itself.
 */
export function curlOptions(request: PreparedRequest): string[][] {
  const body = request.body;
  const groups: string[][] = [['curl']];
  if (request.method === 'HEAD') groups.push(['--head']);
  else if (request.method !== 'GET' || body) groups.push(['-X', request.method]);
  groups.push([request.url.href]);
  for (const [name, value] of request.headers) {
    // curl writes its own multipart Content-Type, with its own boundary.
    if (body instanceof StreamedBody && body.kind === 'multipart' && name.toLowerCase() === 'content-type' && value.startsWith('multipart/form-data; boundary=')) continue;
    groups.push(['-H', `${name}: ${value}`]);
  }
  if (body instanceof StreamedBody && body.kind === 'file') {
    groups.push(['--data-binary', `@${body.files()[0]?.path ?? ''}`]);
  } else if (body instanceof StreamedBody) {
    for (const field of body.fields) {
      groups.push('file' in field ? ['-F', `${field.name}=@${curlFormValue(field.file.path)};type=${field.file.contentType}`] : ['--form-string', `${field.name}=${field.value}`]);
    }
  } else if (body && body.length > 0) {
    groups.push(['--data-raw', body.toString('utf8')]);
  }
  if (request.settings.followRedirects) groups.push(['-L', '--max-redirs', String(request.settings.maxRedirects)]);
  if (!request.settings.verifyTls) groups.push(['--insecure']);
  if (request.settings.connectTimeoutMs > 0) groups.push(['--connect-timeout', String(request.settings.connectTimeoutMs / 1000)]);
  if (request.settings.overallTimeoutMs > 0) groups.push(['--max-time', String(request.settings.overallTimeoutMs / 1000)]);
  if (request.settings.proxyUrl !== '') groups.push(['--proxy', request.settings.proxyUrl]);
  if (request.settings.proxyUrl !== '' && request.settings.noProxy.trim() !== '') {
    groups.push(['--noproxy', request.settings.noProxy.split(/[\s,]+/).filter(Boolean).join(',')]);
  }
  return groups;
}

/** The request as curl's argument list (argv), for code generators. */
export function curlArgv(request: PreparedRequest): string[] {
  return curlOptions(request).flat();
}

/** The request as a curl command that sends the same bytes (line-continued for reading). */
export function toCurl(request: PreparedRequest): string {
  return curlOptions(request)
    .map((group) => group.map(shellQuote).join(' '))
    .join(' \\\n  ');
}

/** Credential headers typed in directly become placeholders, unless secrets were asked for. */
export function credentialPlaceholders(request: RequestSpec, includeSecrets: boolean): RequestSpec {
  if (includeSecrets) return request;
  return {
    ...request,
    headers: request.headers.map((h) =>
      (CREDENTIAL_HEADERS as readonly string[]).includes(h.name.trim().toLowerCase()) && !/^\{\{[^}]+\}\}$/.test(h.value.trim()) ? { ...h, value: `<${h.name.trim()}>` } : h,
    ),
  };
}

/** Copy as cURL: variables resolved, secrets left as placeholders unless `includeSecrets`. */
export function exportCurl(request: RequestSpec, lookup: Lookup, includeSecrets: boolean, defaults?: RequestSettings): string {
  return toCurl(prepareRequest(credentialPlaceholders(request, includeSecrets), lookup, defaults));
}
