// The desktop app starts from package.json `main`, in development (`npm start` runs Electron on
// the project folder) and packaged (electron-builder copies `files` and reads the same field).
// These checks run on a fresh build (the `built` project's globalSetup) and fail if `main`
// names a file the build does not write, one the package leaves out, or a module Electron
// cannot load as its entry point.
import { builtinModules } from 'node:module';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { extname, join, relative, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { builderConfig, isPackaged, projectPackage, projectRoot } from '../fixtures/packagedFiles';

const pkg = projectPackage();
const mainFile = resolve(projectRoot, pkg.main);

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = join(dir, name);
    return statSync(full).isDirectory() ? filesUnder(full) : [full];
  });
}

/** Package names a built ES module imports, statically or dynamically (esbuild's output form). */
function importedPackages(source: string): string[] {
  const specifiers = [...source.matchAll(/^import\s[^;]*?from\s"([^"]+)";$/gm), ...source.matchAll(/^import\s"([^"]+)";$/gm), ...source.matchAll(/\bimport\("([^"]+)"\)/g)].map((m) => m[1]!);
  const bare = specifiers.filter((s) => !s.startsWith('.') && !s.startsWith('/') && !s.startsWith('node:') && !builtinModules.includes(s));
  return [...new Set(bare.map((s) => (s.startsWith('@') ? s.split('/').slice(0, 2).join('/') : s.split('/')[0]!)))].sort();
}

describe('the desktop entry point (package.json main)', () => {
  it('exists after the build', () => {
    expect(existsSync(mainFile), `package.json main is "${pkg.main}", which the build did not write`).toBe(true);
  });

  it('is a file electron-builder packages, and nothing in its config renames it', () => {
    const config = builderConfig() as ReturnType<typeof builderConfig> & { extraMetadata?: { main?: string }; directories?: { app?: string } };
    expect(isPackaged(pkg.main), `"${pkg.main}" is not matched by build/electron-builder.yml files: ${config.files.join(', ')}`).toBe(true);
    expect(config.extraMetadata?.main).toBeUndefined();
    expect(config.directories?.app).toBeUndefined();
  });

  it('is an ES module, which Electron (28 and later) loads as its main', () => {
    const isModule = extname(pkg.main) === '.mjs' || (extname(pkg.main) === '.js' && pkg.type === 'module');
    expect(isModule, `${pkg.main} is not an ES module`).toBe(true);
    const electronVersion = (JSON.parse(readFileSync(resolve(projectRoot, 'node_modules/electron/package.json'), 'utf8')) as { version: string }).version;
    expect(Number(electronVersion.split('.')[0])).toBeGreaterThanOrEqual(28);
    const source = readFileSync(mainFile, 'utf8');
    // esbuild's stand-in for require() in an ES module bundle throws when it runs.
    expect(source).not.toMatch(/\b__require\(/);
  });

  it('imports only packages that ship in the app (dependencies, not devDependencies)', () => {
    const packages = importedPackages(readFileSync(mainFile, 'utf8'));
    expect(packages).toContain('electron-store');
    for (const name of packages) {
      if (name === 'electron') continue;
      expect(pkg.dependencies[name], `${pkg.main} imports ${name}, which is not in dependencies, so the packaged app would not have it`).toBeDefined();
    }
  });

  it('finds the preload and the renderer it loads inside the package', () => {
    expect(existsSync(resolve(projectRoot, 'dist/preload/preload.cjs'))).toBe(true);
    expect(isPackaged('dist/preload/preload.cjs')).toBe(true);
    const renderer = filesUnder(resolve(projectRoot, 'dist/renderer')).map((file) => relative(projectRoot, file));
    expect(renderer).toContain(join('dist', 'renderer', 'index.html'));
    for (const file of renderer) expect(isPackaged(file), file).toBe(!file.endsWith('.map'));
  });
});

describe('the import, indexing and checks threads beside each bundle', () => {
  for (const [dir, name, runner] of [
    ['dist/electron', 'importWorker.mjs', 'importRunner.ts'],
    ['dist/host', 'importWorker.mjs', 'importRunner.ts'],
    ['dist/electron', 'indexWorker.mjs', 'indexRunner.ts'],
    ['dist/host', 'indexWorker.mjs', 'indexRunner.ts'],
    ['dist/electron', 'checksWorker.mjs', 'checksRunner.ts'],
    ['dist/host', 'checksWorker.mjs', 'checksRunner.ts'],
  ] as const) {
    const worker = `${dir}/${name}`;
    it(`${worker} is built, packaged with its bundle and imports only shipped packages`, () => {
      expect(existsSync(resolve(projectRoot, worker)), `the build did not write ${worker}, which ${runner} starts`).toBe(true);
      if (dir === 'dist/electron') expect(isPackaged(worker)).toBe(true);
      const source = readFileSync(resolve(projectRoot, worker), 'utf8');
      expect(source).not.toMatch(/\b__require\(/);
      expect(source).not.toContain('tsx');
      for (const name of importedPackages(source)) expect(pkg.dependencies[name], `${worker} imports ${name}, which is not in dependencies`).toBeDefined();
    });
  }

  it('the built thread reads an import and a curl command, started as the bundles start it', async () => {
    const { ImportRunner, DEFAULT_IMPORT_LIMITS } = await import('../../main/core/importers/importRunner');
    const runner = new ImportRunner(DEFAULT_IMPORT_LIMITS, { url: pathToFileURL(resolve(projectRoot, 'dist/host/importWorker.mjs')) });
    try {
      const plan = await runner.run<{ format: string; collections: { name: string }[] }>({ kind: 'plan', text: JSON.stringify({ info: { name: 'Built', schema: 'https://schema.getpostman.com/json/collection/v2.1.0/collection.json' }, item: [{ name: 'r', request: 'https://x.test/' }] }), fileName: 'f' });
      expect(plan.format).toBe('Postman Collection v2.1');
      expect(plan.collections[0]!.name).toBe('Built');
      const curl = await runner.run<{ request: { method: string; url: string } }>({ kind: 'curl', command: 'curl -X PUT https://x.test/a' });
      expect(curl.request).toMatchObject({ method: 'PUT', url: 'https://x.test/a' });
    } finally {
      await runner.close();
    }
  });
});

describe('the built checks thread', () => {
  it('runs an assertion and a capture on a stored body, started as the bundles start it', async () => {
    const { mkdtempSync, writeFileSync, rmSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const { ChecksRunner } = await import('../../main/core/checks/checksRunner');
    const quiet = { info: () => undefined, warn: () => undefined, error: () => undefined };
    const dir = mkdtempSync(join(tmpdir(), 'latchkey-built-checks-'));
    const bodyPath = join(dir, 'body');
    writeFileSync(bodyPath, JSON.stringify({ token: 'abc', n: 3 }));
    const runner = new ChecksRunner(quiet, 2000, { url: pathToFileURL(resolve(projectRoot, 'dist/host/checksWorker.mjs')) });
    try {
      const facts = { status: 200, headers: [] as [string, string][], timeMs: 1, bodySize: 22, bodyPath, contentType: 'application/json' };
      const [assert, capture] = await runner.run(facts, [
        { kind: 'assert', target: 'jsonpath', path: '$.n', operator: 'greaterThan', expected: '2' },
        { kind: 'capture', source: 'jsonpath', path: '$.token' },
      ]);
      expect(assert).toMatchObject({ passed: true, actual: '3' });
      expect(capture).toMatchObject({ captured: 'abc' });
    } finally {
      await runner.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('the built indexing thread', () => {
  it('indexes a stored body, started as the bundles start it', async () => {
    const { mkdtempSync, writeFileSync, rmSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const { BodyViews } = await import('../../main/core/body/bodyViews');
    const { IndexRunner } = await import('../../main/core/body/indexRunner');
    const quiet = { info: () => undefined, warn: () => undefined, error: () => undefined };
    const dir = mkdtempSync(join(tmpdir(), 'latchkey-built-index-'));
    const path = join(dir, 'body');
    writeFileSync(path, JSON.stringify({ built: true, items: [1, 2] }));
    const runner = new IndexRunner(quiet, { url: pathToFileURL(resolve(projectRoot, 'dist/host/indexWorker.mjs')) });
    const views = new BodyViews(async () => path, quiet, undefined, () => null, runner);
    try {
      const bodyId = '00000000-0000-0000-0000-000000000001';
      await views.open(bodyId, 'application/json');
      for (let i = 0; i < 100 && !(await views.open(bodyId, 'application/json')).done; i++) await new Promise((r) => setTimeout(r, 20));
      expect((await views.rows(bodyId, 'pretty', 0, 10)).rows).toEqual(['{', '  "built": true,', '  "items": [', '    1,', '    2', '  ]', '}']);
    } finally {
      await views.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('the files matcher these checks use', () => {
  it('applies patterns in order, with ! taking files back', () => {
    expect(isPackaged('dist/electron/main.mjs', ['dist/electron/**'])).toBe(true);
    expect(isPackaged('dist/electron/main.cjs', ['dist/renderer/**'])).toBe(false);
    expect(isPackaged('dist/electron/main.mjs.map', ['dist/electron/**', '!**/*.map'])).toBe(false);
    expect(isPackaged('package.json', ['package.json'])).toBe(true);
  });
});
