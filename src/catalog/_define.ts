/** defineCatalog: an application's fields mapped to categories, and the records parsed with them. */
import { _object, _optional, _run, _unknown, type _Runnable, type _Shape } from './_rules.js';
import type { _OutputOf, ZodSchema } from './_schemaLike.js';
import { CustodiaError } from '../errors/index.js';
import { needArray, needObject, readingCaller } from '../errors/_args.js';
import { _defaultSchema } from './_schemas.js';
import { coveredBy, getCategory } from './_categories.js';
import type { IdentifierRole, Sensitivity } from './_taxonomy.js';
import { _issuesOf, ValidationError, type ValidationIssue } from './_validation.js';

/**
 * How an application declares one of its fields.
 * @example
 * ```ts
 * const phone: FieldSpec = { category: 'contact.mobile', required: true, sensitivity: 'sensitive' };
 * const catalog = defineCatalog({ fields: { phone } });
 * ```
 */
export interface FieldSpec {
  /** Taxonomy category id, e.g. `'contact.mobile'`. */
  category: string;
  /**
   * Zod schema of the value, built with `zod` or `zod/mini`; defaults to the category's (mobile,
   * email, birth date, resident ID) or any JSON.
   */
  schema?: ZodSchema;
  /** Must be present in a parsed record (default false: T/CCAGM 4.2.2 makes phone binding optional). */
  required?: boolean;
  /** Overrides the category's sensitivity (only upwards: general → sensitive). */
  sensitivity?: Sensitivity;
  /** Overrides the category's identifier role. */
  role?: IdentifierRole;
  /** Where the data may be stored (policy 9.3); default `'CN'`. */
  residency?: 'CN' | 'cross-border-assessed';
}

/**
 * A field of a defined catalog, with everything resolved.
 * @example
 * ```ts
 * const f: CatalogField = catalog.field('face');
 * if (f.sensitivity === 'sensitive') requireSeparateConsent(f.name);
 * ```
 */
export interface CatalogField {
  readonly name: string;
  readonly category: string;
  readonly sensitivity: Sensitivity;
  readonly role: IdentifierRole;
  readonly publicSecurityOnly: boolean;
  readonly required: boolean;
  readonly residency: 'CN' | 'cross-border-assessed';
}

type ValueOf<S> = S extends { schema: infer Z extends ZodSchema } ? _OutputOf<Z> : unknown;
/**
 * The record type a catalog parses into.
 * @example
 * ```ts
 * const fields = { name: { category: 'identity.name', schema: z.string() } } satisfies Record<string, FieldSpec>;
 * type Customer = CatalogRecord<typeof fields>; // { name?: string }
 * ```
 */
export type CatalogRecord<F extends Record<string, FieldSpec>> = { [K in keyof F]?: ValueOf<F[K]> };

/**
 * A defined catalog.
 * @example
 * ```ts
 * const catalog: Catalog = defineCatalog({ fields: { phone: { category: 'contact.mobile' } } });
 * catalog.fieldsIn(['contact']) // ['phone']
 * ```
 */
export interface Catalog<F extends Record<string, FieldSpec> = Record<string, FieldSpec>> {
  /** Field descriptions by name. */
  readonly fields: Readonly<Record<keyof F & string, CatalogField>>;
  /** The field by name; throws `UNKNOWN_FIELD`. */
  field(name: string): CatalogField;
  /** True when the catalog declares `name`. */
  has(name: string): boolean;
  /** Names of the fields whose category is covered by one of `categories`. */
  fieldsIn(categories: readonly string[]): (keyof F & string)[];
  /** Parses external JSON into a typed record; throws {@link ValidationError} (paths and codes only). */
  parse(input: unknown): CatalogRecord<F>;
  /** Like parse for a partial update (no required fields): for corrections. */
  parsePatch(input: unknown): CatalogRecord<F>;
  /** Parses without throwing. */
  safeParse(input: unknown): { ok: true; value: CatalogRecord<F> } | { ok: false; issues: ValidationIssue[] };
}

// Errors name a field by its position: its name is the caller's, and could be anything.
function resolveField(name: string, spec: FieldSpec, at: string): CatalogField {
  needObject(spec, at);
  const cat = getCategory(spec.category);
  const s = spec.schema as { _zod?: { run?: unknown } } | undefined;
  if (s !== undefined && typeof s?._zod?.run !== 'function') throw new CustodiaError('INVALID_ARGUMENT', `${at}.schema expected a zod 4 schema`, { field: name });
  if (spec.sensitivity === 'general' && cat.sensitivity === 'sensitive')
    throw new CustodiaError('INVALID_ARGUMENT', `${at}: a sensitive category cannot be declared general`, { field: name });
  return Object.freeze({
    name,
    category: cat.id,
    sensitivity: spec.sensitivity ?? cat.sensitivity,
    role: spec.role ?? cat.role,
    publicSecurityOnly: cat.publicSecurityOnly,
    required: spec.required === true,
    residency: spec.residency ?? 'CN',
  });
}

/**
 * Declares an application's fields: each maps to a taxonomy category (which gives its
 * sensitivity and identifier role) and a zod schema (`zod` or `zod/mini`). Unknown keys in
 * parsed input are rejected (policy 8.3: collect nothing the catalog does not declare).
 *
 * @example
 * ```ts
 * import * as z from 'zod/mini'; // or 'zod': any zod 4 schema works
 * const catalog = defineCatalog({ fields: {
 *   name: { category: 'identity.name', schema: z.string().check(z.minLength(1)) },
 *   phone: { category: 'contact.mobile', required: true },
 *   face: { category: 'biometric.face' },
 * } });
 * catalog.field('face').sensitivity // 'sensitive'
 * const rec = catalog.parse(JSON.parse(body)); // { name?: string; phone?: string; face?: unknown }
 * ```
 */
export function defineCatalog<const F extends Record<string, FieldSpec>>(def: { fields: F }): Catalog<F> {
  const fields: Record<string, CatalogField> = {};
  const shape: _Shape = {};
  const patchShape: _Shape = {};
  needObject(def, 'def');
  const entries = readingCaller('fields', () => {
    needObject(def.fields, 'fields');
    return Object.entries(def.fields);
  });
  for (const [i, [name, spec]] of entries.entries()) {
    fields[name] = readingCaller(`fields[${i}]`, () => resolveField(name, spec, `fields[${i}]`));
    const base = (spec.schema as _Runnable | undefined) ?? _defaultSchema(spec.category) ?? _unknown();
    shape[name] = spec.required ? base : _optional(base);
    patchShape[name] = _optional(base);
  }
  Object.freeze(fields);
  const schema = _object(shape);
  const patch = _object(patchShape);
  const run = (s: _Runnable, input: unknown, what: string): CatalogRecord<F> => {
    const r = _run(s, input);
    if (!r.issues.length) return r.value as CatalogRecord<F>;
    throw new ValidationError(what, _issuesOf(r.issues));
  };
  return {
    fields: fields as Record<keyof F & string, CatalogField>,
    field(name) {
      const f = typeof name === 'string' && Object.prototype.hasOwnProperty.call(fields, name) ? fields[name] : undefined;
      if (!f) throw new CustodiaError('UNKNOWN_FIELD', 'field is not declared in the catalog', { field: typeof name === 'string' ? name : 'name' });
      return f;
    },
    has: (name) => typeof name === 'string' && Object.prototype.hasOwnProperty.call(fields, name),
    fieldsIn: (cats) => (needArray(cats, 'categories'), Object.values(fields).filter((f) => coveredBy(cats, f.category)).map((f) => f.name as keyof F & string)),
    parse: (input) => run(schema, input, 'record'),
    parsePatch: (input) => run(patch, input, 'correction'),
    safeParse(input) {
      const r = _run(schema, input);
      if (!r.issues.length) return { ok: true, value: r.value as CatalogRecord<F> };
      return { ok: false, issues: _issuesOf(r.issues) };
    },
  };
}
