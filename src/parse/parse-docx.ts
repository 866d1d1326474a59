/**
 * Word .docx files: paragraphs in document order with their automatic numbering written out
 * ("一、", "（一）", "1." as Word would display them), and tables row by row (ledger tables become
 * labelled items, see table-text.ts). Reads word/document.xml with a linear tag scanner; falls back
 * to mammoth's raw text if the package has an unexpected shape.
 */
import JSZip from 'jszip';
import mammoth from 'mammoth';
import { DocumentParseError } from './document-parse-error.ts';
import { decodeEntities } from './parse-html.ts';
import { tableToLines } from './table-text.ts';

/** Largest word/document.xml accepted once inflated, in bytes. */
const MAX_BODY_BYTES = 200 * 1024 * 1024;

interface Level {
  start: number;
  format: string;
  text: string;
}

interface Numbering {
  /** numId → abstract levels by ilvl, with start overrides applied. */
  levels: Map<string, Map<number, Level>>;
}

const ATTRIBUTE = /\b([\w:]+)="([^"]*)"/g;

function attributesOf(tag: string): Map<string, string> {
  const attributes = new Map<string, string>();
  for (const match of tag.matchAll(ATTRIBUTE)) attributes.set(match[1]!, match[2]!);
  return attributes;
}

interface Tag {
  name: string;
  isEnd: boolean;
  selfClosing: boolean;
  raw: string;
  /** Text before this tag since the previous one. */
  textBefore: string;
}

/** Yields the tags of an XML document in order, with the text that precedes each. */
function* scanTags(xml: string): Generator<Tag> {
  let index = 0;
  while (index < xml.length) {
    const open = xml.indexOf('<', index);
    if (open === -1) return;
    const close = xml.indexOf('>', open + 1);
    if (close === -1) return;
    const raw = xml.slice(open, close + 1);
    const textBefore = xml.slice(index, open);
    index = close + 1;
    if (raw.startsWith('<?') || raw.startsWith('<!')) continue;
    const isEnd = raw[1] === '/';
    const nameEnd = raw.slice(isEnd ? 2 : 1).search(/[\s/>]/);
    const name = raw.slice(isEnd ? 2 : 1, (isEnd ? 2 : 1) + (nameEnd === -1 ? raw.length : nameEnd));
    yield { name, isEnd, selfClosing: raw.endsWith('/>'), raw, textBefore };
  }
}

function readNumbering(xml: string | null): Numbering {
  const levels = new Map<string, Map<number, Level>>();
  if (!xml) return { levels };
  const abstract = new Map<string, Map<number, Level>>();
  const nums = new Map<string, { abstractId: string; overrides: Map<number, number> }>();
  let currentAbstract: Map<number, Level> | null = null;
  let currentLevel: Level | null = null;
  let currentNum: { abstractId: string; overrides: Map<number, number> } | null = null;
  let overrideLevel: number | null = null;
  for (const tag of scanTags(xml)) {
    if (tag.isEnd) {
      if (tag.name === 'w:abstractNum') currentAbstract = null;
      if (tag.name === 'w:lvl') currentLevel = null;
      if (tag.name === 'w:num') currentNum = null;
      if (tag.name === 'w:lvlOverride') overrideLevel = null;
      continue;
    }
    const attributes = attributesOf(tag.raw);
    switch (tag.name) {
      case 'w:abstractNum':
        currentAbstract = new Map();
        abstract.set(attributes.get('w:abstractNumId') ?? '', currentAbstract);
        break;
      case 'w:lvl':
        if (currentAbstract && overrideLevel === null) {
          currentLevel = { start: 1, format: 'decimal', text: '' };
          currentAbstract.set(Number(attributes.get('w:ilvl') ?? 0), currentLevel);
        }
        break;
      case 'w:start':
        if (currentLevel) currentLevel.start = Number(attributes.get('w:val') ?? 1);
        break;
      case 'w:numFmt':
        if (currentLevel) currentLevel.format = attributes.get('w:val') ?? 'decimal';
        break;
      case 'w:lvlText':
        if (currentLevel) currentLevel.text = decodeEntities(attributes.get('w:val') ?? '');
        break;
      case 'w:num':
        currentNum = { abstractId: '', overrides: new Map() };
        nums.set(attributes.get('w:numId') ?? '', currentNum);
        break;
      case 'w:abstractNumId':
        if (currentNum) currentNum.abstractId = attributes.get('w:val') ?? '';
        break;
      case 'w:lvlOverride':
        overrideLevel = Number(attributes.get('w:ilvl') ?? 0);
        break;
      case 'w:startOverride':
        if (currentNum && overrideLevel !== null)
          currentNum.overrides.set(overrideLevel, Number(attributes.get('w:val') ?? 1));
        break;
    }
  }
  for (const [numId, num] of nums) {
    const base = abstract.get(num.abstractId);
    if (!base) continue;
    const merged = new Map<number, Level>();
    for (const [ilvl, level] of base)
      merged.set(ilvl, { ...level, start: num.overrides.get(ilvl) ?? level.start });
    levels.set(numId, merged);
  }
  return { levels };
}

/** numId/ilvl that paragraph styles carry (headings numbered through their style). */
function readStyleNumbering(xml: string | null): Map<string, { numId: string; ilvl: number }> {
  const styles = new Map<string, { numId: string; ilvl: number }>();
  if (!xml) return styles;
  let styleId: string | null = null;
  let numId: string | null = null;
  let ilvl = 0;
  for (const tag of scanTags(xml)) {
    if (tag.name === 'w:style') {
      if (tag.isEnd) {
        if (styleId && numId) styles.set(styleId, { numId, ilvl });
        styleId = null;
        numId = null;
        ilvl = 0;
      } else styleId = attributesOf(tag.raw).get('w:styleId') ?? null;
    } else if (styleId && tag.name === 'w:numId') numId = attributesOf(tag.raw).get('w:val') ?? null;
    else if (styleId && tag.name === 'w:ilvl') ilvl = Number(attributesOf(tag.raw).get('w:val') ?? 0);
  }
  return styles;
}

const CHINESE_DIGITS = ['零', '一', '二', '三', '四', '五', '六', '七', '八', '九'];

function chineseCount(value: number): string {
  if (value < 10) return CHINESE_DIGITS[value]!;
  if (value < 100) {
    const tens = Math.floor(value / 10);
    const ones = value % 10;
    return `${tens === 1 ? '' : CHINESE_DIGITS[tens]}十${ones === 0 ? '' : CHINESE_DIGITS[ones]}`;
  }
  return String(value);
}

function roman(value: number): string {
  const table: Array<[number, string]> = [
    [1000, 'M'],
    [900, 'CM'],
    [500, 'D'],
    [400, 'CD'],
    [100, 'C'],
    [90, 'XC'],
    [50, 'L'],
    [40, 'XL'],
    [10, 'X'],
    [9, 'IX'],
    [5, 'V'],
    [4, 'IV'],
    [1, 'I'],
  ];
  let rest = value;
  let out = '';
  for (const [amount, letters] of table) {
    while (rest >= amount) {
      out += letters;
      rest -= amount;
    }
  }
  return out;
}

/** A counter value in a Word number format. */
export function formatNumber(value: number, format: string): string {
  if (
    /^(?:chineseCounting|chineseCountingThousand|chineseLegalSimplified|ideographTraditional|taiwaneseCounting|taiwaneseCountingThousand|japaneseCounting|ideographLegalTraditional)$/.test(
      format,
    )
  ) {
    return chineseCount(value);
  }
  if (/^decimalEnclosedCircle/.test(format) && value >= 1 && value <= 20)
    return String.fromCharCode(0x2460 + value - 1);
  if (format === 'decimalFullWidth' || format === 'decimalFullWidth2') {
    return String(value).replace(/\d/g, (digit) => String.fromCharCode(0xff10 + Number(digit)));
  }
  if (format === 'upperLetter' || format === 'lowerLetter') {
    const letter = String.fromCharCode(0x41 + ((value - 1) % 26));
    return format === 'upperLetter' ? letter : letter.toLowerCase();
  }
  if (format === 'upperRoman') return roman(value);
  if (format === 'lowerRoman') return roman(value).toLowerCase();
  if (format === 'bullet' || format === 'none') return '';
  return String(value);
}

/** Keeps list counters per numId and renders each numbered paragraph's marker. */
class NumberingCounter {
  private readonly counters = new Map<string, number[]>();

  constructor(private readonly numbering: Numbering) {}

  marker(numId: string, ilvl: number): string {
    const levels = this.numbering.levels.get(numId);
    const level = levels?.get(ilvl);
    if (!levels || !level || level.format === 'bullet' || level.format === 'none') return '';
    const counts = this.counters.get(numId) ?? [];
    for (let depth = 0; depth < ilvl; depth++) counts[depth] ??= (levels.get(depth)?.start ?? 1) - 1;
    counts[ilvl] = (counts[ilvl] ?? level.start - 1) + 1;
    counts.length = ilvl + 1;
    this.counters.set(numId, counts);
    return level.text.replace(/%([1-9])/g, (_, digit: string) => {
      const depth = Number(digit) - 1;
      const format = levels.get(depth)?.format ?? 'decimal';
      return formatNumber(Math.max(counts[depth] ?? 1, 1), format);
    });
  }
}

interface TableBuilder {
  rows: string[][];
  row: string[] | null;
  cell: string[] | null;
}

/** Text of word/document.xml: paragraphs in order (with numbering), tables row by row. */
export function documentXmlToText(
  xml: string,
  numbering: Numbering,
  styles: Map<string, { numId: string; ilvl: number }>,
): string {
  const counter = new NumberingCounter(numbering);
  const out: string[] = [];
  const tables: TableBuilder[] = [];
  let paragraph: string[] | null = null;
  let numId: string | null = null;
  let ilvl = 0;
  let styleId: string | null = null;
  let inText = false;
  let skipDepth = 0;
  let inProperties = 0;

  const emit = (line: string): void => {
    const table = tables[tables.length - 1];
    if (table?.cell) table.cell.push(line);
    else out.push(line);
  };

  for (const tag of scanTags(xml)) {
    if (inText && paragraph && skipDepth === 0) paragraph.push(decodeEntities(tag.textBefore));
    if (skipDepth > 0) {
      if (tag.name === 'mc:Fallback' || tag.name === 'w:del') {
        if (tag.isEnd) skipDepth--;
        else if (!tag.selfClosing) skipDepth++;
      }
      continue;
    }
    switch (tag.name) {
      case 'mc:Fallback':
      case 'w:del':
        if (!tag.isEnd && !tag.selfClosing) skipDepth = 1;
        break;
      case 'w:p':
        if (!tag.isEnd) {
          paragraph = [];
          numId = null;
          ilvl = 0;
          styleId = null;
          if (tag.selfClosing) paragraph = null;
        } else if (paragraph) {
          const text = paragraph.join('');
          const numbered = numId ?? (styleId ? styles.get(styleId)?.numId : undefined);
          const level = numId !== null ? ilvl : styleId ? (styles.get(styleId)?.ilvl ?? 0) : 0;
          const marker =
            numbered && numbered !== '0' && text.trim() !== '' ? counter.marker(numbered, level) : '';
          emit(marker + text);
          paragraph = null;
        }
        break;
      case 'w:pPr':
        inProperties += tag.isEnd ? -1 : tag.selfClosing ? 0 : 1;
        break;
      case 'w:pStyle':
        if (inProperties > 0) styleId = attributesOf(tag.raw).get('w:val') ?? null;
        break;
      case 'w:numId':
        if (inProperties > 0) numId = attributesOf(tag.raw).get('w:val') ?? null;
        break;
      case 'w:ilvl':
        if (inProperties > 0) ilvl = Number(attributesOf(tag.raw).get('w:val') ?? 0);
        break;
      case 'w:t':
        inText = !tag.isEnd && !tag.selfClosing;
        break;
      case 'w:tab':
        if (paragraph && inProperties === 0) paragraph.push(' ');
        break;
      case 'w:br':
      case 'w:cr':
        if (paragraph) paragraph.push('\n');
        break;
      case 'w:tbl':
        if (!tag.isEnd) tables.push({ rows: [], row: null, cell: null });
        else {
          const table = tables.pop();
          if (table) emit(tableToLines(table.rows).join('\n'));
        }
        break;
      case 'w:tr': {
        const table = tables[tables.length - 1];
        if (!table) break;
        if (!tag.isEnd) table.row = [];
        else if (table.row) {
          table.rows.push(table.row);
          table.row = null;
        }
        break;
      }
      case 'w:tc': {
        const table = tables[tables.length - 1];
        if (!table) break;
        if (!tag.isEnd) table.cell = [];
        else if (table.cell) {
          (table.row ??= []).push(table.cell.join('\n'));
          table.cell = null;
        }
        break;
      }
    }
  }
  return out.join('\n');
}

function corrupt(fileName: string, what: string, english: string, cause?: unknown): DocumentParseError {
  return new DocumentParseError(
    'corrupt_file',
    fileName,
    `文件“${fileName}”已损坏或不是有效的 Word 文档（${what}）。`,
    `${fileName} is not a valid .docx: ${english}`,
    { cause },
  );
}

function rethrowTooLarge(error: unknown): void {
  if (error instanceof DocumentParseError) throw error;
}

/** JSZip's per-entry stream (present at runtime, missing from its type declarations). */
interface EntryStream {
  on(event: 'data', listener: (chunk: Uint8Array) => void): EntryStream;
  on(event: 'error', listener: (error: Error) => void): EntryStream;
  on(event: 'end', listener: () => void): EntryStream;
  pause(): EntryStream;
  resume(): EntryStream;
}

function tooLarge(fileName: string, bytes: number): DocumentParseError {
  return new DocumentParseError(
    'too_large',
    fileName,
    `文件“${fileName}”解压后过大（超过 ${Math.round(MAX_BODY_BYTES / 1024 / 1024)} MB），无法解析。`,
    `${fileName}: the package inflates past ${MAX_BODY_BYTES} bytes (${bytes} so far)`,
  );
}

/**
 * Inflates one entry chunk by chunk and stops as soon as the shared budget is spent: a zip's
 * headers may understate sizes, so only the bytes actually produced are trusted.
 */
function inflateBounded(
  entry: JSZip.JSZipObject,
  budget: { remaining: number },
  fileName: string,
): Promise<Uint8Array> {
  return new Promise((resolve, reject) => {
    const chunks: Uint8Array[] = [];
    let size = 0;
    let isSettled = false;
    const stream = (entry as unknown as { internalStream(type: 'uint8array'): EntryStream }).internalStream(
      'uint8array',
    );
    stream
      .on('data', (chunk) => {
        if (isSettled) return;
        size += chunk.length;
        if (size > budget.remaining) {
          isSettled = true;
          stream.pause();
          reject(tooLarge(fileName, size));
          return;
        }
        chunks.push(chunk);
      })
      .on('error', (error) => {
        if (isSettled) return;
        isSettled = true;
        reject(error);
      })
      .on('end', () => {
        if (isSettled) return;
        isSettled = true;
        budget.remaining -= size;
        resolve(Buffer.concat(chunks));
      })
      .resume();
  });
}

async function readEntryText(
  zip: JSZip,
  name: string,
  budget: { remaining: number },
  fileName: string,
): Promise<string | null> {
  const entry = zip.file(name);
  if (!entry) return null;
  return new TextDecoder().decode(await inflateBounded(entry, budget, fileName));
}

/** Text of a .docx file. */
export async function readDocxText(bytes: Uint8Array, fileName: string): Promise<string> {
  let zip: JSZip;
  try {
    zip = await JSZip.loadAsync(bytes);
  } catch (error) {
    throw corrupt(fileName, '无法解压', 'cannot unzip', error);
  }
  const documentFile = zip.file('word/document.xml');
  if (!documentFile) throw corrupt(fileName, '缺少正文 word/document.xml', 'no word/document.xml');
  // The declared sizes refuse an honest bomb before any inflating; inflateBounded catches a lying one.
  let declaredTotal = 0;
  zip.forEach((_path, entry) => {
    declaredTotal +=
      (entry as unknown as { _data?: { uncompressedSize?: number } })._data?.uncompressedSize ?? 0;
  });
  if (declaredTotal > MAX_BODY_BYTES) throw tooLarge(fileName, declaredTotal);
  const budget = { remaining: MAX_BODY_BYTES };
  try {
    const documentXml = (await readEntryText(zip, 'word/document.xml', budget, fileName)) ?? '';
    const numberingXml = await readEntryText(zip, 'word/numbering.xml', budget, fileName);
    const stylesXml = await readEntryText(zip, 'word/styles.xml', budget, fileName);
    const text = documentXmlToText(documentXml, readNumbering(numberingXml), readStyleNumbering(stylesXml));
    if (text.trim() !== '') return text;
  } catch (error) {
    if (error instanceof DocumentParseError) throw error;
    // Fall through to mammoth, which reads some packages this scanner does not expect.
  }
  // mammoth inflates the package again without a bound: first prove every part inflates within it.
  const fallbackBudget = { remaining: MAX_BODY_BYTES };
  const parts: JSZip.JSZipObject[] = [];
  zip.forEach((_path, entry) => {
    if (!entry.dir) parts.push(entry);
  });
  for (const part of parts) await inflateBounded(part, fallbackBudget, fileName).catch(rethrowTooLarge);
  try {
    const result = await mammoth.extractRawText({ buffer: Buffer.from(bytes) });
    return result.value;
  } catch (error) {
    throw corrupt(fileName, '无法读取正文', 'cannot read the document body', error);
  }
}
