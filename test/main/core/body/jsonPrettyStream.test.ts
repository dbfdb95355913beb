import { describe, expect, it } from 'vitest';
import { JsonPrettyStream } from '../../../../main/core/body/jsonPrettyStream';

function pretty(text: string, chunkSize = Infinity): { out: string; error: ReturnType<JsonPrettyStream['end']> } {
  const parts: Buffer[] = [];
  const stream = new JsonPrettyStream((chunk) => parts.push(chunk));
  const bytes = Buffer.from(text, 'utf8');
  for (let i = 0; i < bytes.length; i += Math.min(chunkSize, bytes.length)) stream.write(bytes.subarray(i, i + Math.min(chunkSize, bytes.length)));
  const error = stream.end();
  return { out: Buffer.concat(parts).toString('utf8'), error };
}

const samples = [
  '{"a":1,"b":[true,false,null],"c":{"d":"e\\"f","g":[]},"h":{},"i":-1.5e3,"u":"ü€😀"}',
  '[]',
  '{}',
  '[[],[{}],[[1]]]',
  '"just a string"',
  '42',
  '  { "spaced" :  [ 1 , 2 ] }  ',
  '{"s":"line\\nbreak \\u00e9 tab\\t"}',
];

describe('JsonPrettyStream', () => {
  it.each(samples)('formats %s like JSON.stringify(…, null, 2), keeping tokens as sent', (text) => {
    const expected = JSON.stringify(JSON.parse(text), null, 2);
    const whole = pretty(text);
    expect(whole.error).toBeNull();
    // Same layout and value; numbers and escapes stay exactly as the server wrote them.
    expect(JSON.parse(whole.out)).toEqual(JSON.parse(text));
    expect(whole.out.split('\n').length).toBe(expected.split('\n').length);
    if (!/e3|\\u|\\t|\\n/.test(text)) expect(whole.out).toBe(expected);
    // Byte by byte, so every token crosses a chunk boundary somewhere.
    expect(pretty(text, 1)).toEqual(whole);
  });

  it.each([
    ['{"a": }', 'Expected a value', 1, 7],
    ['[1,]', 'Expected a value', 1, 4],
    ['{"a" 1}', "Expected ':'", 1, 6],
    ["{'a': 1}", 'Expected a property name', 1, 2],
    ['{\n  "a": 1\n  "b": 2\n}', "Expected ',' or '}'", 3, 3],
    ['[1] x', 'Unexpected text after the JSON value', 1, 5],
    ['{"a": "b', 'Unterminated string', 1, 9],
    ['[tru]', '"tru" is not a JSON value', 1, 2],
    ['{"a": 1', 'Unexpected end of JSON', 1, 8],
    ['', 'Unexpected end of JSON', 1, 1],
  ])('reports %j with its position', (text, message, line, column) => {
    const { error } = pretty(text);
    expect(error?.message).toContain(message);
    expect(error).toMatchObject({ line, column });
    expect(() => JSON.parse(text)).toThrow();
  });

  it('handles 100,000 levels of nesting without recursion or runaway indentation', () => {
    const deep = '['.repeat(100_000) + '1' + ']'.repeat(100_000);
    const { out, error } = pretty(deep);
    expect(error).toBeNull();
    expect(out.split('\n').length).toBe(200_001);
    expect(out.length).toBeLessThan(200_001 * 82);
  });
});
