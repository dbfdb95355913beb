import { BlockList, isIP } from 'node:net';
import { LatchkeyError } from '../errors';

/** Checks a proxy URL (after variables are resolved). Only http:// and https:// proxies are supported. */
export function parseProxyUrl(text: string): URL {
  let url: URL;
  try {
    url = new URL(text.trim());
  } catch {
    throw new LatchkeyError('invalid_url', 'The proxy URL is not a valid URL. Write it like http://proxy.example.com:3128.');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new LatchkeyError('unsupported_scheme', `The proxy URL must start with http:// or https://, not ${url.protocol}//.`);
  }
  if (url.hostname === '') throw new LatchkeyError('invalid_url', 'The proxy URL has no host.');
  if ((url.pathname !== '/' && url.pathname !== '') || url.search || url.hash) {
    throw new LatchkeyError('invalid_url', 'The proxy URL must be just a scheme, host and port, like http://proxy.example.com:3128.');
  }
  return url;
}

/** A proxy URL for messages: scheme, host and port, never the credentials. */
export function describeProxy(url: URL): string {
  return `${url.protocol}//${url.host}`;
}

function bareHost(hostname: string): string {
  return hostname.replace(/^\[|\]$/g, '').toLowerCase().replace(/\.$/, '');
}

function defaultPort(url: URL): string {
  return url.port || (url.protocol === 'https:' ? '443' : '80');
}

/**
 * Whether `target` skips the proxy under a no-proxy list, with curl's NO_PROXY meaning:
 * `*` matches everything; a name matches itself and its subdomains (a leading `.` or `*.` is
 * allowed); an IP address or CIDR range matches addresses; `host:port` limits an entry to a port.
 */
export function bypassesProxy(target: URL, noProxy: string): boolean {
  const host = bareHost(target.hostname);
  const port = defaultPort(target);
  const ipVersion = isIP(host);
  for (const raw of noProxy.split(/[\s,]+/)) {
    let entry = raw.trim().toLowerCase();
    if (entry === '') continue;
    if (entry === '*') return true;
    let entryPort: string | null = null;
    const bracketed = /^\[([^\]]+)\](?::(\d+))?$/.exec(entry);
    if (bracketed) {
      entry = bracketed[1]!;
      entryPort = bracketed[2] ?? null;
    } else if (/^[^:]+:\d+$/.test(entry)) {
      [entry, entryPort] = entry.split(':') as [string, string];
    }
    if (entryPort !== null && entryPort !== port) continue;
    const [address, prefix] = entry.split('/');
    if (ipVersion !== 0 && address && isIP(address) !== 0) {
      const family = isIP(address) === 4 ? 'ipv4' : 'ipv6';
      if (isIP(address) !== ipVersion) continue;
      const list = new BlockList();
      if (prefix === undefined) list.addAddress(address, family);
      else if (/^\d+$/.test(prefix)) list.addSubnet(address, Number(prefix), family);
      else continue;
      if (list.check(host, family)) return true;
      continue;
    }
    const name = entry.replace(/^\*?\./, '');
    if (name !== '' && (host === name || host.endsWith(`.${name}`))) return true;
  }
  return false;
}
