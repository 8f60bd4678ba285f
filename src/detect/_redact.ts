// Replacement of findings. 'mask' is custodia/mask's display masking, keyed by type here.
import { CustodiaError } from '../errors/index.js';
import { mask, maskWith } from '../mask/index.js';
import { Pieces } from './_pieces.js';
import type { Finding, PiiType } from './_types.js';

const keepThrough = (v: string, sep: string, n: number): number => {
  let k = -1;
  for (let i = 0; i < n; i++) {
    k = v.indexOf(sep, k + 1);
    if (k < 0) return 0;
  }
  return k + 1;
};

/** The display mask of each type (custodia/mask): 138****5678, 110***********002X, 张*. */
export const MASK_BY_TYPE: Record<PiiType, (v: string) => string> = {
  cn_resident_id: (v) => mask.idCard(v),
  cn_mobile: (v) => mask.phone(v),
  cn_landline: (v) => mask.landline(v),
  cn_uscc: (v) => maskWith(v, { keepStart: 4, keepEnd: 4 }),
  cn_plate: (v) => mask.plate(v),
  bank_card: (v) => mask.bankCard(v),
  cn_passport: (v) => mask.passport(v),
  hk_macau_permit: (v) => mask.passport(v),
  tw_permit: (v) => mask.passport(v),
  email: (v) => mask.email(v),
  qq: (v) => maskWith(v, { keepStart: 2, keepEnd: 2 }),
  wechat_id: (v) => maskWith(v, { keepStart: 2, keepEnd: 1 }),
  // Network part visible (192.168.*.*, 2001:****…), host part hidden.
  ipv4: (v) => maskWith(v, { keepStart: keepThrough(v, '.', 2) }),
  ipv6: (v) => maskWith(v, { keepStart: keepThrough(v, ':', 2) }),
  cn_address: (v) => mask.address(v),
  person_name: (v) => mask.name(v),
};

/**
 * How `redact` replaces a finding.
 * @example
 * ```ts
 * const hashTag: Replacer = (f, original) => `[${f.type}:${original.length}]`;
 * ```
 */
export type Replacer<T extends string = never> = 'mask' | 'tag' | 'remove' | ((finding: Finding<PiiType | T>, original: string) => string);

const stars = (n: number): string => '*'.repeat(n);
function asciiDigits(v: string): boolean {
  for (let k = 0; k < v.length; k++) if (v.charCodeAt(k) < 48 || v.charCodeAt(k) > 57) return false;
  return true;
}
function plainAscii(v: string): boolean {
  for (let k = 0; k < v.length; k++) if (v.charCodeAt(k) <= 32 || v.charCodeAt(k) >= 127) return false;
  return true;
}
const isHan = (c: number): boolean => c >= 0x4e00 && c <= 0x9fff;

/** 17 ASCII digits then a digit, X or x (v has 18 characters). */
function idForm(v: string): boolean {
  for (let k = 0; k < 17; k++) if (v.charCodeAt(k) < 48 || v.charCodeAt(k) > 57) return false;
  const x = v.charCodeAt(17);
  return (x >= 48 && x <= 57) || x === 88 || x === 120;
}

/** v[1..] is printable ASCII without '.' or '-' (a plate's serial; v[0] is its province). */
function plateSerial(v: string): boolean {
  for (let k = 1; k < v.length; k++) {
    const c = v.charCodeAt(k);
    if (c <= 32 || c >= 127 || c === 46 || c === 45) return false;
  }
  return true;
}

/** Whether v is ASCII letters and digits only. */
function asciiAlnum(v: string): boolean {
  for (let k = 0; k < v.length; k++) {
    const c = v.charCodeAt(k) | 32;
    if (!((c >= 48 && c <= 57) || (c >= 97 && c <= 122))) return false;
  }
  return v.length > 0;
}

/** maskWith(v, { keepStart, keepEnd }) for plain ASCII `v` that keeps fewer characters than it has. */
function keepEnds(v: string, ks: number, ke: number): string | undefined {
  return plainAscii(v) && ks + ke < v.length ? v.slice(0, ks) + stars(v.length - ks - ke) + v.slice(v.length - ke) : undefined;
}

/**
 * custodia/mask's digit masks (phone, bankCard) for ASCII digits with spaces or dashes between
 * them (138 1234 5678, 6222-0212-…): the first `ks` and last `ke` digits stay, separators stay.
 */
function groupedDigits(v: string, from: number, ks: number, ke: number): string | undefined {
  let digits = 0;
  for (let k = from; k < v.length; k++) {
    const c = v.charCodeAt(k);
    if (c >= 48 && c <= 57) digits++;
    else if (c !== 32 && c !== 45) return undefined;
  }
  if (digits <= ks + ke) return undefined;
  let out = v.slice(0, from);
  let seen = 0;
  let run = from;
  for (let k = from; k < v.length; k++) {
    const c = v.charCodeAt(k);
    if (c < 48 || c > 57) continue;
    if (seen >= ks && seen < digits - ke) {
      out += v.slice(run, k) + '*';
      run = k + 1;
    }
    seen++;
  }
  return out + v.slice(run);
}

/** Length of the +86 / 0086 / 86 prefix (with its spaces and dashes) mask.phone keeps before a 1, or 0. */
function countryPrefix(v: string): number {
  const p = v.startsWith('+86') ? 3 : v.startsWith('0086') ? 4 : v.startsWith('86') ? 2 : 0;
  let k = p;
  while (k < v.length && (v.charCodeAt(k) === 32 || v.charCodeAt(k) === 45)) k++;
  return p && v.charCodeAt(k) === 49 ? k : 0;
}

/**
 * MASK_BY_TYPE's result for the plain forms most findings take (11 ASCII digits, grouped or
 * after +86, a two-character name, an IP address ...), written without the general masks'
 * code-point arrays and option checks; undefined for anything else. test/detect/redact.test.ts
 * checks it equals MASK_BY_TYPE on generated values.
 */
export function quickMask(type: string, v: string): string | undefined {
  const n = v.length;
  switch (type) {
    case 'cn_mobile':
      if (n === 11 && v.charCodeAt(0) === 49 && asciiDigits(v)) return v.slice(0, 3) + '****' + v.slice(7);
      return groupedDigits(v, countryPrefix(v), 3, 4);
    case 'bank_card':
      if (n >= 13 && n <= 19 && asciiDigits(v)) return v.slice(0, 4) + stars(n - 8) + v.slice(n - 4);
      return groupedDigits(v, 0, 4, 4);
    case 'cn_resident_id':
      return n === 18 && idForm(v) ? v.slice(0, 3) + '***********' + v.slice(14) : undefined;
    case 'email': {
      const at = v.lastIndexOf('@');
      return at > 0 && plainAscii(v) ? v.slice(0, Math.min(3, at >> 1)) + stars(3) + v.slice(at) : undefined;
    }
    case 'person_name':
      return n === 2 && isHan(v.charCodeAt(0)) && isHan(v.charCodeAt(1)) ? v.charAt(0) + '*' : undefined;
    case 'cn_plate':
      return n === 7 && isHan(v.charCodeAt(0)) && plateSerial(v) ? v.slice(0, 2) + '****' + v.slice(6) : undefined;
    case 'ipv4':
      return keepEnds(v, keepThrough(v, '.', 2), 0);
    case 'ipv6':
      return keepEnds(v, keepThrough(v, ':', 2), 0);
    case 'qq':
      return keepEnds(v, 2, 2);
    case 'wechat_id':
      return keepEnds(v, 2, 1);
    case 'cn_uscc':
      return keepEnds(v, 4, 4);
    case 'cn_passport':
    case 'hk_macau_permit':
    case 'tw_permit':
      return asciiAlnum(v) ? keepEnds(v, 1, 2) : undefined;
    default:
      return undefined;
  }
}

const maskOf = (type: string, o: string): string =>
  quickMask(type, o) ?? (MASK_BY_TYPE[type as PiiType] ?? ((v: string) => maskWith(v, { keepStart: 1, keepEnd: 1 })))(o);
const tagOf = (type: string): string => `[${type.toUpperCase()}]`;
const removed = (): string => '';

/** The replacement of a finding by type for redact's own forms ('mask', 'tag', 'remove'), or undefined for a caller's function. */
export function builtInReplacer(replace: Replacer<string>): ((type: string, original: string) => string) | undefined {
  // A caller's own types keep their first and last character.
  if (replace === 'mask') return maskOf;
  if (replace === 'tag') return tagOf;
  if (replace === 'remove') return removed;
  if (typeof replace === 'function') return undefined;
  throw new CustodiaError('INVALID_ARGUMENT', 'redact: "replace" expected \'mask\', \'tag\', \'remove\' or a function', { field: 'replace' });
}

function replacerFn(replace: Replacer<string>): (f: Finding<string>, original: string) => string {
  const own = builtInReplacer(replace);
  return own ? (f, o) => own(f.type, o) : (replace as (f: Finding<string>, original: string) => string);
}

/** `text` with each finding (sorted, non-overlapping) replaced. */
export function applyRedaction(text: string, findings: ReadonlyArray<Finding<string>>, replace: Replacer<string>): string {
  const fn = replacerFn(replace);
  const parts = new Pieces();
  let pos = 0;
  for (const f of findings) {
    const r = fn(f, text.slice(f.start, f.end));
    if (typeof r !== 'string')
      throw new CustodiaError('INVALID_PATTERN', `redact: the replacement for a ${f.type} finding is not a string`, { field: 'replace' });
    parts.add(text.slice(pos, f.start), r);
    pos = f.end;
  }
  return parts.end(text.slice(pos));
}
