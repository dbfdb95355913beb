import type { TokenPlacement } from '../../../preload/contract';
import { LatchkeyError } from '../errors';
import type { Credentials } from '../http/planRedirect';
import type { PreparedRequest } from '../http/prepareRequest';
import { StreamedBody } from '../http/streamedBody';

/** A request with credentials added, and the names of what was added (for redirects and redaction). */
export interface Authed {
  request: PreparedRequest;
  credentials: Credentials;
}

/** Reads a secret field's value (already fetched from the keychain); '' when unset. */
export type SecretValue = (field: { id: string | null }) => string;
/** Fills `{{variables}}` in an auth value, or throws naming the missing ones. */
export type Fill = (text: string) => string;

const HEADER_NAME = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;

/** Adds credentials to a request, in place of nothing: the request's own rows stay. */
export class AuthWriter {
  private readonly headers: [string, string][];
  private readonly headerNames = new Set<string>();
  private readonly queryNames = new Set<string>();
  private url: URL;
  private body: PreparedRequest['body'];

  constructor(private readonly request: PreparedRequest) {
    this.headers = [...request.headers];
    this.url = request.url;
    this.body = request.body;
  }

  /** Sets a header, replacing one of the same name the request carried. */
  header(name: string, value: string, what: string): void {
    const trimmed = name.trim();
    if (!HEADER_NAME.test(trimmed)) throw new LatchkeyError('invalid_header', `${what}: "${trimmed}" is not a valid header name.`);
    if (/[\r\n\0]/.test(value)) throw new LatchkeyError('invalid_header', `${what}: the value of ${trimmed} contains a line break or NUL.`);
    const lower = trimmed.toLowerCase();
    for (let i = this.headers.length - 1; i >= 0; i--) if (this.headers[i]![0].toLowerCase() === lower) this.headers.splice(i, 1);
    this.headers.push([trimmed, value]);
    this.headerNames.add(lower);
  }

  query(name: string, value: string, what: string): void {
    if (name.trim() === '') throw new LatchkeyError('invalid_request', `${what}: a query parameter needs a name.`);
    if (this.url === this.request.url) this.url = new URL(this.url);
    this.url.searchParams.set(name.trim(), value);
    this.queryNames.add(name.trim());
  }

  /** Adds a field to a JSON object or urlencoded form body; with no body, starts a JSON one. */
  bodyField(name: string, value: string, what: string): void {
    const method = this.request.method;
    if (method === 'GET' || method === 'HEAD') throw new LatchkeyError('invalid_body', `${what}: a body field cannot go on a ${method} request, which has no body. Use POST, PUT or PATCH.`);
    if (this.body instanceof StreamedBody) throw new LatchkeyError('invalid_body', `${what}: a body field cannot be added to a ${this.body.kind} body; use a JSON or form body.`);
    const type = this.headers.find(([n]) => n.toLowerCase() === 'content-type')?.[1].toLowerCase() ?? '';
    if (!this.body || this.body.length === 0) {
      this.body = Buffer.from(JSON.stringify({ [name]: value }));
      if (type === '') this.headers.push(['Content-Type', 'application/json']);
      else if (!type.includes('json')) throw new LatchkeyError('invalid_body', `${what}: body fields go into JSON or form bodies; this request's Content-Type is ${type}.`);
      return;
    }
    if (type.includes('application/x-www-form-urlencoded')) {
      const form = new URLSearchParams(this.body.toString('utf8'));
      form.set(name, value);
      this.body = Buffer.from(form.toString());
      return;
    }
    if (type.includes('json')) {
      let parsed: unknown;
      try {
        parsed = JSON.parse(this.body.toString('utf8'));
      } catch {
        throw new LatchkeyError('invalid_body', `${what}: the body is not valid JSON, so the field "${name}" cannot be added to it.`);
      }
      if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new LatchkeyError('invalid_body', `${what}: the JSON body is not an object, so the field "${name}" cannot be added to it.`);
      this.body = Buffer.from(JSON.stringify({ ...(parsed as object), [name]: value }));
      return;
    }
    throw new LatchkeyError('invalid_body', `${what}: body fields go into JSON or form bodies; this request's Content-Type is ${type || 'not set'}.`);
  }

  /** Marks headers added by someone else (a signer) as credentials. */
  mark(names: readonly string[]): void {
    for (const name of names) this.headerNames.add(name);
  }

  place(placement: TokenPlacement, token: string, what: string): void {
    if (placement.kind === 'bearer') this.header('Authorization', `Bearer ${token}`, what);
    else if (placement.kind === 'header') this.header(placement.name, `${placement.prefix}${token}`, what);
    else this.query(placement.name, token, what);
  }

  finish(): Authed {
    return {
      request: { ...this.request, url: this.url, headers: this.headers, body: this.body },
      credentials: { headers: this.headerNames, query: this.queryNames },
    };
  }
}
