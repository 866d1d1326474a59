/**
 * The streaming XML scanner on its own: events in document order whatever the text pieces, the
 * XML spellings spreadsheets use (prefixes, quotes, comments, CDATA, '>' in attribute values),
 * and the mistakes it refuses.
 */
import { describe, expect, it } from 'vitest';
import { XmlFormatError, XmlScanner } from './xlsx-xml-scanner.ts';

/** The events of scanning `pieces` in turn, as readable strings. */
function scan(...pieces: string[]): string[] {
  const events: string[] = [];
  const scanner = new XmlScanner('part.xml', {
    open: (name, attributes) => events.push(`<${name}${JSON.stringify(attributes)}>`),
    close: (name) => events.push(`</${name}>`),
    text: (text) => {
      // Text may come in pieces; join neighbours so the events do not depend on the cuts.
      if (events.at(-1)?.startsWith('"')) events.push(`"${events.pop()!.slice(1, -1)}${text}"`);
      else events.push(`"${text}"`);
    },
  });
  for (const piece of pieces) scanner.write(piece);
  scanner.end();
  return events;
}

describe('XmlScanner', () => {
  const xml =
    '<?xml version="1.0"?>\n<!-- a comment with <tags> -->\n<x:sst xmlns:x="urn:x" count=\'2\'>' +
    '<x:si><x:t xml:space="preserve"> a&lt;b </x:t></x:si><si><t><![CDATA[<c>&amp;]]></t><empty a="1>2" b = "&quot;"/></si>' +
    '<?pi inside?></x:sst>\n';
  const expected = [
    '<sst{"x":"urn:x","count":"2"}>',
    '<si{}>',
    '<t{"space":"preserve"}>',
    '" a<b "',
    '</t>',
    '</si>',
    '<si{}>',
    '<t{}>',
    '"<c>&amp;"',
    '</t>',
    '<empty{"a":"1>2","b":"\\""}>',
    '</empty>',
    '</si>',
    '</sst>',
  ];

  it('gives the same events however the text is cut', () => {
    expect(scan(xml)).toEqual(expected);
    for (let cut = 1; cut < xml.length; cut += 1) {
      expect(scan(xml.slice(0, cut), xml.slice(cut)), `cut at ${cut}`).toEqual(expected);
    }
    expect(scan(...xml)).toEqual(expected);
  });

  it('refuses XML that is not well-formed, naming the part and the position', () => {
    const failure = (text: string) => {
      try {
        scan(text);
      } catch (error) {
        if (error instanceof XmlFormatError) return error.message;
        throw error;
      }
      throw new Error(`accepted: ${text}`);
    };
    expect(failure('<a></b>')).toBe('part.xml 的 XML 格式错误（约第 4 个字符处）：</b> 与 <a> 不匹配');
    expect(failure('<a/><b/>')).toContain('有多个根元素');
    expect(failure('text<a/>')).toContain('根元素之外有文字');
    expect(failure('<a>')).toContain('<a> 没有结束标记');
    expect(failure('')).toContain('没有根元素');
    expect(failure('<a b="1"c="2"/>')).toContain('<a> 的属性无法解析');
    expect(failure('<a b=1/>')).toContain('<a> 的属性无法解析');
    expect(failure('<a>&#xD800;</a>')).toContain('无效的字符引用 &#xD800;');
    expect(failure('<a></a>extra')).toContain('根元素之外有文字');
    expect(failure('<a><b</a>')).toContain('标记中出现“<”');
    expect(failure('<a></a')).toContain('文件在标记中间结束');
  });
});
