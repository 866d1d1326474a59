/**
 * Saved web pages: the article's text with its line breaks. A small tolerant scanner (no DOM):
 * drops scripts, styles, comments, navigation and page furniture, turns block elements into line
 * breaks and tables into rows, and removes lines made only of short link text (menus, breadcrumbs,
 * related links). Linear in the page size; malformed markup never throws.
 */
import iconv from 'iconv-lite';
import { tableToLines } from './table-text.ts';

/** Elements whose content is never article text. */
const SKIPPED = new Set([
  'script',
  'style',
  'noscript',
  'template',
  'svg',
  'head',
  'iframe',
  'object',
  'select',
  'textarea',
  'button',
  'nav',
  'aside',
  'canvas',
  'video',
  'audio',
  'map',
]);
/** Elements that break lines. */
const BLOCKS = new Set([
  'p',
  'div',
  'br',
  'li',
  'ul',
  'ol',
  'dl',
  'dd',
  'dt',
  'h1',
  'h2',
  'h3',
  'h4',
  'h5',
  'h6',
  'section',
  'article',
  'header',
  'footer',
  'blockquote',
  'pre',
  'hr',
  'center',
  'form',
  'fieldset',
  'address',
  'figure',
  'figcaption',
  'main',
  'caption',
]);
/** Void elements never have a closing tag. */
const VOID = new Set([
  'br',
  'hr',
  'img',
  'input',
  'meta',
  'link',
  'area',
  'base',
  'col',
  'embed',
  'source',
  'wbr',
]);

const LINK_START = '\u0001';
const LINK_END = '\u0002';
/** Lines made only of link text and at most this long are navigation. */
const LINK_LINE_MAX = 40;

const NAMED_ENTITIES: Record<string, string> = {
  nbsp: ' ',
  ensp: ' ',
  emsp: ' ',
  thinsp: ' ',
  lt: '<',
  gt: '>',
  amp: '&',
  quot: '"',
  apos: "'",
  ldquo: '“',
  rdquo: '”',
  lsquo: '‘',
  rsquo: '’',
  mdash: '—',
  ndash: '–',
  hellip: '…',
  middot: '·',
  bull: '•',
  times: '×',
  copy: '©',
  reg: '®',
  laquo: '«',
  raquo: '»',
  yen: '¥',
};

/** Decodes character references; unknown ones stay as written. */
export function decodeEntities(text: string): string {
  if (!text.includes('&')) return text;
  return text.replace(/&(#\d{1,7}|#[xX][0-9a-fA-F]{1,6}|[a-zA-Z]{2,8});/g, (whole, body: string) => {
    if (body.startsWith('#')) {
      const code =
        body[1] === 'x' || body[1] === 'X' ? parseInt(body.slice(2), 16) : parseInt(body.slice(1), 10);
      return code > 0 && code <= 0x10ffff && (code < 0xd800 || code > 0xdfff)
        ? String.fromCodePoint(code)
        : '';
    }
    return NAMED_ENTITIES[body.toLowerCase()] ?? whole;
  });
}

/** Decodes page bytes by BOM, then <meta charset>, then UTF-8 with a GB18030 fallback. */
export function decodeHtmlBytes(bytes: Uint8Array): string {
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return buffer.subarray(3).toString('utf8');
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return iconv.decode(buffer.subarray(2), 'utf-16le');
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return iconv.decode(buffer.subarray(2), 'utf-16be');
  const head = buffer.subarray(0, 4096).toString('latin1');
  const declared = /<meta[^>]{0,300}?charset\s*=\s*["']?\s*([A-Za-z0-9_-]{2,20})/i
    .exec(head)?.[1]
    ?.toLowerCase();
  if (declared && /^(?:gb2312|gbk|gb18030|x-gbk|cp936)$/.test(declared))
    return iconv.decode(buffer, 'gb18030');
  if (declared && declared !== 'utf-8' && declared !== 'utf8' && iconv.encodingExists(declared)) {
    return iconv.decode(buffer, declared);
  }
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return iconv.decode(buffer, 'gb18030');
  }
}

interface TableContext {
  rows: string[][];
  row: string[] | null;
  cell: string[] | null;
}

const TAG_NAME = /<\/?([a-zA-Z][a-zA-Z0-9:-]{0,30})/y;

/** Article text of an HTML page (already decoded), one paragraph per line. */
export function htmlToText(page: string): string {
  // The link marks below are control characters; a page's own must not be mistaken for them.
  const html = page.replace(/[\u0001\u0002]/g, '');
  const main: string[] = [];
  const tables: TableContext[] = [];
  let skipUntil: string | null = null;
  let skipDepth = 0;
  let linkDepth = 0;

  const sink = (): string[] => {
    const table = tables[tables.length - 1];
    if (!table) return main;
    if (!table.cell) {
      table.row ??= [];
      table.cell = [];
    }
    return table.cell;
  };
  const closeCell = (table: TableContext): void => {
    if (table.cell) {
      table.row ??= [];
      table.row.push(table.cell.join(''));
      table.cell = null;
    }
  };
  const closeRow = (table: TableContext): void => {
    closeCell(table);
    if (table.row) table.rows.push(table.row);
    table.row = null;
  };

  let index = 0;
  while (index < html.length) {
    const open = html.indexOf('<', index);
    const textEnd = open === -1 ? html.length : open;
    if (textEnd > index && skipUntil === null) {
      const text = decodeEntities(html.slice(index, textEnd)).replace(/\s+/g, ' ');
      if (text.trim() !== '') sink().push(linkDepth > 0 ? LINK_START + text + LINK_END : text);
      else if (text !== '') sink().push(' ');
    }
    if (open === -1) break;
    if (html.startsWith('<!--', open)) {
      const close = html.indexOf('-->', open + 4);
      index = close === -1 ? html.length : close + 3;
      continue;
    }
    TAG_NAME.lastIndex = open;
    const match = TAG_NAME.exec(html);
    const close = html.indexOf('>', open + 1);
    if (!match) {
      // A stray "<" (or a declaration such as <!DOCTYPE>): keep a stray one as text.
      if (html[open + 1] === '!' || html[open + 1] === '?') {
        index = close === -1 ? html.length : close + 1;
      } else {
        if (skipUntil === null) sink().push('<');
        index = open + 1;
      }
      continue;
    }
    index = close === -1 ? html.length : close + 1;
    const name = match[1]!.toLowerCase();
    const isEnd = html[open + 1] === '/';
    const selfClosing = close !== -1 && html[close - 1] === '/';

    if (skipUntil !== null) {
      if (name === skipUntil) {
        if (isEnd) skipDepth--;
        else if (!selfClosing) skipDepth++;
        if (skipDepth === 0) skipUntil = null;
      }
      continue;
    }
    if (SKIPPED.has(name) && !isEnd && !selfClosing && !VOID.has(name)) {
      skipUntil = name;
      skipDepth = 1;
      continue;
    }
    if (name === 'a') {
      linkDepth = isEnd ? Math.max(0, linkDepth - 1) : selfClosing ? linkDepth : linkDepth + 1;
      continue;
    }
    if (name === 'table') {
      if (!isEnd) {
        tables.push({ rows: [], row: null, cell: null });
      } else {
        const table = tables.pop();
        if (table) {
          closeRow(table);
          const lines = tableToLines(table.rows.map((row) => row.map(cellText)));
          sink().push('\n', lines.join('\n'), '\n');
        }
      }
      continue;
    }
    const table = tables[tables.length - 1];
    if (table && (name === 'tr' || name === 'td' || name === 'th')) {
      if (name === 'tr') closeRow(table);
      else closeCell(table);
      if (!isEnd && name !== 'tr') {
        table.row ??= [];
        table.cell = [];
      }
      continue;
    }
    if (BLOCKS.has(name)) sink().push('\n');
  }
  while (tables.length > 0) {
    const table = tables.pop()!;
    closeRow(table);
    const lines = tableToLines(table.rows.map((row) => row.map(cellText)));
    sink().push('\n', lines.join('\n'), '\n');
  }
  return finishLines(main.join(''));
}

/** Cell text with its link marks resolved and its lines trimmed. */
function cellText(cell: string): string {
  return finishLines(cell);
}

/** Drops lines that are only short link text, strips link marks, trims lines. */
function finishLines(text: string): string {
  const lines: string[] = [];
  for (const raw of text.split('\n')) {
    const withoutLinks = raw.replace(/\u0001[^\u0002]*\u0002?/g, '');
    const plain = raw.replace(/[\u0001\u0002]/g, '').trim();
    if (plain === '') continue;
    if (withoutLinks.trim() === '' && plain.length <= LINK_LINE_MAX) continue;
    lines.push(plain);
  }
  return lines.join('\n');
}

/** Text of a saved web page file. */
export function readHtmlText(bytes: Uint8Array): string {
  return htmlToText(decodeHtmlBytes(bytes));
}
