/**
 * `latchkey run`'s arguments, read without side effects: the options, or the one-line reason
 * they are refused (exit code 3). Nothing is opened or read here.
 */
export const REPORTERS = ['cli', 'json', 'junit', 'html'] as const;
export type Reporter = (typeof REPORTERS)[number];

export interface RunArgs {
  /** A collection's name, or a path to a Postman v2.1 file or a Latchkey export. */
  target: string;
  folder: string | null;
  env: string | null;
  envFile: string | null;
  vars: { name: string; value: string }[];
  data: string | null;
  iterations: number | null;
  delayMs: number;
  bail: boolean;
  timeoutMs: number | null;
  insecure: boolean;
  reporters: Reporter[];
  out: string;
  dataDir: string | null;
}

export const EXIT = { passed: 0, assertionFailed: 1, requestFailed: 2, badInput: 3, interrupted: 130 } as const;

export const RUN_USAGE = `Usage: latchkey run <collection name | Postman v2.1 file | Latchkey export> [options]

Runs every request of a collection (or one folder) with the app's own engine, keychain and
OAuth tokens, and checks their assertions.

Options:
  --folder NAME          run only this folder (and the folders inside it)
  --env NAME             use this environment of the app
  --env-file FILE        use a Postman environment file instead
  --var NAME=VALUE       set a variable over every other scope (repeatable)
  --data FILE            a CSV with a header row, or a JSON array of objects: one iteration per row
  --iterations N         run the list N times (default: once, or once per data row)
  --delay MS             wait between requests
  --bail                 stop at the first failed assertion or request
  --timeout MS           the overall timeout of each request
  --insecure             do not verify TLS certificates
  --reporter LIST        any of cli,json,junit,html, comma-separated (default: cli)
  --out DIR              where report files go (default: ./latchkey-reports)
  --data-dir DIR         the app's data directory (default: ~/.latchkey, or LATCHKEY_DATA_DIR)
  -h, --help             this text

Secrets come from the OS keychain; where there is none, from LATCHKEY_VAR_<NAME> environment
variables or --var. Reports never contain them.

Exit codes: 0 all passed, 1 an assertion failed, 2 a request failed (network, TLS, timeout),
3 bad arguments or input, 130 interrupted (Ctrl+C; partial reports are written).`;

const NAME = /^[A-Za-z0-9_.$-]+$/;

export function parseRunArgs(argv: readonly string[]): { ok: true; args: RunArgs } | { ok: false; help: true } | { ok: false; help: false; error: string } {
  const args: RunArgs = { target: '', folder: null, env: null, envFile: null, vars: [], data: null, iterations: null, delayMs: 0, bail: false, timeoutMs: null, insecure: false, reporters: ['cli'], out: 'latchkey-reports', dataDir: null };
  const positional: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const [flag, inline] = arg.startsWith('--') && arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, undefined];
    const value = (): string | null => {
      if (inline !== undefined) return inline;
      const next = argv[i + 1];
      if (next === undefined || (next.startsWith('--') && next.length > 2)) return null;
      i++;
      return next;
    };
    const need = (): string => {
      const v = value();
      if (v === null || v === '') throw new Error(`${flag} needs a value.`);
      return v;
    };
    const whole = (text: string, min: number): number => {
      const n = Number(text);
      if (!/^\d+$/.test(text) || !Number.isSafeInteger(n) || n < min) throw new Error(`${flag} takes a whole number${min > 0 ? ` of ${min} or more` : ''}, not "${text}".`);
      return n;
    };
    try {
      switch (flag) {
        case '-h':
        case '--help':
          return { ok: false, help: true };
        case '--folder':
          args.folder = need();
          break;
        case '--env':
          args.env = need();
          break;
        case '--env-file':
          args.envFile = need();
          break;
        case '--var': {
          const pair = need();
          const eq = pair.indexOf('=');
          const name = eq < 0 ? '' : pair.slice(0, eq);
          if (!NAME.test(name)) throw new Error(`--var takes NAME=VALUE with a name of letters, digits and _ . $ -, not "${pair}".`);
          args.vars.push({ name, value: pair.slice(eq + 1) });
          break;
        }
        case '--data':
          args.data = need();
          break;
        case '--iterations':
          args.iterations = whole(need(), 1);
          break;
        case '--delay':
          args.delayMs = whole(need(), 0);
          break;
        case '--timeout':
          args.timeoutMs = whole(need(), 1);
          break;
        case '--bail':
          args.bail = true;
          break;
        case '--insecure':
          args.insecure = true;
          break;
        case '--reporter': {
          const list = need().split(',').map((r) => r.trim()).filter((r) => r !== '');
          const unknown = list.find((r) => !(REPORTERS as readonly string[]).includes(r));
          if (unknown !== undefined) throw new Error(`Unknown reporter "${unknown}": use any of ${REPORTERS.join(', ')}.`);
          args.reporters = [...new Set(list as Reporter[])];
          break;
        }
        case '--out':
          args.out = need();
          break;
        case '--data-dir':
          args.dataDir = need();
          break;
        default:
          if (arg.startsWith('-') && arg !== '-') throw new Error(`Unknown option "${arg}".`);
          positional.push(arg);
      }
    } catch (error) {
      return { ok: false, help: false, error: (error as Error).message };
    }
  }
  if (positional.length === 0) return { ok: false, help: false, error: 'Name the collection to run, or the path of a Postman v2.1 file or a Latchkey export.' };
  if (positional.length > 1) return { ok: false, help: false, error: `One collection at a time: "${positional[0]}" and "${positional[1]}" were both given.` };
  if (args.env && args.envFile) return { ok: false, help: false, error: 'Use --env or --env-file, not both.' };
  args.target = positional[0]!;
  return { ok: true, args };
}
