import { describe, expect, it } from 'vitest';
import { checkJson } from '../../renderer/features/requests/jsonCheck';

describe('checkJson', () => {
  it.each(['{}', '[]', '{"a": [1, -2.5e3, true, false, null, "x\\n\\u00e9"]}', '  "s"  ', '0', '[[[]]]', '{"a":{"b":{}}}'])('accepts %s', (text) => {
    expect(checkJson(text)).toBeNull();
    expect(() => JSON.parse(text)).not.toThrow();
  });

  it.each([
    ['{"a": }', 1, 7, "Unexpected '}' where a value should be"],
    ['[1,]', 1, 4, "Unexpected ']' where a value should be"],
    ['{"a" 1}', 1, 6, "Expected ':' after the property name"],
    ["{'a': 1}", 1, 2, 'Expected a property name in double quotes'],
    ['{\n  "a": 1\n  "b": 2\n}', 3, 3, "Expected ',' or '}' but found character '\"'"],
    ['[1] x', 1, 5, 'Unexpected text after the JSON value'],
    ['{"a": "b', 1, 7, 'Unterminated string'],
    ['[01]', 1, 3, "Expected ',' or ']' but found character '1'"],
    ['{"a": 1', 1, 8, 'Unexpected end of JSON'],
  ])('finds the problem in %j', (text, line, column, message) => {
    expect(checkJson(text)).toMatchObject({ line, column, message });
    expect(() => JSON.parse(text)).toThrow();
  });

  it('survives 100,000 levels of nesting', () => {
    const deep = '['.repeat(100_000) + ']'.repeat(100_000);
    expect(checkJson(deep)).toBeNull();
    expect(checkJson('['.repeat(100_000))?.message).toBe('Unexpected end of JSON');
  });
});
