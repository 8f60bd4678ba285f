// Checkpoints (C2SP tlog-checkpoint): the note text `<origin>\n<size>\n<base64 root>\n` plus
// optional extension lines, signed as a C2SP signed note. Comparing two checkpoints of one
// origin by a consistency proof tells a log that only grew from one that showed two histories.
import { equalBytes } from '../bytes/index.js';
import { CustodiaError } from '../errors/index.js';
import { needObject, needString, readingCaller } from '../errors/_args.js';
import type { HashAlg } from '../hash/index.js';
import { _checkAlg, _emptyRoot } from './_hasher.js';
import { formatCheckpoint, parseCheckpoint, type Checkpoint } from './_checkpointText.js';
import { openNote, signNote, type NoteSignature } from './_note.js';
import { _needHashes, verifyConsistency } from './_verify.js';

const invalid = (what: string): CustodiaError => new CustodiaError('CHECKPOINT_INVALID', what, { field: 'checkpoint' });

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
 * A signing function over note keys, `(text) => signed note`: what the ledger and the audit log
 * take to sign checkpoints, so that code which never signs bundles no signature code.
 * @example
 * ```ts
 * import { noteSigner } from 'custodia/merkle';
 * const note = await ledger.signCheckpoint({ origin: 'consent.example.com/log', signer: noteSigner([signerKey]) });
 * ```
 */
export function noteSigner(signerKeys: readonly string[]): (text: string) => string {
  signNote('checked\n', signerKeys); // refuse bad keys now, not at the first checkpoint
  return (text) => signNote(text, signerKeys);
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
