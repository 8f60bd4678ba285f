/**
 * The one canonical JSON of custodia, hashed by notices, the consent ledger and the audit
 * log. It follows RFC 8785 (JCS): object keys sorted by UTF-16 code units, no whitespace,
 * numbers as ECMAScript prints them, strings as JSON.stringify escapes them.
 */
import { CustodiaError } from '../errors/index.js';
import { readingCaller } from '../errors/_args.js';

const MSG = {
  nonFinite: 'canonical JSON has no NaN or Infinity',
  notPlain: 'canonical JSON takes plain objects, arrays, strings, finite numbers, booleans and null',
};

// The hot path: no path bookkeeping; on failure the slow walk below finds where.
// Strings JSON.stringify would escape: quote, backslash, controls, and (lone) surrogates.
// eslint-disable-next-line no-control-regex -- control characters are exactly what JSON must escape
const ESCAPE = /["\\\u0000-\u001f\ud800-\udfff]/;

function write(v: unknown): string {
  switch (typeof v) {
    case 'string':
      return ESCAPE.test(v) ? JSON.stringify(v) : `"${v}"`;
    case 'boolean':
      return v ? 'true' : 'false';
    case 'number':
      if (!Number.isFinite(v)) throw fail(v);
      return JSON.stringify(v);
    case 'object': {
      if (v === null) return 'null';
      if (Array.isArray(v)) {
        let s = '[';
        for (let i = 0; i < v.length; i++) {
          if (i) s += ',';
          const x = v[i] as unknown;
          s += x === undefined ? 'null' : write(x);
        }
        return s + ']';
      }
      const proto = Object.getPrototypeOf(v);
      if (proto !== Object.prototype && proto !== null) throw fail(v);
      const o = v as Record<string, unknown>;
      // Default sort compares UTF-16 code units, as RFC 8785 §3.2.3 requires.
      const keys = Object.keys(o).sort();
      let s = '{';
      let first = true;
      for (const k of keys) {
        const x = o[k];
        if (x === undefined) continue;
        if (!first) s += ',';
        first = false;
        s += (ESCAPE.test(k) ? JSON.stringify(k) : `"${k}"`) + ':' + write(x);
      }
      return s + '}';
    }
    default:
      throw fail(v);
  }
}

const BAD = /* @__PURE__ */ Symbol('bad');
// Assigned, not a computed key, and Object.keys below rather than Object.entries: WeChat's compile
// would add its defineProperty and Object.entries helpers (0.9 KB) to every consent page.
const fail = (v: unknown) => {
  const e: Record<symbol, unknown> = {};
  e[BAD] = v;
  return e;
};

function find(root: unknown, bad: unknown, path: string): string | undefined {
  if (Object.is(root, bad)) return path || '(root)';
  if (typeof root !== 'object' || root === null) return undefined;
  for (const k of Object.keys(root)) {
    const p = Array.isArray(root) ? `${path}[${k}]` : path ? `${path}.${k}` : k;
    const hit = find((root as Record<string, unknown>)[k], bad, p);
    if (hit !== undefined) return hit;
  }
  return undefined;
}

/**
 * Deterministic JSON text of `value` (RFC 8785): equal data gives equal bytes, so its hash
 * identifies the content. `undefined` object members are dropped, as JSON.stringify does.
 *
 * @example
 * ```ts
 * canonicalJson({ b: 1, a: [true, null, 'x'] }) // '{"a":[true,null,"x"],"b":1}'
 * ```
 */
export function canonicalJson(value: unknown): string {
  try {
    return write(value);
  } catch (e) {
    // Anything else is the caller's value failing to be read (a throwing getter or proxy).
    if (typeof e !== 'object' || e === null || !(BAD in e)) return readingCaller('value', () => {
      throw e;
    });
    const v = (e as Record<symbol, unknown>)[BAD];
    const what = typeof v === 'number' ? MSG.nonFinite : typeof v === 'object' ? MSG.notPlain : `canonical JSON cannot hold a ${typeof v}`;
    throw new CustodiaError('INVALID_ARGUMENT', what, { field: find(value, v, '') ?? '(root)' });
  }
}
