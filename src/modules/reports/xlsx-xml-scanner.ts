/**
 * A small streaming XML scanner for the parts of an .xlsx package: text goes in piece by piece
 * (as a streaming TextDecoder hands it out), elements and text come out as events, so a sheet of
 * any length is read without holding its XML. It checks that tags nest and close, decodes the
 * five predefined entities and character references, and refuses DTDs (a spreadsheet never has
 * one, and entity definitions are how XML bombs start). Element and attribute names are given
 * without their namespace prefix.
 */

export interface XmlEvents {
  open(name: string, attributes: Record<string, string>): void;
  /** Called for every element, also right after `open` for a self-closing one. */
  close(name: string): void;
  /** Character data inside the root element, entities decoded; may come in several pieces. */
  text(text: string): void;
}

/** The XML of a part is not well-formed; `message` is Chinese and names the part and position. */
export class XmlFormatError extends Error {
  constructor(
    readonly part: string,
    readonly offset: number,
    readonly problem: string,
  ) {
    super(`${part} 的 XML 格式错误（约第 ${offset + 1} 个字符处）：${problem}`);
    this.name = 'XmlFormatError';
  }
}

const PREDEFINED: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };
const ENTITY = /&([^;&<\s]{0,12});?/g;

const MAX_PENDING_CHARS = 1_000_000;
const MAX_DEPTH = 256;

/** XML whitespace: space, tab, line feed, carriage return. */
const isSpace = (code: number) => code === 32 || code === 9 || code === 10 || code === 13;

const localName = (name: string) => {
  const colon = name.indexOf(':');
  return colon < 0 ? name : name.slice(colon + 1);
};

export class XmlScanner {
  private buffer = '';
  private position = 0;
  /** Characters of the part dropped from the buffer already, for error positions. */
  private consumed = 0;
  private readonly stack: string[] = [];
  private hasRoot = false;

  constructor(
    private readonly part: string,
    private readonly events: XmlEvents,
  ) {}

  write(text: string): void {
    this.buffer = this.position < this.buffer.length ? this.buffer.slice(this.position) + text : text;
    this.consumed += this.position;
    this.position = 0;
    this.scan(false);
  }

  end(): void {
    this.scan(true);
    if (this.stack.length > 0) this.fail(this.buffer.length, `<${this.stack.at(-1)}> 没有结束标记`);
    if (!this.hasRoot) this.fail(0, '没有根元素');
  }

  private fail(at: number, problem: string): never {
    throw new XmlFormatError(this.part, this.consumed + at, problem);
  }

  private decode(text: string, at: number): string {
    if (!text.includes('&')) return text;
    return text.replace(ENTITY, (whole, name: string) => {
      if (!whole.endsWith(';')) this.fail(at, `“&”后不是实体引用：${whole}`);
      if (name.startsWith('#')) {
        const code = name[1] === 'x' ? parseInt(name.slice(2), 16) : parseInt(name.slice(1), 10);
        const isValid =
          /^#(x[0-9a-fA-F]+|[0-9]+)$/.test(name) && code <= 0x10ffff && !(code >= 0xd800 && code <= 0xdfff);
        if (!isValid) this.fail(at, `无效的字符引用 ${whole}`);
        return String.fromCodePoint(code);
      }
      const value = PREDEFINED[name];
      if (value === undefined) this.fail(at, `未知的实体 ${whole}`);
      return value;
    });
  }

  private emitText(text: string, at: number): void {
    if (this.stack.length > 0) {
      this.events.text(this.decode(text, at));
    } else if (text.trim() !== '') {
      this.fail(at, '根元素之外有文字');
    }
  }

  private scan(isEnd: boolean): void {
    const buffer = this.buffer;
    let at = this.position;
    while (at < buffer.length) {
      if (buffer.charCodeAt(at) !== 60 /* < */) {
        const next = buffer.indexOf('<', at);
        if (next < 0) {
          // Text runs until the next tag: wait for it, unless the part has ended.
          if (isEnd) {
            this.emitText(buffer.slice(at), at);
            at = buffer.length;
          }
          break;
        }
        this.emitText(buffer.slice(at, next), at);
        at = next;
        continue;
      }
      const second = buffer.charCodeAt(at + 1);
      if (second === 33 /* ! */) {
        if (buffer.startsWith('<!--', at)) {
          const close = buffer.indexOf('-->', at + 4);
          if (close < 0) break;
          at = close + 3;
          continue;
        }
        if (buffer.startsWith('<![CDATA[', at)) {
          const close = buffer.indexOf(']]>', at + 9);
          if (close < 0) break;
          if (this.stack.length === 0) this.fail(at, '根元素之外有 CDATA');
          this.events.text(buffer.slice(at + 9, close));
          at = close + 3;
          continue;
        }
        if (buffer.length - at < 9 && !isEnd) break;
        this.fail(at, '不支持 DTD 或其他 <! 声明');
      }
      if (second === 63 /* ? */) {
        const close = buffer.indexOf('?>', at + 2);
        if (close < 0) break;
        at = close + 2;
        continue;
      }
      // The tag ends at the first '>' outside quotes: attribute values may hold '>'.
      let end = at + 1;
      let quote = 0;
      for (; end < buffer.length; end += 1) {
        const code = buffer.charCodeAt(end);
        if (quote !== 0) {
          if (code === quote) quote = 0;
        } else if (code === 34 || code === 39) {
          quote = code;
        } else if (code === 62 /* > */) {
          break;
        } else if (code === 60 /* < */) {
          this.fail(end, '标记中出现“<”');
        }
      }
      if (end >= buffer.length) break;
      this.tag(buffer.slice(at + 1, end), at);
      at = end + 1;
    }
    if (isEnd && at < buffer.length) this.fail(at, '文件在标记中间结束');
    // An unfinished tag or text is searched again with each piece: bound it, so a part made of
    // one endless text cannot make that quadratic (a cell holds at most 32,767 characters).
    if (buffer.length - at > MAX_PENDING_CHARS) this.fail(at, '单个标记或文字过长（超过 100 万个字符）');
    this.position = at;
  }

  private tag(body: string, at: number): void {
    if (body.charCodeAt(0) === 47 /* / */) {
      const name = localName(body.slice(1).trim());
      const open = this.stack.pop();
      if (open !== name) {
        this.fail(at, open === undefined ? `多余的结束标记 </${name}>` : `</${name}> 与 <${open}> 不匹配`);
      }
      this.events.close(name);
      return;
    }
    const isSelfClosing = body.charCodeAt(body.length - 1) === 47;
    const content = isSelfClosing ? body.slice(0, -1) : body;
    let nameEnd = 0;
    while (nameEnd < content.length && !isSpace(content.charCodeAt(nameEnd))) nameEnd += 1;
    const rawName = content.slice(0, nameEnd);
    if (!rawName) this.fail(at, '缺少元素名');
    if (this.stack.length === 0) {
      if (this.hasRoot) this.fail(at, '有多个根元素');
      this.hasRoot = true;
    }
    const attributes = this.attributes(content, nameEnd, at, rawName);
    const name = localName(rawName);
    this.events.open(name, attributes);
    if (isSelfClosing) this.events.close(name);
    else if (this.stack.push(name) > MAX_DEPTH) this.fail(at, `元素嵌套超过 ${MAX_DEPTH} 层`);
  }

  private invalidAttributes(at: number, tagName: string): never {
    this.fail(at, `<${tagName}> 的属性无法解析`);
  }

  /** Parses `name="value"` pairs by hand: this runs for every cell, so it avoids regular expressions. */
  private attributes(content: string, from: number, at: number, tagName: string): Record<string, string> {
    const attributes: Record<string, string> = {};
    const length = content.length;
    let index = from;
    for (;;) {
      while (index < length && isSpace(content.charCodeAt(index))) index += 1;
      if (index >= length) return attributes;
      const nameStart = index;
      while (index < length) {
        const code = content.charCodeAt(index);
        if (code === 61 /* = */ || isSpace(code)) break;
        index += 1;
      }
      const name = content.slice(nameStart, index);
      while (index < length && isSpace(content.charCodeAt(index))) index += 1;
      if (content.charCodeAt(index) !== 61) this.invalidAttributes(at, tagName);
      index += 1;
      while (index < length && isSpace(content.charCodeAt(index))) index += 1;
      const quote = content[index];
      if (quote !== '"' && quote !== "'") this.invalidAttributes(at, tagName);
      const close = content.indexOf(quote!, index + 1);
      if (close < 0) this.invalidAttributes(at, tagName);
      attributes[localName(name)] = this.decode(content.slice(index + 1, close), at);
      index = close + 1;
      if (index < length && !isSpace(content.charCodeAt(index))) this.invalidAttributes(at, tagName);
    }
  }
}
