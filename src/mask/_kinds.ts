import { CustodiaError } from '../errors/index.js';
import { _char, _count, _isAlnum, _isAny, _isDigit, _maskSelected, _opts, _str } from './_core.js';

/**
 * Options shared by the masks of numbers and codes.
 * @example
 * ```ts
 * const opts: KeepOptions = { keepStart: 0, keepEnd: 4 };
 * bankCard('6222021234567890', opts) // '************7890'
 * ```
 */
export interface KeepOptions {
  /** Characters kept at the start (each function documents its default). */
  keepStart?: number;
  /** Characters kept at the end. */
  keepEnd?: number;
  /** Mask character (default `'*'`). */
  char?: string;
}

function keep(opts: KeepOptions, ks: number, ke: number): [number, number] {
  _opts(opts);
  return [_count(opts.keepStart ?? ks, 'keepStart'), _count(opts.keepEnd ?? ke, 'keepEnd')];
}

// No `u` flag on these patterns (BMP-only, so it changes nothing): under it WeChat's ES5 compile spells
// every \s out as a 70-character class.
const COUNTRY = /^(\s*(?:\+\s*86|0086|86)[\s-]*)(?=1)/;

/**
 * Masks a mobile number: `138****5678` (first 3 and last 4 digits, the common practice of
 * Chinese apps and banks). A `+86`/`0086` prefix and separators are kept as written; only
 * digits are masked.
 *
 * @example
 * ```ts
 * phone('13812345678')      // '138****5678'
 * phone('+86 138-1234-5678') // '+86 138-****-5678'
 * ```
 */
export function phone(value: string, opts: KeepOptions = {}): string {
  const v = _str(value, 'phone');
  const [ks, ke] = keep(opts, 3, 4);
  const m = COUNTRY.exec(v);
  const prefix = m ? m[1]! : '';
  return prefix + _maskSelected(v.slice(prefix.length), _isDigit, ks, ke, _char(opts.char));
}

/**
 * Masks a landline number: keeps the area code and the last 4 digits of the subscriber number
 * (`010-****5678`, `0755-****9999`); an extension is masked entirely.
 *
 * @example
 * ```ts
 * landline('010-12345678')   // '010-****5678'
 * landline('0755 8888 9999') // '0755 **** 9999'
 * ```
 */
export function landline(value: string, opts: KeepOptions = {}): string {
  const v = _str(value, 'landline');
  const ch = _char(opts.char);
  const [, ke] = keep(opts, 0, 4);
  const m = /^(\s*(?:\+\s*86[\s-]*)?(?:\(?0(?:10|2\d|[3-9]\d{2})\)?[\s-]*)?)([\d\s-]*?)((?:\s*(?:-|转|ext\.?|#)\s*\d{1,6})?)\s*$/i.exec(v);
  if (!m || m[2]!.replace(/\D/g, '').length < 5) return _maskSelected(v, _isDigit, 0, ke, ch);
  return m[1]! + _maskSelected(m[2]!, _isDigit, 0, ke, ch) + m[3]!.replace(/\d/g, ch);
}

/**
 * Masks a resident ID number (居民身份证号): first 3 and last 4 characters by default
 * (`110***********123X`). At most 8 characters of an 18-character ID (and of a 15-digit one)
 * may ever be shown: options asking for more throw `INVALID_ARGUMENT`.
 *
 * @example
 * ```ts
 * idCard('11010519491231002X') // '110***********002X'
 * idCard('11010519491231002X', { keepStart: 1, keepEnd: 1 }) // '1****************X'
 * ```
 */
export function idCard(value: string, opts: KeepOptions = {}): string {
  const v = _str(value, 'idCard').trim();
  const [ks, ke] = keep(opts, 3, 4);
  if (ks + ke > 8)
    throw new CustodiaError('INVALID_ARGUMENT', 'mask.idCard shows at most 8 characters of an ID number (keepStart + keepEnd <= 8)', { field: 'keepStart' });
  // Never show more than a quarter of an odd-length value either way.
  const cap = Math.min(8, Math.floor(Array.from(v).length / 2));
  const s = Math.min(ks, Math.ceil((cap * ks) / Math.max(1, ks + ke)));
  return _maskSelected(v, _isAny, s, Math.min(ke, cap - s), _char(opts.char));
}

/**
 * Masks a bank card number: first 4 and last 4 digits (`6222 **** **** 7890` keeps the
 * spaces it was given); only digits are masked.
 *
 * @example
 * ```ts
 * bankCard('6222021234567890')    // '6222********7890'
 * bankCard('6222 0212 3456 7890') // '6222 **** **** 7890'
 * ```
 */
export function bankCard(value: string, opts: KeepOptions = {}): string {
  const v = _str(value, 'bankCard');
  const [ks, ke] = keep(opts, 4, 4);
  return _maskSelected(v, _isDigit, ks, ke, _char(opts.char));
}

/**
 * Masks an email address: keeps up to 3 characters of the local part (never more than half of
 * it), writes `***` whatever the hidden length, and keeps the domain.
 *
 * @example
 * ```ts
 * email('zhangsan@example.com') // 'zha***@example.com'
 * email('ab@qq.com')            // 'a***@qq.com'
 * ```
 */
export function email(value: string, opts: { char?: string } = {}): string {
  _opts(opts);
  const v = _str(value, 'email');
  const ch = _char(opts.char);
  const at = v.lastIndexOf('@');
  const local = Array.from(at < 0 ? v : v.slice(0, at));
  const domain = at < 0 ? '' : v.slice(at);
  const k = Math.min(3, Math.floor(local.length / 2));
  return local.slice(0, k).join('') + ch.repeat(3) + domain;
}

/**
 * Masks a vehicle licence plate: keeps the province character and issuing-authority letter and
 * the last character (`粤B****5`; an 8-character new-energy plate gives `京A*****5`).
 *
 * @example
 * ```ts
 * plate('粤B12345')  // '粤B****5'
 * plate('京AD12345') // '京A*****5'
 * ```
 */
export function plate(value: string, opts: KeepOptions = {}): string {
  const v = _str(value, 'plate').trim();
  const [ks, ke] = keep(opts, 2, 1);
  return _maskSelected(v.replace(/[\s·•.-]/g, ''), _isAny, ks, ke, _char(opts.char));
}

/**
 * Masks a passport (or Hong Kong/Macao/Taiwan travel permit) number: keeps the first letter
 * and the last 2 characters (`E******78`).
 *
 * @example
 * ```ts
 * passport('E12345678') // 'E******78'
 * ```
 */
export function passport(value: string, opts: KeepOptions = {}): string {
  const v = _str(value, 'passport').trim();
  const [ks, ke] = keep(opts, 1, 2);
  return _maskSelected(v, _isAlnum, ks, ke, _char(opts.char));
}
