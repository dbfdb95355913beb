import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Ajv } from 'ajv';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ConfDocumentStore } from '../../../../main/adapters/confDocumentStore';
import { confFactory } from '../../../../main/adapters/confFactory';
import { createCore, type Core } from '../../../../main/core/createCore';
import type { CollectionTree, TreeItem } from '../../../../main/core/collections/collectionsService';
import { memoryLogger, memorySecretStore, realClock, recordingBrowser } from '../../../fixtures/testPorts';

const fixtures = resolve(import.meta.dirname, '../../../fixtures/postman');
const examples = readdirSync(join(fixtures, 'examples')).filter((f) => f.endsWith('.json'));
const ajv = new Ajv({ strict: false, allErrors: true });
const validate = ajv.compile(JSON.parse(readFileSync(join(fixtures, 'collection-v2.1.0.schema.json'), 'utf8')) as object);

let dir: string;
let core: Core;
let secrets: ReturnType<typeof memorySecretStore>;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'latchkey-import-'));
  secrets = memorySecretStore();
  core = createCore({ documents: new ConfDocumentStore(dir, confFactory), secrets, browser: recordingBrowser(), dialogs: null, bodiesDir: join(dir, 'bodies'), clock: realClock, logger: memoryLogger(), version: 't' });
});
afterEach(async () => {
  await core.close();
  rmSync(dir, { recursive: true, force: true });
});

async function importText(text: string, fileName = 'test.json') {
  const preview = await core.imports.preview(text, fileName);
  const result = await core.imports.commit(preview.token);
  return { preview, ...result };
}
const json = (value: unknown) => JSON.stringify(value);

/** A collection's tree with each connection id replaced by that connection's name-free auth config, so two imports compare equal. */
function normalised(tree: CollectionTree): unknown {
  const auth = (id: string | null | undefined) => {
    if (id === undefined || id === null) return id;
    const c = core.connections.list().find((x) => x.id === id)!;
    return JSON.stringify(c.auth, (key, value: unknown) => (key === 'id' ? (value ? 'stored' : null) : value));
  };
  const items = (list: TreeItem[]): unknown[] => list.map((item) => (item.kind === 'folder' ? { ...item, settings: { ...item.settings, connectionId: auth(item.settings.connectionId) }, items: items(item.items) } : { ...item, request: { ...item.request, connectionId: auth(item.request.connectionId) } }));
  return { ...tree, settings: { ...tree.settings, connectionId: auth(tree.settings.connectionId) }, items: items(tree.items) };
}

describe('the Postman examples published with the schema', () => {
  it.each(examples)('%s imports without error, exports valid v2.1 and re-imports unchanged', async (file) => {
    const text = readFileSync(join(fixtures, 'examples', file), 'utf8');
    const { preview, collectionIds } = await importText(text, file);
    expect(preview.format).toBe(/v2\.0\.0/.test(text) ? 'Postman Collection v2.0' : 'Postman Collection v2.1');
    expect(collectionIds).toHaveLength(1);
    const original = JSON.parse(text) as { item: unknown[] };
    const tree = core.collections.exportTree(collectionIds[0]!);
    expect(tree.items).toHaveLength(original.item.length);

    const exported = await core.imports.exportCollection(collectionIds[0]!, true);
    const valid = validate(JSON.parse(exported.text));
    expect(valid ? [] : validate.errors).toEqual([]);
    const again = await importText(exported.text, 'exported.json');
    expect(normalised(core.collections.exportTree(again.collectionIds[0]!))).toEqual(normalised(tree));
  });
});

const featureCollection = {
  info: { name: 'Feature tour', description: { content: '# Tour\nEvery feature.', type: 'text/markdown' }, schema: 'https://schema.getpostman.com/json/collection/v2.1.0/collection.json' },
  auth: { type: 'bearer', bearer: [{ key: 'token', value: 'collection-token-1', type: 'string' }] },
  variable: [{ key: 'base', value: 'https://api.example.test' }, { key: 'off', value: 'x', disabled: true }],
  event: [{ listen: 'prerequest', script: { type: 'text/javascript', exec: ['pm.environment.set("x", 1);', 'console.log("never run")'] } }],
  item: [
    {
      name: 'Accounts',
      description: 'Account endpoints',
      auth: { type: 'basic', basic: [{ key: 'username', value: 'ann' }, { key: 'password', value: 'basic-secret-2' }] },
      variable: [{ key: 'folderVar', value: 'f' }],
      item: [
        { name: 'JSON body', request: { method: 'POST', url: { raw: '{{base}}/accounts/:id?page=1', query: [{ key: 'page', value: '1' }, { key: 'draft', value: 'yes', disabled: true }], variable: [{ key: 'id', value: '42' }] }, header: [{ key: 'X-Trace', value: 'abc' }, { key: 'X-Off', value: 'no', disabled: true }], body: { mode: 'raw', raw: '{"a":1}', options: { raw: { language: 'json' } } } } },
        { name: 'XML body', request: { method: 'PUT', url: '{{base}}/x', body: { mode: 'raw', raw: '<a/>', options: { raw: { language: 'xml' } } } } },
        { name: 'Form', request: { method: 'POST', url: '{{base}}/form', body: { mode: 'urlencoded', urlencoded: [{ key: 'a', value: '1' }, { key: 'b', value: '2', disabled: true }] } } },
        { name: 'Multipart', request: { method: 'POST', url: '{{base}}/upload', body: { mode: 'formdata', formdata: [{ key: 'note', value: 'hi', type: 'text' }, { key: 'file', src: '/tmp/a.png', type: 'file' }] } } },
        { name: 'File', request: { method: 'PUT', url: '{{base}}/blob', body: { mode: 'file', file: { src: '/tmp/blob.bin' } } } },
        { name: 'GraphQL', request: { method: 'POST', url: '{{base}}/graphql', body: { mode: 'graphql', graphql: { query: '{ me { id } }', variables: '{"x":1}' } } } },
      ],
    },
    { name: 'API key in query', request: { method: 'GET', url: '{{base}}/q', auth: { type: 'apikey', apikey: [{ key: 'key', value: 'api_key' }, { key: 'value', value: 'query-secret-3' }, { key: 'in', value: 'query' }] } } },
    { name: 'AWS', request: { method: 'GET', url: 'https://s3.amazonaws.com/b', auth: { type: 'awsv4', awsv4: [{ key: 'accessKey', value: 'AKIDEXAMPLE' }, { key: 'secretKey', value: 'aws-secret-4' }, { key: 'region', value: 'us-east-1' }, { key: 'service', value: 's3' }] } } },
    { name: 'OAuth', request: { method: 'GET', url: '{{base}}/me', auth: { type: 'oauth2', oauth2: [{ key: 'grant_type', value: 'client_credentials' }, { key: 'accessTokenUrl', value: 'https://auth.example.test/token' }, { key: 'clientId', value: 'cid' }, { key: 'clientSecret', value: 'oauth-secret-5' }, { key: 'scope', value: 'read' }] } } },
    { name: 'Public', request: { method: 'GET', url: '{{base}}/public', auth: { type: 'noauth' } } },
    { name: 'Digest', request: { method: 'GET', url: '{{base}}/digest', auth: { type: 'digest', digest: [{ key: 'username', value: 'd' }] } } },
    { name: 'Injection', request: { method: 'GET', url: "{{base}}/{{''.constructor.constructor('return process')()}}", header: [{ key: 'X-Template', value: '{{#each this}}{{/each}}' }] }, event: [{ listen: 'test', script: { exec: 'pm.test("ok")' } }] },
  ],
};

describe('Postman import in detail', () => {
  it('maps folders, every body mode, auth blocks, variables, descriptions and scripts (kept as text)', async () => {
    const { preview, collectionIds, connectionIds } = await importText(json(featureCollection));
    expect(preview.collections).toEqual([{ name: 'Feature tour', requests: 12, folders: 1 }]);
    expect(preview.connections).toHaveLength(5);
    expect(preview.notes.join('\n')).toMatch(/Collection “Feature tour”: its prerequest script was kept as text/);
    expect(preview.notes.join('\n')).toMatch(/Request “Digest”: digest auth is not supported/);
    expect(connectionIds).toHaveLength(5);
    const tree = core.collections.exportTree(collectionIds[0]!);
    expect(tree.settings.description).toBe('# Tour\nEvery feature.');
    expect(tree.settings.variables).toEqual([{ name: 'base', value: 'https://api.example.test', enabled: true }, { name: 'off', value: 'x', enabled: false }]);
    expect(tree.settings.scripts?.[0]?.source).toContain('never run');
    const folder = tree.items[0] as Extract<TreeItem, { kind: 'folder' }>;
    expect(folder.settings.variables).toEqual([{ name: 'folderVar', value: 'f', enabled: true }]);
    const byName = new Map<string, Extract<TreeItem, { kind: 'request' }>>();
    const walk = (items: TreeItem[]) => items.forEach((i) => (i.kind === 'folder' ? walk(i.items) : byName.set(i.name, i)));
    walk(tree.items);
    const jsonReq = byName.get('JSON body')!.request;
    expect(jsonReq).toMatchObject({ method: 'POST', url: '{{base}}/accounts/:id?page=1', params: [{ name: 'draft', value: 'yes', enabled: false }], pathVariables: [{ name: 'id', value: '42', enabled: true }], body: { kind: 'json', text: '{"a":1}' } });
    expect(jsonReq.headers).toEqual([{ name: 'X-Trace', value: 'abc', enabled: true }, { name: 'X-Off', value: 'no', enabled: false }]);
    expect(jsonReq.connectionId).toBeUndefined();
    expect(byName.get('XML body')!.request.body).toEqual({ kind: 'raw', text: '<a/>', contentType: 'application/xml' });
    expect(byName.get('Form')!.request.body).toEqual({ kind: 'form', fields: [{ name: 'a', value: '1', enabled: true }, { name: 'b', value: '2', enabled: false }] });
    expect(byName.get('Multipart')!.request.body).toEqual({ kind: 'multipart', parts: [{ name: 'note', value: 'hi', enabled: true, type: 'text' }, { name: 'file', value: '/tmp/a.png', enabled: true, type: 'file', unconfirmed: true }] });
    expect(byName.get('File')!.request.body).toEqual({ kind: 'file', path: '/tmp/blob.bin', contentType: '', unconfirmed: true });
    expect(byName.get('GraphQL')!.request.body).toEqual({ kind: 'graphql', query: '{ me { id } }', variables: '{"x":1}' });
    expect(byName.get('Public')!.request.connectionId).toBeNull();
    expect(byName.get('Digest')!.request.connectionId).toBeUndefined();
    // Templates stay exactly as written: nothing evaluates them.
    expect(byName.get('Injection')!.request.url).toBe("{{base}}/{{''.constructor.constructor('return process')()}}");
    expect(byName.get('Injection')!.scripts).toEqual([{ event: 'test', source: 'pm.test("ok")' }]);

    const types = Object.fromEntries(core.connections.list().map((c) => [c.name, c.auth.type]));
    expect(types).toEqual({
      'Feature tour': 'bearer',
      'Feature tour · Accounts': 'basic',
      'Feature tour · API key in query': 'query',
      'Feature tour · AWS': 'awsAccessKey',
      'Feature tour · OAuth': 'oauth2ClientCredentials',
    });
    // Secrets went to the keychain, never into the files.
    const values = [...secrets.values.values()];
    for (const secret of ['collection-token-1', 'basic-secret-2', 'query-secret-3', 'aws-secret-4', 'oauth-secret-5']) {
      expect(values).toContain(secret);
      for (const file of readdirSync(dir, { recursive: true }) as string[]) if (file.endsWith('.json')) expect(readFileSync(join(dir, file), 'utf8')).not.toContain(secret);
    }
  });

  it('exports with {{placeholders}} for secrets unless asked, valid against the v2.1.0 schema, and round-trips', async () => {
    const { collectionIds } = await importText(json(featureCollection));
    const id = collectionIds[0]!;
    const without = await core.imports.exportCollection(id, false);
    expect(validate(JSON.parse(without.text)) ? [] : validate.errors).toEqual([]);
    expect(without.text).not.toContain('basic-secret-2');
    expect(without.text).toContain('{{feature_tour_accounts_password}}');
    const withSecrets = await core.imports.exportCollection(id, true);
    expect(withSecrets.text).toContain('basic-secret-2');
    const again = await importText(withSecrets.text);
    expect(normalised(core.collections.exportTree(again.collectionIds[0]!))).toEqual(normalised(core.collections.exportTree(id)));
  });

  it('exports what Postman needs to send the same: absolute URLs under a base URL, every secret placeholder declared, a raw body\'s own Content-Type', async () => {
    const partner = await core.connections.save({ name: 'Partner', baseUrl: 'https://api.partner.test/v1', auth: { type: 'basic', username: 'ada', password: { id: null, set: 'pw-secret-7' } }, clientCertificate: { kind: 'none' }, ca: '', verifyTls: true, testPath: '' });
    const api = core.collections.create({ kind: 'collection', parentId: null, name: 'Partner API' });
    core.collections.saveSettings(api.id, { description: '', variables: [], connectionId: partner.id });
    const folder = core.collections.create({ kind: 'folder', parentId: api.id, name: 'Users' });
    const blank = { method: 'GET', params: [], pathVariables: [], headers: [], body: { kind: 'none' as const }, settings: {} };
    core.collections.create({ kind: 'request', parentId: folder.id, name: 'Basic', request: { ...blank, url: '/basic' } });
    core.collections.create({ kind: 'request', parentId: folder.id, name: 'SOAP', request: { ...blank, method: 'POST', url: 'orders?x=1', body: { kind: 'raw', text: '<a/>', contentType: 'text/xml' } } });
    core.collections.create({ kind: 'request', parentId: api.id, name: 'Elsewhere', request: { ...blank, url: 'https://status.example/ok', connectionId: null } });
    const exported = await core.imports.exportCollection(api.id, false);
    const file = JSON.parse(exported.text);
    expect(validate(file) ? [] : validate.errors).toEqual([]);
    const users = file.item.find((i: { name: string }) => i.name === 'Users');
    const byName = new Map<string, { request: { url: { raw: string }; header: { key: string; value: string }[]; body?: { options?: { raw?: { language?: string } } } } }>(users.item.map((i: { name: string }) => [i.name, i]));
    expect(byName.get('Basic')!.request.url.raw).toBe('https://api.partner.test/v1/basic');
    expect(byName.get('SOAP')!.request.url.raw).toBe('https://api.partner.test/v1/orders?x=1');
    expect(file.item.find((i: { name: string }) => i.name === 'Elsewhere').request.url.raw).toBe('https://status.example/ok');
    expect(byName.get('SOAP')!.request.header).toContainEqual({ key: 'Content-Type', value: 'text/xml' });
    // Every {{placeholder}} the file uses for a left-out secret is declared, empty, with what it is.
    expect(exported.text).not.toContain('pw-secret-7');
    const declared = new Map((file.variable as { key: string; value: string; description?: string }[]).map((v) => [v.key, v]));
    for (const [, name] of exported.text.matchAll(/\{\{([^}]+)\}\}/g)) expect(declared.has(name!), name).toBe(true);
    expect(declared.get('partner_password')).toMatchObject({ value: '', description: expect.stringContaining('“Partner”') });
    // Imported again: the body keeps text/xml, without a second Content-Type header.
    const again = await importText(exported.text);
    const soap = core.collections.exportTree(again.collectionIds[0]!).items.flatMap((i) => (i.kind === 'folder' ? i.items : [i])).find((i) => i.name === 'SOAP');
    expect(soap?.kind === 'request' && soap.request.body).toEqual({ kind: 'raw', text: '<a/>', contentType: 'text/xml' });
    expect(soap?.kind === 'request' && soap.request.headers).toEqual([]);
  });

  it('reads Postman v2.0, whose auth parameters are an object', async () => {
    const v20 = { info: { name: 'Old', schema: 'https://schema.getpostman.com/json/collection/v2.0.0/collection.json' }, item: [{ name: 'R', request: { url: 'https://a.test', method: 'GET', auth: { type: 'basic', basic: { username: 'u', password: 'p20' } } } }] };
    const { preview } = await importText(json(v20));
    expect(preview.format).toBe('Postman Collection v2.0');
    const connection = core.connections.list()[0]!;
    expect(connection.auth).toMatchObject({ type: 'basic', username: 'u' });
    expect([...secrets.values.values()]).toContain('p20');
  });

  it('imports a Postman environment, secret values into the keychain, and exports it with placeholders', async () => {
    const env = { name: 'staging', values: [{ key: 'host', value: 'https://staging.test', enabled: true, type: 'default' }, { key: 'token', value: 'env-secret-6', enabled: true, type: 'secret' }], _postman_variable_scope: 'environment' };
    const { environmentIds } = await importText(json(env));
    const saved = core.environments.list().environments.find((e) => e.id === environmentIds[0])!;
    expect(saved.variables.map((v) => [v.name, v.secret, v.value])).toEqual([['host', false, 'https://staging.test'], ['token', true, '']]);
    expect([...secrets.values.values()]).toContain('env-secret-6');
    const exported = await core.imports.exportEnvironment(saved.id, false);
    expect(JSON.parse(exported.text).values[1]).toEqual({ key: 'token', value: '{{token}}', type: 'secret', enabled: true });
    expect((await core.imports.exportEnvironment(saved.id, true)).text).toContain('env-secret-6');
  });
});

describe('other formats', () => {
  it('Insomnia v4 (JSON and YAML): folders, requests, templates, auth, environments', async () => {
    const resources = [
      { _id: 'wrk_1', _type: 'workspace', name: 'Shop' },
      { _id: 'env_base', _type: 'environment', parentId: 'wrk_1', name: 'Base', data: { base: 'https://shop.test' } },
      { _id: 'env_dev', _type: 'environment', parentId: 'env_base', name: 'dev', data: { base: 'http://127.0.0.1:1' } },
      { _id: 'fld_1', _type: 'request_group', parentId: 'wrk_1', name: 'Orders', environment: { page: '1' } },
      { _id: 'req_1', _type: 'request', parentId: 'fld_1', name: 'List', method: 'get', url: '{{ _.base }}/orders', parameters: [{ name: 'page', value: '{{ _.page }}' }, { name: 'off', value: '1', disabled: true }], headers: [{ name: 'Accept', value: 'application/json' }], authentication: { type: 'bearer', token: 'ins-token-7' }, metaSortKey: 2 },
      { _id: 'req_2', _type: 'request', parentId: 'fld_1', name: 'Create', method: 'POST', url: '{{ _.base }}/orders', body: { mimeType: 'application/json', text: '{"id": "{% uuid %}"}' }, metaSortKey: 1 },
    ];
    for (const text of [json({ _type: 'export', __export_format: 4, resources }), (await import('yaml')).stringify({ _type: 'export', __export_format: 4, resources })]) {
      const { preview, collectionIds } = await importText(text, 'insomnia');
      expect(preview.format).toBe('Insomnia export v4');
      expect(preview.environments).toEqual([{ name: preview.environments[0]!.name, variables: 1 }]);
      expect(preview.notes.join(' ')).toMatch(/template tags/);
      const tree = core.collections.exportTree(collectionIds[0]!);
      expect(tree.settings.variables).toEqual([{ name: 'base', value: 'https://shop.test', enabled: true }]);
      const folder = tree.items[0] as Extract<TreeItem, { kind: 'folder' }>;
      expect(folder.items.map((i) => i.name)).toEqual(['Create', 'List']);
      const list = folder.items[1] as Extract<TreeItem, { kind: 'request' }>;
      expect(list.request).toMatchObject({ method: 'GET', url: '{{base}}/orders?page={{page}}', params: [{ name: 'off', value: '1', enabled: false }] });
      expect(core.connections.list().find((c) => c.id === list.request.connectionId)?.auth.type).toBe('bearer');
      expect((folder.items[0] as Extract<TreeItem, { kind: 'request' }>).request.body).toEqual({ kind: 'json', text: '{"id": "{% uuid %}"}' });
    }
  });

  it('Insomnia response tags become captures on the request they name, and {{variables}} where they were', async () => {
    // A login whose token the next requests take with response tags: the old plain filter, the
    // b64:: form Insomnia writes since 2020, a header, a request that comes later in the file,
    // and a tag naming a request that is not in it.
    const b64 = (text: string) => `b64::${Buffer.from(text).toString('base64')}::46b`;
    const resources = [
      { _id: 'wrk_1', _type: 'workspace', name: 'Partner' },
      { _id: 'req_profile', _type: 'request', parentId: 'wrk_1', name: 'Profile', method: 'GET', url: 'https://api.test/users/{% response \'body\', \'req_login\', \'$.user.id\', \'never\', 60 %}', headers: [{ name: 'Authorization', value: "Bearer {% response 'body', 'req_login', '" + b64('$.access_token') + "', 'when-expired', 3600 %}" }], metaSortKey: 2 },
      { _id: 'req_orders', _type: 'request', parentId: 'wrk_1', name: 'Orders', method: 'GET', url: 'https://api.test/orders', headers: [{ name: 'X-Request-Id', value: '{% response "header", "req_login", "X-Request-Id" %}' }, { name: 'X-Gone', value: "{% response 'body', 'req_elsewhere', '$.x' %}" }, { name: 'Authorization', value: "Bearer {% response 'body', 'req_login', '$.access_token' %}" }], metaSortKey: 3 },
      { _id: 'req_login', _type: 'request', parentId: 'wrk_1', name: 'Login', method: 'POST', url: 'https://api.test/login', metaSortKey: 1 },
    ];
    const { preview, collectionIds } = await importText(json({ _type: 'export', __export_format: 4, resources }), 'insomnia.json');
    const tree = core.collections.exportTree(collectionIds[0]!);
    const byName = new Map(tree.items.map((i) => [i.name, i as Extract<TreeItem, { kind: 'request' }>]));
    expect(byName.get('Login')!.request.captures).toEqual([
      { name: 'id', source: 'jsonpath', path: '$.user.id', scope: 'collection', secret: false, enabled: true },
      { name: 'access_token', source: 'jsonpath', path: '$.access_token', scope: 'collection', secret: true, enabled: true },
      { name: 'X-Request-Id', source: 'header', path: 'X-Request-Id', scope: 'collection', secret: false, enabled: true },
    ]);
    expect(byName.get('Profile')!.request.url).toBe('https://api.test/users/{{id}}');
    expect(byName.get('Profile')!.request.headers[0]!.value).toBe('Bearer {{access_token}}');
    const orders = byName.get('Orders')!.request.headers.map((h) => h.value);
    expect(orders).toEqual(['{{X-Request-Id}}', "{% response 'body', 'req_elsewhere', '$.x' %}", 'Bearer {{access_token}}']);
    expect(preview.recognised.map((r) => [r.where, r.became])).toEqual([
      ['Request “Profile”', 'capture on “Login”: {{id}} from $.user.id, used here as {{id}}'],
      ['Request “Profile”', 'capture on “Login”: {{access_token}} from $.access_token, used here as {{access_token}}'],
      ['Request “Orders”', 'capture on “Login”: {{X-Request-Id}} from header X-Request-Id, used here as {{X-Request-Id}}'],
      ['Request “Orders”', 'capture on “Login”: {{access_token}} from $.access_token, used here as {{access_token}}'],
    ]);
    expect(preview.notes).toContain('Request “Profile”: Insomnia sent “Login” by itself when its value was needed; in Latchkey, send “Login” first and its capture sets {{access_token}}.');
    // The tag naming a request outside the file stays as written, with the usual note.
    expect(preview.notes).toContain('Request “Orders”: Insomnia template tags ({% … %}) were kept as text; Latchkey does not run them.');
    expect(preview.notes.some((n) => n.startsWith('Request “Profile”: Insomnia template tags'))).toBe(false);
  });

  it('Insomnia v5 response tags name requests by meta.id', async () => {
    const yaml = `type: collection.insomnia.rest/5.0
name: Partner
collection:
  - name: Profile
    method: GET
    url: https://api.test/me
    headers:
      - name: Authorization
        value: "Bearer {% response 'body', 'req_login5', 'b64::JC50b2tlbg==::46b', 'never', 60 %}"
    meta:
      id: req_profile5
  - name: Auth
    children:
      - name: Login
        method: POST
        url: https://api.test/login
        meta:
          id: req_login5
`;
    const { preview, collectionIds } = await importText(yaml, 'partner.yaml');
    const tree = core.collections.exportTree(collectionIds[0]!);
    const profile = tree.items[0] as Extract<TreeItem, { kind: 'request' }>;
    const login = (tree.items[1] as Extract<TreeItem, { kind: 'folder' }>).items[0] as Extract<TreeItem, { kind: 'request' }>;
    expect(profile.request.headers[0]!.value).toBe('Bearer {{token}}');
    expect(login.request.captures).toEqual([{ name: 'token', source: 'jsonpath', path: '$.token', scope: 'collection', secret: true, enabled: true }]);
    expect(preview.recognised).toHaveLength(1);
  });

  it('Insomnia v5 YAML', async () => {
    const yaml = `type: collection.insomnia.rest/5.0
name: Payments
meta:
  description: The payments API
collection:
  - name: Cards
    children:
      - url: "{{ _.base }}/cards"
        name: List cards
        method: GET
        headers:
          - name: Accept
            value: application/json
        scripts:
          preRequest: console.log('kept, not run')
  - url: https://pay.test/health
    name: Health
    method: HEAD
environments:
  name: Base Environment
  data:
    base: https://pay.test
  subEnvironments:
    - name: prod
      data:
        base: https://prod.pay.test
`;
    const { preview, collectionIds } = await importText(yaml, 'payments.yaml');
    expect(preview).toMatchObject({ format: 'Insomnia v5', collections: [{ name: 'Payments', requests: 2, folders: 1 }], environments: [{ name: 'prod', variables: 1 }] });
    const tree = core.collections.exportTree(collectionIds[0]!);
    expect(tree.settings).toMatchObject({ description: 'The payments API', variables: [{ name: 'base', value: 'https://pay.test', enabled: true }] });
    const cards = (tree.items[0] as Extract<TreeItem, { kind: 'folder' }>).items[0] as Extract<TreeItem, { kind: 'request' }>;
    expect(cards).toMatchObject({ name: 'List cards', request: { url: '{{base}}/cards' }, scripts: [{ event: 'prerequest', source: "console.log('kept, not run')" }] });
  });

  it('OpenAPI 3 (YAML): an operation per request, grouped by tag, example bodies, security as connections', async () => {
    const yaml = `openapi: 3.0.3
info: { title: Pets, description: A pet store }
servers: [{ url: "https://{env}.pets.test/v1", variables: { env: { default: api } } }]
security: [{ bearerAuth: [] }]
tags: [{ name: pets, description: Everything about pets }]
paths:
  /pets:
    get:
      tags: [pets]
      summary: List pets
      parameters:
        - { name: limit, in: query, required: true, schema: { type: integer, example: 10 } }
        - { name: X-Request-Id, in: header, schema: { type: string } }
    post:
      tags: [pets]
      operationId: createPet
      requestBody:
        content:
          application/json:
            schema: { $ref: "#/components/schemas/Pet" }
  /pets/{petId}:
    get:
      tags: [pets]
      summary: One pet
      security: [{ apiKey: [] }]
      parameters: [{ name: petId, in: path, required: true, schema: { type: string } }]
  /health:
    get:
      summary: Health
      security: []
components:
  securitySchemes:
    bearerAuth: { type: http, scheme: bearer }
    apiKey: { type: apiKey, in: header, name: X-API-Key }
  schemas:
    Pet:
      type: object
      properties:
        name: { type: string, example: Rex }
        tags: { type: array, items: { type: string } }
        owner: { $ref: "#/components/schemas/Owner" }
    Owner:
      type: object
      properties:
        pet: { $ref: "#/components/schemas/Pet" }
`;
    const { preview, collectionIds } = await importText(yaml, 'pets.yaml');
    expect(preview).toMatchObject({ format: 'OpenAPI 3.0.3', collections: [{ name: 'Pets', requests: 4, folders: 1 }] });
    const tree = core.collections.exportTree(collectionIds[0]!);
    expect(tree.settings.variables).toEqual([{ name: 'baseUrl', value: 'https://api.pets.test/v1', enabled: true }]);
    expect(core.connections.list().find((c) => c.id === tree.settings.connectionId)?.auth.type).toBe('bearer');
    const pets = tree.items[0] as Extract<TreeItem, { kind: 'folder' }>;
    expect(pets.settings.description).toBe('Everything about pets');
    const [list, create, one] = pets.items as Extract<TreeItem, { kind: 'request' }>[];
    expect(list!.request).toMatchObject({ method: 'GET', url: '{{baseUrl}}/pets?limit=10', headers: [{ name: 'X-Request-Id', value: 'string', enabled: true }] });
    expect(create!.name).toBe('createPet');
    expect(JSON.parse((create!.request.body as { text: string }).text)).toEqual({ name: 'Rex', tags: ['string'], owner: { pet: {} } });
    expect(one!.request).toMatchObject({ url: '{{baseUrl}}/pets/:petId', pathVariables: [{ name: 'petId', value: 'string', enabled: true }] });
    expect(core.connections.list().find((c) => c.id === one!.request.connectionId)?.auth).toMatchObject({ type: 'header', headers: [{ name: 'X-API-Key' }] });
    expect((tree.items[1] as Extract<TreeItem, { kind: 'request' }>).request.connectionId).toBeNull();
  });

  it('Swagger 2.0 (JSON): host, basePath, body parameters and basic auth', async () => {
    const doc = { swagger: '2.0', info: { title: 'Legacy' }, host: 'legacy.test', basePath: '/api', schemes: ['https'], securityDefinitions: { basic: { type: 'basic' } }, security: [{ basic: [] }], paths: { '/users': { post: { summary: 'Create user', parameters: [{ name: 'body', in: 'body', schema: { type: 'object', properties: { email: { type: 'string', format: 'email', example: 'a@b.test' } } } }] } } } };
    const { preview, collectionIds } = await importText(json(doc));
    expect(preview.format).toBe('Swagger 2.0');
    const tree = core.collections.exportTree(collectionIds[0]!);
    expect(tree.settings.variables[0]).toEqual({ name: 'baseUrl', value: 'https://legacy.test/api', enabled: true });
    expect((tree.items[0] as Extract<TreeItem, { kind: 'request' }>).request.body).toEqual({ kind: 'json', text: '{\n  "email": "a@b.test"\n}' });
    expect(core.connections.list()[0]!.auth.type).toBe('basic');
  });

  it('HAR: each captured request, with its body, leaving out the headers the browser adds', async () => {
    const har = { log: { creator: { name: 'Chromium' }, entries: [{ request: { method: 'POST', url: 'https://shop.test/api/cart?x=1', headers: [{ name: ':authority', value: 'shop.test' }, { name: 'Content-Type', value: 'application/json' }, { name: 'Content-Length', value: '9' }], postData: { mimeType: 'application/json', text: '{"id":1}' } } }, { request: { method: 'GET', url: 'https://shop.test/', headers: [] } }] } };
    const { preview, collectionIds } = await importText(json(har));
    expect(preview).toMatchObject({ format: 'HAR', collections: [{ name: 'HAR import (Chromium)', requests: 2 }] });
    const [cart] = core.collections.exportTree(collectionIds[0]!).items as Extract<TreeItem, { kind: 'request' }>[];
    expect(cart).toMatchObject({ name: 'POST /api/cart', request: { url: 'https://shop.test/api/cart?x=1', headers: [{ name: 'Content-Type', value: 'application/json', enabled: true }], body: { kind: 'json', text: '{"id":1}' } } });
  });

  it('several cURL commands, one request each', async () => {
    const text = "curl https://a.test/one\ncurl -X POST https://a.test/two \\\n  -H 'X-A: 1' \\\n  -d 'x=1'\n";
    const { preview, collectionIds } = await importText(text, 'commands.sh');
    expect(preview).toMatchObject({ format: 'cURL commands', collections: [{ requests: 2 }] });
    const items = core.collections.exportTree(collectionIds[0]!).items as Extract<TreeItem, { kind: 'request' }>[];
    expect(items.map((i) => [i.request.method, i.request.url])).toEqual([['GET', 'https://a.test/one'], ['POST', 'https://a.test/two']]);
  });
});

describe('malformed and hostile input: an error naming the place, and the workspace unchanged', () => {
  const nothingSaved = () => {
    expect(core.collections.tree()).toEqual([]);
    expect(core.connections.list()).toEqual([]);
    expect(core.environments.list().environments).toEqual([]);
  };
  const bigUrl = 'https://a.test/' + 'x'.repeat(10 * 1024 * 1024);
  const deep = (n: number): unknown => (n === 0 ? { name: 'leaf', request: { url: 'https://a.test' } } : { name: `level ${n}`, item: [deep(n - 1)] });
  it.each([
    ['truncated JSON', json(featureCollection).slice(0, 500), /“t\.json”, line 1, column \d+: the JSON ends early/],
    ['a syntax error', '{\n  "info": {"name": "x",}\n}', /line 2, column \d+: not valid JSON/],
    ['the wrong type for the items', json({ info: { name: 'x', schema: 'https://schema.getpostman.com/json/collection/v2.1.0/' }, item: 'not a list' }), /item: expected a list, found a string/],
    ['a header of the wrong type', json({ info: { name: 'x', schema: 'postman v2.1.0' }, item: [{ name: 'r', request: { url: 'u', header: [{ key: 'a', value: { evil: true } }] } }] }), /item\[0\]\.request\.header\[0\]\.value: expected text, found an object/],
    ['a 10 MB URL', json({ info: { name: 'x', schema: 'postman' }, item: [{ name: 'Huge', request: { url: bigUrl } }] }), /x \/ Huge: url: Too big/],
    ['folders 100 deep', json({ info: { name: 'x', schema: 'postman' }, item: [deep(100)] }), /nested more than 64 deep/],
    ['a YAML alias bomb', 'a: &a ["x","x","x","x","x","x","x","x","x"]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\nd: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]\ne: [*d,*d,*d,*d,*d,*d,*d,*d,*d]\n', /not valid YAML/],
    ['a Postman v1 collection', json({ id: '1', name: 'v1', requests: [], order: [] }), /Postman Collection v1/],
    ['something else', json({ hello: 'world' }), /not a format Latchkey imports/],
  ])('%s', async (_what, text, message) => {
    await expect(core.imports.preview(text, 't.json')).rejects.toMatchObject({ code: 'invalid_import', message: expect.stringMatching(message) });
    nothingSaved();
  });

  it('a commit that fails part way (a connection refused) leaves nothing behind', async () => {
    const bad = { info: { name: 'Half', schema: 'postman v2.1.0' }, auth: { type: 'basic', basic: [{ key: 'username', value: 'u' }, { key: 'password', value: 'half-secret-8' }] }, item: [{ name: 'Signed', request: { url: 'https://a.test', auth: { type: 'jwt', jwt: [{ key: 'algorithm', value: 'RS256' }, { key: 'privateKey', value: 'not a key at all' }] } } }] };
    const preview = await core.imports.preview(json(bad));
    await expect(core.imports.commit(preview.token)).rejects.toMatchObject({ code: 'invalid_import', message: expect.stringMatching(/connection “Half · Signed” could not be made/) });
    nothingSaved();
    expect([...secrets.values.values()]).not.toContain('half-secret-8');
  });
});

describe('Postman test scripts as assertions and captures', () => {
  // Written here: a login whose test script captures its token, a profile call with checks, a
  // folder whose script checks every request inside, and lines Latchkey does not read.
  const withScripts = {
    info: { name: 'Scripted', schema: 'https://schema.getpostman.com/json/collection/v2.1.0/collection.json' },
    item: [
      {
        name: 'Users',
        event: [{ listen: 'test', script: { type: 'text/javascript', exec: ['pm.test("Fast", function () {', '  pm.expect(pm.response.responseTime).to.be.below(1000);', '});', 'pm.environment.set("seen", pm.response.code);'] } }],
        item: [
          {
            name: 'Login',
            event: [
              { listen: 'prerequest', script: { type: 'text/javascript', exec: ['pm.variables.set("ts", Date.now());'] } },
              { listen: 'test', script: { type: 'text/javascript', exec: ['var jsonData = pm.response.json();', 'pm.test("Status code is 200", function () {', '  pm.response.to.have.status(200);', '});', 'pm.environment.set("access_token", jsonData.access_token);', 'console.log("logged in");'] } },
            ],
            request: { method: 'POST', url: 'https://api.example.test/login' },
          },
          {
            name: 'Profile',
            event: [{ listen: 'test', script: { exec: ['tests["Status code is 200"] = responseCode.code === 200;', 'pm.test("Name", () => { pm.expect(pm.response.json().name).to.eql("Ada"); });'] } }],
            request: { method: 'GET', url: 'https://api.example.test/profile', header: [{ key: 'Authorization', value: 'Bearer {{access_token}}' }] },
          },
        ],
      },
    ],
  };

  it('lists what was recognised in the preview, keeps the rest as text, and survives an export and a re-import', async () => {
    const { preview, collectionIds } = await importText(JSON.stringify(withScripts));
    expect(preview.recognised.map((r) => [r.where, r.became])).toEqual([
      ['Folder “Users”', 'assertion: Response time is less than 1000'],
      ['Request “Login”', 'assertion: Status code equals 200'],
      ['Request “Login”', 'capture: {{access_token}} from $.access_token into the environment (secret)'],
      ['Request “Profile”', 'assertion: Status code equals 200'],
      ['Request “Profile”', 'assertion: $.name equals Ada'],
    ]);
    expect(preview.recognised[1]!.script).toBe('pm.test("Status code is 200", function () { …');
    expect(preview.notes).toContain('Folder “Users”: the rest of its test script was kept as text; Latchkey does not run scripts.');
    expect(preview.notes).toContain('Request “Login”: its prerequest script and the rest of its test script were kept as text; Latchkey does not run scripts.');
    expect(preview.notes.some((n) => n.startsWith('Request “Profile”'))).toBe(false);

    const tree = core.collections.exportTree(collectionIds[0]!);
    const folder = tree.items[0] as Extract<TreeItem, { kind: 'folder' }>;
    expect(folder.settings.assertions).toEqual([{ target: 'time', path: '', operator: 'lessThan', expected: '1000', enabled: true, name: 'Fast' }]);
    // A folder has no captures: its set stays as text.
    expect(folder.settings.scripts).toEqual([{ event: 'test', source: 'pm.environment.set("seen", pm.response.code);' }]);
    const [login, profile] = folder.items as Extract<TreeItem, { kind: 'request' }>[];
    expect(login!.request.assertions).toEqual([{ target: 'status', path: '', operator: 'equals', expected: '200', enabled: true, name: 'Status code is 200' }]);
    expect(login!.request.captures).toEqual([{ name: 'access_token', source: 'jsonpath', path: '$.access_token', scope: 'environment', secret: true, enabled: true }]);
    expect(login!.scripts).toEqual([
      { event: 'prerequest', source: 'pm.variables.set("ts", Date.now());' },
      { event: 'test', source: 'console.log("logged in");' },
    ]);
    expect(profile!.request.assertions?.map((a) => [a.target, a.path, a.expected])).toEqual([
      ['status', '', '200'],
      ['jsonpath', '$.name', 'Ada'],
    ]);
    expect(profile!.scripts).toBeUndefined();

    // Export: valid v2.1, with pm lines Postman runs, and back again to the same rows.
    const exported = await core.imports.exportCollection(collectionIds[0]!, false);
    const file = JSON.parse(exported.text) as { item: { event: { listen: string; script: { exec: string[] } }[]; item: { event: { listen: string; script: { exec: string[] } }[] }[] }[] };
    expect(validate(file) ? [] : validate.errors).toEqual([]);
    const loginTest = file.item[0]!.item[0]!.event.find((e) => e.listen === 'test')!.script.exec;
    expect(loginTest[0]).toBe('console.log("logged in");');
    expect(loginTest).toContain('pm.test("Status code is 200", function () { pm.response.to.have.status(200); });');
    expect(loginTest).toContain('pm.environment.set("access_token", pm.response.json().access_token);');
    expect(file.item[0]!.event[0]!.script.exec).toContain('pm.test("Fast", function () { pm.expect(pm.response.responseTime).to.be.below(1000); });');
    const again = await importText(exported.text, 'exported.json');
    expect(normalised(core.collections.exportTree(again.collectionIds[0]!))).toEqual(normalised(tree));
    expect(again.preview.recognised.every((r) => r.script === 'Latchkey export')).toBe(true);
  });
});
