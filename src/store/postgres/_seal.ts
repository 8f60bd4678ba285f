// How the sequencer turns queued items into log entries. A chain record's hash covers its seq and
// the previous record's hash, so a writer cannot seal before it knows its place: the writer
// queues the record's `data` and the sequencer, the one writer of the log at a time, seals each
// batch in queue order from the last record in the store (checked with the same kind, algorithm
// and key first, so a sequencer configured differently refuses to extend the chain).
import { _GENESIS, _check, _seal, type ChainAlg, type ChainRecord } from '../../consent/_chain.js';
import { _parseStored } from '../../consent/_stored.js';
import { CustodiaError, isCustodiaError } from '../../errors/index.js';
import type { HashAlg } from '../../hash/index.js';
import type { SequenceChain } from '../index.js';

const ALGS = ['sha256', 'sm3', 'hmac-sha256', 'hmac-sm3'];

/** Throws unless `chain` is a chain a sequencer can seal with (an HMAC one with its key). */
export function checkChain(chain: SequenceChain | undefined): void {
  if (chain === undefined) return;
  if (typeof chain !== 'object' || chain === null || typeof chain.kind !== 'string' || !ALGS.includes(chain.alg))
    throw new CustodiaError('INVALID_ARGUMENT', 'chain expected { kind, alg: sha256 | sm3 | hmac-sha256 | hmac-sm3, key? }', { field: 'chain' });
  if (chain.alg.startsWith('hmac-') && !(chain.key instanceof Uint8Array && chain.key.length >= 16))
    throw new CustodiaError('INVALID_KEY', 'an HMAC chain needs its key (at least 16 bytes)', { field: 'key' });
}

/** A chain the sequencer will not extend (corrupt, or sealed with another key): it stops sequencing that log. */
export const stopsSequencer = (e: unknown): boolean => isCustodiaError(e) && ['LEDGER_CORRUPT', 'INVALID_ARGUMENT', 'INVALID_KEY'].includes(e.code);

/** Items are only sealed by a sequencer of the same tag: `raw`, or `chain/<kind>/<alg>`. */
export const tagOf = (chain: SequenceChain | undefined): string => (chain ? `chain/${chain.kind}/${chain.alg}` : 'raw');

/** The tree follows the chain's hash, as the ledger's own tree does (SM3 chains get SM3 trees). */
export const treeHashOf = (chain: SequenceChain | undefined): HashAlg => (chain?.alg.endsWith('sm3') ? 'sm3' : 'sha256');

const RAW = Symbol('raw');
/** A queued item as the sequencer seals it: the raw text, or a chain record's parsed data; undefined when a chain item is not JSON (refused). */
export function sealable(chain: SequenceChain | undefined, item: string): unknown {
  if (!chain) return RAW;
  try {
    return JSON.parse(item) as unknown;
  } catch {
    return undefined;
  }
}

/** The stored values of `items` (as {@link sealable} gave them) at seqs `from`, `from + 1`…, after `last` (the entry at `from - 1`). */
export function sealBatch(chain: SequenceChain | undefined, items: readonly string[], datas: readonly unknown[], from: number, last: string | undefined): string[] {
  if (!chain) return items.slice();
  let prev = _GENESIS;
  if (from > 0) {
    const r = last === undefined ? undefined : _parseStored({ seq: from - 1, value: last }, from - 1);
    const claimed = (r as Partial<ChainRecord> | undefined)?.prev;
    const code = _check(r, from - 1, typeof claimed === 'string' ? claimed : '', chain.alg as ChainAlg, chain.kind, chain.key);
    if (code) throw new CustodiaError('LEDGER_CORRUPT', `${chain.kind} chain record ${from - 1} fails verification: ${code}; the sequencer will not extend it`, { field: `seq ${from - 1}` });
    prev = (r as ChainRecord).hash;
  }
  return datas.map((data, i) => {
    const rec = _seal(chain.kind, from + i, prev, chain.alg as ChainAlg, chain.key, data);
    prev = rec.hash;
    return JSON.stringify(rec);
  });
}
