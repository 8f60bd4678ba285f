import { _char, _count, _opts, _str } from './_core.js';

/**
 * Options of {@link address}.
 * @example
 * ```ts
 * const opts: AddressMaskOptions = { char: '○', fixed: 2 };
 * address('北京市朝阳区建国路1号', opts) // '北京市朝阳区○○'
 * ```
 */
export interface AddressMaskOptions {
  /** Mask character (default `'*'`). */
  char?: string;
  /** Mask characters written after the kept part (default 4, whatever the hidden length). */
  fixed?: number;
}

// Administrative levels down to the district/county, in Han characters only; a street, road,
// town or number ends the match. Province: 省/自治区/特别行政区 or a municipality (北京市 ...).
// Built on first use: top-level template literals are kept by bundlers even on pages that never mask an address.
let re: RegExp | undefined;
function _adminPattern(): RegExp {
  const H = '[\\u4e00-\\u9fff]';
  const NOT_STREET = '(?![^省市区县旗州盟]*?(?:路|街|道|巷|弄|号|村|镇|乡|里|组|栋|楼|室))';
  const PROVINCE = `(?:${H}{2,8}?(?:省|自治区|特别行政区)|(?:北京|上海|天津|重庆)市)?`;
  const CITY = `(?:${NOT_STREET}${H}{1,10}?(?:自治州|地区|盟|市))?`;
  const DISTRICT = `(?:${NOT_STREET}${H}{1,8}?(?:自治县|自治旗|新区|区|县|市|旗|林区|特区))?`;
  return new RegExp(`^\\s*${PROVINCE}${CITY}${DISTRICT}`, 'u');
}

/** The administrative prefix (province, city, district) of an address, possibly empty. Internal. */
export function _adminPrefix(v: string): string {
  re ??= _adminPattern();
  const m = re.exec(v);
  return m ? m[0] : '';
}

/**
 * Masks a mainland address for display: keeps the province, city and district/county
 * (`广东省深圳市南山区`) and replaces everything finer (street, building, room) with a fixed
 * number of mask characters, so the hidden length does not show. When no administrative
 * prefix is recognised the whole address is masked.
 *
 * @example
 * ```ts
 * address('广东省深圳市南山区科技园南路88号') // '广东省深圳市南山区****'
 * address('北京市朝阳区建国路1号')            // '北京市朝阳区****'
 * ```
 */
export function address(value: string, opts: AddressMaskOptions = {}): string {
  _opts(opts);
  const v = _str(value, 'address');
  const ch = _char(opts.char);
  const fixed = _count(opts.fixed ?? 4, 'fixed');
  const keep = _adminPrefix(v).trim();
  if (Array.from(v.trim()).length === Array.from(keep).length) return keep.length > 0 ? keep : '';
  return keep + ch.repeat(fixed);
}
