export interface JsonError {
  message: string;
  /** Byte offset in the input. */
  offset: number;
  line: number;
  column: number;
}

// Byte values used below.
const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const LBRACE = 0x7b;
const RBRACE = 0x7d;
const LBRACKET = 0x5b;
const RBRACKET = 0x5d;
const COMMA = 0x2c;
const COLON = 0x3a;
const NEWLINE = 0x0a;
const SPACE = 0x20;

const WHITESPACE = new Uint8Array(256);
WHITESPACE[0x20] = WHITESPACE[0x09] = WHITESPACE[0x0a] = WHITESPACE[0x0d] = 1;
const BAREWORD = /^(?:true|false|null|-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?)$/;
/** Indentation stops growing here, so 100,000 levels of nesting cannot blow up the output. */
const MAX_INDENT_DEPTH = 40;
const OUT_CHUNK = 256 * 1024;

type State = 'value' | 'key' | 'colon' | 'after' | 'firstValueOrClose' | 'firstKeyOrClose';

/**
 * Pretty-prints and validates JSON in one streaming pass over bytes: no object is built, so a
 * 100 MB body costs a few megabytes, and nesting depth is only a counter. Output goes to
 * `emit` in chunks of up to a megabyte.
 */
export class JsonPrettyStream {
  error: JsonError | null = null;

  private out = Buffer.allocUnsafe(OUT_CHUNK);
  private outLength = 0;
  private stack = new Uint8Array(1024);
  private depth = 0;
  private state: State = 'value';
  private inString = false;
  private escape = false;
  private bareword: number[] = [];
  private barewordStart = 0;
  private inputOffset = 0;
  private inputLine = 1;
  private inputLineStart = 0;
  private done = false;
  private sawValue = false;

  constructor(private readonly emit: (chunk: Buffer) => void) {}

  private fail(message: string, offset: number): void {
    if (this.error) return;
    this.error = { message, offset, line: this.inputLine, column: offset - this.inputLineStart + 1 };
  }

  private byte(b: number): void {
    if (this.outLength === OUT_CHUNK) this.flushOut();
    this.out[this.outLength++] = b;
  }

  private newline(): void {
    this.byte(NEWLINE);
    const spaces = Math.min(this.depth, MAX_INDENT_DEPTH) * 2;
    for (let i = 0; i < spaces; i++) this.byte(SPACE);
  }

  private flushOut(): void {
    if (this.outLength === 0) return;
    this.emit(Buffer.from(this.out.subarray(0, this.outLength)));
    this.outLength = 0;
  }

  private push(close: number): void {
    if (this.depth === this.stack.length) {
      const bigger = new Uint8Array(this.stack.length * 2);
      bigger.set(this.stack);
      this.stack = bigger;
    }
    this.stack[this.depth++] = close;
  }

  /** Ends a bareword (number or literal) and checks it. */
  private endBareword(): void {
    if (this.bareword.length === 0) return;
    const text = String.fromCharCode(...this.bareword);
    if (!BAREWORD.test(text)) this.fail(`"${text.slice(0, 40)}" is not a JSON value`, this.barewordStart);
    for (const b of this.bareword) this.byte(b);
    this.bareword = [];
    this.state = 'after';
  }

  private valueStarts(): boolean {
    if (this.state === 'value' || this.state === 'firstValueOrClose') {
      if (this.state === 'firstValueOrClose') this.newline();
      this.sawValue = true;
      return true;
    }
    return false;
  }

  write(chunk: Buffer): void {
    if (this.error) return;
    const n = chunk.length;
    for (let i = 0; i < n && !this.error; i++) {
      const b = chunk[i] as number;
      const at = this.inputOffset + i;
      if (this.inString) {
        this.byte(b);
        if (this.escape) this.escape = false;
        else if (b === BACKSLASH) this.escape = true;
        else if (b === QUOTE) {
          this.inString = false;
          this.state = this.state === 'key' || this.state === 'firstKeyOrClose' ? 'colon' : 'after';
        } else if (b < 0x20) this.fail('Unescaped control character in a string', at);
        if (b === NEWLINE) {
          this.inputLine++;
          this.inputLineStart = at + 1;
        }
        continue;
      }
      if (this.bareword.length > 0) {
        if (WHITESPACE[b] || b === COMMA || b === RBRACE || b === RBRACKET || b === COLON) this.endBareword();
        else {
          this.bareword.push(b);
          if (this.bareword.length > 400) this.fail('A number or literal is too long', this.barewordStart);
          continue;
        }
      }
      if (WHITESPACE[b]) {
        if (b === NEWLINE) {
          this.inputLine++;
          this.inputLineStart = at + 1;
        }
        continue;
      }
      if (this.done) {
        this.fail('Unexpected text after the JSON value', at);
        break;
      }
      switch (b) {
        case QUOTE:
          if (this.state === 'key' || this.state === 'firstKeyOrClose') {
            if (this.state === 'firstKeyOrClose') this.newline();
            this.state = 'key';
          } else if (!this.valueStarts()) {
            this.fail(this.unexpected('a string'), at);
            break;
          }
          this.byte(b);
          this.inString = true;
          break;
        case LBRACE:
        case LBRACKET:
          if (!this.valueStarts()) {
            this.fail(this.unexpected(b === LBRACE ? "'{'" : "'['"), at);
            break;
          }
          this.byte(b);
          this.push(b === LBRACE ? RBRACE : RBRACKET);
          this.state = b === LBRACE ? 'firstKeyOrClose' : 'firstValueOrClose';
          break;
        case RBRACE:
        case RBRACKET: {
          const expected = this.depth > 0 ? this.stack[this.depth - 1] : -1;
          const empty = this.state === 'firstKeyOrClose' || this.state === 'firstValueOrClose';
          if (b !== expected || (!empty && this.state !== 'after')) {
            this.fail(this.unexpected(`'${String.fromCharCode(b)}'`), at);
            break;
          }
          this.depth--;
          if (!empty) this.newline();
          this.byte(b);
          this.state = 'after';
          if (this.depth === 0) this.done = true;
          break;
        }
        case COMMA:
          if (this.state !== 'after' || this.depth === 0) {
            this.fail(this.unexpected("','"), at);
            break;
          }
          this.byte(b);
          this.newline();
          this.state = this.stack[this.depth - 1] === RBRACE ? 'key' : 'value';
          break;
        case COLON:
          if (this.state !== 'colon') {
            this.fail(this.unexpected("':'"), at);
            break;
          }
          this.byte(b);
          this.byte(SPACE);
          this.state = 'value';
          break;
        default:
          if (!this.valueStarts()) {
            this.fail(this.unexpected(`'${String.fromCharCode(b)}'`), at);
            break;
          }
          this.bareword.push(b);
          this.barewordStart = at;
      }
    }
    this.inputOffset += n;
  }

  private unexpected(what: string): string {
    switch (this.state) {
      case 'key':
      case 'firstKeyOrClose':
        return `Expected a property name in double quotes, found ${what}`;
      case 'colon':
        return `Expected ':' after the property name, found ${what}`;
      case 'after':
        return this.depth === 0 ? 'Unexpected text after the JSON value' : `Expected ',' or '${String.fromCharCode(this.stack[this.depth - 1] ?? 0)}', found ${what}`;
      default:
        return `Expected a value, found ${what}`;
    }
  }

  /** Finishes; returns the error, if any. */
  end(): JsonError | null {
    if (!this.error) {
      if (this.inString) this.fail('Unterminated string', this.inputOffset);
      else {
        this.endBareword();
        if (!this.error && (this.depth > 0 || !this.sawValue)) this.fail('Unexpected end of JSON', this.inputOffset);
        else if (!this.error && this.depth === 0 && this.bareword.length === 0) this.done = true;
      }
    }
    this.flushOut();
    return this.error;
  }
}
