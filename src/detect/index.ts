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
import { allowed, applyContext, runDenyLists, runRecognizers, type ContextRule, type DenyList, type Recognizer } from './_custom.js';
import { needObject } from '../errors/_args.js';
import { applyRedaction, builtInReplacer, type Replacer } from './_redact.js';
import { resolveOverlaps, scanRaw } from './_scan.js';
import { PII_TYPES, type Finding, type PiiType } from './_types.js';

export { PII_TYPES };
export type { ContextRule, DenyList, Finding, PiiType, Recognizer, Replacer };

/**
 * Options of {@link scan}.
 * @example
 * ```ts
 * scan(text, { types: ['cn_resident_id'], minConfidence: 0.3 }); // also IDs with a wrong check character
 * ```
 */
export interface ScanOptions<T extends string = never> {
  /** Only these built-in types (default: all of {@link PII_TYPES}); recognizers and deny lists always run. */
  types?: readonly PiiType[];
  /**
   * Drop findings below this confidence (default 0.5). Numbers whose check character fails
   * (an 18-digit ID with a wrong check digit) are reported at 0.4 with `valid: false`, so pass
   * a lower value, e.g. 0.3, to see them.
   */
  minConfidence?: number;
  /** Per-type thresholds that replace `minConfidence` for their type: `{ person_name: 0.7 }`. */
  thresholds?: Readonly<Record<string, number>>;
  /** The caller's own pattern recognizers (pattern, validator, context words, score). */
  recognizers?: readonly Recognizer<T>[];
  /** Words always reported as their type: staff, store or VIP names, internal codes. */
  deny?: readonly DenyList<T>[];
  /** Texts never reported, whatever finds them: a store's own hotline, a brand that reads as a name. */
  allow?: ReadonlyArray<string | RegExp>;
  /** Words near a finding that raise or lower its confidence, before thresholds apply. */
  context?: readonly ContextRule[];
}

/**
 * Options of {@link redact}.
 * @example
 * ```ts
 * redact(text, { types: ['cn_mobile', 'email'], replace: 'tag' });
 * ```
 */
export interface RedactOptions<T extends string = never> extends ScanOptions<T> {
  /**
   * How to replace each finding: `'mask'` (default; custodia/mask display masks such as
   * `138****5678`), `'tag'` (`[CN_MOBILE]`), `'remove'`, or a function of the finding and the
   * original text of it.
   */
  replace?: Replacer<T>;
}

/**
 * Default {@link ScanOptions.minConfidence}: hides findings whose check character failed (0.4).
 * @example
 * ```ts
 * scan(text, { minConfidence: DEFAULT_MIN_CONFIDENCE - 0.2 });
 * ```
 */
export const DEFAULT_MIN_CONFIDENCE = 0.5;

let allTypes: ReadonlySet<PiiType> | undefined;
function wanted(types: readonly PiiType[] | undefined): ReadonlySet<PiiType> {
  if (types === undefined) return (allTypes ??= new Set(PII_TYPES));
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
export function scan<T extends string = never>(text: string, opts: ScanOptions<T> = {}): Array<Finding<PiiType | T>> {
  needObject(opts, 'opts');
  checkedText(text);
  const min = minConfidence(opts);
  // Without extensions the threshold is applied as findings are made (no second array).
  if (plainOptions(opts)) return scanRaw(text, wanted(opts.types), min).resolved() as Array<Finding<PiiType | T>>;
  let raw: Array<Finding<string>> = scanRaw(text, wanted(opts.types)).all();
  if (opts.recognizers !== undefined) raw = raw.concat(runRecognizers(text, opts.recognizers));
  if (opts.deny !== undefined) raw = raw.concat(runDenyLists(text, opts.deny));
  if (opts.context !== undefined) raw = applyContext(text, raw, opts.context);
  const limits = thresholds(opts.thresholds);
  const allow = allowList(opts.allow);
  const keep = (f: Finding<string>): boolean => f.confidence >= (limits?.[f.type] ?? min) && !(allow && allowed(text, f, allow));
  return resolveOverlaps(min > 0 || limits || allow ? raw.filter(keep) : raw) as Array<Finding<PiiType | T>>;
}

function checkedText(text: unknown): string {
  if (typeof text !== 'string') throw new CustodiaError('INVALID_ARGUMENT', 'scan: "text" expected a string', { field: 'text' });
  return text;
}

function minConfidence(opts: ScanOptions<string>): number {
  const min = opts.minConfidence ?? DEFAULT_MIN_CONFIDENCE;
  if (typeof min !== 'number' || !(min >= 0 && min <= 1))
    throw new CustodiaError('INVALID_ARGUMENT', 'scan: "minConfidence" expected a number from 0 to 1', { field: 'minConfidence' });
  return min;
}

/** No recognizers, deny or allow lists, context rules or thresholds: the scanner's own findings only. */
const plainOptions = (opts: ScanOptions<string>): boolean =>
  opts.recognizers === undefined && opts.deny === undefined && opts.context === undefined && opts.thresholds === undefined && opts.allow === undefined;

function thresholds(t: unknown): Readonly<Record<string, number>> | undefined {
  if (t === undefined) return undefined;
  if (typeof t !== 'object' || t === null || Object.values(t).some((v) => typeof v !== 'number' || !(v >= 0 && v <= 1)))
    throw new CustodiaError('INVALID_ARGUMENT', 'scan: "thresholds" expected numbers from 0 to 1 by type', { field: 'thresholds' });
  return t as Record<string, number>;
}

function allowList(a: unknown): ReadonlyArray<string | RegExp> | undefined {
  if (a === undefined) return undefined;
  if (!Array.isArray(a) || !a.every((x) => typeof x === 'string' || x instanceof RegExp))
    throw new CustodiaError('INVALID_ARGUMENT', 'scan: "allow" expected an array of strings or RegExps', { field: 'allow' });
  return a;
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
export function redact<T extends string = never>(text: string, opts: RedactOptions<T> = {}): string {
  needObject(opts, 'opts');
  const replace = (opts.replace ?? 'mask') as Replacer<string>;
  if (plainOptions(opts)) {
    // Checked in scan's order, then the replacement (as applyRedaction does).
    checkedText(text);
    const min = minConfidence(opts);
    const want = wanted(opts.types);
    const own = builtInReplacer(replace);
    // Redact's own replacements are written from the scanner's arrays: no finding objects are
    // made for a text that only needs its redacted copy.
    if (own) return scanRaw(text, want, min).redacted(text, own);
  }
  return applyRedaction(text, scan(text, opts), replace);
}
