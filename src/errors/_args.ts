// Argument checks for public entry points: each names the parameter and the rule, says what kind
// of value came (never the value), and lists the accepted values of an enum. Internal to custodia.
import { CustodiaError } from './index.js';

/** `null`, `array`, `Uint8Array` or the typeof: what a message may say about a value it refuses. */
export function kindOf(v: unknown): string {
  if (v === null) return 'null';
  if (typeof v !== 'object') return typeof v;
  try {
    return Array.isArray(v) ? 'an array' : isBytes(v) ? 'a Uint8Array' : 'an object';
  } catch {
    return 'an object'; // a proxy whose traps throw
  }
}

const fail = (field: string, rule: string, v: unknown): never => {
  throw new CustodiaError('INVALID_ARGUMENT', `${field} expected ${rule} (got ${kindOf(v)})`, { field });
};

/** A plain object (not null, not an array). */
export function needObject(v: unknown, field: string): asserts v is object {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) fail(field, 'an object', v);
}

/** An optional options object: undefined passes. */
export function optObject(v: unknown, field: string): asserts v is object | undefined {
  if (v !== undefined) needObject(v, field);
}

export function needString(v: unknown, field: string): asserts v is string {
  if (typeof v !== 'string') fail(field, 'a string', v);
}

export function needArray(v: unknown, field: string): asserts v is readonly unknown[] {
  if (!Array.isArray(v)) fail(field, 'an array', v);
}

export function needBytes(v: unknown, field: string): asserts v is Uint8Array {
  if (!isBytes(v)) fail(field, 'a Uint8Array', v);
}

export function needFunction(v: unknown, field: string): asserts v is (...a: never[]) => unknown {
  if (typeof v !== 'function') fail(field, 'a function', v);
}

/** A valid Date. */
export function needDate(v: unknown, field: string): asserts v is Date {
  let ok = false;
  try {
    ok = v instanceof Date && !Number.isNaN(v.getTime());
  } catch {
    // a proxy whose traps throw is not a Date
  }
  if (!ok) fail(field, 'a valid Date', v);
}

/** One of `allowed`; the message lists them (they are the API's words, never the caller's). */
export function oneOf<T extends string>(v: unknown, allowed: readonly T[], field: string): asserts v is T {
  if (typeof v !== 'string' || (allowed as readonly string[]).indexOf(v) < 0)
    throw new CustodiaError('INVALID_ARGUMENT', `${field} must be one of ${allowed.join(', ')}`, { field });
}

/**
 * Runs `f`, turning an error the caller's own value threw while being read (a throwing getter or
 * proxy, a toString trap) into `INVALID_ARGUMENT` on `field`. The original is not attached: its
 * message is the caller's text.
 */
export function readingCaller<T>(field: string, f: () => T): T {
  try {
    return f();
  } catch (e) {
    if (e instanceof CustodiaError || (typeof e === 'object' && e !== null && (e as { name?: unknown }).name === 'CustodiaError')) throw e;
    throw new CustodiaError('INVALID_ARGUMENT', `${field} could not be read as the expected shape`, { field });
  }
}

// A label the caller passes only to be named in errors (a field or column name). Shown when it
// looks like an identifier; anything else (a phone number used as a name, a Symbol) is not.
const NAME_LIKE = /^(?!.*\d{5})[A-Za-z_$][\w$.-]{0,63}$/;

// The last label that passed: the same column name comes with every value of a batch or file.
let lastLabel: string | undefined;

/** `field` when it is an identifier-like string, else `fallback`. */
export function label(field: unknown, fallback: string): string {
  if (field === lastLabel) return field as string;
  if (typeof field === 'string' && NAME_LIKE.test(field)) return (lastLabel = field);
  return fallback;
}

/** Something `for … of` can walk (an array, a Set, a generator). */
export function needIterable(v: unknown, field: string): asserts v is Iterable<unknown> {
  if (typeof v !== 'object' || v === null || typeof (v as { [Symbol.iterator]?: unknown })[Symbol.iterator] !== 'function') fail(field, 'an iterable (an array)', v);
}

/**
 * {@link readingCaller} for an async body. Written with `then` rather than as an async function:
 * every bundle has this file, and the mini-program build turns async functions into promise
 * chains whose helpers would then ride along on pages that run no async code (mask).
 */
export function readingCallerAsync<T>(field: string, f: () => Promise<T>): Promise<T> {
  return new Promise<T>((resolve) => resolve(f())).catch((e: unknown) =>
    readingCaller(field, () => {
      throw e;
    }),
  );
}

/**
 * True for a Uint8Array, also one from another realm (where instanceof fails). Never throws: a
 * hostile proxy (whose getPrototypeOf trap throws) is simply not bytes.
 */
export function isBytes(v: unknown): v is Uint8Array {
  if (typeof v !== 'object' || v === null) return false;
  try {
    return v instanceof Uint8Array || Object.prototype.toString.call(v) === '[object Uint8Array]';
  } catch {
    return false;
  }
}
