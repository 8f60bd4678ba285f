/**
 * The list of error codes, apart from errors/index.ts: every chunk of the package reaches that
 * file, and esbuild puts a file whole in the chunks of every entry that reaches it, so the list
 * would ride on every page. The package root exports it.
 */

/**
 * Every code a {@link CustodiaError} may carry. Stable: new codes are added, none are renamed.
 *
 * @example
 * ```ts
 * import { ERROR_CODES } from 'custodia';
 * ERROR_CODES.includes('CONSENT_MISSING'); // true
 * ```
 */
export const ERROR_CODES = [
  // runtime / bytes / hash
  'INVALID_ARGUMENT',
  'INVALID_KEY',
  'NO_RANDOMNESS',
  'BACKEND_UNAVAILABLE',
  'WASM_LOAD_FAILED',
  'INVALID_UTF8',
  'INVALID_ENCODING',
  'INVALID_PHC',
  // cipher / tokenize / mask
  'FPE_DOMAIN_TOO_SMALL',
  'FPE_INVALID_CHARACTER',
  'FPE_INVALID_ALPHABET',
  'DECRYPT_FAILED',
  'KEY_NOT_FOUND',
  'KEY_DESTROYED',
  'KEY_RETIRED',
  'KEY_ID_REQUIRED',
  'INVALID_FORMAT',
  'INVALID_TOKEN',
  'TOKEN_EXPIRED',
  'SUBJECT_FORGOTTEN',
  'KEYFILE_KDF_LIMIT',
  'KEYFILE_ROLLBACK',
  'KEYFILE_WRONG_RING',
  // catalog / consent / purpose / retention / audit / store
  'VALIDATION_FAILED',
  'UNKNOWN_CATEGORY',
  'UNKNOWN_FIELD',
  'UNKNOWN_PURPOSE',
  'CONSENT_MISSING',
  'LEDGER_CONFLICT',
  'LEDGER_CORRUPT',
  'STORE_CONFLICT',
  'STORE_UNAVAILABLE',
  'STORE_NOT_FOUND',
  'LOG_EMPTY',
  // components
  'DARK_PATTERN',
  // merkle
  'CHECKPOINT_INVALID',
  'SPLIT_VIEW',
  // kanon
  'INVALID_K',
  'INVALID_SUPPRESSION_LIMIT',
  'HIERARCHY_MISSING_VALUE',
  'HIERARCHY_INVALID',
  'UNKNOWN_COLUMN',
  'NO_SOLUTION',
  'ENGINE_UNAVAILABLE',
  'ENGINE_ERROR',
  // detect
  'INVALID_PATTERN',
] as const;
