// Seeded mutations of real import files (the Postman corpus and one sample of every other format)
// through the whole import path: the import thread, the preview and the commit. Every mutation
// ends in a preview or in an error that names what is wrong; none crashes an importer (an error
// that starts "The import failed:" is an exception the importer did not mean), none runs into
// the time limit, and an error leaves the workspace as it was. Bounded in count and in time.
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { stringify } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfDocumentStore } from '../../../../main/adapters/confDocumentStore';
import { confFactory } from '../../../../main/adapters/confFactory';
import { createCore, type Core } from '../../../../main/core/createCore';
import { LatchkeyError } from '../../../../main/core/errors';
import { memoryLogger, memorySecretStore, realClock, recordingBrowser } from '../../../fixtures/testPorts';

const SEED = Number(process.env.LATCHKEY_FUZZ_SEED ?? 20261206);
const CASES = Number(process.env.LATCHKEY_FUZZ_CASES ?? 600);
/** The whole run stops starting new cases after this long, so CI's time stays bounded. */
const BUDGET_MS = 90_000;
const TIME_LIMIT_MS = 5_000;

const postman = resolve(import.meta.dirname, '../../../fixtures/postman/examples');
type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

const samples: { name: string; data: Json; yaml?: boolean }[] = [
  ...readdirSync(postman)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((f) => ({ name: `postman/${f}`, data: JSON.parse(readFileSync(join(postman, f), 'utf8')) as Json })),
  {
    name: 'postman environment',
    data: { name: 'Env', _postman_variable_scope: 'environment', values: [{ key: 'base', value: 'https://x.test', enabled: true }, { key: 'token', value: 's3cret', type: 'secret', enabled: true }] },
  },
  {
    name: 'insomnia v4',
    data: {
      _type: 'export',
      __export_format: 4,
      resources: [
        { _id: 'wrk_1', _type: 'workspace', name: 'Shop' },
        { _id: 'env_base', _type: 'environment', parentId: 'wrk_1', name: 'Base', data: { base: 'https://shop.test' } },
        { _id: 'env_dev', _type: 'environment', parentId: 'env_base', name: 'dev', data: { base: 'http://127.0.0.1:1' } },
        { _id: 'fld_1', _type: 'request_group', parentId: 'wrk_1', name: 'Orders', environment: { page: '1' }, authentication: { type: 'basic', username: 'u', password: 'p' } },
        { _id: 'req_1', _type: 'request', parentId: 'fld_1', name: 'List', method: 'get', url: '{{ _.base }}/orders', parameters: [{ name: 'page', value: '{{ _.page }}' }], headers: [{ name: 'Accept', value: 'application/json' }], authentication: { type: 'bearer', token: 't' }, metaSortKey: 2 },
        { _id: 'req_2', _type: 'request', parentId: 'fld_1', name: 'Create', method: 'POST', url: '{{ _.base }}/orders', body: { mimeType: 'multipart/form-data', params: [{ name: 'a', value: '1' }, { name: 'f', type: 'file', fileName: '/tmp/x' }] }, metaSortKey: 1 },
        { _id: 'req_3', _type: 'request', parentId: 'wrk_1', name: 'GraphQL', method: 'POST', url: 'https://shop.test/graphql', body: { mimeType: 'application/graphql', text: '{"query":"{ me { id } }","variables":{"a":1}}' }, authentication: { type: 'oauth2', grantType: 'client_credentials', accessTokenUrl: 'https://auth.test/token', clientId: 'c', clientSecret: 's' } },
      ],
    },
  },
  {
    name: 'insomnia v5',
    yaml: true,
    data: {
      type: 'collection.insomnia.rest/5.0',
      name: 'Payments',
      meta: { description: 'The payments API' },
      collection: [{ name: 'Cards', children: [{ url: '{{ _.base }}/cards', name: 'List cards', method: 'GET', headers: [{ name: 'Accept', value: 'application/json' }], scripts: { preRequest: "console.log('kept')" } }] }, { url: 'https://pay.test/health', name: 'Health', method: 'HEAD' }],
      environments: { name: 'Base', data: { base: 'https://pay.test' }, subEnvironments: [{ name: 'prod', data: { base: 'https://prod.pay.test' } }] },
    },
  },
  {
    name: 'openapi 3',
    yaml: true,
    data: {
      openapi: '3.0.3',
      info: { title: 'Pets' },
      servers: [{ url: 'https://{env}.pets.test/v1', variables: { env: { default: 'api' } } }],
      security: [{ bearerAuth: [] }],
      tags: [{ name: 'pets', description: 'Pets' }],
      paths: {
        '/pets': {
          get: { tags: ['pets'], summary: 'List pets', parameters: [{ name: 'limit', in: 'query', required: true, schema: { type: 'integer', example: 10 } }, { $ref: '#/components/parameters/Trace' }] },
          post: { tags: ['pets'], operationId: 'createPet', requestBody: { content: { 'application/json': { schema: { $ref: '#/components/schemas/Pet' } } } } },
        },
        '/pets/{petId}': { get: { security: [{ apiKey: [] }], parameters: [{ name: 'petId', in: 'path', required: true, schema: { type: 'string' } }] } },
        '/upload': { post: { requestBody: { content: { 'multipart/form-data': { schema: { type: 'object', properties: { file: { type: 'string', format: 'binary' } } } }, 'application/x-www-form-urlencoded': { example: { a: 1 } } } } } },
      },
      components: {
        parameters: { Trace: { name: 'X-Trace', in: 'header', schema: { type: 'string' } } },
        securitySchemes: { bearerAuth: { type: 'http', scheme: 'bearer' }, apiKey: { type: 'apiKey', in: 'header', name: 'X-API-Key' }, oauth: { type: 'oauth2', flows: { clientCredentials: { tokenUrl: 'https://auth.test/t', scopes: { read: 'r' } } } } },
        schemas: {
          Pet: { type: 'object', properties: { id: { type: 'string', format: 'uuid' }, tags: { type: 'array', items: { $ref: '#/components/schemas/Tag' } }, owner: { allOf: [{ $ref: '#/components/schemas/Owner' }, { type: 'object', properties: { since: { type: 'string', format: 'date-time' } } }] } } },
          Tag: { type: 'object', properties: { name: { type: 'string', enum: ['a', 'b'] }, parent: { $ref: '#/components/schemas/Tag' } } },
          Owner: { oneOf: [{ type: 'object', properties: { name: { type: 'string' } } }, { type: 'integer' }] },
        },
      },
    },
  },
  {
    name: 'swagger 2',
    data: {
      swagger: '2.0',
      info: { title: 'Legacy' },
      host: 'legacy.test',
      basePath: '/api',
      schemes: ['https'],
      securityDefinitions: { basic: { type: 'basic' }, code: { type: 'oauth2', flow: 'accessCode', authorizationUrl: 'https://a.test/auth', tokenUrl: 'https://a.test/token', scopes: { x: 'x' } } },
      security: [{ basic: [] }],
      paths: { '/users': { post: { summary: 'Create user', security: [{ code: [] }], parameters: [{ name: 'body', in: 'body', schema: { type: 'object', properties: { email: { type: 'string', example: 'a@b.test' } } } }, { name: 'f', in: 'formData', type: 'string' }] } } },
    },
  },
  {
    name: 'har',
    data: {
      log: {
        version: '1.2',
        creator: { name: 'Chromium' },
        entries: [
          { request: { method: 'POST', url: 'https://shop.test/api/cart?x=1', headers: [{ name: ':authority', value: 'shop.test' }, { name: 'Content-Type', value: 'application/json' }], queryString: [{ name: 'x', value: '1' }], postData: { mimeType: 'application/json', text: '{"id":1}' } } },
          { request: { method: 'POST', url: 'https://shop.test/form', headers: [], postData: { mimeType: 'application/x-www-form-urlencoded', params: [{ name: 'a', value: '1' }] } } },
        ],
      },
    },
  },
];
const curlSamples = [
  `curl -X POST https://api.test/v1/items -H 'Content-Type: application/json' -H 'Authorization: Bearer abc' --data '{"a":1}'`,
  `curl -u user:pass -F 'title=Q3' -F 'report=@/tmp/report.csv;type=text/csv' https://api.test/upload\ncurl --compressed -k -L --max-redirs 3 'https://api.test/x?y=1'`,
];

/** mulberry32: a small seeded generator, so a failing case can be run again from its seed. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Rng = () => number;
const pick = <T>(rng: Rng, list: readonly T[]): T => list[Math.floor(rng() * list.length)]!;

/** Every container and key in a document, with its path, to choose from. */
function places(root: Json): { parent: Json[] | { [key: string]: Json }; key: string | number }[] {
  const found: { parent: Json[] | { [key: string]: Json }; key: string | number }[] = [];
  const walk = (node: Json) => {
    if (Array.isArray(node)) {
      node.forEach((child, i) => {
        found.push({ parent: node, key: i });
        walk(child);
      });
    } else if (node && typeof node === 'object') {
      for (const [k, child] of Object.entries(node)) {
        found.push({ parent: node, key: k });
        walk(child);
      }
    }
  };
  walk(root);
  return found;
}

function strangeValue(rng: Rng, donor: Json): Json {
  const deep = (n: number): Json => (n === 0 ? 'x' : rng() < 0.5 ? [deep(n - 1)] : { item: [deep(n - 1)], name: `d${n}` });
  return pick(rng, [
    () => null,
    () => 0,
    () => -1.5e308,
    () => true,
    () => '',
    () => 'x'.repeat(Math.floor(rng() * 300_000)),
    () => '{{\'\'.constructor.constructor(\'return process\')()}}',
    () => '{% response "body", "req_1", "$.token" %}',
    () => '#/components/schemas/Pet',
    () => ({ $ref: pick(rng, ['#/components/schemas/Pet', '#/', '#/paths', '#/components/schemas/Tag/properties/parent', 'http://evil.test/x.json', '#/a~1b~0c']) }),
    () => [],
    () => ({}),
    () => deep(Math.floor(rng() * 300)),
    () => JSON.parse(JSON.stringify(donor)) as Json,
    () => ['\u0000', '\r\nX-Injected: 1', '\ud800', '../../etc/passwd', 'file:///etc/passwd'].join(''),
  ])();
}

/** One mutation of a parsed document: remove, replace, duplicate or move a part of it. */
function mutate(rng: Rng, doc: Json): Json {
  const copy = JSON.parse(JSON.stringify(doc)) as Json;
  const all = places(copy);
  const rounds = 1 + Math.floor(rng() * 4);
  for (let r = 0; r < rounds && all.length > 0; r++) {
    const at = pick(rng, all);
    const donor = pick(rng, all);
    const current = (at.parent as Record<string | number, Json>)[at.key]!;
    const op = rng();
    if (op < 0.2) {
      if (Array.isArray(at.parent)) at.parent.splice(at.key as number, 1);
      else delete at.parent[at.key as string];
    } else if (op < 0.55) (at.parent as Record<string | number, Json>)[at.key] = strangeValue(rng, (donor.parent as Record<string | number, Json>)[donor.key]!);
    else if (op < 0.7 && Array.isArray(at.parent)) for (let i = 0; i < 1 + rng() * 200; i++) at.parent.push(current);
    else if (op < 0.8 && typeof current === 'string' && typeof (donor.parent as Record<string | number, Json>)[donor.key] === 'string') (at.parent as Record<string | number, Json>)[at.key] = (donor.parent as Record<string | number, Json>)[donor.key]!;
    else if (op < 0.9 && !Array.isArray(at.parent)) at.parent[`${String(at.key)}${pick(rng, ['', '_', '$ref', '__proto__', 'constructor'])}`] = current;
    else (at.parent as Record<string | number, Json>)[at.key] = typeof current === 'number' ? String(current) : typeof current === 'string' ? Number(current.length) : current;
  }
  return copy;
}

/** One mutation of the text itself: cut short, bytes flipped or spliced in. */
function mutateText(rng: Rng, text: string): string {
  const at = Math.floor(rng() * text.length);
  return pick(rng, [
    () => text.slice(0, at),
    () => text.slice(0, at) + String.fromCharCode(Math.floor(rng() * 0x3000)) + text.slice(at + 1),
    () => text.slice(0, at) + pick(rng, ['"', '{', ']', '\\', '\n  - ', ': &a [*a]', '\u0000', '$(rm -rf /)', '`id`', "'"]) + text.slice(at),
    () => text + text.slice(at),
  ])();
}

let dir: string;
let core: Core;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'latchkey-fuzz-'));
  core = createCore({
    documents: new ConfDocumentStore(dir, confFactory),
    secrets: memorySecretStore(),
    browser: recordingBrowser(),
    dialogs: null,
    bodiesDir: join(dir, 'bodies'),
    clock: realClock,
    logger: memoryLogger(),
    version: 't',
    importLimits: { timeMs: TIME_LIMIT_MS },
  });
});
afterAll(async () => {
  await core.close();
  rmSync(dir, { recursive: true, force: true });
});

const workspace = () => JSON.stringify([core.collections.tree(), core.connections.list(), core.environments.list()]);

describe('importer fuzzing', () => {
  it(`${CASES} seeded mutations (seed ${SEED}) of every format end in a preview or a clear error, and an error changes nothing`, { timeout: BUDGET_MS + 60_000 }, async () => {
    const rng = random(SEED);
    const started = performance.now();
    const outcomes = { previewed: 0, committed: 0, refused: 0, commitRefused: 0 };
    let run = 0;
    for (; run < CASES && performance.now() - started < BUDGET_MS; run++) {
      let text: string;
      let label: string;
      if (rng() < 0.08) {
        const sample = pick(rng, curlSamples);
        text = mutateText(rng, sample);
        label = 'curl';
      } else {
        const sample = pick(rng, samples);
        const mutated = mutate(rng, sample.data);
        text = sample.yaml ? stringify(mutated, { aliasDuplicateObjects: false }) : JSON.stringify(mutated);
        if (rng() < 0.25) text = mutateText(rng, text);
        label = sample.name;
      }
      const where = `case ${run} (${label}, seed ${SEED})`;
      const before = workspace();
      let preview;
      try {
        preview = await core.imports.preview(text, 'fuzz.json');
      } catch (error) {
        expect(error, where).toBeInstanceOf(LatchkeyError);
        const { code, message } = error as LatchkeyError;
        expect({ where, code, message }).toEqual({ where, code: 'invalid_import', message });
        expect(message, where).not.toMatch(/^The import failed:|undefined|\[object Object\]|NaN/);
        expect(workspace(), where).toBe(before);
        outcomes.refused += 1;
        continue;
      }
      outcomes.previewed += 1;
      try {
        await core.imports.commit(preview.token);
        outcomes.committed += 1;
      } catch (error) {
        expect({ where, code: (error as LatchkeyError).code, error: String(error) }).toEqual({ where, code: 'invalid_import', error: String(error) });
        expect(workspace(), where).toBe(before);
        outcomes.commitRefused += 1;
      }
    }
    console.log(`import fuzzing: ${run} cases in ${Math.round(performance.now() - started)} ms`, outcomes);
    expect(run).toBeGreaterThanOrEqual(Math.min(CASES, 100));
    expect(outcomes.refused).toBeGreaterThan(0);
    expect(outcomes.committed).toBeGreaterThan(0);
  });
});
