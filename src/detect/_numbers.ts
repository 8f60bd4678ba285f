// Number-like tokens: a maximal run of ASCII or full-width letters and digits is one token, so a
// mobile number inside an order number is never reported. Short runs may continue as
// space/dash groups (138 1234 5678, 6222 0212 ..., 010-12345678) and are classified joined.
import { at, DIGIT, foldedSlice, isAlnum, isDigit, trimWordEnd, trimWordStart, WIDE } from './_chars.js';
import { cardScheme, idCheckChar, idLike, idShape15, idShape18, landline, luhn, mobileValid, usccCheckChar, usccShape } from './_checks.js';
import { matchDoorBack } from './_address.js';
import { tryIpv4, tryIpv6 } from './_net.js';
import type { Emit, PiiType } from './_types.js';

interface Hit {
  type: PiiType;
  conf: number;
  valid?: boolean;
}

const QQ_CUE = /(?:QQ|qq|ＱＱ|ｑｑ|扣扣)(?:号码?)?[:：\s]{0,2}$/;
/** Whether `s` is all ASCII digits (a loop: this runs for every number-like token). */
function allDigits(s: string): boolean {
  for (let k = 0; k < s.length; k++) if (s.charCodeAt(k) < 48 || s.charCodeAt(k) > 57) return false;
  return s.length > 0;
}
/** QQ_CUE right before `start`; the regex only runs when a Q or 扣 is among the 8 characters before. */
function qqCue(text: string, start: number): boolean {
  let seen = false;
  for (let k = Math.max(0, start - 8); k < start && !seen; k++) {
    const c = text.charCodeAt(k);
    seen = c === 81 || c === 113 || c === 0xff31 || c === 0xff51 || c === 0x6263;
  }
  return seen && QQ_CUE.test(text.slice(Math.max(0, start - 8), start));
}
const hit = (type: PiiType, conf: number, valid?: boolean): Hit => (valid === undefined ? { type, conf } : { type, conf, valid });

const MOBILE = { test: (s: string): boolean => s.length === 11 && mobileValid(s) };

/** A cue word in the dozen characters before `start` (护照, 通行证, ...). */
function cue(text: string, start: number, words: readonly string[]): boolean {
  const w = text.slice(Math.max(0, start - 12), start);
  for (const x of words) if (w.includes(x)) return true;
  return false;
}
const PASSPORT_CUES = ['护照', 'assport'];
const HKMO_CUES = ['港澳', '通行证', '回乡证'];
const TW_ONLY = ['台湾', '台胞'];
const TW_CUES = [...TW_ONLY, '通行证'];
const CARD_CUES = ['卡号', '银行卡', '信用卡', '借记卡', '储蓄卡', '卡', 'ard'];
const boost = (h: Hit, yes: boolean): Hit => (yes ? { ...h, conf: Math.min(0.95, Math.round(h.conf * 100 + 20) / 100) } : h);

function id18(s: string): Hit | null {
  if (!idShape18(s)) return null;
  if (idCheckChar(s) === s[17]!.toUpperCase()) return hit('cn_resident_id', 0.99, true);
  // ID-shaped with a wrong check digit: a USCC only with the common authorities 1/5/9 and a valid USCC check.
  return (/^[159]/.test(s) ? uscc(s) : null) ?? hit('cn_resident_id', 0.4, false);
}

function uscc(s: string): Hit | null {
  if (!usccShape(s)) return null;
  if (usccCheckChar(s) === s[17]) return hit('cn_uscc', 0.95, true);
  // An all-digit 18-char number failing the check is more likely some other number.
  return allDigits(s) ? null : hit('cn_uscc', 0.35, false);
}

/** A Luhn-valid 13-19 digit number: a card when an issuer range takes it at its length, or after a card word. */
function card(s: string, text: string, start: number): Hit | null {
  if (s.length < 13 || s.length > 19 || !luhn(s)) return null;
  // An ID whose check digit is wrong is still an ID, not a card (Visa 4 and 41-46 provinces collide).
  if (s.length === 18 && idLike(s)) return null;
  if (cardScheme(s)) return hit('bank_card', 0.9, true);
  // Outside every issuer range only 16-19 digits after a card word; 13-15 digits need a range.
  return hit('bank_card', s.length >= 16 && cue(text, start, CARD_CUES) ? 0.8 : 0.45, true);
}

/**
 * Classify one token `s` (folded ASCII, letters and digits only) found at text[start];
 * `digitsOnly`: the scanner saw only digits in it (else it is checked here).
 */
export function classify(s: string, text: string, start: number, digitsOnly = false): Hit | null {
  const n = s.length;
  if (n === 18) {
    const h = id18(s) ?? uscc(s);
    if (h) return h;
  }
  if (digitsOnly || allDigits(s)) {
    // QQ numbers (5-11 digits, no leading zero) only right after their name: 'QQ号：12345678'.
    if (n >= 5 && n <= 11 && s[0] !== '0' && qqCue(text, start)) return hit('qq', 0.85);
    // +86 then a landline without its trunk 0: +862160320125.
    if (n >= 11 && n <= 13 && s.startsWith('86') && at(text, start - 1) === 43 && landline('0' + s.slice(2))) return hit('cn_landline', 0.8);
    if (n === 11) return MOBILE.test(s) ? hit('cn_mobile', 0.9) : landline(s) ? hit('cn_landline', 0.6) : null;
    if (n === 12) return landline(s) ? hit('cn_landline', 0.6) : null;
    if (n === 13 && s.startsWith('86') && MOBILE.test(s.slice(2))) return hit('cn_mobile', 0.85);
    if (n === 15) {
      if (s.startsWith('0086') && MOBILE.test(s.slice(4))) return hit('cn_mobile', 0.85);
      if (idShape15(s)) return hit('cn_resident_id', 0.65);
    }
    // Bare 8 digits (台胞证) only after 台湾/台胞: 港澳通行证12345678 is not one.
    if (n === 8 && cue(text, start, TW_ONLY)) return hit('tw_permit', 0.75);
    return card(s, text, start);
  }
  if (n < 8 || n > 11) return null;
  if (/^(?:[EG]\d{8}|E[A-HJ-NP-Z]\d{7})$/.test(s)) return boost(hit('cn_passport', 0.7), cue(text, start, PASSPORT_CUES));
  if (/^[DSP]E\d{7}$/.test(s)) return boost(hit('cn_passport', 0.65), cue(text, start, PASSPORT_CUES));
  if (/^[DSP]\d{7}$/.test(s)) return boost(hit('cn_passport', 0.45), cue(text, start, PASSPORT_CUES));
  if (/^(?:C[0-9A-HJ-NP-Z]\d{7}|W\d{8}|[HM]\d{8}(?:\d{2})?)$/.test(s)) return boost(hit('hk_macau_permit', 0.7), cue(text, start, HKMO_CUES));
  if (/^L\d{8}$/.test(s)) return boost(hit('tw_permit', 0.7), cue(text, start, TW_CUES));
  return null;
}

/** Digits, maybe then a final X or x (an ID's check character), and at least one digit. */
function digitsThenX(s: string): boolean {
  const last = s.charCodeAt(s.length - 1) | 32;
  const body = last === 120 ? s.length - 1 : s.length;
  for (let k = 0; k < body; k++) if (s.charCodeAt(k) < 48 || s.charCodeAt(k) > 57) return false;
  return body > 0;
}

// Bounds of the groups of the candidate being read (at most 6) and the joined length of the
// first k of them: filled in place, so a grouped number allocates no arrays.
let gs: Int32Array | undefined;
let ge: Int32Array | undefined;
let upTo: Int32Array | undefined;
const glen = (q: number): number => ge![q]! - gs![q]!;

/** Groups of four then a last group of one to four (6222 0212 3456 7890 123). */
function cardGroups(k: number): boolean {
  for (let q = 0; q < k - 1; q++) if (glen(q) !== 4) return false;
  return glen(k - 1) >= 1 && glen(k - 1) <= 4;
}

/** Whether the first group is the country code 86 or 0086 (`all` begins with the first group). */
function countryCode(all: string): number {
  const l0 = glen(0);
  if (l0 === 2) return all.charCodeAt(0) === 56 && all.charCodeAt(1) === 54 ? 2 : 0;
  return l0 === 4 && all.startsWith('0086') ? 4 : 0;
}

/** The first `k` groups (digits, maybe a final X), joined as `all`, as mobile, landline, card or ID. */
function classifyGroups(k: number, all: string, text: string, start: number): Hit | null {
  if (!digitsThenX(all)) return null;
  const l0 = glen(0);
  const cc = countryCode(all);
  if (cc && MOBILE.test(all.slice(cc))) return hit('cn_mobile', 0.9);
  // Any grouping normalizeMobile accepts: 138 1234 5678, 138 12345678, 1898425 5986.
  if (MOBILE.test(all) && k <= 3 && l0 >= 3) return hit('cn_mobile', 0.9);
  if (all.charCodeAt(0) === 48 && l0 >= 3 && l0 <= 4) {
    if (landline(all)) return hit('cn_landline', 0.85);
    if (k === 3 && glen(2) <= 5 && landline(all.slice(0, l0 + glen(1)))) return hit('cn_landline', 0.85);
  }
  if (k >= 4 && cardGroups(k)) {
    const h = card(all, text, start);
    if (h) return h;
  }
  // An ID written 6-8-4 or 6-4-4-4.
  if (l0 === 6 && ((k === 3 && glen(1) === 8 && glen(2) === 4) || (k === 4 && glen(1) === 4 && glen(2) === 4 && glen(3) === 4))) return id18(all);
  return null;
}

const isSep = (c: number): boolean => c === 32 || c === 45;

/** Runs after text[start, end) joined by single spaces/dashes, or `(0xx)` for area codes, into gs/ge; their count. */
function groupsFrom(text: string, start: number, end: number): number {
  gs ??= new Int32Array(6);
  ge ??= new Int32Array(6);
  gs[0] = start;
  ge[0] = end;
  let n = 1;
  let pos = end;
  let total = end - start;
  while (n < 6 && total <= 20) {
    let c = at(text, pos);
    let next = pos + 1;
    if (c === 41 && n === 1 && (at(text, start - 1) === 40 || (at(text, start - 1) === 43 && at(text, start - 2) === 40))) {
      if (at(text, next) === 32) next++;
      c = 32;
    }
    if (!isSep(c) || !isAlnum(at(text, next))) break;
    let k = next;
    while (isAlnum(at(text, k))) k++;
    const t = trimWordEnd(text, next, k);
    gs[n] = next;
    ge[n] = t;
    n++;
    total += t - next;
    pos = k;
    if (t < k) break;
  }
  return n;
}
/** Length of the group groupsFrom would find after text[start, end), or -1; allocates nothing. */
function secondGroupLength(text: string, start: number, end: number): number {
  let c = at(text, end);
  let next = end + 1;
  if (c === 41 && (at(text, start - 1) === 40 || (at(text, start - 1) === 43 && at(text, start - 2) === 40))) {
    if (at(text, next) === 32) next++;
    c = 32;
  }
  if (!isSep(c) || !isAlnum(at(text, next))) return -1;
  let k = next;
  while (isAlnum(at(text, k))) k++;
  return trimWordEnd(text, next, k) - next;
}

/** Whether the first two group lengths can begin any grouped form (cheap filter before slicing). */
function plausible(text: string, start: number, l0: number, l1: number): boolean {
  const c0 = at(text, start);
  if (c0 === 48) return l0 === 3 || l0 === 4; // area code, or 0086
  if (c0 === 49 && l0 >= 3 && l0 <= 7) return true; // 138 1234 5678, 1898425 5986
  if (l0 === 3) return false;
  if (l0 === 2) return c0 === 56 && at(text, start + 1) === 54; // 86 138…
  if (l0 === 4) return l1 === 4; // card in groups of four
  return l0 === 6 && (l1 === 8 || l1 === 4); // ID 6-8-4 or 6-4-4-4
}

function tryGroups(text: string, start: number, end: number, emit: Emit): number {
  // The first two groups decide whether any grouped form can begin here (a date, 'A12345 shipped'
  // cannot); only then are the groups collected.
  const l1 = secondGroupLength(text, start, end);
  if (l1 < 0 || !plausible(text, start, end - start, l1)) return -1;
  const n = groupsFrom(text, start, end);
  // Joined lengths worth classifying: 10-digit landline .. 19-digit card (+ country code or extension).
  upTo ??= new Int32Array(6);
  let sum = 0;
  for (let k = 0; k < n; k++) upTo[k] = sum += glen(k);
  if (sum < 10) return -1;
  // Joined once; the first k groups are a prefix of it (folding keeps every length).
  let joined = '';
  for (let k = 0; k < n; k++) joined += foldedSlice(text, gs![k]!, ge![k]!);
  for (let k = n; k >= 2; k--) {
    const len = upTo[k - 1]!;
    if (len < 10 || len > 23) continue;
    const h = classifyGroups(k, joined.slice(0, len), text, start);
    if (!h) continue;
    const prev = at(text, start - 1);
    const cc = countryCode(joined) > 0;
    // '+86 …', '(0755) …', '(+86) …': the prefix belongs to the number.
    const lead = prev === 43 && cc ? (at(text, start - 2) === 40 && at(text, end) === 41 ? 2 : 1) : prev === 40 && at(text, end) === 41 ? 1 : 0;
    const e = ge![k - 1]!;
    emit(h.type, start - lead, e, h.conf, h.valid);
    return e;
  }
  return -1;
}

/** End of a dotted mobile `153.6899.0388` starting at `i`, or -1. */
function dottedMobile(text: string, i: number): number {
  let s = '';
  for (let k = i; k < i + 13; k++) {
    const c = at(text, k);
    if (k === i + 3 || k === i + 8) {
      if (c !== 46) return -1;
    } else if (isDigit(c)) s += String.fromCharCode(c);
    else return -1;
  }
  const after = at(text, i + 13);
  return isAlnum(after) || (after === 46 && isDigit(at(text, i + 14))) || !MOBILE.test(s) ? -1 : i + 13;
}

/** True when text[start] continues a chain of digit groups that began earlier ("6258 0705 …"). */
function midChain(text: string, start: number): boolean {
  return isSep(at(text, start - 1)) && isDigit(at(text, start - 2));
}

/** scanRun's flag: the run is digits only (its other flags are charClasses' DIGIT: some digit, WIDE: some full-width form). */
export const ONLY_DIGITS = 1;

/**
 * Report what the letter/digit run text[i, j) is (`flags`: whether it has digits, full-width
 * forms, only digits); return where scanning resumes. The scanner finds the run's end itself and
 * passes a run of letters alone (a word) over without this call, unless a ':' follows it (the
 * first group of an IPv6 address).
 */
export function scanRun(text: string, i: number, j: number, flags: number, emit: Emit): number {
  const digits = (flags & DIGIT) !== 0;
  const next = at(text, j);
  if (next === 58 && j - i <= 4) {
    const e = tryIpv6(text, i);
    if (e > 0) return emit('ipv6', i, e, 0.85), e;
  }
  if (!digits) return j;
  if (next === 46 && j - i <= 3) {
    const e = tryIpv4(text, i);
    // Four single digits (4.2.1.1) are far more often a section or version number than a host.
    if (e > 0) return emit('ipv4', i, e, e - i === 7 ? 0.3 : 0.8), e;
    const m = j - i === 3 ? dottedMobile(text, i) : -1;
    if (m > 0) return emit('cn_mobile', i, m, 0.85), m;
  }
  if (next === 0x53f7 && j - i <= 5 && !midChain(text, i)) {
    const d = matchDoorBack(text, i, j);
    if (d) return emit('cn_address', d[0], d[1], d[2]), d[1];
  }
  // Words glued to a number ("tel13812345678", "…5678Thanks") are labels, not part of an identifier;
  // upper-case letters and digits around it are (SF1234…, order numbers), and make it no match.
  const start = trimWordStart(text, i, j);
  const end = trimWordEnd(text, start, j);
  if (end - start > 20) return j;
  if (end === j && end - start <= 7 && isSep(next === 41 ? 32 : next) && !midChain(text, start)) {
    const e = tryGroups(text, start, end, emit);
    if (e > 0) return e;
  }
  // Nothing shorter than 5 characters is classified (QQ numbers are the shortest, 5 digits).
  if (end - start < 5) return j;
  const s = flags & WIDE ? foldedSlice(text, start, end) : text.slice(start, end);
  const h = classify(s, text, start, (flags & ONLY_DIGITS) !== 0);
  if (h) {
    const lead = at(text, start - 1) === 43 && s.startsWith('86') && (h.type === 'cn_mobile' || h.type === 'cn_landline') ? 1 : 0;
    emit(h.type, start - lead, end, h.conf, h.valid);
  }
  return j;
}
