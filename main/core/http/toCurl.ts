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

/** The request as a curl command that sends the same bytes (line-continued for reading). */
export function toCurl(request: PreparedRequest): string {
  const body = request.body;
  const parts: string[] = ['curl'];
  if (request.method !== 'GET' || body) parts.push(`-X ${shellQuote(request.method)}`);
  parts.push(shellQuote(request.url.href));
  for (const [name, value] of request.headers) {
    // curl writes its own multipart Content-Type, with its own boundary.
    if (body instanceof StreamedBody && body.kind === 'multipart' && name.toLowerCase() === 'content-type' && value.startsWith('multipart/form-data; boundary=')) continue;
    parts.push(`-H ${shellQuote(`${name}: ${value}`)}`);
  }
  if (body instanceof StreamedBody && body.kind === 'file') {
    parts.push(`--data-binary ${shellQuote(`@${body.files()[0]?.path ?? ''}`)}`);
  } else if (body instanceof StreamedBody) {
    for (const field of body.fields) {
      parts.push('file' in field ? `-F ${shellQuote(`${field.name}=@${curlFormValue(field.file.path)};type=${field.file.contentType}`)}` : `--form-string ${shellQuote(`${field.name}=${field.value}`)}`);
    }
  } else if (body && body.length > 0) {
    parts.push(`--data-raw ${shellQuote(body.toString('utf8'))}`);
  }
  if (request.settings.followRedirects) parts.push(`-L --max-redirs ${request.settings.maxRedirects}`);
  if (!request.settings.verifyTls) parts.push('--insecure');
  if (request.settings.connectTimeoutMs > 0) parts.push(`--connect-timeout ${request.settings.connectTimeoutMs / 1000}`);
  if (request.settings.overallTimeoutMs > 0) parts.push(`--max-time ${request.settings.overallTimeoutMs / 1000}`);
  if (request.settings.proxyUrl !== '') parts.push(`--proxy ${shellQuote(request.settings.proxyUrl)}`);
  if (request.settings.proxyUrl !== '' && request.settings.noProxy.trim() !== '') {
    parts.push(`--noproxy ${shellQuote(request.settings.noProxy.split(/[\s,]+/).filter(Boolean).join(','))}`);
  }
  if (request.method === 'HEAD') parts.splice(1, 1, '--head');
  return parts.join(' \\\n  ');
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
