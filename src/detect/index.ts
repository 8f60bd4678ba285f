/**
 * Finding and redacting personal data in Chinese free text: reviews, complaints, chats, order
 * notes and logs carry identifiers nobody declared (company policy art. 5.6, T/CCAGM 002-2021 3.1).
 *
 * One linear pass over the text finds resident IDs (GB 11643 check character), mobiles, landlines,
 * unified social credit codes (GB 32100), licence plates, bank cards (Luhn), passports and travel
 * permits, emails, IP addresses, addresses (GB/T 2260 division names) and person names (cue words,
 * 先生/女士). Numbers are found between Chinese characters (电话13812345678谢谢) but never inside a
 * longer run of letters and digits (an order or tracking number); full-width forms count.
 * Pure JavaScript: no Node API, no WebAssembly.
 * @module
 */
import { CustodiaError } from '../errors/index.js';
import { needObject } from '../errors/_args.js';
import { applyRedaction, type Replacer } from './_redact.js';
import { resolveOverlaps, scanRaw } from './_scan.js';
import { PII_TYPES, type Finding, type PiiType } from './_types.js';

export { PII_TYPES };
export type { Finding, PiiType, Replacer };

/**
 * Options of {@link scan}.
 * @example
 * ```ts
 * scan(text, { types: ['cn_resident_id'], minConfidence: 0.3 }); // also IDs with a wrong check character
 * ```
 */
export interface ScanOptions {
  /** Only these types (default: all of {@link PII_TYPES}). */
  types?: readonly PiiType[];
  /**
   * Drop findings below this confidence (default 0.5). Numbers whose check character fails
   * (an 18-digit ID with a wrong check digit) are reported at 0.4 with `valid: false`, so pass
   * a lower value, e.g. 0.3, to see them.
   */
  minConfidence?: number;
}

/**
 * Options of {@link redact}.
 * @example
 * ```ts
 * redact(text, { types: ['cn_mobile', 'email'], replace: 'tag' });
 * ```
 */
export interface RedactOptions extends ScanOptions {
  /**
   * How to replace each finding: `'mask'` (default; custodia/mask display masks such as
   * `138****5678`), `'tag'` (`[CN_MOBILE]`), `'remove'`, or a function of the finding and the
   * original text of it.
   */
  replace?: Replacer;
}

/**
 * Default {@link ScanOptions.minConfidence}: hides findings whose check character failed (0.4).
 * @example
 * ```ts
 * scan(text, { minConfidence: DEFAULT_MIN_CONFIDENCE - 0.2 });
 * ```
 */
export const DEFAULT_MIN_CONFIDENCE = 0.5;

function wanted(types: readonly PiiType[] | undefined): ReadonlySet<PiiType> {
  if (types === undefined) return new Set(PII_TYPES);
  if (!Array.isArray(types)) throw new CustodiaError('INVALID_ARGUMENT', 'scan: "types" expected an array of PII types', { field: 'types' });
  for (const t of types)
    if (!(PII_TYPES as readonly string[]).includes(t))
      throw new CustodiaError('INVALID_ARGUMENT', `scan: "types" has an unknown type; expected any of ${PII_TYPES.join(', ')}`, { field: 'types' });
  return new Set(types);
}

/**
 * Personal data in `text`: non-overlapping findings in text order, with UTF-16 offsets
 * (`text.slice(f.start, f.end)` is the finding, also next to emoji and astral characters).
 *
 * @example
 * ```ts
 * import { scan } from 'custodia/detect';
 * scan('电话13812345678谢谢，身份证11010519491231002X');
 * // [{ type: 'cn_mobile', start: 2, end: 13, confidence: 0.9 },
 * //  { type: 'cn_resident_id', start: 19, end: 37, confidence: 0.99, valid: true }]
 * ```
 */
export function scan(text: string, opts: ScanOptions = {}): Finding[] {
  needObject(opts, 'opts');
  if (typeof text !== 'string') throw new CustodiaError('INVALID_ARGUMENT', 'scan: "text" expected a string', { field: 'text' });
  const min = opts.minConfidence ?? DEFAULT_MIN_CONFIDENCE;
  if (typeof min !== 'number' || !(min >= 0 && min <= 1))
    throw new CustodiaError('INVALID_ARGUMENT', 'scan: "minConfidence" expected a number from 0 to 1', { field: 'minConfidence' });
  const raw = scanRaw(text, wanted(opts.types));
  return resolveOverlaps(min > 0 ? raw.filter((f) => f.confidence >= min) : raw);
}

/**
 * `text` with the personal data {@link scan} finds replaced.
 *
 * @example
 * ```ts
 * import { redact } from 'custodia/detect';
 * redact('收件人张三，电话13812345678');                   // '收件人张*，电话138****5678'
 * redact('电话13812345678', { replace: 'tag' });          // '电话[CN_MOBILE]'
 * redact('卡号6222021234567890128', { replace: (f) => `<${f.type}>` }); // '卡号<bank_card>'
 * ```
 */
export function redact(text: string, opts: RedactOptions = {}): string {
  needObject(opts, 'opts');
  const findings = scan(text, opts);
  return applyRedaction(text, findings, opts.replace ?? 'mask');
}
