/**
 * One error class for the whole SDK, with a stable string `code`.
 *
 * Messages name the field and the rule that failed, never the value: a phone
 * number, ID or name that caused an error must not reach a log through it.
 * @module
 */
import type { ERROR_CODES } from './codes.js';

/**
 * A stable, machine-readable error code.
 * @example
 * ```ts
 * const retryable: CustodiaErrorCode[] = ['STORE_UNAVAILABLE', 'STORE_CONFLICT'];
 * if (isCustodiaError(e) && retryable.includes(e.code)) retry();
 * ```
 */
export type CustodiaErrorCode = (typeof ERROR_CODES)[number];

const BRAND = /* @__PURE__ */ Symbol.for('custodia.error');

/**
 * Options for {@link CustodiaError}: `field` names what failed (never its value).
 * @example
 * ```ts
 * const opts: CustodiaErrorOptions = { field: 'phone', cause: e };
 * throw new CustodiaError('VALIDATION_FAILED', '"phone" expected 11 digits', opts);
 * ```
 */
export interface CustodiaErrorOptions {
  /** The field, column, parameter or path the rule applies to. */
  field?: string;
  /** An underlying error. Only attach causes that cannot contain personal data. */
  cause?: unknown;
}

/**
 * The only error type custodia throws on purpose.
 *
 * @example
 * ```ts
 * import { CustodiaError, isCustodiaError } from 'custodia';
 * try { randomBytes(16); } catch (e) {
 *   if (isCustodiaError(e) && e.code === 'NO_RANDOMNESS') setRandomSource(wxRandom);
 * }
 * ```
 */
export class CustodiaError extends Error {
  /** Stable machine-readable code, e.g. `'FPE_INVALID_CHARACTER'`. */
  // `declare`: assigned in the constructor, so no class-field helper lands in bundles for older targets.
  declare readonly code: CustodiaErrorCode;
  /**
   * The field, column or parameter concerned, if any. For programs only: it may be a name the
   * caller chose, so it is not enumerable and stays out of `JSON.stringify(error)` (a log line).
   */
  declare readonly field: string | undefined;

  constructor(code: CustodiaErrorCode, message: string, options: CustodiaErrorOptions = {}) {
    // The shape, not the list: checking ERROR_CODES here would put the whole table in every bundle.
    const bad = typeof code !== 'string' || !/^[A-Z][A-Z0-9_]*$/.test(code) ? 'code' : typeof message !== 'string' ? 'message' : typeof options !== 'object' || options === null ? 'options' : undefined;
    super(bad ? `CustodiaError ${bad} expected ${bad === 'code' ? 'an upper-case code' : bad === 'message' ? 'a string' : 'an object'}` : message, bad || options.cause === undefined ? undefined : { cause: options.cause });
    if (bad) code = 'INVALID_ARGUMENT';
    this.code = code;
    this.name = 'CustodiaError';
    Object.defineProperty(this, 'field', { value: bad ? bad : typeof options.field === 'string' ? options.field : undefined, enumerable: false });
    Object.defineProperty(this, BRAND, { value: true });
  }
}

/**
 * True for a {@link CustodiaError}, also one thrown in another realm (iframe, `vm` context,
 * a second copy of the package) where `instanceof` fails.
 *
 * @example
 * ```ts
 * if (isCustodiaError(e, 'DECRYPT_FAILED')) showTamperWarning();
 * ```
 */
export function isCustodiaError(e: unknown, code?: CustodiaErrorCode): e is CustodiaError {
  if (typeof e !== 'object' || e === null) return false;
  const branded = (e as Record<symbol, unknown>)[BRAND] === true || e instanceof CustodiaError;
  return branded && (code === undefined || (e as CustodiaError).code === code);
}
