// Postman test scripts read as data (never run): each idiom the issue names, written here as a
// fixture, becomes the assertion or capture it means; what is not recognised stays as text.
import { describe, expect, it } from 'vitest';
import type { Assertion, Capture } from '../../../../preload/contract';
import { checksBlock } from '../../../../main/core/importers/postmanChecks';
import { translateTestScript } from '../../../../main/core/importers/postmanScripts';

const read = (source: string, captures = true) => translateTestScript(source, { captures });
const a = (target: Assertion['target'], path: string, operator: Assertion['operator'], expected: string, name?: string): Assertion => ({ target, path, operator, expected, enabled: true, ...(name ? { name } : {}) });

describe('Postman idioms become assertions', () => {
  it.each([
    ['pm.response.to.have.status(n)', 'pm.test("Status is 200", function () {\n  pm.response.to.have.status(200);\n});', [a('status', '', 'equals', '200', 'Status is 200')]],
    ['pm.expect(pm.response.code).to.eql(n)', 'pm.test("ok", () => { pm.expect(pm.response.code).to.eql(201); });', [a('status', '', 'equals', '201', 'ok')]],
    ['pm.expect(pm.response.code).to.be.oneOf([...])', 'pm.test("ok", () => pm.expect(pm.response.code).to.be.oneOf([200, 204]));', [a('status', '', 'isOneOf', '[200,204]', 'ok')]],
    ['pm.response.to.have.header(name)', "pm.test('has type', function () { pm.response.to.have.header('Content-Type'); });", [a('header', 'Content-Type', 'exists', '', 'has type')]],
    ['pm.response.to.have.header(name, value)', "pm.test('type', function () { pm.response.to.have.header('Content-Type', 'application/json'); });", [a('header', 'Content-Type', 'equals', 'application/json', 'type')]],
    ['pm.expect(pm.response.headers.get(name)).to.include(v)', "pm.test('json', () => { pm.expect(pm.response.headers.get('Content-Type')).to.include('json'); });", [a('header', 'Content-Type', 'contains', 'json', 'json')]],
    ['pm.expect(pm.response.responseTime).to.be.below(n)', 'pm.test("fast", function () { pm.expect(pm.response.responseTime).to.be.below(500); });', [a('time', '', 'lessThan', '500', 'fast')]],
    ['pm.expect(pm.response.text()).to.include(s)', 'pm.test("says hi", function () { pm.expect(pm.response.text()).to.include("hi"); });', [a('body', '', 'contains', 'hi', 'says hi')]],
    [
      'var jsonData = pm.response.json(); … .to.eql / .to.equal / .to.include / .to.be.a',
      [
        'var jsonData = pm.response.json();',
        'pm.test("Name", function () { pm.expect(jsonData.user.name).to.eql("Ada"); });',
        'pm.test("Id", function () { pm.expect(jsonData.user.id).to.equal(7); });',
        'pm.test("Roles", function () { pm.expect(jsonData.roles).to.include("admin"); });',
        'pm.test("Email", function () { pm.expect(jsonData.user["e-mail"]).to.be.a("string"); });',
        'pm.test("First", function () { pm.expect(jsonData.items[0].active).to.be.true; });',
      ].join('\n'),
      [a('jsonpath', '$.user.name', 'equals', 'Ada', 'Name'), a('jsonpath', '$.user.id', 'equals', '7', 'Id'), a('jsonpath', '$.roles', 'contains', 'admin', 'Roles'), a('jsonpath', "$.user['e-mail']", 'isType', 'string', 'Email'), a('jsonpath', '$.items[0].active', 'equals', 'true', 'First')],
    ],
    ['pm.response.json() inline, negated, .exist', 'pm.test("no error", () => { pm.expect(pm.response.json().error).to.not.exist; pm.expect(pm.response.json().total).to.be.above(0); });', [a('jsonpath', '$.error', 'notExists', '', 'no error'), a('jsonpath', '$.total', 'greaterThan', '0', 'no error')]],
    ['JSON.parse(responseBody) with .to.match', 'var data = JSON.parse(responseBody);\npm.test("id", function () { pm.expect(data.id).to.match(/^ord_\\d+$/i); });', [a('jsonpath', '$.id', 'matches', '/^ord_\\d+$/i', 'id')]],
    ['pm.response.to.have.jsonSchema({...})', 'pm.test("schema", () => { pm.response.to.have.jsonSchema({ type: "object", required: ["id"], properties: { id: { type: "number" } } }); });', [a('body', '', 'matchesSchema', '{"type":"object","required":["id"],"properties":{"id":{"type":"number"}}}', 'schema')]],
    ['legacy tests["name"] = responseCode.code === 200', 'tests["Status code is 200"] = responseCode.code === 200;', [a('status', '', 'equals', '200', 'Status code is 200')]],
    ['legacy responseBody.has and responseTime', 'tests["Body matches string"] = responseBody.has("string_you_want_to_search");\ntests["Response time is less than 200ms"] = responseTime < 200;', [a('body', '', 'contains', 'string_you_want_to_search', 'Body matches string'), a('time', '', 'lessThan', '200', 'Response time is less than 200ms')]],
    ['legacy .has on a JSON value', 'var data = JSON.parse(responseBody);\ntests["Basic"] = data.headers.Authorization.has("Basic YWJj");', [a('jsonpath', '$.headers.Authorization', 'contains', 'Basic YWJj', 'Basic')]],
    ['legacy JSON value', 'var jsonData = JSON.parse(responseBody);\ntests["Your test name"] = jsonData.value === 100;', [a('jsonpath', '$.value', 'equals', '100', 'Your test name')]],
  ])('%s', (_idiom, source, expected) => {
    const result = read(source);
    expect(result.assertions).toEqual(expected);
    expect(result.leftover).toBe('');
    expect(result.recognised).toHaveLength(expected.length);
  });
});

describe('Postman idioms become captures', () => {
  const c = (name: string, source: Capture['source'], path: string, scope: Capture['scope'], secret = false): Capture => ({ name, source, path, scope, secret, enabled: true });
  it('pm.environment / collectionVariables / globals / variables .set from the body, a header or the status', () => {
    const result = read(
      [
        'pm.environment.set("access_token", pm.response.json().access_token);',
        'var jsonData = pm.response.json();',
        "pm.collectionVariables.set('userId', jsonData.data.user.id);",
        'pm.globals.set("requestId", pm.response.headers.get("X-Request-Id"));',
        'pm.variables.set("lastStatus", pm.response.code);',
        'postman.setEnvironmentVariable("refresh_token", jsonData.refresh_token);',
      ].join('\n'),
    );
    expect(result.captures).toEqual([
      c('access_token', 'jsonpath', '$.access_token', 'environment', true),
      c('userId', 'jsonpath', '$.data.user.id', 'collection'),
      c('requestId', 'header', 'X-Request-Id', 'global'),
      c('lastStatus', 'status', '', 'session'),
      c('refresh_token', 'jsonpath', '$.refresh_token', 'environment', true),
    ]);
    expect(result.leftover).toBe('');
    expect(result.recognised.map((r) => r.became)[0]).toBe('capture: {{access_token}} from $.access_token into the environment (secret)');
  });

  it('captures inside a pm.test come across with its assertions', () => {
    const result = read('pm.test("login", function () {\n  var jsonData = pm.response.json();\n  pm.response.to.have.status(200);\n  pm.environment.set("token", jsonData.token);\n});');
    expect(result.assertions).toEqual([a('status', '', 'equals', '200', 'login')]);
    expect(result.captures).toEqual([c('token', 'jsonpath', '$.token', 'environment', true)]);
    expect(result.leftover).toBe('');
  });

  it('a folder\'s script keeps its captures as text (a folder has no captures of its own)', () => {
    const result = read('pm.response.to.have.status(200);\npm.environment.set("token", pm.response.json().token);', false);
    expect(result.assertions).toEqual([a('status', '', 'equals', '200')]);
    expect(result.captures).toEqual([]);
    expect(result.leftover).toBe('pm.environment.set("token", pm.response.json().token);');
  });
});

describe('what is not recognised stays as text, untouched', () => {
  it('keeps a pm.test with any statement it does not understand whole, and the alias it uses', () => {
    const source = [
      '// Check the order',
      'var jsonData = pm.response.json();',
      'pm.test("Status", function () { pm.response.to.have.status(200); });',
      'pm.test("Total", function () {',
      '  var total = jsonData.items.reduce((s, i) => s + i.price, 0);',
      '  pm.expect(jsonData.total).to.eql(total);',
      '});',
      'console.log(jsonData);',
    ].join('\n');
    const result = read(source);
    expect(result.assertions).toEqual([a('status', '', 'equals', '200', 'Status')]);
    expect(result.leftover).toBe(['// Check the order', 'var jsonData = pm.response.json();', 'pm.test("Total", function () {', '  var total = jsonData.items.reduce((s, i) => s + i.price, 0);', '  pm.expect(jsonData.total).to.eql(total);', '});', 'console.log(jsonData);'].join('\n'));
  });

  it.each([
    ['a variable expected value', 'pm.test("x", () => { pm.expect(pm.response.code).to.eql(expected); });'],
    ['a computed key', 'pm.test("x", () => { pm.expect(pm.response.json()[key]).to.eql(1); });'],
    ['a status by name', 'pm.test("x", () => { pm.response.to.have.status("OK"); });'],
    ['a set from a computed value', 'pm.environment.set("t", Date.now());'],
    ['a chain Latchkey has no operator for', 'pm.test("x", () => { pm.expect(pm.response.json().items).to.have.lengthOf(3); });'],
    ['a negated type check', 'pm.test("x", () => { pm.expect(pm.response.json().a).to.not.be.a("string"); });'],
    ['a JSON value\'s truthiness in the legacy form', 'var data = JSON.parse(responseBody);\ntests["HasNonce"] = data.form.oauth_nonce;'],
    ['sendRequest', 'pm.sendRequest("https://example.com", function (err, res) { pm.environment.set("x", res.json().x); });'],
  ])('%s', (_what, source) => {
    const result = read(source);
    expect(result.assertions).toEqual([]);
    expect(result.captures).toEqual([]);
    expect(result.leftover).toBe(source);
  });

  it('a script nested too deep to read is kept as it is, and the import goes on', () => {
    const deep = `pm.test("deep", () => { pm.response.to.have.jsonSchema({ enum: ${'['.repeat(20_000)}1${']'.repeat(20_000)} }); });`;
    const result = read(deep);
    expect(result.assertions).toEqual([]);
    expect(result.leftover).toBe(deep);
  });

  it('a script that does not parse is kept as it is', () => {
    const source = 'pm.test("broken", function () { pm.response.to.have.status(200);';
    expect(read(source)).toEqual({ assertions: [], captures: [], recognised: [], leftover: source });
  });
});

describe("Latchkey's own export block", () => {
  const rows = {
    assertions: [a('status', '', 'equals', '200'), { ...a('xpath', '//user/id', 'exists', ''), enabled: false }, a('jsonpath', '$..id', 'isOneOf', '1, 2')],
    captures: [{ name: 'token', source: 'regex', path: 'token=(\\w+)', scope: 'collection', secret: true, enabled: true } as Capture],
  };
  it('gives the rows back exactly, disabled rows and rows Postman cannot express included', () => {
    const source = ['console.log("mine");', ...checksBlock(rows)].join('\n');
    const result = read(source);
    expect(result.assertions).toEqual(rows.assertions);
    expect(result.captures).toEqual(rows.captures);
    expect(result.leftover).toBe('console.log("mine");');
    const middle = read(['console.log("before");', ...checksBlock(rows), 'console.log("after");'].join('\n'));
    expect(middle.leftover).toBe('console.log("before");\nconsole.log("after");');
  });

  it('reads the lines instead when someone edited them in Postman', () => {
    const lines = checksBlock(rows);
    lines[1] = lines[1]!.replace('status(200)', 'status(201)');
    const result = read(lines.join('\n'));
    expect(result.assertions.map((r) => [r.target, r.expected])).toEqual([['status', '201']]);
  });
});

describe('the exported lines are data, whatever the rows hold', () => {
  // A colleague's collection with rows written to break out of the lines Postman runs.
  const evil = ['"); evil(); ("', "'); evil(); ('", '\nevil();\n', '\u2028evil();\u2029', '*/ evil(); /*', '${evil()}', '\\"); evil(); //'];
  const rows = {
    assertions: evil.flatMap((text): Assertion[] => [
      { ...a('header', text, 'equals', text), name: text },
      a('jsonpath', `$['${text.replace(/'/g, "\\'")}']`, 'contains', text),
      a('xpath', text, 'exists', ''),
      a('body', '', 'matchesSchema', text),
      a('body', '', 'matchesSchema', `{"title": ${JSON.stringify(text)}}`),
      a('body', '', 'matches', text),
      a('status', '', 'isOneOf', text),
      a('time', '', 'lessThan', text),
    ]),
    captures: evil.flatMap((text): Capture[] => [
      { name: 'x', source: 'header', path: text, scope: 'global', secret: false, enabled: true },
      { name: 'y', source: 'xpath', path: text, scope: 'session', secret: false, enabled: true },
      { name: 'z', source: 'regex', path: text, scope: 'collection', secret: false, enabled: true },
    ]),
  };

  it('parse as one pm call per line, with nothing but pm, RegExp and literals in them, and read back the same rows', async () => {
    const { parse } = await import('acorn');
    const lines = checksBlock(rows);
    const program = parse(lines.join('\n'), { ecmaVersion: 'latest' });
    const code = lines.filter((l) => !l.startsWith('//'));
    expect(program.body).toHaveLength(code.length);
    const identifiers = new Set<string>();
    const walk = (node: unknown): void => {
      if (Array.isArray(node)) return node.forEach(walk);
      if (!node || typeof node !== 'object') return;
      const n = node as { type?: string; name?: string; object?: unknown; property?: unknown; computed?: boolean };
      if (n.type === 'Identifier') identifiers.add(n.name!);
      for (const [key, value] of Object.entries(n)) if (!(key === 'property' && n.computed === false)) walk(value);
    };
    walk(program.body);
    expect([...identifiers].sort()).toEqual(['RegExp', 'pm']);
    for (const statement of program.body) expect(statement.type).toBe('ExpressionStatement');
    const back = read(lines.join('\n'));
    expect(back.assertions).toEqual(rows.assertions);
    expect(back.captures).toEqual(rows.captures);
  });
});
