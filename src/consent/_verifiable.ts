/**
 * Offline checking of a record proof: needs signature verification (custodia/merkle's
 * openCheckpoint), so it lives apart from the ledger and is bundled only where it is used.
 */
import { CustodiaError } from '../errors/index.js';
import { needArray, needObject, needString, readingCaller } from '../errors/_args.js';
import { fromBase64 } from '../bytes/index.js';
import { leafHash, openCheckpoint, verifyInclusion, type VerifiedCheckpoint } from '../merkle/index.js';
import type { ChainRecord } from './_chain.js';
import type { RecordProof } from './_tree.js';

/**
 * Checks a {@link RecordProof} offline, with no store: the checkpoint is signed by a key you
 * trust (and of `origin` when given), and the entry is at `index` of the tree it commits to.
 * Returns the parsed record and the checkpoint, or `ok: false` with a `code`
 * (`CHECKPOINT_INVALID`, `NOT_INCLUDED`, `BAD_PROOF`).
 * @example
 * ```ts
 * import { verifyRecordProof } from 'custodia/consent';
 * const r = verifyRecordProof(receipt.proof, { verifierKeys: ['consent.example.com/log+…'] });
 * if (r.ok) console.log(r.record.data.event, 'is in the log of size', r.checkpoint.size);
 * ```
 */
export function verifyRecordProof(p: RecordProof, options: { verifierKeys: readonly string[]; origin?: string }):
  { ok: true; record: ChainRecord; checkpoint: VerifiedCheckpoint } | { ok: false; code: 'CHECKPOINT_INVALID' | 'NOT_INCLUDED' | 'BAD_PROOF' } {
  needObject(p, 'proof');
  needObject(options, 'options');
  const { entry, index, treeSize, hash, proof, checkpoint } = readingCaller('proof', () => ({ ...p }));
  const { verifierKeys, origin } = readingCaller('options', () => ({ verifierKeys: options.verifierKeys, origin: options.origin }));
  needString(entry, 'entry');
  needString(checkpoint, 'checkpoint');
  needArray(proof, 'proof');
  if (hash !== 'sha256' && hash !== 'sm3') return { ok: false, code: 'BAD_PROOF' };
  let cp: VerifiedCheckpoint;
  try {
    cp = openCheckpoint(checkpoint, verifierKeys, origin === undefined ? {} : { origin });
  } catch (e) {
    if (e instanceof CustodiaError && e.code === 'CHECKPOINT_INVALID') return { ok: false, code: 'CHECKPOINT_INVALID' };
    throw e;
  }
  let hashes: Uint8Array[];
  let record: ChainRecord;
  try {
    hashes = proof.map((s) => fromBase64(s as string));
    record = JSON.parse(entry) as ChainRecord;
  } catch {
    return { ok: false, code: 'BAD_PROOF' };
  }
  if (typeof record !== 'object' || record === null || record.seq !== index || treeSize !== cp.size || typeof index !== 'number') return { ok: false, code: 'BAD_PROOF' };
  return verifyInclusion(hash, index, cp.size, leafHash(hash, entry), hashes, cp.root) ? { ok: true, record, checkpoint: cp } : { ok: false, code: 'NOT_INCLUDED' };
}
