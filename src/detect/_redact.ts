// Replacement of findings. 'mask' is custodia/mask's display masking, keyed by type here.
import { CustodiaError } from '../errors/index.js';
import { mask, maskWith } from '../mask/index.js';
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

function replacerFn(replace: Replacer<string>): (f: Finding<string>, original: string) => string {
  // A caller's own types keep their first and last character.
  if (replace === 'mask') return (f, o) => (MASK_BY_TYPE[f.type as PiiType] ?? ((v: string) => maskWith(v, { keepStart: 1, keepEnd: 1 })))(o);
  if (replace === 'tag') return (f) => `[${f.type.toUpperCase()}]`;
  if (replace === 'remove') return () => '';
  if (typeof replace === 'function') return replace;
  throw new CustodiaError('INVALID_ARGUMENT', 'redact: "replace" expected \'mask\', \'tag\', \'remove\' or a function', { field: 'replace' });
}

/** `text` with each finding (sorted, non-overlapping) replaced. */
export function applyRedaction(text: string, findings: ReadonlyArray<Finding<string>>, replace: Replacer<string>): string {
  const fn = replacerFn(replace);
  let out = '';
  let pos = 0;
  for (const f of findings) {
    const r = fn(f, text.slice(f.start, f.end));
    if (typeof r !== 'string')
      throw new CustodiaError('INVALID_PATTERN', `redact: the replacement for a ${f.type} finding is not a string`, { field: 'replace' });
    out += text.slice(pos, f.start) + r;
    pos = f.end;
  }
  return out + text.slice(pos);
}
