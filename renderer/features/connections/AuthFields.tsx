import { JWT_ALGORITHMS, type AuthType, type ConnectionAuthInput, type JwtAlgorithm, type SigningProfile, type TokenPlacement } from '../../../preload/contract';
import { useState, type ReactNode } from 'react';
import { api } from '../../api';
import { SecretField, SelectField, TextField, type SecretValue } from './SecretField';

const EMPTY: SecretValue = { id: null };

/** What a newly chosen authentication type starts with. */
export function defaultAuth(type: AuthType): ConnectionAuthInput {
  switch (type) {
    case 'none':
      return { type };
    case 'basic':
      return { type, username: '', password: EMPTY };
    case 'apiToken':
      return { type, headerName: 'api-token', token: EMPTY };
    case 'bearer':
      return { type, token: EMPTY };
    case 'header':
      return { type, headers: [{ name: '', value: EMPTY }] };
    case 'query':
      return { type, params: [{ name: '', value: EMPTY }] };
    case 'custom':
      return { type, entries: [{ location: 'header', name: '', secret: true, value: '', secretValue: EMPTY }] };
    case 'jwt':
      return { type, algorithm: 'HS256', key: EMPTY, claims: '{\n  "sub": "",\n  "name": ""\n}', lifetimeSeconds: 300, keyId: '', placement: { kind: 'bearer', name: '', prefix: '' }, reuse: true };
    case 'awsAccessKey':
      return { type, service: 'execute-api', region: 'us-east-1', accessKeyId: '', secretAccessKey: EMPTY, sessionToken: EMPTY };
    case 'awsRole':
      return {
        type,
        service: 'execute-api',
        region: 'us-east-1',
        roleArn: '',
        externalId: '',
        sessionName: 'latchkey',
        durationSeconds: 3600,
        stsEndpoint: '',
        source: { kind: 'keys', accessKeyId: '', secretAccessKey: EMPTY, sessionToken: EMPTY },
      };
    case 'oauth2Code':
      return { type, issuer: '', authorizationUrl: '', tokenUrl: '', revocationUrl: '', clientId: '', clientSecret: EMPTY, clientAuth: 'basic', scope: '', extraParams: [], redirectPath: '/callback', placement: { kind: 'bearer', name: '', prefix: '' } };
    case 'oauth2Device':
      return { type, issuer: '', deviceAuthorizationUrl: '', tokenUrl: '', revocationUrl: '', clientId: '', clientSecret: EMPTY, clientAuth: 'basic', scope: '', extraParams: [], placement: { kind: 'bearer', name: '', prefix: '' } };
    case 'oauth2ClientCredentials':
      return { type, issuer: '', tokenUrl: '', clientId: '', clientSecret: EMPTY, clientAuth: 'post', scope: '', extraParams: [], placement: { kind: 'bearer', name: '', prefix: '' } };
  }
}

export const AWS_SERVICES = ['execute-api', 's3', 'lambda', 'dynamodb', 'sqs', 'sns', 'sts', 'es', 'aoss', 'appsync', 'bedrock', 'iam', 'kinesis', 'secretsmanager', 'ssm', 'states', 'events', 'logs', 'monitoring'];
export const AWS_REGIONS = ['us-east-1', 'us-east-2', 'us-west-1', 'us-west-2', 'ca-central-1', 'eu-west-1', 'eu-west-2', 'eu-west-3', 'eu-central-1', 'eu-north-1', 'eu-south-1', 'ap-south-1', 'ap-southeast-1', 'ap-southeast-2', 'ap-northeast-1', 'ap-northeast-2', 'sa-east-1'];

/** Name/value rows whose values are secret: Header and Query parameters auth. */
function SecretPairs({ noun, rows, onChange }: { noun: string; rows: { name: string; value: SecretValue }[]; onChange(rows: { name: string; value: SecretValue }[]): void }) {
  const update = (index: number, patch: Partial<{ name: string; value: SecretValue }>) => onChange(rows.map((row, i) => (i === index ? { ...row, ...patch } : row)));
  return (
    <div className="pair-list">
      {rows.map((row, index) => (
        <div key={index} className="pair">
          <TextField label={`${noun} ${index + 1} name`} value={row.name} onChange={(name) => update(index, { name })} placeholder={noun === 'Header' ? 'api_key' : 'key'} />
          <SecretField label={`${noun} ${index + 1} value`} value={row.value} onChange={(value) => update(index, { value })} />
          <button type="button" className="link-button" onClick={() => onChange(rows.filter((_, i) => i !== index))}>
            Remove {noun.toLowerCase()} {index + 1}
          </button>
        </div>
      ))}
      <button type="button" className="button small" onClick={() => onChange([...rows, { name: '', value: EMPTY }])}>
        Add {noun.toLowerCase()}
      </button>
    </div>
  );
}

function Placement({ value, onChange }: { value: TokenPlacement; onChange(value: TokenPlacement): void }) {
  return (
    <>
      <SelectField
        label="Send the token as"
        value={value.kind}
        options={[
          ['bearer', 'Authorization: Bearer header'],
          ['header', 'Another header'],
          ['query', 'Query parameter'],
        ]}
        onChange={(kind) => onChange({ ...value, kind, name: value.name || (kind === 'query' ? 'token' : 'X-Token') })}
      />
      {value.kind !== 'bearer' && <TextField label={value.kind === 'query' ? 'Parameter name' : 'Header name'} value={value.name} onChange={(name) => onChange({ ...value, name })} />}
      {value.kind === 'header' && <TextField label="Value prefix" value={value.prefix} onChange={(prefix) => onChange({ ...value, prefix })} placeholder="e.g. JWT (with a trailing space)" />}
    </>
  );
}

/** The fields of one authentication type. */
export function AuthFields({ auth, onChange, profiles = [] }: { auth: ConnectionAuthInput; onChange(auth: ConnectionAuthInput): void; profiles?: SigningProfile[] }) {
  const set = <T extends ConnectionAuthInput>(current: T, patch: Partial<T>) => onChange({ ...current, ...patch });
  switch (auth.type) {
    case 'none':
      return <p className="hint">Requests go out without credentials (the base URL and client certificate still apply).</p>;
    case 'basic':
      return (
        <>
          <TextField label="Username" value={auth.username} onChange={(username) => set(auth, { username })} />
          <SecretField label="Password" value={auth.password} onChange={(password) => set(auth, { password })} />
        </>
      );
    case 'apiToken':
      return (
        <>
          <TextField label="Header name" value={auth.headerName} onChange={(headerName) => set(auth, { headerName })} hint="The API-platform convention is api-token." />
          <SecretField label="Token" value={auth.token} onChange={(token) => set(auth, { token })} />
        </>
      );
    case 'bearer':
      return <SecretField label="Token" value={auth.token} onChange={(token) => set(auth, { token })} hint="Sent as Authorization: Bearer <token>. Type or paste it; {{variables}} work too." />;
    case 'header':
      return <SecretPairs noun="Header" rows={auth.headers} onChange={(headers) => set(auth, { headers })} />;
    case 'query':
      return <SecretPairs noun="Parameter" rows={auth.params} onChange={(params) => set(auth, { params })} />;
    case 'custom': {
      const update = (index: number, patch: Partial<(typeof auth.entries)[number]>) => set(auth, { entries: auth.entries.map((e, i) => (i === index ? { ...e, ...patch } : e)) });
      return (
        <div className="pair-list">
          {auth.entries.map((entry, index) => (
            <div key={index} className="pair">
              <SelectField
                label={`Entry ${index + 1} goes in`}
                value={entry.location}
                options={[
                  ['header', 'a header'],
                  ['query', 'the query string'],
                  ['body', 'the body (JSON or form)'],
                ]}
                onChange={(location) => update(index, { location })}
              />
              <TextField label={`Entry ${index + 1} name`} value={entry.name} onChange={(name) => update(index, { name })} />
              <div className="form-row">
                <span className="form-label" />
                <label className="checkbox-label">
                  <input type="checkbox" checked={entry.secret} onChange={(e) => update(index, { secret: e.target.checked })} /> Entry {index + 1} is secret (kept in the keychain)
                </label>
              </div>
              {entry.secret ? (
                <SecretField label={`Entry ${index + 1} value`} value={entry.secretValue} onChange={(secretValue) => update(index, { secretValue })} />
              ) : (
                <TextField label={`Entry ${index + 1} value`} value={entry.value} onChange={(value) => update(index, { value })} />
              )}
              <button type="button" className="link-button" onClick={() => set(auth, { entries: auth.entries.filter((_, i) => i !== index) })}>
                Remove entry {index + 1}
              </button>
            </div>
          ))}
          <button type="button" className="button small" onClick={() => set(auth, { entries: [...auth.entries, { location: 'header', name: '', secret: true, value: '', secretValue: EMPTY }] })}>
            Add entry
          </button>
        </div>
      );
    }
    case 'jwt': {
      const profile = profiles.find((p) => p.id === auth.profileId) ?? null;
      const profileField = (
        <SelectField
          label="Signing profile"
          value={profile?.id ?? ''}
          options={[['', profiles.length === 0 ? 'None (no profiles saved in the JWT signer yet)' : 'None (the key and claims below)'] as const, ...profiles.map((p) => [p.id, `${p.name} — ${p.algorithm}`] as const)]}
          onChange={(id) => set(auth, { profileId: id === '' ? null : id })}
          hint={profile ? `Signs with ${profile.name}: its algorithm, key (in your keychain), header and claims.` : 'Profiles are saved in the JWT signer (Alt+2).'}
        />
      );
      if (profile) {
        return (
          <>
            {profileField}
            <TextField label="Lifetime (seconds)" type="number" value={String(auth.lifetimeSeconds)} onChange={(v) => set(auth, { lifetimeSeconds: Math.max(0, Math.min(366 * 86400, Math.round(Number(v) || 0))) })} hint="Adds iat and exp unless the profile's claims set them; 0 adds neither." />
            <Placement value={auth.placement} onChange={(placement) => set(auth, { placement })} />
            <div className="form-row">
              <span className="form-label" />
              <label className="checkbox-label">
                <input type="checkbox" checked={auth.reuse} onChange={(e) => set(auth, { reuse: e.target.checked })} /> Reuse a token until 30 seconds before it expires
              </label>
            </div>
          </>
        );
      }
      return (
        <>
          {profileField}
          <SelectField label="Algorithm" value={auth.algorithm} options={JWT_ALGORITHMS.map((a) => [a, a] as const)} onChange={(algorithm: JwtAlgorithm) => set(auth, { algorithm })} />
          <SecretField
            label={auth.algorithm.startsWith('HS') ? 'Secret' : 'Private key'}
            value={auth.key}
            onChange={(key) => set(auth, { key })}
            multiline={!auth.algorithm.startsWith('HS')}
            hint={auth.algorithm.startsWith('HS') ? `At least ${Number(auth.algorithm.slice(2)) / 8} bytes; e.g. from openssl rand -base64 32.` : 'PEM (PKCS#8, PKCS#1 or SEC1) or JWK.'}
          />
          <div className="form-row">
            <label className="form-label" htmlFor="jwt-claims">
              Claims
            </label>
            <textarea id="jwt-claims" className="code-input short" spellCheck={false} value={auth.claims} onChange={(e) => set(auth, { claims: e.target.value })} aria-describedby="jwt-claims-hint" />
            <span id="jwt-claims-hint" className="form-hint">
              A JSON object; {'{{variables}}'} are filled in when the token is signed.
            </span>
          </div>
          <TextField label="Lifetime (seconds)" type="number" value={String(auth.lifetimeSeconds)} onChange={(v) => set(auth, { lifetimeSeconds: Math.max(0, Math.min(366 * 86400, Math.round(Number(v) || 0))) })} hint="Sets iat and exp; 0 adds neither." />
          <TextField label="Key ID (kid)" value={auth.keyId} onChange={(keyId) => set(auth, { keyId })} placeholder="optional" />
          <Placement value={auth.placement} onChange={(placement) => set(auth, { placement })} />
          <div className="form-row">
            <span className="form-label" />
            <label className="checkbox-label">
              <input type="checkbox" checked={auth.reuse} onChange={(e) => set(auth, { reuse: e.target.checked })} /> Reuse a token until 30 seconds before it expires
            </label>
          </div>
        </>
      );
    }
    case 'oauth2Code':
      return (
        <>
          <Discovery issuer={auth.issuer} onIssuer={(issuer) => set(auth, { issuer })} onDiscovered={(found) => set(auth, { authorizationUrl: found.authorizationUrl, tokenUrl: found.tokenUrl, revocationUrl: found.revocationUrl })} />
          <TextField label="Authorization URL" value={auth.authorizationUrl} onChange={(authorizationUrl) => set(auth, { authorizationUrl })} hint="Query parameters in it (e.g. response_type=code) are kept." />
          <TextField label="Token URL" value={auth.tokenUrl} onChange={(tokenUrl) => set(auth, { tokenUrl })} />
          <RevocationField value={auth.revocationUrl} onChange={(revocationUrl) => set(auth, { revocationUrl })} />
          <OAuthClientFields
            auth={auth}
            onChange={(patch) => set(auth, patch)}
            secretHint="Leave empty for a public client (PKCE only)."
            scopePlaceholder="openid offline_access api:read"
            scopeHint="Space or comma separated. offline_access usually brings a refresh token."
            paramsTitle="Extra authorization parameters"
            clientAuthOptions={CLIENT_SECRET_METHODS}
          >
            <TextField label="Redirect path" value={auth.redirectPath} onChange={(redirectPath) => set(auth, { redirectPath })} hint="The redirect URI is http://127.0.0.1:<a free port><this path>; register http://127.0.0.1/callback (any port) with the provider." />
          </OAuthClientFields>
        </>
      );
    case 'oauth2Device':
      return (
        <>
          <Discovery issuer={auth.issuer} onIssuer={(issuer) => set(auth, { issuer })} onDiscovered={(found) => set(auth, { deviceAuthorizationUrl: found.deviceAuthorizationUrl, tokenUrl: found.tokenUrl, revocationUrl: found.revocationUrl })} />
          <TextField label="Device authorization URL" value={auth.deviceAuthorizationUrl} onChange={(deviceAuthorizationUrl) => set(auth, { deviceAuthorizationUrl })} />
          <TextField label="Token URL" value={auth.tokenUrl} onChange={(tokenUrl) => set(auth, { tokenUrl })} />
          <RevocationField value={auth.revocationUrl} onChange={(revocationUrl) => set(auth, { revocationUrl })} />
          <OAuthClientFields auth={auth} onChange={(patch) => set(auth, patch)} secretHint="Leave empty for a public client." scopePlaceholder="openid offline_access" paramsTitle="Extra parameters" clientAuthOptions={CLIENT_SECRET_METHODS} />
        </>
      );
    case 'oauth2ClientCredentials':
      return (
        <>
          <Discovery issuer={auth.issuer} onIssuer={(issuer) => set(auth, { issuer })} onDiscovered={(found) => set(auth, { tokenUrl: found.tokenUrl })} />
          <TextField label="Token URL" value={auth.tokenUrl} onChange={(tokenUrl) => set(auth, { tokenUrl })} />
          <OAuthClientFields
            auth={auth}
            onChange={(patch) => set(auth, patch)}
            paramsTitle="Extra token parameters"
            clientAuthOptions={[
              ['post', 'In the request body'],
              ['basic', 'As a Basic header'],
            ]}
          />
        </>
      );
    case 'awsAccessKey':
      return (
        <>
          <AwsScope service={auth.service} region={auth.region} onChange={(patch) => set(auth, patch)} />
          <TextField label="Access key ID" value={auth.accessKeyId} onChange={(accessKeyId) => set(auth, { accessKeyId })} placeholder="AKIA…" />
          <SecretField label="Secret access key" value={auth.secretAccessKey} onChange={(secretAccessKey) => set(auth, { secretAccessKey })} />
          <SecretField label="Session token" value={auth.sessionToken} onChange={(sessionToken) => set(auth, { sessionToken })} hint="Only for temporary credentials." />
        </>
      );
    case 'awsRole':
      return (
        <>
          <AwsScope service={auth.service} region={auth.region} onChange={(patch) => set(auth, patch)} />
          <TextField label="Role ARN" value={auth.roleArn} onChange={(roleArn) => set(auth, { roleArn })} placeholder="arn:aws:iam::123456789012:role/name" />
          <TextField label="External ID" value={auth.externalId} onChange={(externalId) => set(auth, { externalId })} placeholder="optional" />
          <TextField label="Session name" value={auth.sessionName} onChange={(sessionName) => set(auth, { sessionName })} />
          <TextField label="Duration (seconds)" type="number" value={String(auth.durationSeconds)} onChange={(v) => set(auth, { durationSeconds: Math.max(900, Math.min(43200, Math.round(Number(v) || 3600))) })} hint="900 to 43200. Credentials are renewed 5 minutes before they expire." />
          <TextField label="STS endpoint" value={auth.stsEndpoint} onChange={(stsEndpoint) => set(auth, { stsEndpoint })} placeholder="AWS's own for the region" />
          <SelectField
            label="Source credentials"
            value={auth.source.kind}
            options={[
              ['keys', 'An access key pair'],
              ['profile', 'A profile from my AWS config'],
            ]}
            onChange={(kind) => set(auth, { source: kind === 'keys' ? { kind, accessKeyId: '', secretAccessKey: EMPTY, sessionToken: EMPTY } : { kind, profile: 'default' } })}
          />
          {auth.source.kind === 'keys' ? (
            <>
              <TextField label="Source access key ID" value={auth.source.accessKeyId} onChange={(accessKeyId) => set(auth, { source: { ...(auth.source as Extract<typeof auth.source, { kind: 'keys' }>), accessKeyId } })} />
              <SecretField label="Source secret access key" value={auth.source.secretAccessKey} onChange={(secretAccessKey) => set(auth, { source: { ...(auth.source as Extract<typeof auth.source, { kind: 'keys' }>), secretAccessKey } })} />
              <SecretField label="Source session token" value={auth.source.sessionToken} onChange={(sessionToken) => set(auth, { source: { ...(auth.source as Extract<typeof auth.source, { kind: 'keys' }>), sessionToken } })} hint="Only for temporary source credentials." />
            </>
          ) : (
            <TextField label="Profile name" value={auth.source.profile} onChange={(profile) => set(auth, { source: { kind: 'profile', profile } })} hint="Static keys from ~/.aws/credentials or ~/.aws/config." />
          )}
        </>
      );
  }
}

/** Name/value rows that are not secret: extra OAuth parameters. */
function PlainPairs({ noun, rows, onChange }: { noun: string; rows: { name: string; value: string }[]; onChange(rows: { name: string; value: string }[]): void }) {
  const update = (index: number, patch: Partial<{ name: string; value: string }>) => onChange(rows.map((row, i) => (i === index ? { ...row, ...patch } : row)));
  return (
    <div className="pair-list">
      {rows.map((row, index) => (
        <div key={index} className="pair">
          <TextField label={`${noun} ${index + 1} name`} value={row.name} onChange={(name) => update(index, { name })} placeholder="audience" />
          <TextField label={`${noun} ${index + 1} value`} value={row.value} onChange={(value) => update(index, { value })} />
          <button type="button" className="link-button" onClick={() => onChange(rows.filter((_, i) => i !== index))}>
            Remove {noun.toLowerCase()} {index + 1}
          </button>
        </div>
      ))}
      <button type="button" className="button small" onClick={() => onChange([...rows, { name: '', value: '' }])}>
        Add {noun.toLowerCase()}
      </button>
    </div>
  );
}

/** Issuer or discovery URL with "Discover", which fills in the endpoints from the provider's metadata. */
function Discovery({ issuer, onIssuer, onDiscovered }: { issuer: string; onIssuer(issuer: string): void; onDiscovered(found: { authorizationUrl: string; tokenUrl: string; revocationUrl: string; deviceAuthorizationUrl: string }): void }) {
  const [note, setNote] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  return (
    <div className="form-row">
      <label className="form-label" htmlFor="oauth-issuer">
        Issuer or discovery URL
      </label>
      <div className="secret-field">
        <input id="oauth-issuer" className="text-input" spellCheck={false} value={issuer} onChange={(e) => onIssuer(e.target.value)} placeholder="https://login.example.com (optional)" />
        <button
          type="button"
          className="button small"
          disabled={busy || issuer.trim() === ''}
          onClick={() => {
            setBusy(true);
            void api.calls['connections:discover']({ issuer }).then((result) => {
              setBusy(false);
              if (!result.ok) return setNote(result.error.message);
              onDiscovered(result.value);
              setNote(`Found ${result.value.issuer}${result.value.revocationUrl ? ', with revocation' : ''}${result.value.deviceAuthorizationUrl ? ' and device sign-in' : ''}.`);
            });
          }}
        >
          {busy ? 'Discovering…' : 'Discover'}
        </button>
      </div>
      <span className={`form-hint ${note && !note.startsWith('Found') ? 'warning' : ''}`} role="status">
        {note ?? 'Fills in the endpoints from /.well-known/openid-configuration or /.well-known/oauth-authorization-server.'}
      </span>
    </div>
  );
}

const CLIENT_SECRET_METHODS = [
  ['basic', 'client_secret_basic (a Basic header)'],
  ['post', 'client_secret_post (in the body)'],
] as const;

type OAuthClient = Pick<Extract<ConnectionAuthInput, { type: 'oauth2ClientCredentials' }>, 'clientId' | 'clientSecret' | 'scope' | 'extraParams' | 'clientAuth' | 'placement'>;

function RevocationField({ value, onChange }: { value: string; onChange(value: string): void }) {
  return <TextField label="Revocation URL" value={value} onChange={onChange} placeholder="optional: Disconnect revokes there" />;
}

/** The client, scope, extra parameters, client authentication and token placement every OAuth type has; `children` go before the client authentication. */
function OAuthClientFields({ auth, onChange, secretHint, scopePlaceholder, scopeHint, paramsTitle, clientAuthOptions, children }: { auth: OAuthClient; onChange(patch: Partial<OAuthClient>): void; secretHint?: string; scopePlaceholder?: string; scopeHint?: string; paramsTitle: string; clientAuthOptions: readonly (readonly ['basic' | 'post', string])[]; children?: ReactNode }) {
  return (
    <>
      <TextField label="Client ID" value={auth.clientId} onChange={(clientId) => onChange({ clientId })} />
      <SecretField label="Client secret" value={auth.clientSecret} onChange={(clientSecret) => onChange({ clientSecret })} {...(secretHint ? { hint: secretHint } : {})} />
      <TextField label="Scope" value={auth.scope} onChange={(scope) => onChange({ scope })} {...(scopePlaceholder ? { placeholder: scopePlaceholder } : {})} {...(scopeHint ? { hint: scopeHint } : {})} />
      <h4 className="form-subtitle">{paramsTitle}</h4>
      <PlainPairs noun="Parameter" rows={auth.extraParams} onChange={(extraParams) => onChange({ extraParams })} />
      {children}
      <SelectField label="Client authentication" value={auth.clientAuth} options={clientAuthOptions} onChange={(clientAuth) => onChange({ clientAuth })} />
      <Placement value={auth.placement} onChange={(placement) => onChange({ placement })} />
    </>
  );
}

function AwsScope({ service, region, onChange }: { service: string; region: string; onChange(patch: { service?: string; region?: string }): void }) {
  return (
    <>
      <datalist id="aws-services">
        {AWS_SERVICES.map((s) => (
          <option key={s} value={s} />
        ))}
      </datalist>
      <datalist id="aws-regions">
        {AWS_REGIONS.map((r) => (
          <option key={r} value={r} />
        ))}
      </datalist>
      <TextField label="AWS service" value={service} onChange={(value) => onChange({ service: value })} list="aws-services" hint="The signing name, e.g. execute-api for API Gateway." />
      <TextField label="AWS region" value={region} onChange={(value) => onChange({ region: value })} list="aws-regions" />
    </>
  );
}
