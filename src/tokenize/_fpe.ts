import type { FF1Cipher } from '../cipher/index.js';
import { CustodiaError } from '../errors/index.js';
import { normalizeDigits, normalizeEmail, normalizeIdNumber, normalizeMobile, residentIdCheckChar } from '../normalize/index.js';
import { _regionCodes, _regionIndex } from './_regions.js';
import { _luhnValid } from '../normalize/_checkChars.js';

/**
 * A format {@link Tokenizer.formatPreserving} keeps.
 * @example
 * ```ts
 * const format: FpeFormat = { alphabet: '0123456789ABCDEFGHJKLMNPQRTUWXY' }; // USCC characters
 * tokenizer.formatPreserving('uscc', '91350100M000100Y43', { format }); // 18 of those characters
 * ```
 */
export type FpeFormat = 'cn_mobile' | 'cn_resident_id' | 'bank_card' | 'digits' | 'email' | { alphabet: string };

/**
 * Options of a format-preserving token.
 * @example
 * ```ts
 * const opts: FpeOptions = { format: 'cn_resident_id', keepRegion: false, keepBirthDate: true };
 * tokenizer.formatPreserving('id_card', '11010519491231002X', opts); // a valid ID, born 19491231
 * ```
 */
export interface FpeOptions {
  format: FpeFormat;
  /** cn_resident_id: keep the 6-digit GB/T 2260 region (default true). */
  keepRegion?: boolean;
  /** cn_resident_id: keep the birth date (default false: it is tokenized into another valid date). */
  keepBirthDate?: boolean;
  /** cn_mobile: leading digits kept (default 3, the carrier prefix); bank_card: default 6 (the BIN). */
  keepStart?: number;
  /** bank_card: trailing digits kept (default 0: the Luhn check digit is recomputed). */
  keepEnd?: number;
  /** Key to use (default: the primary); `reveal` needs the id the token was made with after a rotation. */
  keyId?: string;
}

type Get = (tweak: string, alphabet: string) => FF1Cipher;
const D = '0123456789';
const B36 = 'abcdefghijklmnopqrstuvwxyz0123456789';
const EPOCH = Date.UTC(1900, 0, 1);
const DAYS = (Date.UTC(2100, 0, 1) - EPOCH) / 864e5; // birth dates 1900-01-01 .. 2099-12-31

function fail(field: string, rule: string): never {
  throw new CustodiaError('INVALID_FORMAT', `the value ${rule} (error.field names the field)`, { field });
}

function count(v: number | undefined, def: number, name: string): number {
  const n = v ?? def;
  if (!Number.isSafeInteger(n) || n < 0) throw new CustodiaError('INVALID_ARGUMENT', `"${name}" expected a non-negative integer`, { field: name });
  return n;
}

/** FF1 on numbers below `limit` by cycle walking (the permutation restricted to [0, limit)). */
function walkNumber(f: FF1Cipher, n: number, limit: number, decrypt: boolean): number {
  const width = Math.max(6, String(limit - 1).length);
  let s = String(n).padStart(width, '0');
  do s = decrypt ? f.decrypt(s) : f.encrypt(s);
  while (Number(s) >= limit);
  return Number(s);
}

export { _luhnValid };
function luhnDigit(body: string): string {
  for (let c = 0; c < 9; c++) if (_luhnValid(body + c)) return String(c);
  return '9';
}

// A token is checked for its shape only: FPE maps the whole digit domain, so a token may carry a
// birth date or a segment no real person has, and reveal must still take it back.
function tokenShape(v: unknown, field: string, shape: RegExp, what: string): string {
  if (typeof v !== 'string' || !shape.test(v)) fail(field, `is not a ${what} token (${what} tokens are revealed in the form they were issued)`);
  return v.toUpperCase();
}

function mobile(get: Get, field: string, v: string, o: FpeOptions, dec: boolean): string {
  const s = dec ? tokenShape(v, field, /^1[3-9]\d{9}$/, 'cn_mobile') : normalizeMobile(v, field);
  const ks = count(o.keepStart, 3, 'keepStart');
  // At least '1' and the second digit stay, so every token is again a valid mobile number.
  if (ks < 2) throw new CustodiaError('INVALID_ARGUMENT', 'cn_mobile keeps at least the first 2 digits (keepStart >= 2)', { field: 'keepStart' });
  if (11 - ks < 6) throw new CustodiaError('FPE_DOMAIN_TOO_SMALL', `cn_mobile keeps ${ks} digits: fewer than 6 remain to tokenize`, { field });
  const f = get(`cn_mobile:${ks}`, D);
  return s.slice(0, ks) + (dec ? f.decrypt(s.slice(ks)) : f.encrypt(s.slice(ks)));
}

function residentId(get: Get, field: string, v: string, o: FpeOptions, dec: boolean): string {
  let s = dec ? tokenShape(v, field, /^\d{17}[\dXx]$/, 'cn_resident_id') : normalizeIdNumber(v, { field });
  if (dec && residentIdCheckChar(s.slice(0, 17)) !== s[17]) fail(field, 'has a wrong check character');
  // Legacy 15-digit numbers become their 18-character form (GB 11643: insert '19', add the check).
  if (s.length === 15) s = s.slice(0, 6) + '19' + s.slice(6) + residentIdCheckChar(s.slice(0, 6) + '19' + s.slice(6));
  const keepRegion = o.keepRegion ?? true;
  const keepBirth = o.keepBirthDate ?? false;
  if (keepRegion && keepBirth)
    throw new CustodiaError('FPE_DOMAIN_TOO_SMALL', 'cn_resident_id keeping both region and birth date leaves 1,000 values: tokenize one of them', { field });
  const region = Number(s.slice(0, 6));
  const y = Number(s.slice(6, 10));
  const mo = Number(s.slice(10, 12));
  const d = Number(s.slice(12, 14));
  const t = Date.UTC(y, mo - 1, d);
  const dt = new Date(t);
  if (dt.getUTCFullYear() !== y || dt.getUTCMonth() !== mo - 1 || dt.getUTCDate() !== d || t < EPOCH || (t - EPOCH) / 864e5 >= DAYS)
    fail(field, 'has no valid birth date between 1900 and 2099');
  const day = (t - EPOCH) / 864e5;
  const seq = Number(s.slice(14, 17));
  const ri = keepRegion ? 0 : _regionIndex(region);
  if (ri < 0) fail(field, 'has a region code outside the GB/T 2260 list: keep the region (keepRegion: true) to tokenize it');
  const R = keepRegion ? 1 : _regionCodes().length;
  const B = keepBirth ? 1 : DAYS;
  const n = ((keepRegion ? 0 : ri) * B + (keepBirth ? 0 : day)) * 1000 + seq;
  const f = get(`cn_resident_id:${keepRegion ? 1 : 0}${keepBirth ? 1 : 0}`, D);
  const m = walkNumber(f, n, R * B * 1000, dec);
  const seq2 = m % 1000;
  const rest = Math.floor(m / 1000);
  const day2 = keepBirth ? day : rest % B;
  const region2 = keepRegion ? region : _regionCodes()[Math.floor(rest / B)]!;
  const date = new Date(EPOCH + day2 * 864e5);
  const ymd = `${date.getUTCFullYear()}${String(date.getUTCMonth() + 1).padStart(2, '0')}${String(date.getUTCDate()).padStart(2, '0')}`;
  const body = String(region2).padStart(6, '0') + ymd + String(seq2).padStart(3, '0');
  return body + residentIdCheckChar(body);
}

function bankCard(get: Get, field: string, v: string, o: FpeOptions, dec: boolean): string {
  const s = normalizeDigits(v, field);
  if (s.length < 12 || s.length > 19 || !_luhnValid(s)) fail(field, 'is not a 12 to 19 digit card number with a valid Luhn check digit');
  const ks = count(o.keepStart, 6, 'keepStart');
  const ke = count(o.keepEnd, 0, 'keepEnd');
  const end = s.length - (ke === 0 ? 1 : ke);
  if (end - ks < 6) throw new CustodiaError('FPE_DOMAIN_TOO_SMALL', 'bank_card: fewer than 6 digits remain between the kept ones', { field });
  const f = get(`bank_card:${ks}:${ke}`, D);
  const pre = s.slice(0, ks);
  let mid = s.slice(ks, end);
  if (ke === 0) {
    mid = dec ? f.decrypt(mid) : f.encrypt(mid);
    return pre + mid + luhnDigit(pre + mid);
  }
  // Keeping the check digit: cycle-walk until the whole number is Luhn-valid again.
  const suf = s.slice(end);
  do mid = dec ? f.decrypt(mid) : f.encrypt(mid);
  while (!_luhnValid(pre + mid + suf));
  return pre + mid + suf;
}

function email(get: Get, field: string, v: string, dec: boolean): string {
  const s = normalizeEmail(v, field);
  const at = s.lastIndexOf('@');
  const local = Array.from(s.slice(0, at));
  const pos: number[] = [];
  local.forEach((c, i) => B36.includes(c) && pos.push(i));
  const picked = pos.map((i) => local[i]).join('');
  const f = get('email', B36);
  const out = dec ? f.decrypt(picked) : f.encrypt(picked);
  Array.from(out).forEach((c, k) => (local[pos[k]!] = c));
  return local.join('') + s.slice(at);
}

/** Applies format `o.format` forwards (tokenize) or backwards (reveal). Internal. */
export function _fpe(get: Get, field: string, value: string, o: FpeOptions, dec: boolean, norm: (v: string) => string): string {
  const fmt = o.format;
  if (fmt === 'cn_mobile') return mobile(get, field, value, o, dec);
  if (fmt === 'cn_resident_id') return residentId(get, field, value, o, dec);
  if (fmt === 'bank_card') return bankCard(get, field, value, o, dec);
  if (fmt === 'email') return email(get, field, value, dec);
  if (fmt === 'digits') {
    const f = get('digits', D);
    const s = normalizeDigits(value, field);
    return dec ? f.decrypt(s) : f.encrypt(s);
  }
  if (typeof fmt === 'object' && fmt !== null && typeof fmt.alphabet === 'string') {
    const f = get(`alphabet`, fmt.alphabet);
    const s = norm(value);
    return dec ? f.decrypt(s) : f.encrypt(s);
  }
  throw new CustodiaError('INVALID_ARGUMENT', 'format expected cn_mobile, cn_resident_id, bank_card, digits, email or { alphabet }', { field: 'format' });
}
