import { _run, type _Runnable } from './_rules.js';
import type { _OutputOf, ZodSchema } from './_schemaLike.js';
import { _issuesOf, ValidationError } from './_validation.js';
import { CustodiaError } from '../errors/index.js';
import { label, readingCaller } from '../errors/_args.js';

/**
 * Parses `input` with a zod schema (built with `zod` or `zod/mini`), throwing a
 * {@link ValidationError} whose message and issues name paths and rule codes only, never
 * values. Every custodia module that takes external JSON parses through this.
 *
 * @example
 * ```ts
 * import * as z from 'zod/mini';
 * const n = parseWith(z.int(), '3', 'count'); // throws: count failed validation: (root): invalid_type
 * ```
 */
export function parseWith<S extends ZodSchema>(schema: S, input: unknown, what: string): _OutputOf<S> {
  if (typeof schema !== 'object' || schema === null || !('_zod' in schema)) throw new CustodiaError('INVALID_ARGUMENT', 'schema expected a zod schema', { field: 'schema' });
  what = label(what, 'input');
  // The schema's own zod internals run it (zod's safeParse does no more, messages aside): custodia bundles no zod.
  const r = readingCaller('input', () => _run(schema as unknown as _Runnable, input));
  if (r.issues.length) throw new ValidationError(what, _issuesOf(r.issues));
  return r.value as _OutputOf<S>;
}
