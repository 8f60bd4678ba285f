/** Zod failures as custodia errors: paths and codes, never the values. Internal to catalog's surface. */
import { CustodiaError } from '../errors/index.js';
import { label } from '../errors/_args.js';

/**
 * One problem found in external input: where (`purposes[0]`) and which rule (`invalid_type`).
 * @example
 * ```ts
 * const r = catalog.safeParse({ phone: '123' });
 * const issues: ValidationIssue[] = r.ok ? [] : r.issues; // [{ path: 'phone', code: 'invalid_format' }]
 * ```
 */
export interface ValidationIssue {
  readonly path: string;
  readonly code: string;
}

/**
 * A `VALIDATION_FAILED` {@link CustodiaError} listing every issue by path and code. Messages
 * and issues never carry the rejected values.
 *
 * @example
 * ```ts
 * try { catalog.parse(json); } catch (e) {
 *   if (e instanceof ValidationError) e.issues; // [{ path: 'phone', code: 'invalid_format' }]
 * }
 * ```
 */
export class ValidationError extends CustodiaError {
  declare readonly issues: readonly ValidationIssue[];
  constructor(what: string, issues: readonly ValidationIssue[]) {
    what = label(what, 'input');
    if (!Array.isArray(issues) || !issues.every((i) => typeof i === 'object' && i !== null && typeof i.path === 'string' && typeof i.code === 'string'))
      issues = [{ path: 'issues', code: 'invalid_type' }];
    // An undeclared key is the caller's word, not the schema's: the message counts them, never names them.
    const declared = issues.filter((i) => i.code !== 'unrecognized_keys');
    const undeclared = issues.length - declared.length;
    const accepted = (i: ValidationIssue) => (i as { accepted?: readonly string[] }).accepted;
    const list = [...declared.map((i) => `${i.path || '(root)'}: ${i.code}${accepted(i) ? `, must be one of ${accepted(i)!.join(', ')}` : ''}`), ...(undeclared ? [`${undeclared} undeclared key(s): unrecognized_keys`] : [])].join('; ');
    super('VALIDATION_FAILED', `${what} failed validation: ${list}`, { field: declared[0]?.path ?? what });
    this.name = 'ValidationError';
    // Not enumerable, so JSON.stringify(error) (a log line) does not carry the undeclared keys' names.
    Object.defineProperty(this, 'issues', { value: issues, enumerable: false });
  }
}

// Field names look like identifiers; a key that does not (a phone number, an e-mail, a name used
// as a key by mistake or on purpose) could itself be personal data, so it never reaches a message.
const NAME_LIKE = /^(?!.*\d{5})[A-Za-z_$][\w$-]{0,63}$/;

/** `a.b[0].c` from a zod path; keys that are not identifier-like show as `<key>`. */
export function _pathOf(path: readonly PropertyKey[]): string {
  let out = '';
  for (const p of path) {
    const seg = typeof p === 'string' && NAME_LIKE.test(p) ? p : '<key>';
    out += typeof p === 'number' ? `[${p}]` : out ? `.${seg}` : seg;
  }
  return out;
}

/** The raw issues of a zod 4 run (ours or a user's schema, classic or mini). @internal */
export interface _RawIssue {
  readonly code: string;
  readonly path?: readonly PropertyKey[];
  readonly keys?: readonly string[];
  readonly values?: readonly unknown[];
  readonly params?: { readonly code?: unknown };
}

/** Issues of a zod 4 run; custom refinements name their rule in `params.code`. */
export function _issuesOf(issues: readonly _RawIssue[]): ValidationIssue[] {
  const out: ValidationIssue[] = [];
  for (const i of issues) {
    const custom = i.code === 'custom' ? i.params?.code : undefined;
    const code = typeof custom === 'string' ? custom : i.code;
    const path = i.path ?? [];
    if (i.code === 'unrecognized_keys') for (const k of i.keys ?? []) out.push({ path: _pathOf(path.concat(k)), code });
    else {
      const issue: ValidationIssue = { path: _pathOf(path), code };
      // An enum's accepted values are the schema's words: the message lists them (never the value given).
      const values = i.code === 'invalid_value' ? (i.values ?? []).filter((v): v is string => typeof v === 'string') : [];
      if (values.length > 0 && values.length <= 40) Object.defineProperty(issue, 'accepted', { value: values, enumerable: false });
      out.push(issue);
    }
  }
  return out;
}
