/**
 * Chinese numerals as documents write them in headings and names ("第十二巡察组", "（三）"),
 * for the small positive integers the demo generator needs.
 */

const digits = ['零', '一', '二', '三', '四', '五', '六', '七', '八', '九'];

/** 1 → "一", 10 → "十", 12 → "十二", 20 → "二十", 105 → "一百零五"; integers 1–999. */
export function toChineseNumeral(value: number): string {
  if (!Number.isInteger(value) || value < 1 || value > 999) {
    throw new RangeError(`toChineseNumeral supports 1–999, got ${value}`);
  }
  const hundreds = Math.floor(value / 100);
  const tens = Math.floor((value % 100) / 10);
  const ones = value % 10;
  let text = hundreds > 0 ? `${digits[hundreds]}百` : '';
  if (tens > 0) text += tens === 1 && hundreds === 0 ? '十' : `${digits[tens]}十`;
  else if (hundreds > 0 && ones > 0) text += '零';
  if (ones > 0) text += digits[ones];
  return text;
}
