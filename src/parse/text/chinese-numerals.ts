/** Chinese numerals as they appear in headings, counts and dates: 一 … 九十九, 〇/零 digits, 两. */

const DIGITS: Record<string, number> = {
  零: 0,
  〇: 0,
  '○': 0,
  Ｏ: 0,
  一: 1,
  二: 2,
  两: 2,
  三: 3,
  四: 4,
  五: 5,
  六: 6,
  七: 7,
  八: 8,
  九: 9,
};

/** Value of a numeral such as 三, 十二, 二十, 二十三, 一百零五; digit strings pass through; else null. */
export function parseChineseNumeral(text: string): number | null {
  if (text === '') return null;
  if (/^\d+$/.test(text)) return Number(text);
  let total = 0;
  let current = 0;
  let seenUnit = false;
  for (const char of text) {
    const digit = DIGITS[char];
    if (digit !== undefined) {
      current = current * 10 + digit;
      continue;
    }
    if (char === '十' || char === '百') {
      const unit = char === '十' ? 10 : 100;
      total += (current === 0 ? 1 : current) * unit;
      current = 0;
      seenUnit = true;
      continue;
    }
    return null;
  }
  return seenUnit ? total + current : current;
}

/** A year written digit by digit in Chinese (二〇二一) as a number, or null. */
export function parseChineseYear(text: string): number | null {
  if (/^\d{4}$/.test(text)) return Number(text);
  if (text.length !== 4) return null;
  let year = 0;
  for (const char of text) {
    const digit = DIGITS[char];
    if (digit === undefined) return null;
    year = year * 10 + digit;
  }
  return year;
}
