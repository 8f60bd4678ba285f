/**
 * One pass over a chain log (consent ledger or audit log), straight from the store: each stored
 * entry is read strictly and checked with the chain engine's own per-record check (the code
 * `ledger.verify()` and `audit.verify()` run), the Merkle root is folded in O(log n) memory, and
 * each good record is handed to the caller. Nothing is kept per record, so memory does not grow
 * with the log (ledger.verify() reads it whole; a report over ten million events cannot).
 */
import { toHex } from '../bytes/index.js';
import { _check, _GENESIS, type ChainAlg, type Checkpoint, type VerifyResult } from '../consent/_chain.js';
import { _parseStored } from '../consent/_stored.js';
import type { HashAlg } from '../hash/index.js';
import { leafHash, nodeHash } from '../merkle/index.js';
import type { Store } from '../store/index.js';

/**
 * A checkpoint the log was checked against, and what the check found.
 * @example
 * ```ts
 * const bad: CheckpointResult[] = summary.integrity.consent.checkpoints.filter((c) => !c.ok); // e.g. [{ code: 'TRUNCATED', … }]
 * ```
 */
export interface CheckpointResult {
  /** `chain`: {length, hash, alg} of `checkpoint()`; `signed`: a C2SP note opened with the trusted keys. */
  type: 'chain' | 'signed';
  size: number;
  origin?: string;
  /** Hex head hash (chain) or Merkle root (signed) the checkpoint names. */
  hash: string;
  ok: boolean;
  code?: 'TRUNCATED' | 'CHECKPOINT_MISMATCH' | 'SPLIT_VIEW';
}

/**
 * What the report found about a log's integrity: its records, verdict, head, Merkle root and checkpoints.
 * @example
 * ```ts
 * const l: LogIntegrity = summary.integrity.audit;
 * if (l.result && !l.result.ok) console.error(`${l.log} broken at record ${l.result.index}: ${l.result.code}`);
 * ```
 */
export interface LogIntegrity {
  log: string;
  records: number;
  /** Undefined when the log holds no record: no verdict about nothing. */
  result: VerifyResult | undefined;
  head: Checkpoint | undefined;
  merkle: { hash: HashAlg; root: string } | undefined;
  checkpoints: CheckpointResult[];
}

/** A signed checkpoint already opened (openCheckpoint of custodia/merkle): origin, size, root. @internal */
export interface _TreeCp { origin: string; size: number; root: Uint8Array }

/** Folds leaves into the RFC 9162 root keeping only the O(log n) complete subtrees. */
class RootFolder {
  private readonly stack: { size: number; hash: Uint8Array }[] = [];
  constructor(readonly alg: HashAlg) {}
  push(entry: string): void {
    let top = { size: 1, hash: leafHash(this.alg, entry) };
    while (this.stack.length && this.stack[this.stack.length - 1]!.size === top.size) {
      const left = this.stack.pop()!;
      top = { size: left.size * 2, hash: nodeHash(this.alg, left.hash, top.hash) };
    }
    this.stack.push(top);
  }
  root(): Uint8Array | undefined {
    let h: Uint8Array | undefined;
    for (let i = this.stack.length - 1; i >= 0; i--) h = h ? nodeHash(this.alg, this.stack[i]!.hash, h) : this.stack[i]!.hash;
    return h;
  }
}

const merkleHashOf = (alg: ChainAlg): HashAlg => (alg.endsWith('sm3') ? 'sm3' : 'sha256');

/**
 * Reads `log` once: verifies it as `kind` (with `validate` for each record's data), folds its
 * Merkle root, checks the given checkpoints, and calls `each` with every record's data until the
 * first bad record (a broken chain is reported, and nothing after it is counted).
 * @internal
 */
export async function _passLog(
  store: Store,
  o: { log: string; kind: 'consent' | 'audit'; key?: Uint8Array; validate: (data: unknown) => boolean; chainCps: Checkpoint[]; signedCps: _TreeCp[] },
  each: (data: unknown) => void,
  progress: (done: number) => void,
): Promise<LogIntegrity> {
  let prev = _GENESIS;
  let alg: ChainAlg | undefined;
  let folder: RootFolder | undefined;
  let i = 0;
  let result: VerifyResult | undefined;
  const chainAt = new Map<number, string>();
  const rootAt = new Map<number, string>();
  const wantChain = new Set(o.chainCps.map((c) => c.length));
  const wantRoot = new Set(o.signedCps.map((c) => c.size));
  for await (const e of store.read(o.log)) {
    const r = _parseStored(e, i);
    let code: string | undefined;
    if (i === 0 && o.key !== undefined && !String((r as { alg?: unknown } | null)?.alg).startsWith('hmac-')) code = 'BAD_ALGORITHM';
    code ??= _check(r, i, prev, alg, o.kind, o.key);
    const rec = r as { alg: ChainAlg; hash: string; data: unknown };
    if (!code && !o.validate(rec.data)) code = 'BAD_DATA';
    if (code) {
      result = { ok: false, index: i, code };
      break;
    }
    alg = rec.alg;
    prev = rec.hash;
    folder ??= new RootFolder(merkleHashOf(alg));
    folder.push(e.value);
    i++;
    if (wantChain.has(i)) chainAt.set(i, prev);
    if (wantRoot.has(i)) rootAt.set(i, toHex(folder.root()!));
    each(rec.data);
    if ((i & 1023) === 0) progress(i);
  }
  progress(i);
  // A head that counts entries the store cannot read: rows removed under it (ledger.verify's SEQ_GAP).
  if (!result && (await store.length(o.log)) > i) result = { ok: false, index: i, code: 'SEQ_GAP' };
  if (!result && i > 0) result = { ok: true };
  const checkpoints: CheckpointResult[] = [
    ...o.chainCps.map((c): CheckpointResult => {
      const base = { type: 'chain' as const, size: c.length, hash: c.hash };
      if (c.length > i) return { ...base, ok: false, code: 'TRUNCATED' };
      const at = c.length === 0 ? _GENESIS : chainAt.get(c.length);
      return at === c.hash && (c.length === 0 || c.alg === alg) ? { ...base, ok: true } : { ...base, ok: false, code: 'CHECKPOINT_MISMATCH' };
    }),
    ...o.signedCps.map((c): CheckpointResult => {
      const base = { type: 'signed' as const, size: c.size, origin: c.origin, hash: toHex(c.root) };
      if (c.size > i) return { ...base, ok: false, code: 'TRUNCATED' };
      return rootAt.get(c.size) === base.hash ? { ...base, ok: true } : { ...base, ok: false, code: 'SPLIT_VIEW' };
    }),
  ];
  const root = folder?.root();
  return {
    log: o.log,
    records: i,
    result,
    head: alg ? { length: i, hash: prev, alg } : undefined,
    merkle: folder && root ? { hash: folder.alg, root: toHex(root) } : undefined,
    checkpoints,
  };
}
