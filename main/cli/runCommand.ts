import { accessSync, constants, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { basename, join, resolve } from 'node:path';
import type { ExecuteRequest, KeyValue, TreeNode } from '../../preload/contract';
import { ConfDocumentStore } from '../adapters/confDocumentStore';
import { confFactory } from '../adapters/confFactory';
import { KeytarSecretStore } from '../adapters/keytarSecretStore';
import { RunDocumentStore, RunSecretStore, stringsIn, type SecretSource } from '../adapters/runStores';
import { systemClock } from '../adapters/systemClock';
import { createCore, type Core } from '../core/createCore';
import { LatchkeyError } from '../core/errors';
import { itemsUnder, pathNames, runCollection, type RunItem, type RunSummary } from '../core/runner/collectionRunner';
import { parseDataFile, type DataRow } from '../core/runner/dataFile';
import { htmlReport, jsonReport, junitReport } from '../core/runner/reports';
import type { Logger, SecretStore } from '../ports';
import { EXIT, parseRunArgs, RUN_USAGE, type RunArgs } from './runArgs';
import { createRunOutput, type OutputStream } from './runOutput';

export interface RunIo {
  stdout: OutputStream;
  stderr: OutputStream;
  env: NodeJS.ProcessEnv;
  cwd: string;
  version: string;
  /** Aborted on Ctrl+C: the run stops after the request in flight, writes what it has and exits 130. */
  signal: AbortSignal;
  /** The OS keychain; tests give their own. Default: keytar. */
  keychain?: SecretStore | null;
}

/** Report files, by reporter, inside --out. */
export const REPORT_FILES = { json: 'latchkey-run.json', junit: 'latchkey-run.xml', html: 'latchkey-run.html' } as const;

/** A refusal that exits 3: bad arguments or input, named in one line. */
class BadInput extends Error {}

const quietLogger: Logger = { info() {}, warn() {}, error() {} };

/** `LATCHKEY_VAR_<name>` values, as variables over every scope (--var wins over them). */
export function variablesFromEnv(env: NodeJS.ProcessEnv): KeyValue[] {
  return Object.entries(env)
    .filter(([key, value]) => key.startsWith('LATCHKEY_VAR_') && key.length > 'LATCHKEY_VAR_'.length && value !== undefined)
    .map(([key, value]) => ({ name: key.slice('LATCHKEY_VAR_'.length), value: value!, enabled: true }));
}

/** The environment variable that holds a connection's field secret in a run with no keychain. */
export function connectionSecretEnvName(connection: string, field: string): string {
  const words = (text: string) =>
    text
      .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
      .toUpperCase()
      .replace(/[^A-Z0-9]+/g, '_')
      .replace(/^_+|_+$/g, '');
  return `LATCHKEY_SECRET_${words(connection)}_${words(field)}`;
}

function pick<T extends { name: string }>(list: T[], name: string, what: string): T {
  const exact = list.filter((n) => n.name === name);
  const found = exact.length > 0 ? exact : list.filter((n) => n.name.toLowerCase() === name.toLowerCase());
  if (found.length === 1) return found[0]!;
  if (found.length > 1) throw new BadInput(`There are ${found.length} ${what}s called "${name}"; rename one in the app, or run a file instead.`);
  const names = [...new Set(list.map((n) => `"${n.name}"`))];
  throw new BadInput(`There is no ${what} called "${name}"${names.length ? `; there ${names.length === 1 ? 'is' : 'are'} ${names.slice(0, 10).join(', ')}${names.length > 10 ? ', …' : ''}` : ''}.`);
}

function readText(path: string, what: string): string {
  try {
    if (!statSync(path).isFile()) throw new BadInput(`${what} ${path} is not a file.`);
    return readFileSync(path, 'utf8');
  } catch (error) {
    if (error instanceof BadInput) throw error;
    throw new BadInput(`Cannot read ${what} ${path}: ${(error as NodeJS.ErrnoException).code === 'ENOENT' ? 'there is no such file' : (error as Error).message}.`);
  }
}

/** --out must be a folder this user can write: made when missing, checked before any request goes out. */
function prepareOut(dir: string): void {
  try {
    mkdirSync(dir, { recursive: true });
    if (!statSync(dir).isDirectory()) throw new Error('it is not a folder');
    accessSync(dir, constants.W_OK);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new BadInput(`Cannot write reports to ${dir}: ${code === 'EEXIST' || code === 'ENOTDIR' ? 'it is not a folder' : code === 'EACCES' || code === 'EPERM' ? 'permission denied' : (error as Error).message}.`);
  }
}

/** Whether the target names a file (an existing path, or something written like one). */
function isFileTarget(target: string, cwd: string): boolean {
  return existsSync(resolve(cwd, target)) || /[\\/]/.test(target) || /\.(json|ya?ml)$/i.test(target);
}

/**
 * `latchkey run`: the app's core without Electron, its data directory read and never changed
 * (connections excepted: a token refreshed during the run is kept, as the app would keep it),
 * the keychain where there is one. Returns the exit code.
 */
export async function runCommand(argv: readonly string[], io: RunIo): Promise<number> {
  const parsed = parseRunArgs(argv);
  if (!parsed.ok && parsed.help) {
    io.stdout.write(`${RUN_USAGE}\n`);
    return EXIT.passed;
  }
  if (!parsed.ok) {
    io.stderr.write(`latchkey run: ${parsed.error}\nRun "latchkey run --help" for the options.\n`);
    return EXIT.badInput;
  }
  const args = parsed.args;
  let core: Core | null = null;
  let secrets: RunSecretStore | null = null;
  let documents: RunDocumentStore | null = null;
  const bodiesDir = mkdtempSync(join(tmpdir(), 'latchkey-run-'));
  try {
    // Everything a run reads is checked before any request goes out.
    const data: DataRow[] | null = args.data ? parseData(resolve(io.cwd, args.data)) : null;
    const envFileText = args.envFile ? readText(resolve(io.cwd, args.envFile), 'the environment file') : null;
    const fileTarget = isFileTarget(args.target, io.cwd);
    const targetText = fileTarget ? readText(resolve(io.cwd, args.target), 'the collection file') : null;
    const outDir = resolve(io.cwd, args.out);
    if (args.reporters.some((r) => r !== 'cli')) prepareOut(outDir);

    const dataDir = resolve(io.cwd, args.dataDir ?? io.env.LATCHKEY_DATA_DIR ?? join(homedir(), '.latchkey'));
    const directory = existsSync(dataDir) ? dataDir : null;
    const runVariables = [...variablesFromEnv(io.env), ...args.vars.map((v) => ({ ...v, enabled: true }))];
    const given = new Map(runVariables.map((v) => [v.name, v.value]));
    const keychain = io.keychain === undefined ? new KeytarSecretStore() : io.keychain;
    // With a file, nothing is kept: its connections and secrets live for this run only. With the
    // app's collection, a refreshed token is kept; anything else a run writes to the keychain (an
    // --env-file's secrets, a captured secret) is swept away again at the end.
    const persist = !fileTarget;
    const sourceOf = (id: string): SecretSource | null => {
      const variable = documents?.secretVariableName(id);
      if (variable) return { what: `The variable "${variable}"`, envName: `LATCHKEY_VAR_${variable}`, given: given.get(variable), alternative: `--var ${variable}=…` };
      const field = core?.connections.secretFieldNames().find((f) => f.secretId === id);
      if (field) return { what: `The ${field.field} of the connection "${field.connection}"`, envName: connectionSecretEnvName(field.connection, field.field) };
      return null;
    };
    secrets = new RunSecretStore(keychain, sourceOf, io.env, persist);
    const runSecrets = secrets;
    documents = new RunDocumentStore(directory, (name) => persist && name === 'connections' && runSecrets.keychainWorks === true, () => new ConfDocumentStore(dataDir, confFactory));
    core = createCore({
      secrets,
      documents,
      browser: { open: () => Promise.reject(new LatchkeyError('invalid_request', 'A run opens no browser: connect in the app first.')) },
      dialogs: null,
      bodiesDir,
      clock: systemClock,
      logger: quietLogger,
      version: io.version,
    });
    for (const { name, reason } of documents.unreadable) io.stderr.write(`latchkey run: could not read ${name}.json in ${dataDir} (${reason}); it was left as it is.\n`);

    const started = systemClock.now();
    const { items, source } = await chooseItems(core, args, targetText, io.cwd);
    if (items.length === 0) throw new BadInput(`${source} has no requests to run.`);
    if (envFileText !== null) {
      const preview = await core.imports.preview(envFileText, basename(args.envFile!)).catch(badImport);
      if (preview.environments.length === 0 || preview.collections.length > 0) throw new BadInput(`${args.envFile} is not an environment file.`);
      const { environmentIds } = await core.imports.commit(preview.token).catch(badImport);
      core.environments.useForRun({ id: environmentIds[0]! });
    } else {
      // No environment unless one is named: a run does not depend on what the app last had selected.
      try {
        core.environments.useForRun(args.env);
      } catch (error) {
        throw new BadInput((error as Error).message);
      }
    }
    const overrides = { ...(args.timeoutMs !== null ? { overallTimeoutMs: args.timeoutMs } : {}), ...(args.insecure ? { verifyTls: false } : {}) };
    const runItems: RunItem[] = items.map((item) => ({ ...item, request: { ...item.request, settings: { ...item.request.settings, ...overrides } } }));

    const output = createRunOutput(io.stdout, { tty: io.stdout.isTTY === true && io.env.CI !== 'true', columns: io.stdout.columns ?? 100, total: runItems.length * (args.iterations ?? (data && data.length > 0 ? data.length : 1)) });
    output.start(source);
    const http = core.http;
    const send = async (input: ExecuteRequest) => {
      const result = await http.execute(input, { record: false }).catch((error: unknown) => {
        // A run cannot sign anyone in: an OAuth connection with no usable token is connected in the app.
        if (error instanceof LatchkeyError && error.code === 'auth_failed') throw new LatchkeyError('auth_failed', `${error.message.replace(/\.?$/, '.')} A run cannot sign in: connect it in the Latchkey app, then run again.`, { cause: error });
        throw error;
      });
      // A run keeps the results, not the bodies: the preview goes and the body file with it.
      void http.removeBody(result.bodyId).catch(() => undefined);
      return { ...result, body: { kind: 'text' as const, text: '' } };
    };
    const summary = await runCollection(send, {
      items: runItems,
      ...(args.iterations !== null ? { iterations: args.iterations } : {}),
      data,
      variables: runVariables,
      delayMs: args.delayMs,
      bail: args.bail,
      signal: io.signal,
      cancel: (requestId) => http.cancel(requestId),
      onStep: (step) => output.step(step),
    });
    output.summary(summary);
    writeReports(args, outDir, summary, { source, startedAt: started }, io);
    return exitCode(summary);
  } catch (error) {
    if (error instanceof BadInput) {
      io.stderr.write(`latchkey run: ${error.message}\n`);
      return EXIT.badInput;
    }
    io.stderr.write(`latchkey run: ${error instanceof Error ? error.message : String(error)}\n`);
    return EXIT.requestFailed;
  } finally {
    if (core) await core.close().catch(() => undefined);
    if (secrets) await secrets.sweep(stringsIn(documents?.persisted.get('connections') ?? null)).catch(() => undefined);
    rmSync(bodiesDir, { recursive: true, force: true });
  }
}

export function exitCode(summary: RunSummary): number {
  if (summary.stopped === 'interrupted') return EXIT.interrupted;
  if (summary.errors > 0) return EXIT.requestFailed;
  if (summary.assertionsFailed > 0) return EXIT.assertionFailed;
  return EXIT.passed;
}

function parseData(path: string): DataRow[] {
  const text = readText(path, 'the data file');
  try {
    return parseDataFile(text, basename(path));
  } catch (error) {
    throw new BadInput((error as Error).message);
  }
}

function badImport(error: unknown): never {
  throw new BadInput(error instanceof Error ? error.message : String(error));
}

async function chooseItems(core: Core, args: RunArgs, targetText: string | null, cwd: string): Promise<{ items: RunItem[]; source: string }> {
  let roots: TreeNode[];
  let source: string;
  if (targetText !== null) {
    const preview = await core.imports.preview(targetText, basename(args.target)).catch(badImport);
    if (preview.collections.length === 0) throw new BadInput(`${args.target} holds no collection (it reads as ${preview.format}).`);
    const { collectionIds } = await core.imports.commit(preview.token).catch(badImport);
    const tree = core.collections.tree();
    roots = collectionIds.map((id) => tree.find((n) => n.id === id)!).filter(Boolean);
    source = roots.length === 1 ? roots[0]!.name : basename(resolve(cwd, args.target));
  } else {
    const collections = core.collections.tree().filter((n) => n.kind === 'collection');
    roots = [pick(collections, args.target, 'collection')];
    source = roots[0]!.name;
  }
  const tree = core.collections.tree();
  if (args.folder !== null) {
    const ids = new Set(roots.map((r) => r.id));
    const folders = tree.filter((n) => n.kind === 'folder' && ids.has(n.collectionId));
    const byPath = folders.filter((f) => folderPath(tree, f) === args.folder);
    const folder = byPath.length === 1 ? byPath[0]! : pick(folders, args.folder, 'folder');
    roots = [folder];
    source = `${source} / ${folderPath(tree, folder)}`;
  }
  const request = (id: string) => core.collections.getRequest(id).request;
  return { items: roots.flatMap((root) => itemsUnder(tree, root.id, request)), source };
}

/** A folder's path under its collection, as --folder takes it ("Users/Admins"). */
const folderPath = (tree: TreeNode[], node: TreeNode) => pathNames(tree, node).slice(1).join('/');

function writeReports(args: RunArgs, outDir: string, summary: RunSummary, meta: { source: string; startedAt: number }, io: RunIo): void {
  const files: string[] = [];
  for (const reporter of args.reporters) {
    if (reporter === 'cli') continue;
    const text = reporter === 'json' ? jsonReport(summary, meta) : reporter === 'junit' ? junitReport(summary, meta) : htmlReport(summary, meta);
    const path = join(outDir, REPORT_FILES[reporter]);
    writeFileSync(path, text);
    files.push(path);
  }
  if (files.length > 0) io.stdout.write(`Reports: ${files.join(', ')}\n`);
}

export { BadInput };
