// Checkpoints (C2SP tlog-checkpoint): the note text `<origin>\n<size>\n<base64 root>\n` plus
// optional extension lines, signed as a C2SP signed note. Comparing two checkpoints of one
// origin by a consistency proof tells a log that only grew from one that showed two histories.
import { equalBytes, fromBase64, toBase64 } from '../bytes/index.js';
import { CustodiaError } from '../errors/index.js';
import { isBytes, needArray, needObject, needString, readingCaller } from '../errors/_args.js';
import type { HashAlg } from '../hash/index.js';
import { HASH_SIZE, _checkAlg, _emptyRoot } from './_hasher.js';
import { _hasControl, openNote, signNote, type NoteSignature } from './_note.js';
import { _needHashes, _needSize, verifyConsistency } from './_verify.js';

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

/**
 * Signs a checkpoint with one or more note signer keys (Ed25519 or SM2).
 * @example
 * ```ts
 * import { signCheckpoint } from 'custodia/merkle';
 * const note = signCheckpoint({ origin: 'consent.example.com/log', ...(await log.treeHead()) }, [signerKey]);
 * ```
 */
export function signCheckpoint(checkpoint: Checkpoint, signerKeys: readonly string[]): string {
  return signNote(formatCheckpoint(checkpoint), signerKeys);
}

/**
 * A checkpoint whose signature was verified.
 * @example
 * ```ts
 * const cp: VerifiedCheckpoint = openCheckpoint(note, [verifierKey]);
 * console.log(cp.size, cp.signatures.length);
 * ```
 */
export interface VerifiedCheckpoint extends Checkpoint { signatures: NoteSignature[]; note: string }

/**
 * Opens a signed checkpoint with the verifier keys you trust, and checks its origin when given.
 * Throws `CHECKPOINT_INVALID` for a bad signature, no trusted signature, a malformed checkpoint
 * or another origin.
 * @example
 * ```ts
 * import { openCheckpoint } from 'custodia/merkle';
 * const cp = openCheckpoint(published, [verifierKey], { origin: 'consent.example.com/log' });
 * ```
 */
export function openCheckpoint(note: string, verifierKeys: readonly string[], options: { origin?: string } = {}): VerifiedCheckpoint {
  needObject(options, 'options');
  const origin = readingCaller('options', () => options.origin);
  if (origin !== undefined) needString(origin, 'origin');
  const opened = openNote(note, verifierKeys);
  const cp = parseCheckpoint(opened.text);
  if (origin !== undefined && cp.origin !== origin) throw invalid('checkpoint is for another origin');
  return { ...cp, signatures: opened.signatures, note };
}

/**
 * The outcome of {@link compareCheckpoints}: consistent, or a split view (the log showed two
 * histories that cannot both be true; keep both checkpoints as evidence).
 * @example
 * ```ts
 * const r: CheckpointComparison = compareCheckpoints(older, newer, proof);
 * if (!r.consistent) alert(r.code); // 'SPLIT_VIEW'
 * ```
 */
export type CheckpointComparison = { consistent: true } | { consistent: false; code: 'SPLIT_VIEW'; reason: string };

/**
 * Checks that checkpoint `newer` extends `older` of the same origin, by a consistency proof from
 * the log (`log.consistencyProof(older.size, newer.size)`). Equal sizes need equal roots.
 * @example
 * ```ts
 * import { compareCheckpoints } from 'custodia/merkle';
 * const r = compareCheckpoints(kept, latest, await log.consistencyProof(kept.size, latest.size), { hash: 'sm3' });
 * ```
 */
export function compareCheckpoints(older: Checkpoint, newer: Checkpoint, proof: readonly Uint8Array[], options: { hash?: HashAlg } = {}): CheckpointComparison {
  needObject(older, 'older');
  needObject(newer, 'newer');
  needObject(options, 'options');
  const alg = _checkAlg(readingCaller('options', () => options.hash) ?? 'sha256');
  const a = parseCheckpoint(formatCheckpoint(older));
  const b = parseCheckpoint(formatCheckpoint(newer));
  const p = _needHashes(proof, 'proof');
  if (a.origin !== b.origin) throw new CustodiaError('INVALID_ARGUMENT', 'checkpoints are of different origins', { field: 'newer' });
  if (a.size > b.size) throw new CustodiaError('INVALID_ARGUMENT', 'older is larger than newer', { field: 'older' });
  const split = (reason: string): CheckpointComparison => ({ consistent: false, code: 'SPLIT_VIEW', reason });
  if (a.size === b.size) return equalBytes(a.root, b.root) ? { consistent: true } : split('same size, different roots');
  if (a.size === 0) return equalBytes(a.root, _emptyRoot(alg)) ? { consistent: true } : split('size 0 with a root that is not the empty tree');
  return verifyConsistency(alg, a.size, b.size, p, a.root, b.root) ? { consistent: true } : split('the consistency proof does not connect the two roots');
}
