/** The ISO 8601 duration schema, apart from the date arithmetic (a consent page needs only this). */
import type { ParsingSchema } from './_schemaLike.js';
import { _regex, _string, type _Rule } from './_rules.js';

/** ISO 8601 durations: designators Y M W D and T H M S, whole numbers. @internal */
export const _DURATION = /^P(?!$)(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)W)?(?:(\d+)D)?(?:T(?=\d)(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?)?$/;

/**
 * Schema of an ISO 8601 duration string (`parse`, `safeParse`); it speaks zod 4's protocol, so
 * it nests in `zod` and `zod/mini` schemas alike.
 *
 * @example
 * ```ts
 * isoDuration().parse('P3Y') // 'P3Y'
 * z.optional(isoDuration() as unknown as z.ZodMiniString) // in your own zod/mini object shape
 * ```
 */
export function isoDuration(): ParsingSchema<string> {
  return _isoDuration();
}

/** The same schema with its own type, for custodia's own shapes. @internal */
export function _isoDuration(): _Rule<string> {
  return _string(_regex(_DURATION));
}
