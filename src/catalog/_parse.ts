import { safeParse } from 'zod/mini';
import type { $ZodType } from 'zod/v4/core';
import type { _OutputOf, ZodSchema } from './_schemaLike.js';
import { _issuesOf, ValidationError } from './_validation.js';

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
  const r = safeParse(schema as unknown as $ZodType, input);
  if (!r.success) throw new ValidationError(what, _issuesOf(r.error));
  return r.data as _OutputOf<S>;
}
