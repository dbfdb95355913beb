import { LatchkeyError } from '../errors';

const TLS_CAUSES: Record<string, string> = {
  DEPTH_ZERO_SELF_SIGNED_CERT: 'the server presented a self-signed certificate',
  SELF_SIGNED_CERT_IN_CHAIN: 'the certificate chain ends in a self-signed certificate that is not trusted',
  CERT_HAS_EXPIRED: 'the server certificate has expired',
  CERT_NOT_YET_VALID: 'the server certificate is not valid yet',
  ERR_TLS_CERT_ALTNAME_INVALID: 'the certificate does not match the host name (wrong host)',
  UNABLE_TO_VERIFY_LEAF_SIGNATURE: 'the certificate was issued by an unknown authority',
  UNABLE_TO_GET_ISSUER_CERT_LOCALLY: 'the certificate was issued by an unknown authority',
  UNABLE_TO_GET_ISSUER_CERT: 'the certificate was issued by an unknown authority',
};

function codesOf(error: unknown): string[] {
  const codes: string[] = [];
  let current: unknown = error;
  for (let depth = 0; current && depth < 5; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string') codes.push(code);
    const name = (current as { name?: unknown }).name;
    if (typeof name === 'string') codes.push(name);
    current = (current as { cause?: unknown }).cause;
  }
  return codes;
}

function messagesOf(error: unknown): string {
  const parts: string[] = [];
  let current: unknown = error;
  for (let depth = 0; current && depth < 5; depth++) {
    if (current instanceof Error) parts.push(current.message);
    current = (current as { cause?: unknown }).cause;
  }
  return parts.join(' | ');
}

/** Turns a network failure into a message that names the cause and the host (or the proxy, when one was used). */
export function describeNetworkError(error: unknown, url: URL, proxy: string | null = null): LatchkeyError {
  if (error instanceof LatchkeyError) return error;
  const codes = codesOf(error);
  if (proxy) {
    const tunnel = /Proxy response \((\d+)\)/.exec(messagesOf(error));
    if (tunnel) {
      const status = Number(tunnel[1]);
      const why = status === 407 ? 'it wants credentials (407): put them in the proxy URL, e.g. http://{{proxyUser}}:{{proxyPassword}}@host:port' : `it answered ${status}`;
      return new LatchkeyError('proxy_error', `The proxy ${proxy} would not open a tunnel to ${url.host}: ${why}.`, { cause: error });
    }
    if (codes.some((c) => ['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'UND_ERR_CONNECT_TIMEOUT', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH'].includes(c))) {
      return new LatchkeyError('proxy_error', `Could not reach the proxy ${proxy} (${codes.find((c) => c.startsWith('E') || c.startsWith('UND')) ?? 'connection failed'}). Check the proxy URL in this request's settings or in Settings.`, { cause: error });
    }
  }
  const where = url.host;
  const has = (...names: string[]) => names.some((n) => codes.includes(n));

  if (has('AbortError', 'UND_ERR_ABORTED', 'ABORT_ERR')) {
    return new LatchkeyError('cancelled', 'The request was cancelled.', { cause: error });
  }
  if (has('ECONNREFUSED')) {
    return new LatchkeyError('connection_refused', `Connection refused by ${where}: nothing is listening there. Is the server running, and is the port right?`, { cause: error });
  }
  if (has('ENOTFOUND', 'EAI_AGAIN')) {
    return new LatchkeyError('host_not_found', `The host "${url.hostname}" could not be found. Check the spelling, or your network and DNS.`, { cause: error });
  }
  if (has('ECONNRESET', 'UND_ERR_SOCKET', 'EPIPE')) {
    // Under TLS 1.3 a server that wants a client certificate often just closes the connection.
    const hint = url.protocol === 'https:' ? ' If the server requires a client certificate (mTLS), add one under "Client certificate" in the request\'s connection.' : '';
    return new LatchkeyError('connection_reset', `The connection to ${where} was closed unexpectedly before the response was complete.${hint}`, { cause: error });
  }
  if (has('UND_ERR_CONNECT_TIMEOUT', 'ETIMEDOUT')) {
    return new LatchkeyError('timeout', `Connecting to ${where} timed out.`, { cause: error });
  }
  if (has('UND_ERR_HEADERS_TIMEOUT')) {
    return new LatchkeyError('timeout', `${where} accepted the connection but sent no response in time.`, { cause: error });
  }
  if (has('UND_ERR_BODY_TIMEOUT')) {
    return new LatchkeyError('timeout', `${where} stopped sending the response body.`, { cause: error });
  }
  if (has('EHOSTUNREACH', 'ENETUNREACH')) {
    return new LatchkeyError('network_error', `${where} is unreachable from this network.`, { cause: error });
  }
  if (codes.some((c) => /CERTIFICATE_REQUIRED|HANDSHAKE_FAILURE|BAD_CERTIFICATE|UNKNOWN_CA$/.test(c) && c.includes('ALERT'))) {
    return new LatchkeyError(
      'tls_error',
      `${where} refused the TLS handshake: it requires a client certificate it trusts. Add one under "Client certificate" in the request's connection.`,
      { cause: error },
    );
  }
  for (const code of codes) {
    const cause = TLS_CAUSES[code];
    if (cause) return new LatchkeyError('tls_error', `TLS verification failed for ${where}: ${cause}.`, { cause: error });
  }
  if (codes.some((c) => c.startsWith('ERR_SSL') || c.startsWith('ERR_TLS'))) {
    return new LatchkeyError('tls_error', `The TLS handshake with ${where} failed.`, { cause: error });
  }
  const detail = error instanceof Error ? error.message : String(error);
  return new LatchkeyError('network_error', `The request to ${where} failed: ${detail}`, { cause: error });
}
