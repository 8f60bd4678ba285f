import type { z } from 'zod';
import { _issuesOf, ValidationError } from './_validation.js';

/**
 * Parses `input` with a zod schema, throwing a {@link ValidationError} whose message and
 * issues name paths and rule codes only, never values. Every custodia module that takes
 * external JSON parses through this.
 *
 * @example
 * ```ts
 * const n = parseWith(z.number().int(), '3', 'count'); // throws: count failed validation: (root): invalid_type
 * ```
 */
export function parseWith<S extends z.ZodType>(schema: S, input: unknown, what: string): z.output<S> {
  const r = schema.safeParse(input);
  if (!r.success) throw new ValidationError(what, _issuesOf(r.error));
  return r.data;
}
