export interface JsonProblem {
  message: string;
  offset: number;
  line: number;
  column: number;
}

/** Line and column (1-based) of a character offset. */
export function lineColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < offset && i < text.length; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: offset - lineStart + 1 };
}

const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
const ESCAPES = new Set(['"', '\\', '/', 'b', 'f', 'n', 'r', 't']);

class Invalid {
  constructor(
    readonly message: string,
    readonly offset: number,
  ) {}
}

/**
 * Null when the text is valid JSON (or blank); otherwise what is wrong and where. An explicit
 * stack instead of recursion, so deep nesting cannot overflow; the engines' own messages do
 * not always carry a position, which is why this does not lean on JSON.parse.
 */
export function checkJson(text: string): JsonProblem | null {
  if (text.trim() === '') return null;
  try {
    scan(text);
    return null;
  } catch (error) {
    if (!(error instanceof Invalid)) throw error;
    return { message: error.message, offset: error.offset, ...lineColumn(text, error.offset) };
  }
}

function scan(text: string): void {
  const n = text.length;
  const stack: string[] = [];
  let i = 0;
  let state: 'value' | 'key' | 'after' = 'value';
  let emptyAllowed = false;

  const skip = () => {
    while (i < n) {
      const c = text.charCodeAt(i);
      if (c === 32 || c === 10 || c === 13 || c === 9) i++;
      else break;
    }
  };
  const string = () => {
    const start = i;
    i++;
    for (;;) {
      if (i >= n) throw new Invalid('Unterminated string', start);
      const c = text[i];
      if (c === '"') {
        i++;
        return;
      }
      if (c === '\\') {
        const e = text[i + 1];
        if (e === 'u') {
          if (!/^[0-9a-fA-F]{4}$/.test(text.slice(i + 2, i + 6))) throw new Invalid('Invalid \\u escape in string', i);
          i += 6;
        } else if (e !== undefined && ESCAPES.has(e)) {
          i += 2;
        } else {
          throw new Invalid('Invalid escape in string', i);
        }
        continue;
      }
      if (text.charCodeAt(i) < 0x20) throw new Invalid('Unescaped control character in string', i);
      i++;
    }
  };

  for (;;) {
    skip();
    if (i >= n) {
      if (state === 'after' && stack.length === 0) return;
      throw new Invalid('Unexpected end of JSON', n);
    }
    const c = text[i] ?? '';
    if (state === 'value') {
      if (c === '{') {
        stack.push('}');
        i++;
        state = 'key';
        emptyAllowed = true;
      } else if (c === '[') {
        stack.push(']');
        i++;
        skip();
        if (text[i] === ']') {
          stack.pop();
          i++;
          state = 'after';
        }
      } else if (c === '"') {
        string();
        state = 'after';
      } else if (c === '-' || (c >= '0' && c <= '9')) {
        NUMBER.lastIndex = i;
        const match = NUMBER.exec(text);
        if (!match || match[0] === '-') throw new Invalid('Invalid number', i);
        i += match[0].length;
        state = 'after';
      } else if (text.startsWith('true', i) || text.startsWith('null', i)) {
        i += 4;
        state = 'after';
      } else if (text.startsWith('false', i)) {
        i += 5;
        state = 'after';
      } else {
        throw new Invalid(`Unexpected ${describe(c)} where a value should be`, i);
      }
    } else if (state === 'key') {
      if (c === '}' && emptyAllowed) {
        stack.pop();
        i++;
        state = 'after';
        continue;
      }
      if (c !== '"') throw new Invalid('Expected a property name in double quotes', i);
      string();
      skip();
      if (text[i] !== ':') throw new Invalid("Expected ':' after the property name", i);
      i++;
      state = 'value';
    } else {
      const close = stack.at(-1);
      if (close === undefined) throw new Invalid('Unexpected text after the JSON value', i);
      if (c === ',') {
        i++;
        state = close === '}' ? 'key' : 'value';
        emptyAllowed = false;
      } else if (c === close) {
        stack.pop();
        i++;
      } else {
        throw new Invalid(`Expected ',' or '${close}' but found ${describe(c)}`, i);
      }
    }
  }
}

function describe(c: string): string {
  return c === '}' || c === ']' || c === ',' || c === ':' ? `'${c}'` : `character '${c}'`;
}
