/**
 * The one canonical JSON of custodia, hashed by notices, the consent ledger and the audit
 * log. It follows RFC 8785 (JCS): object keys sorted by UTF-16 code units, no whitespace,
 * numbers as ECMAScript prints them, strings as JSON.stringify escapes them.
 */
import { CustodiaError } from '../errors/index.js';

function write(v: unknown, path: string, out: string[]): void {
  if (v === null || typeof v === 'boolean') out.push(String(v));
  else if (typeof v === 'number') {
    if (!Number.isFinite(v)) throw new CustodiaError('INVALID_ARGUMENT', 'canonical JSON has no NaN or Infinity', { field: path });
    out.push(JSON.stringify(v));
  } else if (typeof v === 'string') out.push(JSON.stringify(v));
  else if (Array.isArray(v)) {
    out.push('[');
    v.forEach((x, i) => {
      if (i) out.push(',');
      write(x === undefined ? null : x, `${path}[${i}]`, out);
    });
    out.push(']');
  } else if (typeof v === 'object' && Object.getPrototypeOf(v) !== null && !isPlain(v)) {
    throw new CustodiaError('INVALID_ARGUMENT', 'canonical JSON takes plain objects, arrays, strings, finite numbers, booleans and null', { field: path });
  } else if (typeof v === 'object') {
    const o = v as Record<string, unknown>;
    // Default sort compares UTF-16 code units, as RFC 8785 §3.2.3 requires.
    const keys = Object.keys(o).filter((k) => o[k] !== undefined).sort();
    out.push('{');
    keys.forEach((k, i) => {
      if (i) out.push(',');
      out.push(JSON.stringify(k), ':');
      write(o[k], path ? `${path}.${k}` : k, out);
    });
    out.push('}');
  } else throw new CustodiaError('INVALID_ARGUMENT', `canonical JSON cannot hold a ${typeof v}`, { field: path || '(root)' });
}

function isPlain(v: object): boolean {
  const p = Object.getPrototypeOf(v);
  return p === Object.prototype || p === null;
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
  const out: string[] = [];
  write(value, '', out);
  return out.join('');
}
