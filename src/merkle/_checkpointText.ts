// The checkpoint text (C2SP tlog-checkpoint): `<origin>\n<size>\n<base64 root>\n` plus optional
// extension lines. Apart from the signing in _checkpoint.ts, so that writing and reading the text
// (and a ledger that is handed a signer) bundle no signature code.
import { fromBase64, toBase64 } from '../bytes/index.js';
import { CustodiaError } from '../errors/index.js';
import { isBytes, needArray, needObject, needString, readingCaller } from '../errors/_args.js';
import { HASH_SIZE } from './_hasher.js';
import { _hasControl } from './_text.js';
import { _needSize } from './_verify.js';

/**
 * A tree head named by its log: what a checkpoint says.
 * @example
 * ```ts
 * const cp: Checkpoint = { origin: 'consent.example.com/log', size: 42, root };
 * ```
 */
export interface Checkpoint {
  /** The log's unique name, e.g. a schema-less URL. */
  origin: string;
  size: number;
  root: Uint8Array;
  /** Optional extension lines (opaque, without newlines). */
  extensions?: string[];
}

const invalid = (what: string): CustodiaError => new CustodiaError('CHECKPOINT_INVALID', what, { field: 'checkpoint' });

function checkLine(v: unknown, field: string): string {
  needString(v, field);
  if (v.length === 0 || v.includes('\n') || _hasControl(v)) throw new CustodiaError('INVALID_ARGUMENT', `${field} must be a non-empty line without control characters`, { field });
  return v;
}

/**
 * The checkpoint's note text (unsigned).
 * @example
 * ```ts
 * import { formatCheckpoint } from 'custodia/merkle';
 * formatCheckpoint({ origin: 'go.sum database tree', size: 123456789012, root }); // 'go.sum database tree\n123456789012\nTszz…=\n'
 * ```
 */
export function formatCheckpoint(checkpoint: Checkpoint): string {
  needObject(checkpoint, 'checkpoint');
  const { origin, size, root, extensions } = readingCaller('checkpoint', () => ({ ...checkpoint }));
  checkLine(origin, 'origin');
  _needSize(size, 'size');
  if (!isBytes(root) || root.length !== HASH_SIZE) throw new CustodiaError('INVALID_ARGUMENT', 'root expected a 32-byte Uint8Array', { field: 'root' });
  const ext = extensions === undefined ? [] : (needArray(extensions, 'extensions'), extensions.map((e, i) => checkLine(e, `extensions[${i}]`)));
  return `${origin}\n${size}\n${toBase64(root)}\n${ext.map((e) => `${e}\n`).join('')}`;
}

/**
 * Parses a checkpoint's note text. Throws `CHECKPOINT_INVALID` when it is not one.
 * @example
 * ```ts
 * import { parseCheckpoint } from 'custodia/merkle';
 * const { origin, size, root } = parseCheckpoint(opened.text);
 * ```
 */
export function parseCheckpoint(text: string): Checkpoint {
  needString(text, 'text');
  const lines = text.split('\n');
  if (lines.length < 4 || lines[lines.length - 1] !== '') throw invalid('checkpoint needs origin, size and root lines, each ending in a newline');
  const [origin, size, root] = lines as [string, string, string];
  const ext = lines.slice(3, -1);
  if (!origin || _hasControl(text)) throw invalid('checkpoint origin is empty or holds control characters');
  if (!/^(0|[1-9][0-9]{0,15})$/.test(size) || !Number.isSafeInteger(Number(size))) throw invalid('checkpoint size is not a decimal tree size');
  let r: Uint8Array;
  try { r = fromBase64(root); } catch { throw invalid('checkpoint root is not base64'); }
  if (r.length !== HASH_SIZE || toBase64(r) !== root) throw invalid('checkpoint root is not a base64 32-byte hash');
  if (ext.some((e) => e === '')) throw invalid('checkpoint has an empty extension line');
  return ext.length ? { origin, size: Number(size), root: r, extensions: ext } : { origin, size: Number(size), root: r };
}
