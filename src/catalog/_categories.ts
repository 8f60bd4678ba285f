/** The taxonomy's lookups: by id, membership, and which category covers which. */
import { CustodiaError } from '../errors/index.js';
import { needArray, needString } from '../errors/_args.js';
import { _categories, type Category } from './_taxonomy.js';

/**
 * The category with this dotted id; throws `UNKNOWN_CATEGORY` for ids not in the taxonomy.
 *
 * @example
 * ```ts
 * getCategory('biometric.face').sensitivity // 'sensitive'
 * ```
 */
export function getCategory(id: string): Category {
  const c = typeof id === 'string' ? _categories().get(id) : undefined;
  if (!c) throw new CustodiaError('UNKNOWN_CATEGORY', 'category id is not in the taxonomy (listCategories() has them)', { field: typeof id === 'string' ? id : 'category' });
  return c;
}

/**
 * True when `id` is a category of the taxonomy (what {@link getCategory} accepts without throwing).
 *
 * @example
 * ```ts
 * isCategory('contact.mobile') // true
 * isCategory('contact.pager')  // false
 * ```
 */
export function isCategory(id: string): boolean {
  return typeof id === 'string' && _categories().has(id);
}

/**
 * Every category of the taxonomy, parents before children.
 *
 * @example
 * ```ts
 * listCategories().filter((c) => c.sensitivity === 'sensitive').map((c) => c.id)
 * ```
 */
export function listCategories(): Category[] {
  return [..._categories().values()];
}

/**
 * True when `ancestor` is `id` or one of its ancestors (`contact` covers `contact.mobile`).
 *
 * @example
 * ```ts
 * covers('contact', 'contact.mobile') // true
 * covers('contact.mobile', 'contact') // false
 * ```
 */
export function covers(ancestor: string, id: string): boolean {
  needString(ancestor, 'ancestor');
  needString(id, 'id');
  return id === ancestor || (id.length > ancestor.length && id.startsWith(ancestor) && id[ancestor.length] === '.');
}

/** True when any of `ancestors` covers `id`. @example coveredBy(['contact'], 'contact.email') // true */
export function coveredBy(ancestors: readonly string[], id: string): boolean {
  needArray(ancestors, 'ancestors');
  return ancestors.some((a) => covers(a, id));
}
