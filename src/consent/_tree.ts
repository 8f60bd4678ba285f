/**
 * The Merkle tree under a chain (consent ledger, audit log): the leaves are the chain's stored
 * entries (`JSON.stringify(record)`, exactly what the store holds), the tiles an index beside
 * them, built on first use and extended on each call, so an existing chain-format log gains a
 * tree without being rewritten. Signed checkpoints carry the chain head as an extension line.
 * Signing is a function the caller passes (`noteSigner` of custodia/merkle), so a page that only
 * records consent bundles no signature code.
 */
import type { HashAlg } from '../hash/index.js';
import { CustodiaError } from '../errors/index.js';
import { isBytes, needObject, needString, readingCaller } from '../errors/_args.js';
import { equalBytes, toBase64 } from '../bytes/index.js';
import { createMerkleLog, leafHash, treeRoot, type MerkleLog } from '../merkle/_api.js';
import { formatCheckpoint } from '../merkle/_checkpointText.js';
import type { ChainAlg, ChainRecord, Checkpoint, VerifyResult } from './_chain.js';
import { _logs, type _LogInfo, type _LogReader } from './_registry.js';

/**
 * A record with the proof that it is in the log a signed checkpoint commits to: what a person
 * can keep and check offline with `verifyRecordProof` (custodia/receipt).
 * @example
 * ```ts
 * const p: RecordProof = await proveRecord(ledger, record, { origin: 'consent.example.com/log', signer: noteSigner([key]) });
 * ```
 */
export interface RecordProof {
  /** The stored entry, exactly: the leaf. */
  entry: string;
  index: number;
  treeSize: number;
  hash: HashAlg;
  /** RFC 9162 inclusion proof, base64 hashes from the leaf up. */
  proof: string[];
  /** The signed checkpoint (C2SP tlog-checkpoint note) of size `treeSize`. */
  checkpoint: string;
}

/**
 * Options of {@link proveRecord} and {@link signCheckpointOf}: the log's origin and a
 * signing function (`noteSigner([ed25519Key, sm2Key])` from custodia/merkle).
 * @example
 * ```ts
 * const o: CheckpointOptions = { origin: 'consent.example.com/log', signer: noteSigner([ed25519Key, sm2Key]) };
 * ```
 */
export interface CheckpointOptions { origin: string; signer: (text: string) => string }

/**
 * A checkpoint as `verify` takes it: what `openCheckpoint` (custodia/merkle) returns once its
 * signature checked out.
 * @example
 * ```ts
 * const cp: TreeCheckpoint = openCheckpoint(publishedNote, [verifierKey]);
 * await ledger.verify({ checkpoint: cp });
 * ```
 */
export interface TreeCheckpoint { origin: string; size: number; root: Uint8Array }

/** @internal */
export const _merkleHashOf = (alg: ChainAlg): HashAlg => (alg.endsWith('sm3') ? 'sm3' : 'sha256');

function checkpointOptions(o: unknown): CheckpointOptions {
  needObject(o, 'options');
  const { origin, signer } = readingCaller('options', () => ({ origin: (o as CheckpointOptions).origin, signer: (o as CheckpointOptions).signer }));
  needString(origin, 'origin');
  if (typeof signer !== 'function') throw new CustodiaError('INVALID_ARGUMENT', 'signer expected a function (noteSigner of custodia/merkle)', { field: 'signer' });
  return { origin, signer };
}

const trees = /* @__PURE__ */ new WeakMap<object, MerkleLog>();

function infoOf(log: unknown): { info: _LogInfo; tree: MerkleLog } {
  const info = typeof log === 'object' && log !== null ? _logs.get(log) : undefined;
  if (!info) throw new CustodiaError('INVALID_ARGUMENT', 'log expected a ledger (createLedger) or an audit log (createAuditLog)', { field: 'log' });
  let tree = trees.get(log as object);
  if (!tree) trees.set(log as object, (tree = createMerkleLog({ store: info.store, log: info.log, hash: 'sha256' })));
  return { info, tree };
}

/** The tree at the chain's verified head (its hash follows the chain's: SM3 chains get SM3 trees). */
async function headAndTree(log: unknown): Promise<{ head: Checkpoint; tree: MerkleLog }> {
  const { info, tree } = infoOf(log);
  const head = await (log as _LogReader).checkpoint();
  let t = tree;
  if (t.hash !== _merkleHashOf(head.alg)) trees.set(log as object, (t = createMerkleLog({ store: info.store, log: info.log, hash: _merkleHashOf(head.alg) })));
  await t.sync();
  return { head, tree: t };
}

async function sign(head: Checkpoint, tree: MerkleLog, o: CheckpointOptions): Promise<string> {
  const { root } = await tree.treeHead(head.length);
  const text = formatCheckpoint({ origin: o.origin, size: head.length, root, extensions: [`custodia-chain ${head.alg} ${head.hash}`] });
  const note = readingCaller('signer', () => o.signer(text));
  if (typeof note !== 'string' || !note.startsWith(`${text}\n`)) throw new CustodiaError('INVALID_ARGUMENT', 'signer must return the text signed as a note', { field: 'signer' });
  return note;
}

/**
 * The current head of a ledger or an audit log as a signed checkpoint (C2SP tlog-checkpoint) of
 * the Merkle tree over its records, with the chain head as an extension line. The tree's tiles
 * are kept beside the log (namespace `<log>.merkle`), built on first use: an existing
 * chain-format log needs no migration. Publish the note, or hand it to witnesses.
 * @example
 * ```ts
 * import { signCheckpointOf } from 'custodia/receipt';
 * import { noteSigner } from 'custodia/merkle';
 * const note = await signCheckpointOf(ledger, { origin: 'consent.example.com/log', signer: noteSigner([signerKey]) });
 * ```
 */
export async function signCheckpointOf(log: object, options: CheckpointOptions): Promise<string> {
  const o = checkpointOptions(options);
  const { head, tree } = await headAndTree(log);
  return sign(head, tree, o);
}

/**
 * `record` of a ledger or an audit log with its inclusion proof in a freshly signed checkpoint:
 * what a person keeps (in a consent receipt) and checks offline with `verifyRecordProof`
 * (custodia/receipt).
 * @example
 * ```ts
 * import { toConsentReceipt } from 'custodia/consent';
 * import { proveRecord } from 'custodia/receipt';
 * const proof = await proveRecord(ledger, withdrawal, { origin: 'consent.example.com/log', signer });
 * const receipt = toConsentReceipt(withdrawal, notice, { proof });
 * ```
 */
export async function proveRecord(log: object, record: ChainRecord, options: CheckpointOptions): Promise<RecordProof> {
  const o = checkpointOptions(options);
  needObject(record, 'record');
  const entry = readingCaller('record', () => JSON.stringify(record));
  const seq = readingCaller('record', () => record.seq);
  const { head, tree } = await headAndTree(log);
  if (typeof seq !== 'number' || !Number.isSafeInteger(seq) || seq < 0 || seq >= head.length)
    throw new CustodiaError('INVALID_ARGUMENT', 'record is not a record of this log', { field: 'record' });
  // The tiles must hold this very record: a record from another log or an edited copy is refused.
  if (!equalBytes(await tree.leafHash(seq), leafHash(tree.hash, entry))) throw new CustodiaError('INVALID_ARGUMENT', 'record is not a record of this log', { field: 'record' });
  const checkpoint = await sign(head, tree, o);
  const proof = await tree.inclusionProof(seq, head.length);
  return { entry, index: seq, treeSize: head.length, hash: tree.hash, proof: proof.map((p) => toBase64(p)), checkpoint };
}

/**
 * RFC 9162 consistency proof between two sizes of a ledger's or audit log's tree, for whoever
 * holds an older checkpoint (`compareCheckpoints` of custodia/merkle checks it).
 * @example
 * ```ts
 * import { consistencyProofOf } from 'custodia/receipt';
 * const proof = await consistencyProofOf(ledger, kept.size, latest.size);
 * ```
 */
export async function consistencyProofOf(log: object, oldSize: number, newSize: number): Promise<Uint8Array[]> {
  const { tree } = await headAndTree(log);
  return tree.consistencyProof(oldSize, newSize);
}

/**
 * Checks exported records against a tree checkpoint (opened with `openCheckpoint` of
 * custodia/merkle): the first `size` records must give its root, else `SPLIT_VIEW` (the log now
 * shows another history than the one signed); fewer records than it counts are `TRUNCATED`.
 * Check the chain first (`verifyLedger` / `verifyAuditLog`): this compares roots only.
 * @example
 * ```ts
 * import { verifyLedger } from 'custodia/consent';
 * import { verifyRecordsAgainst } from 'custodia/receipt';
 * const records = JSON.parse(backup);
 * verifyLedger(records).ok && verifyRecordsAgainst(records, openCheckpoint(note, [verifierKey])).ok
 * ```
 */
export function verifyRecordsAgainst(records: readonly unknown[], checkpoint: TreeCheckpoint): VerifyResult {
  if (!Array.isArray(records)) throw new CustodiaError('INVALID_ARGUMENT', 'records expected an array', { field: 'records' });
  needObject(checkpoint, 'checkpoint');
  const { size, root } = readingCaller('checkpoint', () => ({ size: checkpoint.size, root: checkpoint.root }));
  if (typeof size !== 'number' || !Number.isSafeInteger(size) || size < 0 || !isBytes(root))
    throw new CustodiaError('INVALID_ARGUMENT', 'checkpoint expected { size, root } (openCheckpoint of custodia/merkle)', { field: 'checkpoint' });
  if (records.length < size) return { ok: false, index: records.length, code: 'TRUNCATED' };
  const first = records.slice(0, size) as ChainRecord[];
  const alg = first.length ? _merkleHashOf(String(readingCaller('records', () => first[0]!.alg)) as ChainAlg) : 'sha256';
  const entries = readingCaller('records', () => first.map((r) => JSON.stringify(r)));
  return equalBytes(treeRoot(alg, entries), root) ? { ok: true } : { ok: false, index: Math.max(size - 1, 0), code: 'SPLIT_VIEW' };
}

/**
 * Verifies a ledger or an audit log from its store (`verify()`: the chain, strictly) and then
 * against a signed Merkle checkpoint: `SPLIT_VIEW` when its records no longer give the root the
 * operator signed, `TRUNCATED` when records it counted are gone. Reads the whole log; the cheap
 * check for whoever holds an older checkpoint is a consistency proof ({@link consistencyProofOf}).
 * @example
 * ```ts
 * import { verifyCheckpointOf } from 'custodia/receipt';
 * const r = await verifyCheckpointOf(ledger, openCheckpoint(publishedNote, [verifierKey], { origin }));
 * if (!r.ok) alert(`${r.code} at record ${r.index}`);
 * ```
 */
export async function verifyCheckpointOf(log: object, checkpoint: TreeCheckpoint): Promise<VerifyResult> {
  infoOf(log);
  needObject(checkpoint, 'checkpoint');
  const chain = await (log as _LogReader).verify();
  if (!chain.ok) return chain;
  return verifyRecordsAgainst(await (log as _LogReader).export(), checkpoint);
}
