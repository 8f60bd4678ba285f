// zod's ISO date schemas, built the way `z.iso.date()` / `z.iso.datetime()` build them. Reaching
// them through `z.iso` (a namespace inside the `z` namespace) keeps every ISO schema of zod, with
// their regexes, in each bundle: bundlers shake one level of namespace, not two (0.3 KiB gzip).
import { ZodMiniISODate, ZodMiniISODateTime } from 'zod/mini';
import { _isoDate, _isoDateTime } from 'zod/v4/core';

/** `z.iso.datetime({ offset: true })`: RFC 3339 date-time, `Z` or a numeric offset. @internal */
/* @__NO_SIDE_EFFECTS__ */
export function _isoDateTimeSchema(): ZodMiniISODateTime {
  return _isoDateTime(ZodMiniISODateTime, { offset: true });
}

/** `z.iso.date()`: `YYYY-MM-DD`. @internal */
/* @__NO_SIDE_EFFECTS__ */
export function _isoDateSchema(): ZodMiniISODate {
  return _isoDate(ZodMiniISODate);
}
