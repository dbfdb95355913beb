import { JwtAlgorithm, type Connection, type ConnectionAuth, type ConnectionAuthInput } from '../../../preload/contract';
import { secret, str } from './importModel';

/** A Postman auth block's parameters as name → value, from v2.1's [{key, value}] or v2.0's object. */
export function authParams(block: Record<string, unknown>, type: string): Map<string, string> {
  const raw = block[type];
  const params = new Map<string, string>();
  if (Array.isArray(raw)) {
    for (const entry of raw) if (entry && typeof entry === 'object' && 'key' in entry) params.set(str((entry as { key: unknown }).key), str((entry as { value?: unknown }).value));
  } else if (raw && typeof raw === 'object') {
    for (const [key, value] of Object.entries(raw)) params.set(key, str(value));
  }
  return params;
}

const placement = (p: Map<string, string>, queryKey: string) =>
  p.get('addTokenTo') === 'queryParams' || p.get('addTokenTo') === 'query'
    ? { kind: 'query' as const, name: p.get(queryKey) || 'access_token', prefix: '' }
    : p.get('headerPrefix') && p.get('headerPrefix') !== 'Bearer'
      ? { kind: 'header' as const, name: 'Authorization', prefix: `${p.get('headerPrefix')} ` }
      : { kind: 'bearer' as const, name: '', prefix: '' };

/**
 * A Postman auth block as a Latchkey connection's auth: `null` for "noauth", a reason string
 * for a type Latchkey does not have (digest, OAuth 1, Hawk, NTLM, …).
 */
export function fromPostmanAuth(block: Record<string, unknown>): ConnectionAuthInput | null | string {
  const type = str(block.type);
  const p = authParams(block, type);
  const get = (key: string) => p.get(key) ?? '';
  switch (type) {
    case 'noauth':
      return null;
    case 'basic':
      return { type: 'basic', username: get('username'), password: secret(get('password')) };
    case 'bearer':
      return { type: 'bearer', token: secret(get('token')) };
    case 'apikey': {
      const pair = [{ name: get('key') || 'api-key', value: secret(get('value')) }];
      return get('in') === 'query' ? { type: 'query', params: pair } : { type: 'header', headers: pair };
    }
    case 'awsv4':
      return { type: 'awsAccessKey', service: get('service'), region: get('region'), accessKeyId: get('accessKey'), secretAccessKey: secret(get('secretKey')), sessionToken: secret(get('sessionToken')) };
    case 'jwt': {
      const parsed = JwtAlgorithm.safeParse(get('algorithm') || 'HS256');
      if (!parsed.success) return `JWT auth with the ${get('algorithm')} algorithm`;
      const algorithm = parsed.data;
      return {
        type: 'jwt',
        algorithm,
        key: secret(algorithm.startsWith('HS') ? get('secret') : get('privateKey')),
        claims: get('payload') || '{}',
        lifetimeSeconds: 0,
        keyId: '',
        placement: placement(p, 'queryParamKey'),
        reuse: false,
      };
    }
    case 'oauth2': {
      const grant = get('grant_type') || 'authorization_code';
      const client = {
        issuer: '',
        tokenUrl: get('accessTokenUrl'),
        clientId: get('clientId'),
        clientSecret: secret(get('clientSecret')),
        clientAuth: get('client_authentication') === 'body' ? ('post' as const) : ('basic' as const),
        scope: get('scope'),
        extraParams: [],
        placement: placement(p, 'queryParamKey'),
      };
      if (grant === 'authorization_code' || grant === 'authorization_code_with_pkce') {
        return { type: 'oauth2Code', ...client, authorizationUrl: get('authUrl'), revocationUrl: '', redirectPath: '/callback' };
      }
      if (grant === 'client_credentials') return { type: 'oauth2ClientCredentials', ...client };
      return `OAuth 2 with the ${grant} grant`;
    }
    default:
      return `${type || 'unnamed'} auth`;
  }
}

export type SecretReader = (id: string | null) => Promise<string>;

/** A connection as a Postman auth block; secrets as `{{placeholders}}` unless they are included. */
export async function toPostmanAuth(
  connection: Connection,
  read: SecretReader | null,
  /** Told of every placeholder put in for a secret left out, to declare it in the file. */
  placeholder: (name: string, description: string) => void = () => undefined,
): Promise<{ auth: Record<string, unknown> | null; note: string | null }> {
  const slug = connection.name.toLowerCase().replace(/[^a-z0-9]+/g, '_').replace(/^_|_$/g, '') || 'connection';
  const value = async (field: { id: string | null }, name: string) => {
    if (read) return read(field.id);
    placeholder(`${slug}_${name}`, `The ${name} of the connection “${connection.name}”: a secret Latchkey left out of this export. Set it here or in an environment.`);
    return `{{${slug}_${name}}}`;
  };
  const block = (type: string, entries: [string, string][]) => ({ type, [type]: entries.map(([key, v]) => ({ key, value: v, type: 'string' })) });
  const auth: ConnectionAuth = connection.auth;
  switch (auth.type) {
    case 'none':
      return { auth: { type: 'noauth' }, note: null };
    case 'basic':
      return { auth: block('basic', [['username', auth.username], ['password', await value(auth.password, 'password')]]), note: null };
    case 'bearer':
      return { auth: block('bearer', [['token', await value(auth.token, 'token')]]), note: null };
    case 'apiToken':
      return { auth: block('apikey', [['key', auth.headerName], ['value', await value(auth.token, 'token')], ['in', 'header']]), note: null };
    case 'header':
    case 'query': {
      const pairs = auth.type === 'header' ? auth.headers : auth.params;
      const first = pairs[0];
      if (!first) return { auth: null, note: null };
      const note = pairs.length > 1 ? `“${connection.name}” has ${pairs.length} ${auth.type === 'header' ? 'headers' : 'parameters'}; Postman's API key auth holds one, so only “${first.name}” was exported.` : null;
      return { auth: block('apikey', [['key', first.name], ['value', await value(first.value, first.name.toLowerCase().replace(/[^a-z0-9]+/g, '_'))], ['in', auth.type]]), note };
    }
    case 'awsAccessKey':
      return {
        auth: block('awsv4', [['accessKey', auth.accessKeyId], ['secretKey', await value(auth.secretAccessKey, 'secret_key')], ['sessionToken', auth.sessionToken.id ? await value(auth.sessionToken, 'session_token') : ''], ['region', auth.region], ['service', auth.service]]),
        note: null,
      };
    case 'jwt':
      // The v2.1.0 schema has no JWT auth type (later Postman apps write one the schema refuses).
      return { auth: null, note: `“${connection.name}” signs JWTs, which the Postman v2.1.0 format has no auth type for; its requests were exported without auth.` };
    case 'oauth2Code':
    case 'oauth2ClientCredentials': {
      const entries: [string, string][] = [
        ['grant_type', auth.type === 'oauth2Code' ? 'authorization_code_with_pkce' : 'client_credentials'],
        ['accessTokenUrl', auth.tokenUrl],
        ['clientId', auth.clientId],
        ['clientSecret', auth.clientSecret.id ? await value(auth.clientSecret, 'client_secret') : ''],
        ['scope', auth.scope],
        ['client_authentication', auth.clientAuth === 'post' ? 'body' : 'header'],
        ['addTokenTo', auth.placement.kind === 'query' ? 'queryParams' : 'header'],
      ];
      if (auth.placement.kind === 'header') entries.push(['headerPrefix', auth.placement.prefix.trim()]);
      if (auth.type === 'oauth2Code') entries.push(['authUrl', auth.authorizationUrl]);
      return { auth: block('oauth2', entries), note: null };
    }
    default:
      return { auth: null, note: `“${connection.name}” uses ${auth.type} authentication, which Postman has no equivalent for; its requests were exported without auth.` };
  }
}
