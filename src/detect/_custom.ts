// Extensions a caller adds to scan, as Presidio has them: pattern recognizers with a validator and
// context words, deny lists (dictionaries of store or staff names), allow lists, context words that
// raise or lower the score of any type, and per-type thresholds. Only run when options ask for them.
import { CustodiaError } from '../errors/index.js';
import type { Finding } from './_types.js';

type AnyFinding = Finding<string>;

/**
 * A pattern recognizer of a caller's own type.
 * @example
 * ```ts
 * const member: Recognizer = {
 *   type: 'member_id', pattern: /M\d{8}/, score: 0.5,
 *   validate: (m) => m.endsWith('7'), context: ['会员', 'member'], contextBoost: 0.3,
 * };
 * ```
 */
export interface Recognizer<T extends string = string> {
  /** The type its findings carry (any name; a built-in type's name is allowed too). */
  type: T;
  /** What to look for; the flags are kept, `g` is added. */
  pattern: RegExp;
  /** Whether a match is one (a check digit, a range); default: every match. */
  validate?: (match: string) => boolean;
  /** Confidence of a match, 0..1 (default 0.6). */
  score?: number;
  /** Words near a match (within `window` characters either side) that add `contextBoost`. */
  context?: readonly string[];
  /** Added to the score when a context word is near (default 0.3). */
  contextBoost?: number;
  /** Characters either side searched for context words (default 12). */
  window?: number;
}

/**
 * Words that always are personal data of a type: a deny list, or a dictionary of store, staff or
 * VIP names.
 * @example
 * ```ts
 * const staff: DenyList = { type: 'person_name', words: ['欧阳娜娜', '小美'] };
 * ```
 */
export interface DenyList<T extends string = string> {
  type: T;
  words: readonly string[];
  /** Confidence of a hit (default 0.9). */
  score?: number;
}

/**
 * Words near a finding that raise (positive `boost`) or lower (negative) its confidence.
 * @example
 * ```ts
 * const notPhones: ContextRule = { types: ['cn_mobile'], words: ['订单号', '运单'], boost: -0.5 };
 * ```
 */
export interface ContextRule {
  /** The types it applies to (default: all). */
  types?: readonly string[];
  words: readonly string[];
  boost: number;
  /** Characters either side searched (default 12). */
  window?: number;
}

const fail = (field: string, rule: string): never => {
  throw new CustodiaError('INVALID_ARGUMENT', `scan: "${field}" ${rule}`, { field });
};
const isScore = (v: unknown): boolean => typeof v === 'number' && v >= 0 && v <= 1;
const words = (v: unknown, field: string): readonly string[] =>
  Array.isArray(v) && v.every((w) => typeof w === 'string' && w.length > 0) ? v : fail(field, 'expected an array of non-empty strings');

function near(text: string, start: number, end: number, list: readonly string[], window: number): boolean {
  const before = text.slice(Math.max(0, start - window), start);
  const after = text.slice(end, end + window);
  return list.some((w) => before.includes(w) || after.includes(w));
}

const clamp = (v: number): number => Math.round(Math.min(1, Math.max(0, v)) * 100) / 100;

/** Findings of the caller's recognizers. */
export function runRecognizers(text: string, recs: unknown): AnyFinding[] {
  if (!Array.isArray(recs)) return fail('recognizers', 'expected an array of recognizers');
  const out: AnyFinding[] = [];
  for (const r of recs as Recognizer[]) {
    if (!r || typeof r.type !== 'string' || !r.type) fail('recognizers', 'each needs a type name');
    if (!(r.pattern instanceof RegExp)) fail('recognizers', 'each needs a RegExp pattern');
    if (r.score !== undefined && !isScore(r.score)) fail('recognizers', 'score expected a number from 0 to 1');
    const ctx = r.context === undefined ? [] : words(r.context, 'recognizers');
    const re = new RegExp(r.pattern.source, r.pattern.flags.includes('g') ? r.pattern.flags : r.pattern.flags + 'g');
    for (let m = re.exec(text); m; m = re.exec(text)) {
      if (m[0].length === 0) {
        re.lastIndex++;
        continue;
      }
      if (r.validate && r.validate(m[0]) !== true) continue;
      const end = m.index + m[0].length;
      let score = r.score ?? 0.6;
      if (ctx.length && near(text, m.index, end, ctx, r.window ?? 12)) score += r.contextBoost ?? 0.3;
      out.push({ type: r.type, start: m.index, end, confidence: clamp(score) });
    }
  }
  return out;
}

/** Every occurrence of a deny-list word. */
export function runDenyLists(text: string, lists: unknown): AnyFinding[] {
  if (!Array.isArray(lists)) return fail('deny', 'expected an array of { type, words }');
  const out: AnyFinding[] = [];
  for (const l of lists as DenyList[]) {
    if (!l || typeof l.type !== 'string' || !l.type) fail('deny', 'each needs a type name');
    if (l.score !== undefined && !isScore(l.score)) fail('deny', 'score expected a number from 0 to 1');
    for (const w of words(l.words, 'deny'))
      for (let k = text.indexOf(w); k >= 0; k = text.indexOf(w, k + w.length))
        out.push({ type: l.type, start: k, end: k + w.length, confidence: l.score ?? 0.9 });
  }
  return out;
}

/** Findings with each context rule applied to their confidence. */
export function applyContext(text: string, found: AnyFinding[], rules: unknown): AnyFinding[] {
  if (!Array.isArray(rules)) return fail('context', 'expected an array of { words, boost }');
  for (const r of rules as ContextRule[]) {
    if (!r || typeof r.boost !== 'number' || !(r.boost >= -1 && r.boost <= 1)) fail('context', 'boost expected a number from -1 to 1');
    const list = words(r.words, 'context');
    const types = r.types === undefined ? undefined : words(r.types, 'context');
    for (const f of found)
      if ((!types || types.includes(f.type)) && near(text, f.start, f.end, list, r.window ?? 12)) f.confidence = clamp(f.confidence + r.boost);
  }
  return found;
}

/** Whether the text of `f` is on the allow list (exact string, or a RegExp matching all of it). */
export function allowed(text: string, f: AnyFinding, allow: ReadonlyArray<string | RegExp>): boolean {
  const v = text.slice(f.start, f.end);
  return allow.some((a) => (typeof a === 'string' ? a === v : new RegExp(`^(?:${a.source})$`, a.flags.replace('g', '')).test(v)));
}
