/**
 * custodia's own schemas (consent events, notices, purposes, audit entries, the catalog's
 * defaults): the few zod 4 rules they use, written out to the same issue codes, paths and order
 * (test/catalog/rules.test.ts runs them against zod as the oracle), without zod's 30 KB in a
 * mini-program. They speak zod 4's internal protocol (`_zod.run` over a `{ value, issues }`
 * payload, `optin`/`optout`), so a user's zod schema runs inside them (catalog fields) and they
 * run inside a user's zod schema.
 */
import type { ParsingSchema } from './_schemaLike.js';
import { _issuesOf, ValidationError } from './_validation.js';

/** An issue as zod 4 raises it, before messages: no input value is ever kept in it. @internal */
export interface _Issue {
  code: string;
  path: PropertyKey[];
  continue?: boolean;
  keys?: string[];
  values?: readonly unknown[];
  params?: { code: string };
  message?: string;
}
/** @internal */
export interface _Payload {
  value: unknown;
  issues: _Issue[];
}
/** What runs a payload: a zod 4 schema's internals, ours or the user's. @internal */
export interface _Runnable {
  _zod: { run(p: _Payload, ctx: object): _Payload; optin?: string; optout?: string };
}
/** A check in zod's sense: runs after the type is parsed; `when` ones also after an abort. @internal */
export interface _Check {
  when?: 1;
  check(p: _Payload): void;
}
/** One of custodia's schemas. @internal */
export interface _Rule<Out = unknown, In = Out> extends ParsingSchema<Out, In> {
  readonly _zod: _Runnable['_zod'] & { readonly output: Out; readonly input: In };
  check(...more: _Check[]): _Rule<Out, In>;
}
type OutOf<S> = S extends { readonly _zod: { readonly output: infer O } } ? O : unknown;
type InOf<S> = S extends { readonly _zod: { readonly input: infer I } } ? I : unknown;

const CTX = { async: false };
const TRAITS = /* @__PURE__ */ new Set(['$ZodType']);
// The message is the rule's code: zod, when ours run inside a user's schema, keeps a message it finds.
const push = (p: _Payload, code: string, more?: Partial<_Issue>) => p.issues.push(Object.assign({ code, path: [], message: more?.params?.code ?? code }, more));
// zod's util.aborted: an issue that does not say it lets parsing continue stops the checks.
const aborted = (p: _Payload, from: number) => p.issues.slice(from).some((i) => i.continue !== true);

/** Runs `s` (ours or a user's zod schema) on `value`, as zod's safeParse does (messages aside). @internal */
export function _run(s: _Runnable, value: unknown): _Payload {
  const r = s._zod.run({ value, issues: [] }, CTX);
  // zod's safeParse throws for an async schema too (readingCaller turns it into INVALID_ARGUMENT).
  if (r instanceof Promise) throw new Error('async schema in a synchronous parse');
  return r;
}

/** A schema from its type parse and checks; `optin`/`optout` as zod's optional and default. @internal */
export function _rule<Out, In = Out>(parse: (p: _Payload) => void, checks: _Check[] = [], optin?: string, optout?: string): _Rule<Out, In> {
  const run = (p: _Payload): _Payload => {
    parse(p);
    let stop = aborted(p, 0);
    for (const c of checks) {
      if (c.when ? p.issues.some((i) => i.continue === false) || p.value == null || (p.value as { length?: unknown }).length === undefined : stop) continue;
      const n = p.issues.length;
      c.check(p);
      stop = stop || aborted(p, n);
    }
    return p;
  };
  const self: _Rule<Out, In> = {
    _zod: { run, optin, optout, def: { type: 'custom' }, traits: TRAITS } as unknown as _Rule<Out, In>['_zod'],
    check: (...more) => _rule(parse, checks.concat(more), optin, optout),
    safeParse(data) {
      const r = _run(self, data);
      if (!r.issues.length) return { success: true, data: r.value as Out };
      return { success: false, error: { issues: r.issues as Required<Pick<_Issue, 'code' | 'path' | 'message'>>[] } };
    },
    parse(data) {
      const r = self.safeParse(data);
      if (r.success) return r.data;
      throw new ValidationError('input', _issuesOf(r.error.issues));
    },
  };
  return self;
}

const typed = (t: string) => (p: _Payload) => {
  if (typeof p.value !== t) push(p, 'invalid_type');
};
/** `z.string()` @internal */
export const _string = (...checks: _Check[]): _Rule<string> => _rule(typed('string'), checks);
/** `z.boolean()` @internal */
export const _boolean = (): _Rule<boolean> => _rule(typed('boolean'));
/** `z.unknown()` @internal */
export const _unknown = (): _Rule => _rule(() => undefined);
/** `z.enum(values)` @internal */
export const _enum = <const T extends readonly string[]>(values: T): _Rule<T[number]> =>
  _rule((p) => {
    if (values.indexOf(p.value as string) < 0) push(p, 'invalid_value', { values });
  });

// zod counts string lengths in code points.
const size = (v: unknown) => (typeof v === 'string' ? [...v].length : (v as unknown[]).length);
/** `z.minLength(n)` @internal */
export const _min = (n: number): _Check => ({ when: 1, check: (p) => void (size(p.value) >= n || push(p, 'too_small', { continue: true })) });
/** `z.maxLength(n)` @internal */
export const _max = (n: number): _Check => ({ when: 1, check: (p) => void (size(p.value) <= n || push(p, 'too_big', { continue: true })) });
/** `z.regex(re)`, and the string formats (email, ISO dates): `invalid_format` @internal */
export const _regex = (re: RegExp): _Check => ({ check: (p) => void (re.test(p.value as string) || push(p, 'invalid_format', { continue: true })) });
/** `z.refine(ok, { params: { code } })` @internal */
export const _refine = <T>(ok: (v: T) => boolean, code: string): _Check => ({
  check: (p) => void (ok(p.value as T) || push(p, 'custom', { params: { code }, continue: true })),
});
/** `z.superRefine`: `add(path, code)` raises a custom issue with that code. @internal */
export const _superRefine = <T>(f: (v: T, add: (path: PropertyKey[], code: string) => void) => void): _Check => ({
  check: (p) => f(p.value as T, (path, code) => push(p, 'custom', { path, params: { code }, continue: true })),
});

// zod's util.prefixIssues: nested issues gain the key in front of their path.
// A user schema's own issues may have no path yet.
const nest = (into: _Payload, key: PropertyKey, r: _Payload) => r.issues.forEach((i) => ((i.path ??= []).unshift(key), into.issues.push(i)));
const isObject = (v: unknown): v is Record<PropertyKey, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** `z.array(el)` @internal */
export const _array = <S extends _Runnable>(el: S, ...checks: _Check[]): _Rule<OutOf<S>[], InOf<S>[]> =>
  _rule((p) => {
    const input = p.value;
    if (!Array.isArray(input)) return void push(p, 'invalid_type');
    const out: unknown[] = (p.value = Array(input.length));
    for (let i = 0; i < input.length; i++) {
      const r = el._zod.run({ value: input[i], issues: [] }, CTX);
      nest(p, i, r);
      out[i] = r.value;
    }
  }, checks);

/** `z.record(key, value)` with a key schema that is not an enum (keys failing it: `invalid_key`). @internal */
export const _record = <S extends _Runnable>(key: _Runnable, value: S): _Rule<Record<string, OutOf<S>>> =>
  _rule((p) => {
    const input = p.value;
    // zod's util.isPlainObject
    const ctor = isObject(input) && (input.constructor as { prototype?: unknown });
    if (!isObject(input) || (typeof ctor === 'function' && !(isObject(ctor.prototype) && Object.prototype.hasOwnProperty.call(ctor.prototype, 'isPrototypeOf'))))
      return void push(p, 'invalid_type');
    const out: Record<PropertyKey, unknown> = (p.value = {});
    for (const k of Reflect.ownKeys(input)) {
      if (k === '__proto__' || !Object.prototype.propertyIsEnumerable.call(input, k)) continue;
      if (_run(key, k).issues.length) {
        push(p, 'invalid_key', { path: [k] });
        continue;
      }
      const r = value._zod.run({ value: input[k], issues: [] }, CTX);
      nest(p, k, r);
      out[k] = r.value;
    }
  });

/** A shape of schemas, ours or the user's. @internal */
export type _Shape = Record<string, _Runnable>;
/**
 * `z.strictObject(shape)` (unknown keys: one `unrecognized_keys` issue listing them) or, with
 * `strip`, `z.object(shape)` (unknown keys dropped).
 * @internal
 */
export const _object = <Out, In = Out>(shape: _Shape, strip?: 1): _Rule<Out, In> =>
  _rule((p) => {
    const input = p.value;
    if (!isObject(input)) return void push(p, 'invalid_type');
    const out: Record<string, unknown> = (p.value = {});
    for (const k of Object.keys(shape)) {
      const z = shape[k]!._zod;
      const { optin, optout } = z;
      const r = z.run({ value: input[k], issues: [] }, CTX);
      // zod's handlePropertyResult: what an absent key and an optional or defaulted schema give.
      const present = k in input;
      const optional = optout === 'optional';
      if (!present && optional && optin === 'optional') continue;
      if (r.issues.length) {
        if (optin !== undefined && optional && !present) continue;
        nest(p, k, r);
      }
      if (!present && optin === undefined) {
        if (!r.issues.length) push(p, 'invalid_type', { path: [k] });
        continue;
      }
      if (r.value !== undefined || present || (optin === 'defaulted' && !optional)) out[k] = r.value;
    }
    if (strip) return;
    const keys: string[] = [];
    for (const k in input) if (!Object.prototype.hasOwnProperty.call(shape, k)) keys.push(k);
    if (keys.length) push(p, 'unrecognized_keys', { keys, continue: true });
  });

/** `z.optional(inner)` @internal */
export const _optional = <S extends _Runnable>(inner: S): _Rule<OutOf<S> | undefined, InOf<S> | undefined> => {
  const defaulted = inner._zod.optin === 'defaulted';
  return _rule(
    (p) => {
      if (p.value !== undefined) return void Object.assign(p, inner._zod.run(p, CTX));
      if (!defaulted) return;
      const r = inner._zod.run({ value: undefined, issues: [] }, CTX);
      p.value = r.issues.length ? undefined : r.value;
    },
    [],
    defaulted ? 'defaulted' : 'optional',
    'optional',
  );
};

/** `z._default(inner, value)`: a fresh copy of an array default each time, as zod's. @internal */
export const _default = <S extends _Runnable>(inner: S, value: OutOf<S>): _Rule<OutOf<S>, InOf<S> | undefined> =>
  _rule(
    (p) => {
      if (p.value !== undefined) Object.assign(p, inner._zod.run(p, CTX));
      if (p.value === undefined) p.value = Array.isArray(value) ? value.slice() : value;
    },
    [],
    'defaulted',
  );
