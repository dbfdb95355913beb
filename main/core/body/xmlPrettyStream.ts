/** Indentation stops growing here, as in the JSON formatter. */
const MAX_INDENT_DEPTH = 40;
/** Text longer than this is not joined onto its element's line. */
const INLINE_TEXT = 200;
const INDENT = '  ';
/** Most characters of one text run or tag held before they are written out regardless. */
const HELD_LIMIT = 1024 * 1024;

type Mode = 'text' | 'markup';

/**
 * Pretty-prints XML in one streaming pass: every tag, comment, CDATA section and processing
 * instruction on its own indented line, and an element holding only short text on one line
 * (`<name>Ada</name>`). It never rejects input: the raw view shows any XML exactly, this is a
 * reading aid. Markup is found with `<` and `>` outside quoted attribute values.
 */
export class XmlPrettyStream {
  readonly error = null;
  private readonly decoder = new TextDecoder('utf-8');
  private mode: Mode = 'text';
  private token = '';
  /** Inside markup: the quote that opened an attribute value, or the kind of long construct. */
  private quote = '';
  private depth = 0;
  /** An open tag waiting to see whether only text follows it before its close tag. */
  private pendingOpen: string | null = null;
  private pendingText = '';
  private lines: string[] = [];
  private started = false;

  constructor(private readonly emit: (chunk: Buffer) => void) {}

  write(chunk: Buffer): void {
    this.consume(this.decoder.decode(chunk, { stream: true }));
    this.flushLines();
  }

  end(): null {
    this.consume(this.decoder.decode());
    if (this.mode === 'markup') this.line(this.token);
    else this.text(this.token);
    this.token = '';
    this.settlePending();
    this.flushLines();
    return null;
  }

  private consume(input: string): void {
    let start = 0;
    for (let i = 0; i < input.length; i++) {
      const c = input.charCodeAt(i);
      if (this.mode === 'text') {
        if (c === 0x3c /* < */) {
          this.text(this.token + input.slice(start, i));
          this.token = '';
          this.mode = 'markup';
          this.quote = '';
          start = i;
        }
        continue;
      }
      // Markup: a tag, or a comment / CDATA / doctype that ends with its own terminator.
      if (this.quote === '' && this.token.length + (i - start) === 3) {
        const head = this.token + input.slice(start, i + 1);
        if (head === '<!--') this.quote = '-->';
      }
      if (this.quote === '' && this.token.length + (i - start) === 8) {
        const head = this.token + input.slice(start, i + 1);
        if (head === '<![CDATA[') this.quote = ']]>';
      }
      if (this.quote === '"' || this.quote === "'") {
        if (c === this.quote.charCodeAt(0)) this.quote = '';
        continue;
      }
      if (this.quote === '-->' || this.quote === ']]>') {
        if (c === 0x3e /* > */) {
          const sofar = this.token + input.slice(start, i + 1);
          if (sofar.endsWith(this.quote)) {
            this.markup(sofar);
            this.token = '';
            this.mode = 'text';
            start = i + 1;
          }
        }
        continue;
      }
      if (this.quote === '[') {
        if (c === 0x5d /* ] */) this.quote = '';
        continue;
      }
      if (c === 0x22 || c === 0x27) this.quote = String.fromCharCode(c);
      else if (c === 0x5b /* [ */ && (this.token + input.slice(start, i)).startsWith('<!')) this.quote = '[';
      else if (c === 0x3e /* > */) {
        this.markup(this.token + input.slice(start, i + 1));
        this.token = '';
        this.mode = 'text';
        start = i + 1;
      }
    }
    this.token += input.slice(start);
    // A huge run of text, or a `<` never closed, is written out rather than held.
    if (this.token.length > HELD_LIMIT) {
      if (this.mode === 'text') {
        this.settlePending();
        const cut = this.token.lastIndexOf('\n') + 1 || this.token.length;
        for (const part of this.token.slice(0, cut).split(/\r?\n/)) if (part.trim()) this.line(part.trim());
        this.token = this.token.slice(cut);
      } else {
        this.settlePending();
        this.lines.push(this.token);
        this.token = '';
        this.mode = 'text';
      }
    }
  }

  private indent(depth: number): string {
    return INDENT.repeat(Math.min(depth, MAX_INDENT_DEPTH));
  }

  private line(text: string, depth = this.depth): void {
    if (text === '') return;
    this.lines.push(this.indent(depth) + text);
  }

  private text(raw: string): void {
    const text = raw.trim();
    if (text === '') return;
    if (this.pendingOpen !== null && this.pendingText === '' && text.length <= INLINE_TEXT && !text.includes('\n')) {
      this.pendingText = text;
      return;
    }
    this.settlePending();
    for (const part of text.split(/\r?\n/)) this.line(part.trim());
  }

  /** Writes a waiting open tag (and its text) on their own lines. */
  private settlePending(): void {
    if (this.pendingOpen === null) return;
    this.line(this.pendingOpen, this.depth - 1);
    const text = this.pendingText;
    this.pendingOpen = null;
    this.pendingText = '';
    if (text) this.line(text);
  }

  private markup(tag: string): void {
    if (tag.startsWith('</')) {
      if (this.pendingOpen !== null) {
        // <name>text</name> on one line.
        this.lines.push(this.indent(this.depth - 1) + this.pendingOpen + this.pendingText + tag);
        this.pendingOpen = null;
        this.pendingText = '';
        this.depth = Math.max(0, this.depth - 1);
        return;
      }
      this.depth = Math.max(0, this.depth - 1);
      this.line(tag);
      return;
    }
    this.settlePending();
    const opens = /^<[^!?/]/.test(tag) && !tag.endsWith('/>');
    if (opens) {
      this.pendingOpen = tag;
      this.depth++;
      return;
    }
    for (const part of tag.split(/\r?\n/)) this.line(part.trimEnd());
  }

  private flushLines(): void {
    if (this.lines.length === 0) return;
    // Line breaks go between lines, so the view has no empty last row.
    const chunk = Buffer.from(`${this.started ? '\n' : ''}${this.lines.join('\n')}`, 'utf8');
    this.started = true;
    this.lines = [];
    this.emit(chunk);
  }
}
