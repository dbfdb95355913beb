import { describe, expect, it } from 'vitest';
import { XmlPrettyStream } from '../../../../main/core/body/xmlPrettyStream';

function pretty(xml: string, chunkSize = 7): string {
  const out: Buffer[] = [];
  const stream = new XmlPrettyStream((chunk) => out.push(chunk));
  const bytes = Buffer.from(xml, 'utf8');
  for (let i = 0; i < bytes.length; i += chunkSize) stream.write(bytes.subarray(i, i + chunkSize));
  stream.end();
  return Buffer.concat(out).toString('utf8');
}

describe('XmlPrettyStream', () => {
  it('indents elements and keeps text-only elements on one line, in any chunking', () => {
    const xml = '<?xml version="1.0"?><order id="7"><customer><name>Ada Lovelace</name><email/></customer><items><item sku="A-1">2</item></items></order>';
    const expected = [
      '<?xml version="1.0"?>',
      '<order id="7">',
      '  <customer>',
      '    <name>Ada Lovelace</name>',
      '    <email/>',
      '  </customer>',
      '  <items>',
      '    <item sku="A-1">2</item>',
      '  </items>',
      '</order>',
    ].join('\n');
    for (const size of [1, 3, 7, 1000]) expect(pretty(xml, size)).toBe(expected);
  });

  it('keeps > inside attribute values, comments, CDATA and a doctype intact', () => {
    const xml = '<!DOCTYPE note [<!ENTITY w "x>y">]><a b="1>2" c=\'<\'><!-- a > b --><![CDATA[<not> markup]]></a>';
    expect(pretty(xml, 2).split('\n')).toEqual(['<!DOCTYPE note [<!ENTITY w "x>y">]>', '<a b="1>2" c=\'<\'>', '  <!-- a > b -->', '  <![CDATA[<not> markup]]>', '</a>']);
  });

  it('formats a SOAP envelope with namespaces and multi-byte text split across chunks', () => {
    const xml = '<soap:Envelope xmlns:soap="http://www.w3.org/2003/05/soap-envelope"><soap:Body><m:Price xmlns:m="urn:x"><m:Item>Crème brûlée ✓</m:Item></m:Price></soap:Body></soap:Envelope>';
    expect(pretty(xml, 1)).toContain('      <m:Item>Crème brûlée ✓</m:Item>\n');
  });

  it('does not fail on broken XML: unclosed tags and stray text still come out', () => {
    expect(pretty('<a><b>text')).toBe('<a>\n  <b>\n    text');
    expect(pretty('plain text, not xml')).toBe('plain text, not xml');
    expect(pretty('</x></y>')).toBe('</x>\n</y>');
  });

  it('writes out a huge text run or an unclosed < instead of holding it', () => {
    const emitted: number[] = [];
    const stream = new XmlPrettyStream((chunk) => emitted.push(chunk.length));
    stream.write(Buffer.from(`<a>${'x'.repeat(3 * 1024 * 1024)}`));
    expect(emitted.reduce((a, b) => a + b, 0)).toBeGreaterThan(3 * 1024 * 1024);
    const open: number[] = [];
    const unclosed = new XmlPrettyStream((chunk) => open.push(chunk.length));
    unclosed.write(Buffer.from(`<a ${'y'.repeat(2 * 1024 * 1024)}`));
    expect(open.reduce((a, b) => a + b, 0)).toBeGreaterThan(2 * 1024 * 1024);
  });
});
