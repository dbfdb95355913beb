import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ConfDocumentStore } from '../../../../main/adapters/confDocumentStore';
import { confFactory } from '../../../../main/adapters/confFactory';
import { createCore, type Core } from '../../../../main/core/createCore';
import { createHandlers } from '../../../../main/ipc/handlers';
import { shardFileName, shardOf } from '../../../../main/core/collections/collectionFiles';
import { startEchoServer, type EchoServer } from '../../../fixtures/echoServer';
import { spec } from '../../../fixtures/requests';
import { memoryLogger, memorySecretStore, realClock, recordingBrowser } from '../../../fixtures/testPorts';

let dir: string;
let core: Core;
const secrets = memorySecretStore();
const open = () =>
  createCore({ documents: new ConfDocumentStore(dir, confFactory), secrets, browser: recordingBrowser(), dialogs: null, bodiesDir: join(dir, 'bodies'), clock: realClock, logger: memoryLogger(), version: 't' });
const reopen = async () => {
  await core.close();
  core = open();
};
const names = () => core.collections.tree().map((n) => `${'  '.repeat(depth(n.id))}${n.name}`);
function depth(id: string): number {
  const nodes = core.collections.tree();
  let d = 0;
  for (let node = nodes.find((n) => n.id === id); node?.parentId; node = nodes.find((n) => n.id === node!.parentId)) d += 1;
  return d;
}

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'latchkey-collections-'));
  core = open();
});
afterEach(async () => {
  await core.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('collections tree', () => {
  it('creates collections, folders and requests that survive a restart, in order', async () => {
    const api = core.collections.create({ kind: 'collection', parentId: null, name: 'Billing API' });
    const folder = core.collections.create({ kind: 'folder', parentId: api.id, name: 'Invoices' });
    core.collections.create({ kind: 'request', parentId: folder.id, name: 'List invoices', request: spec({ url: 'https://api.example/invoices' }) });
    core.collections.create({ kind: 'request', parentId: folder.id, name: 'First', index: 0 });
    core.collections.create({ kind: 'request', parentId: api.id, name: 'Health' });
    await reopen();
    expect(names()).toEqual(['Billing API', '  Invoices', '    First', '    List invoices', '  Health']);
    const list = core.collections.tree().find((n) => n.name === 'List invoices')!;
    expect(list).toMatchObject({ kind: 'request', method: 'GET', url: 'https://api.example/invoices', collectionId: api.id, parentId: folder.id });
  });

  it('renames, duplicates (deeply, with new ids) and moves, refusing a folder into itself', async () => {
    const api = core.collections.create({ kind: 'collection', parentId: null, name: 'API' });
    const a = core.collections.create({ kind: 'folder', parentId: api.id, name: 'A' });
    const b = core.collections.create({ kind: 'folder', parentId: a.id, name: 'B' });
    const r = core.collections.create({ kind: 'request', parentId: b.id, name: 'R' });
    core.collections.rename(r.id, 'Renamed');
    const copy = core.collections.duplicate(a.id);
    expect(copy.name).toBe('A copy');
    expect(names()).toEqual(['API', '  A', '    B', '      Renamed', '  A copy', '    B', '      Renamed']);
    expect(new Set(core.collections.tree().map((n) => n.id)).size).toBe(7);
    expect(() => core.collections.move(a.id, b.id, 0)).toThrow(/inside itself/);
    core.collections.move(r.id, api.id, 0);
    const other = core.collections.create({ kind: 'collection', parentId: null, name: 'Other' });
    core.collections.move(copy.id, other.id, 0);
    await reopen();
    expect(names()).toEqual(['API', '  Renamed', '  A', '    B', 'Other', '  A copy', '    B', '      Renamed']);
    core.collections.move(other.id, null, 0);
    expect(core.collections.tree()[0]!.name).toBe('Other');
  });

  it('deletes with undo, for a request, a folder and a whole collection', async () => {
    const api = core.collections.create({ kind: 'collection', parentId: null, name: 'API' });
    const f = core.collections.create({ kind: 'folder', parentId: api.id, name: 'F' });
    core.collections.create({ kind: 'request', parentId: f.id, name: 'One' });
    core.collections.create({ kind: 'request', parentId: api.id, name: 'Two' });
    const before = names();
    const { undoToken, removed } = core.collections.remove(f.id);
    expect(removed).toBe(1);
    expect(names()).toEqual(['API', '  Two']);
    core.collections.restore(undoToken);
    expect(names()).toEqual(before);
    const whole = core.collections.remove(api.id);
    expect(core.collections.tree()).toEqual([]);
    expect(readdirSync(join(dir, 'collections'))).toEqual([]);
    core.collections.restore(whole.undoToken);
    await reopen();
    expect(names()).toEqual(before);
    expect(() => core.collections.restore(whole.undoToken)).toThrow(/nothing to undo/);
  });

  it('saving one request rewrites only its shard, which holds a fraction of the collection', () => {
    const api = core.collections.create({ kind: 'collection', parentId: null, name: 'Big' });
    const ids = Array.from({ length: 320 }, (_, i) => core.collections.create({ kind: 'request', parentId: api.id, name: `R${i}`, request: spec({ url: `https://api.example/r/${i}` }) }).id);
    const files = () => Object.fromEntries(readdirSync(join(dir, 'collections', api.id)).map((f) => [f, readFileSync(join(dir, 'collections', api.id, f), 'utf8')]));
    const before = files();
    core.collections.saveRequest(ids[7]!, spec({ url: 'https://api.example/changed' }));
    const after = files();
    const changed = Object.keys(after).filter((f) => after[f] !== before[f]);
    expect(changed).toEqual([`${shardFileName(api.id, shardOf(ids[7]!)).split('/').pop()}.json`]);
    const total = Object.values(after).reduce((sum, text) => sum + text.length, 0);
    expect(after[changed[0]!]!.length).toBeLessThan(total / 8);
  });

  it('two edits to different requests, sent together, both survive a restart', async () => {
    const api = core.collections.create({ kind: 'collection', parentId: null, name: 'API' });
    const a = core.collections.create({ kind: 'request', parentId: api.id, name: 'A' });
    const b = core.collections.create({ kind: 'request', parentId: api.id, name: 'B' });
    const handlers = createHandlers(core, { kind: 'browser', platform: 'linux' });
    await Promise.all([
      handlers['collections:saveRequest']({ id: a.id, request: spec({ url: 'https://a.test/edited' }) }),
      handlers['collections:saveRequest']({ id: b.id, request: spec({ url: 'https://b.test/edited' }) }),
      handlers['collections:rename']({ id: a.id, name: 'A renamed' }),
    ]);
    await reopen();
    expect(core.collections.getRequest(a.id)).toMatchObject({ name: 'A renamed', request: { url: 'https://a.test/edited' } });
    expect(core.collections.getRequest(b.id).request.url).toBe('https://b.test/edited');
  });

  it('puts back a request whose shard was written but whose tree was not (a crash between the two)', async () => {
    const api = core.collections.create({ kind: 'collection', parentId: null, name: 'API' });
    const kept = core.collections.create({ kind: 'request', parentId: api.id, name: 'Kept' });
    const treeFile = join(dir, 'collections', api.id, 'collection.json');
    const treeBefore = readFileSync(treeFile, 'utf8');
    core.collections.create({ kind: 'request', parentId: api.id, name: 'Written before the crash' });
    writeFileSync(treeFile, treeBefore);
    await reopen();
    expect(names()).toEqual(['API', '  Kept', '  Written before the crash']);
    expect(core.collections.getRequest(kept.id).name).toBe('Kept');
  });

  it('a corrupted tree file is kept aside, the user told, and the requests put back at the root', async () => {
    const api = core.collections.create({ kind: 'collection', parentId: null, name: 'API' });
    const folder = core.collections.create({ kind: 'folder', parentId: api.id, name: 'F' });
    core.collections.create({ kind: 'request', parentId: folder.id, name: 'Survivor' });
    const treeFile = join(dir, 'collections', api.id, 'collection.json');
    writeFileSync(treeFile, '{"schemaVersion": 1, "data": {"id": "trunc');
    await reopen();
    expect(readdirSync(join(dir, 'collections', api.id)).some((f) => f.startsWith('collection.json.corrupt-'))).toBe(true);
    expect(core.notices.list().map((n) => n.title)).toContain('A collection could not be read');
    expect(core.collections.tree().map((n) => [n.kind, n.name])).toEqual([['collection', 'A collection'], ['request', 'Survivor']]);
  });

  it('a corrupted request file is kept aside and the rest of the collection opens', async () => {
    const api = core.collections.create({ kind: 'collection', parentId: null, name: 'API' });
    const ids = Array.from({ length: 6 }, (_, i) => core.collections.create({ kind: 'request', parentId: api.id, name: `R${i}` }).id);
    const broken = shardOf(ids[0]!);
    writeFileSync(join(dir, `${shardFileName(api.id, broken)}.json`), 'not json');
    await reopen();
    const names = core.collections.tree().map((n) => n.name);
    for (const [i, id] of ids.entries()) expect(names.includes(`R${i}`)).toBe(shardOf(id) !== broken);
    expect(readdirSync(join(dir, 'collections', api.id)).some((f) => f.includes('.corrupt-'))).toBe(true);
  });

  it('refuses what makes no sense with a clear error', () => {
    const api = core.collections.create({ kind: 'collection', parentId: null, name: 'API' });
    const r = core.collections.create({ kind: 'request', parentId: api.id, name: 'R' });
    expect(() => core.collections.create({ kind: 'request', parentId: r.id, name: 'X' })).toThrow(/not inside another request/);
    expect(() => core.collections.create({ kind: 'folder', parentId: null, name: 'X' })).toThrow(/needs a collection/);
    expect(() => core.collections.getRequest('00000000-0000-4000-8000-000000000000')).toThrow(/no longer exists/);
    expect(() => core.collections.getSettings(r.id)).toThrow(/Only collections and folders/);
  });
});

describe('scopes: variables and connections', () => {
  let server: EchoServer;
  beforeEach(async () => {
    server = await startEchoServer();
  });
  afterEach(async () => server.close());

  it('resolves request → folder → collection → environment → global, and the Variables view says where each came from', async () => {
    await core.variables.save([{ name: 'host', value: server.url, enabled: true, secret: false, secretId: null }, { name: 'who', value: 'global', enabled: true, secret: false, secretId: null }, { name: 'only', value: 'global-only', enabled: true, secret: false, secretId: null }]);
    const env = await core.environments.save({ name: 'staging', variables: [{ name: 'who', value: '', enabled: true, secret: true, secretId: null, newSecretValue: 'env-secret' }, { name: 'tier', value: 'staging', enabled: true, secret: false, secretId: null }] });
    core.environments.activate(env.id);
    const api = core.collections.create({ kind: 'collection', parentId: null, name: 'API' });
    core.collections.saveSettings(api.id, { description: '', variables: [{ name: 'tier', value: 'collection', enabled: true }, { name: 'c', value: 'from-collection', enabled: true }] });
    const folder = core.collections.create({ kind: 'folder', parentId: api.id, name: 'Inner' });
    core.collections.saveSettings(folder.id, { description: '', variables: [{ name: 'c', value: 'from-folder', enabled: true }] });
    const request = spec({ url: '{{host}}/echo?who={{who}}&tier={{tier}}&c={{c}}&r={{r}}&only={{only}}', variables: [{ name: 'r', value: 'mine', enabled: true }] });
    const saved = core.collections.create({ kind: 'request', parentId: folder.id, name: 'Echo', request });
    const result = await core.http.execute({ requestId: 'scoped', request, location: { itemId: saved.id } });
    const received = (r: typeof result) => JSON.parse(r.body.kind === 'text' ? r.body.text : '{}').url as string;
    expect(received(result)).toBe('/echo?who=env-secret&tier=collection&c=from-folder&r=mine&only=global-only');
    // The environment's secret is redacted from what Latchkey shows of the request.
    expect(new URL(result.url).search).toBe('?who=[redacted]&tier=collection&c=from-folder&r=mine&only=global-only');
    const view = core.scopes.explain(request.variables!, { itemId: saved.id });
    expect(view.map((v) => [v.name, v.scope, v.source, v.overridden])).toEqual([
      ['r', 'request', 'This request', false],
      ['c', 'folder', 'Inner', false],
      ['tier', 'collection', 'API', false],
      ['c', 'collection', 'API', true],
      ['who', 'environment', 'staging', false],
      ['tier', 'environment', 'staging', true],
      ['host', 'global', 'Global', false],
      ['who', 'global', 'Global', true],
      ['only', 'global', 'Global', false],
    ]);
    expect(view.find((v) => v.scope === 'environment' && v.name === 'who')).toMatchObject({ secret: true, value: '••••••' });
    // Unsaved, the request sees the environment and globals only.
    const loose = await core.http.execute({ requestId: 'loose', request: spec({ url: '{{host}}/echo?who={{who}}&tier={{tier}}' }) });
    expect(received(loose)).toBe('/echo?who=env-secret&tier=staging');
    core.environments.activate(null);
    const none = await core.http.execute({ requestId: 'none', request: spec({ url: '{{host}}/echo?who={{who}}' }) });
    expect(received(none)).toBe('/echo?who=global');
  });

  it('keeps environment secrets in the keychain only, and deleting the environment deletes them', async () => {
    const env = await core.environments.save({ name: 'prod', variables: [{ name: 'key', value: '', enabled: true, secret: true, secretId: null, newSecretValue: 'prod-key-value' }] });
    const files = readdirSync(dir).filter((f) => f.endsWith('.json'));
    for (const file of files) expect(readFileSync(join(dir, file), 'utf8')).not.toContain('prod-key-value');
    expect([...secrets.values.values()]).toContain('prod-key-value');
    await expect(core.environments.save({ name: 'prod', variables: [] })).rejects.toThrow(/already an environment called "prod"/);
    await core.environments.remove(env.id);
    expect([...secrets.values.values()]).not.toContain('prod-key-value');
  });

  it('a request that inherits takes its folder\'s connection, else its collection\'s; an explicit "none" wins', async () => {
    const conn = await core.connections.save({ name: 'Echo', baseUrl: server.url, auth: { type: 'apiToken', headerName: 'x-key', token: { id: null, set: 'k-123' } }, clientCertificate: { kind: 'none' }, ca: '', verifyTls: true, testPath: '' });
    const api = core.collections.create({ kind: 'collection', parentId: null, name: 'API' });
    core.collections.saveSettings(api.id, { description: '', variables: [], connectionId: conn.id });
    const folder = core.collections.create({ kind: 'folder', parentId: api.id, name: 'Public' });
    const inherited = core.collections.create({ kind: 'request', parentId: folder.id, name: 'Inherits', request: spec({ url: '/echo' }) });
    const sent = await core.http.execute({ requestId: 'inh', request: core.scopes.withConnection(spec({ url: '/echo' }), { itemId: inherited.id }), location: { itemId: inherited.id } });
    expect(sent.status).toBe(200);
    expect(JSON.parse(sent.body.kind === 'text' ? sent.body.text : '{}').headers['x-key']).toBe('k-123');
    core.collections.saveSettings(folder.id, { description: '', variables: [], connectionId: null });
    expect(core.scopes.withConnection(spec({ url: '/echo' }), { itemId: inherited.id }).connectionId).toBeUndefined();
    expect(core.scopes.withConnection({ ...spec({ url: '/echo' }), connectionId: null }, { itemId: inherited.id }).connectionId).toBeNull();
  });
});
