import type { Warnings } from 'curlconverter/dist/src/Warnings.js';
import type { CodeLanguage } from '../../../preload/contract';
import { LatchkeyError } from '../errors';

type Language = Exclude<CodeLanguage, 'curl'>;

type Writer = (argv: string[], warnings: Warnings) => [string, Warnings];

/** What each language is called, and curlconverter's writer for it (loaded on first use: each is its own module). */
const WRITERS: Record<Language, { label: string; load(): Promise<Writer> }> = {
  javascript: { label: 'JavaScript (fetch)', load: async () => (await import('curlconverter/dist/src/generators/javascript/javascript.js')).toJavaScriptWarn },
  python: { label: 'Python (requests)', load: async () => (await import('curlconverter/dist/src/generators/python/python.js')).toPythonWarn },
  go: { label: 'Go (net/http)', load: async () => (await import('curlconverter/dist/src/generators/go.js')).toGoWarn },
  java: { label: 'Java (HttpClient)', load: async () => (await import('curlconverter/dist/src/generators/java/java.js')).toJavaWarn },
  csharp: { label: 'C# (HttpClient)', load: async () => (await import('curlconverter/dist/src/generators/csharp.js')).toCSharpWarn },
  php: { label: 'PHP (cURL)', load: async () => (await import('curlconverter/dist/src/generators/php/php.js')).toPhpWarn },
  powershell: { label: 'PowerShell (Invoke-RestMethod)', load: async () => (await import('curlconverter/dist/src/generators/powershell.js')).toPowershellRestMethodWarn },
};

/** Latchkey's words for the curl options a language's code may not carry. */
const OPTION_NAMES: Record<string, string> = {
  location: 'following redirects',
  'max-redirs': 'the redirect limit',
  insecure: 'skipping the TLS certificate check',
  'connect-timeout': 'the connect timeout',
  'max-time': 'the overall timeout',
  proxy: 'the proxy',
  noproxy: 'the hosts that bypass the proxy',
};

/** A curlconverter warning in the app's words. */
function plain(language: string, [option, text]: [string, string]): string {
  if (/ is not a supported option$/.test(text) && OPTION_NAMES[option]) return `${language} code leaves out ${OPTION_NAMES[option]}.`;
  if (option === '--max-time' && /^unlike --max-time/i.test(text)) return `${language} has no timeout for the whole request: the code's timeout is for connecting and for each read.`;
  const sentence = text.charAt(0).toUpperCase() + text.slice(1);
  return /[.!?]$/.test(sentence) ? sentence : `${sentence}.`;
}

/**
 * The request (as curl's argv, so no shell is parsed) as code in one language, with what the
 * code leaves out. Runs on the import thread, where curlconverter lives.
 */
export async function generateCode(argv: string[], language: Language): Promise<{ code: string; warnings: string[] }> {
  const writer = Object.hasOwn(WRITERS, language) ? WRITERS[language] : undefined;
  if (!writer) throw new LatchkeyError('invalid_request', `Latchkey cannot write code in ${String(language)}.`);
  const write = await writer.load();
  try {
    const [code, warnings] = write(argv, []);
    const words = warnings.map((w) => plain(writer.label, w));
    // curlconverter says nothing when browser code cannot read a body file.
    const bodyFile = argv.findIndex((word, i) => word.startsWith('@') && argv[i - 1] === '--data-binary') >= 0;
    if (language === 'javascript' && bodyFile) words.push(`${writer.label} code cannot read the body's file: put its contents where the code says /* contents */.`);
    return { code, warnings: [...new Set(words)] };
  } catch (error) {
    throw new LatchkeyError('invalid_request', `This request could not be written as ${writer.label}: ${error instanceof Error ? error.message : String(error)}`);
  }
}
