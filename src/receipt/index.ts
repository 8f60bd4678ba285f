/**
 * The verifiable side of the consent ledger and the audit log: signed Merkle checkpoints of
 * them, records with inclusion proofs (for consent receipts), consistency proofs, verification
 * against a checkpoint, and the offline checks a person, a regulator or a mini-program page runs
 * on a receipt. Its own subpath so that custodia/consent (a page that only records consent, in
 * every runtime's build) carries none of the tree engine or signature code.
 * @module
 */
export {
  signCheckpointOf, proveRecord, consistencyProofOf, verifyCheckpointOf, verifyRecordsAgainst,
  type RecordProof, type CheckpointOptions, type TreeCheckpoint,
} from '../consent/_tree.js';
import { CustodiaError } from '../errors/index.js';
import { needArray, needObject, needString, readingCaller } from '../errors/_args.js';
import { fromBase64 } from '../bytes/index.js';
import { leafHash, openCheckpoint, verifyInclusion, type VerifiedCheckpoint } from '../merkle/index.js';
import type { ChainRecord } from '../consent/_chain.js';
import type { RecordProof } from '../consent/_tree.js';
import type { ConsentEvent, ConsentReceipt } from '../consent/index.js';

/**
 * Checks a {@link RecordProof} offline, with no store: the checkpoint is signed by a key you
 * trust (and of `origin` when given), and the entry is at `index` of the tree it commits to.
 * Returns the parsed record and the checkpoint, or `ok: false` with a `code`
 * (`CHECKPOINT_INVALID`, `NOT_INCLUDED`, `BAD_PROOF`).
 * @example
 * ```ts
 * import { verifyRecordProof } from 'custodia/receipt';
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

/**
 * Checks a receipt offline, with no store (what the person, or anyone they show it to, runs):
 * its proof's checkpoint is signed by a key you trust, the record is in the tree it commits to,
 * and the receipt speaks of that record (its id is the record's hash, its principal the
 * record's subject). Codes: `NO_PROOF`, `CHECKPOINT_INVALID`, `NOT_INCLUDED`, `BAD_PROOF`,
 * `RECEIPT_MISMATCH`.
 * @example
 * ```ts
 * import { verifyConsentReceipt } from 'custodia/receipt';
 * const r = verifyConsentReceipt(receipt, { verifierKeys: [publishedVerifierKey], origin: 'consent.example.com/log' });
 * r.ok // true: this consent (or withdrawal) is on the record the log signed
 * ```
 */
export function verifyConsentReceipt(receipt: ConsentReceipt, options: { verifierKeys: readonly string[]; origin?: string }): { ok: true; record: ChainRecord<ConsentEvent>; treeSize: number } | { ok: false; code: string } {
  needObject(receipt, 'receipt');
  const { proof, id, principal } = readingCaller('receipt', () => ({ proof: receipt.proof, id: receipt.consentReceiptID, principal: receipt.piiPrincipalId }));
  if (proof === undefined) return { ok: false, code: 'NO_PROOF' };
  const r = verifyRecordProof(proof, options);
  if (!r.ok) return r;
  const rec = r.record as ChainRecord<ConsentEvent>;
  if (rec.kind !== 'consent' || rec.hash !== id || typeof rec.data !== 'object' || rec.data === null || rec.data.subject !== principal) return { ok: false, code: 'RECEIPT_MISMATCH' };
  return { ok: true, record: rec, treeSize: r.checkpoint.size };
}
