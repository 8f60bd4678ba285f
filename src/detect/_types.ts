/**
 * Every kind of personal data `scan` finds.
 * @example
 * ```ts
 * scan(text, { types: PII_TYPES.filter((t) => t !== 'person_name') });
 * ```
 */
export const PII_TYPES = [
  'cn_resident_id',
  'cn_mobile',
  'cn_landline',
  'cn_uscc',
  'cn_plate',
  'bank_card',
  'cn_passport',
  'hk_macau_permit',
  'tw_permit',
  'email',
  'qq',
  'wechat_id',
  'ipv4',
  'ipv6',
  'cn_address',
  'person_name',
] as const;

/**
 * A kind of personal data: `'cn_resident_id'`, `'cn_mobile'`, `'bank_card'`, ...
 * @example
 * ```ts
 * const wanted: PiiType[] = ['cn_resident_id', 'cn_mobile'];
 * ```
 */
export type PiiType = (typeof PII_TYPES)[number];

/**
 * One piece of personal data in a text: UTF-16 offsets `[start, end)` into it.
 * @example
 * ```ts
 * for (const f of scan(text)) console.log(f.type, text.slice(f.start, f.end).length);
 * ```
 */
export interface Finding<T extends string = PiiType> {
  /** A built-in {@link PiiType}, or the type of a caller's recognizer or deny list. */
  type: T;
  /** UTF-16 offset of the first code unit (as `String.prototype.slice` counts). */
  start: number;
  /** UTF-16 offset just past the last code unit. */
  end: number;
  /** 0..1: how sure the detector is. Check characters and context decide it. */
  confidence: number;
  /** Present for types with a check character: whether it verified (ID, USCC, bank card). */
  valid?: boolean;
}

/** The sink a detector writes to. */
export type Emit = (type: PiiType, start: number, end: number, confidence: number, valid?: boolean) => void;
