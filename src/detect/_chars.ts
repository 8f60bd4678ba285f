// Character classes for the single pass. Full-width forms (Ｕ+FF01–FF5E, ideographic space)
// fold to ASCII so '１３８…' is read like '138…' while offsets stay those of the original text.

/** ASCII code of `c`, folding full-width ASCII forms and U+3000; other codes unchanged. */
export function fold(c: number): number {
  if (c >= 0xff01 && c <= 0xff5e) return c - 0xfee0;
  return c === 0x3000 ? 32 : c;
}

/** Folded code of text[i], or -1 past either end. */
export function at(text: string, i: number): number {
  return i < 0 || i >= text.length ? -1 : fold(text.charCodeAt(i));
}

export const isDigit = (c: number): boolean => c >= 48 && c <= 57;
export const isUpper = (c: number): boolean => c >= 65 && c <= 90;
export const isLower = (c: number): boolean => c >= 97 && c <= 122;
export const isAlnum = (c: number): boolean => isDigit(c) || isUpper(c) || isLower(c);
export const isHex = (c: number): boolean => isDigit(c) || (c >= 65 && c <= 70) || (c >= 97 && c <= 102);
/** CJK Unified Ideographs (basic block), where every name and place character of GB 2312 lives. */
export const isHan = (c: number): boolean => c >= 0x4e00 && c <= 0x9fff;

// Class bits of a UTF-16 code unit, for the character loops: one table load instead of the fold
// and range comparisons per character. Bits 0-7 are left to the scanner's trigger table.
export const ALNUM = 0x100;
export const DIGIT = 0x200;
export const AT_SIGN = 0x400;
/** A full-width form (Ｕ+FF01–FF5E): a run without one needs no folding. */
export const WIDE = 0x800;
let classes: Uint16Array | undefined;

/** ALNUM, DIGIT and AT_SIGN bits of every code unit (ASCII and full-width alike); built on first use. */
export function charClasses(): Uint16Array {
  if (classes) return classes;
  const t = new Uint16Array(0x10000);
  for (let c = 0; c < 0x80; c++) t[c] = (isAlnum(c) ? ALNUM : 0) | (isDigit(c) ? DIGIT : 0) | (c === 64 ? AT_SIGN : 0);
  for (let c = 0xff01; c <= 0xff5e; c++) t[c] = t[c - 0xfee0]! | WIDE;
  return (classes = t);
}

/** The folded ASCII string of text[start, end). */
export function foldedSlice(text: string, start: number, end: number): string {
  let wide = false;
  for (let i = start; i < end && !wide; i++) wide = text.charCodeAt(i) >= 0xff01;
  if (!wide) return text.slice(start, end);
  let s = '';
  for (let i = start; i < end; i++) s += String.fromCharCode(fold(text.charCodeAt(i)));
  return s;
}

/** Start of a word glued to the end of text[s, e) ("…5678Thanks", "…002Xthx"): [A-Z]?[a-z]+ of 2+ letters, else e. */
export function trimWordEnd(text: string, s: number, e: number): number {
  if (!isLower(at(text, e - 1))) return e;
  let w = e - 1;
  while (w > s && isLower(at(text, w - 1))) w--;
  if (w > s && isUpper(at(text, w - 1))) w--;
  return e - w >= 2 && w > s ? w : e;
}

// Words that label a number when glued to it ("tel13812345678"). Any other letters in front
// ("sf…", "order…", "abc…") make the run one token, as in a tracking or order number.
const LABELS = ['tel', 'phone', 'mobile', 'mob', 'cell', 'call', 'contact', 'fax', 'no', 'num', 'id', 'qq', 'wx', 'vx', 'wechat', 'card'];

/**
 * Whether text[s, w) (letters) is one of LABELS in any case, compared in place: this runs for every
 * letters-then-digits run (li.na152@…), where slicing and lower-casing cost more than the rest.
 * Full-width letters never match (`ｔｅｌ` lower-cased is not `tel`), as before.
 */
function isLabelWord(text: string, s: number, w: number): boolean {
  const n = w - s;
  next: for (const l of LABELS) {
    if (l.length !== n) continue;
    for (let k = 0; k < n; k++) if ((text.charCodeAt(s + k) | 32) !== l.charCodeAt(k)) continue next;
    return true;
  }
  return false;
}

/** End of a label word glued to the start of text[s, e) ("tel138…", "Tel138…", "QQ…"), else s. */
export function trimWordStart(text: string, s: number, e: number): number {
  // e <= text.length: every read is in range. (c | 32) is a lower-case letter exactly when c is a letter.
  let w = s;
  for (; w < e && w - s < 8; w++) {
    const c = fold(text.charCodeAt(w)) | 32;
    if (c < 97 || c > 122) break;
  }
  return w > s && w < e && isDigit(fold(text.charCodeAt(w))) && isLabelWord(text, s, w) ? w : s;
}

/** True when a word starts at i: a letter then a lower-case letter ("Thanks", "please"). */
export function wordAt(text: string, i: number): boolean {
  const c = at(text, i);
  return (isUpper(c) || isLower(c)) && isLower(at(text, i + 1));
}
