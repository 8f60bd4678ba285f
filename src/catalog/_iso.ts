// zod 4's ISO date and date-time patterns (zod/v4/core/regexes.js: `date`, `datetime({ offset: true })`),
// the schemas of `z.iso.date()` / `z.iso.datetime({ offset: true })`: leap years checked, RFC 3339 seconds required.
import { _regex, _string, type _Rule } from './_rules.js';

const DATE = '(?:(?:\\d\\d[2468][048]|\\d\\d[13579][26]|\\d\\d0[48]|[02468][048]00|[13579][26]00)-02-29|\\d{4}-(?:(?:0[13578]|1[02])-(?:0[1-9]|[12]\\d|3[01])|(?:0[469]|11)-(?:0[1-9]|[12]\\d|30)|(?:02)-(?:0[1-9]|1\\d|2[0-8])))';

/** `z.iso.datetime({ offset: true })`: RFC 3339 date-time, `Z` or a numeric offset. @internal */
/* @__NO_SIDE_EFFECTS__ */
export function _isoDateTimeSchema(): _Rule<string> {
  return _string(_regex(new RegExp(`^${DATE}T(?:(?:[01]\\d|2[0-3]):[0-5]\\d:[0-5]\\d(?:\\.\\d+)?(?:Z|([+-](?:[01]\\d|2[0-3]):[0-5]\\d)))$`)));
}

/** `z.iso.date()`: `YYYY-MM-DD`. @internal */
/* @__NO_SIDE_EFFECTS__ */
export function _isoDateSchema(): _Rule<string> {
  return _string(_regex(new RegExp(`^${DATE}$`)));
}
