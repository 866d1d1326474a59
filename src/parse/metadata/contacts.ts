/**
 * Contact channels for public feedback (联系电话, 电子邮箱, 地址/邮政信箱, 邮编), kept as written.
 * Scans by hand around '@' and digits rather than with open-ended regexes, so a 10 MB line of
 * letters costs linear time.
 */
import type { ParsedDocument } from '../parsed-document.schema.ts';
import type { SourceLine } from '../structure/outline.ts';

export type Contact = ParsedDocument['contact'];

const PHONE_CUE = /电话|热线|手机|联系方式|座机|tel|Tel|TEL/;
const PHONE =
  /[(]?0\d{2,3}[)]?[- —]?\d{7,8}(?:[-转]\d{1,5})?|(?<!\d)1[3-9]\d{9}(?!\d)|(?<!\d)(?:400|800)[- ]?\d{3}[- ]?\d{4}(?!\d)|(?<![\d@.])\d{7,8}(?![\d@.])|(?<!\d)12345(?!\d)/g;
const POSTCODE = /(?:邮\s?编|邮政编码)\s?[:]?\s?(\d{6})(?!\d)/;
const ADDRESS = /(?:通信地址|通讯地址|联系地址|邮寄地址|来信地址|地址|邮政信箱|来信请寄|信函请寄)\s?[:]?\s?/;
const ADDRESS_END = /[;。]|邮\s?编|邮政编码|电话|电子邮箱|邮箱|e-?mail|Email|E-mail/;

function isEmailChar(code: number): boolean {
  return (
    (code >= 0x30 && code <= 0x39) ||
    (code >= 0x41 && code <= 0x5a) ||
    (code >= 0x61 && code <= 0x7a) ||
    code === 0x2e ||
    code === 0x5f ||
    code === 0x2d ||
    code === 0x2b ||
    code === 0x25
  );
}

/** E-mail addresses in a text (as written in `text`, found through the same-length `key`). */
export function findEmails(text: string, key: string): string[] {
  const emails: string[] = [];
  for (let at = key.indexOf('@'); at !== -1; at = key.indexOf('@', at + 1)) {
    let start = at;
    while (start > 0 && at - start < 64 && isEmailChar(key.charCodeAt(start - 1))) start--;
    let end = at + 1;
    while (end < key.length && end - at < 255 && isEmailChar(key.charCodeAt(end))) end++;
    while (end > at + 1 && key.charCodeAt(end - 1) === 0x2e) end--;
    const domain = key.slice(at + 1, end);
    if (start < at && /^[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}$/.test(domain)) {
      emails.push(text.slice(start, end));
    }
  }
  return emails;
}

/** Contact details from the lines that carry them. */
export function readContact(lines: SourceLine[]): Contact {
  const phones: string[] = [];
  const emails: string[] = [];
  let address: string | null = null;
  let postcode: string | null = null;
  for (const { text, key } of lines) {
    if (key.includes('@'))
      for (const email of findEmails(text, key)) if (!emails.includes(email)) emails.push(email);
    if (key.length > 2000) continue;
    if (PHONE_CUE.test(key)) {
      for (const match of key.matchAll(PHONE)) {
        const phone = text.slice(match.index, match.index + match[0].length).trim();
        if (!phones.includes(phone)) phones.push(phone);
      }
    }
    postcode ??= POSTCODE.exec(key)?.[1] ?? null;
    if (address === null) {
      const cue = ADDRESS.exec(key);
      if (cue && !/^(?:IP|网站|网页|链接)/.test(key.slice(cue.index - 2, cue.index))) {
        const start = cue.index + cue[0].length;
        const rest = key.slice(start);
        const end = ADDRESS_END.exec(rest);
        const value = text
          .slice(start, start + (end ? end.index : rest.length))
          .replace(/[,，、\s]+$/, '')
          .trim();
        if (value.length >= 4 && value.length <= 80) address = value;
      }
    }
  }
  return { phones, emails, address, postcode };
}
