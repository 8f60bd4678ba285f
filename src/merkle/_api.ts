// The Merkle log API without signatures: what the ledger and audit log reach, so that they bundle no
// signature code (custodia/merkle re-exports it all).
import { CustodiaError } from '../errors/index.js';
import { isBytes, needObject, needString, readingCaller } from '../errors/_args.js';
import type { HashAlg } from '../hash/index.js';
import type { Store } from '../store/index.js';
import { _checkAlg, _emptyRoot, _leafHash, _leafHashes, _leafHashText, _nodeHash, _rootOfLeaves } from './_hasher.js';
import { _MerkleEngine } from './_log.js';
import { _needSize } from './_verify.js';


/**
 * The RFC 9162 leaf hash H(0x00 ‖ entry) of an entry (a string is hashed as UTF-8).
 * @example
 * ```ts
 * import { leafHash } from 'custodia/merkle';
 * toHex(leafHash('sha256', new Uint8Array(0))); // '6e340b9c…afa01d'
 * ```
 */
export function leafHash(alg: HashAlg, entry: Uint8Array | string): Uint8Array {
  const a = _checkAlg(alg, 'alg');
  if (typeof entry === 'string') return _leafHashText(a, entry);
  if (!isBytes(entry)) throw new CustodiaError('INVALID_ARGUMENT', 'entry expected a string or a Uint8Array', { field: 'entry' });
  return _leafHash(a, entry);
}

/**
 * The RFC 9162 interior node hash H(0x01 ‖ left ‖ right).
 * @example
 * ```ts
 * import { nodeHash, leafHash } from 'custodia/merkle';
 * const root2 = nodeHash('sm3', leafHash('sm3', 'a'), leafHash('sm3', 'b'));
 * ```
 */
export function nodeHash(alg: HashAlg, left: Uint8Array, right: Uint8Array): Uint8Array {
  const a = _checkAlg(alg, 'alg');
  for (const [v, f] of [[left, 'left'], [right, 'right']] as const)
    if (!isBytes(v) || v.length !== 32) throw new CustodiaError('INVALID_ARGUMENT', `${f} expected a 32-byte Uint8Array`, { field: f });
  return _nodeHash(a, left, right);
}

/**
 * Options of {@link createMerkleLog}.
 * @example
 * ```ts
 * const opts: MerkleLogOptions = { store, log: 'consent', hash: 'sm3' };
 * ```
 */
export interface MerkleLogOptions {
  store: Store;
  /** The store log whose entries are the leaves; tiles go to namespace `<log>.merkle`. */
  log: string;
  /** Default `'sha256'`. A log keeps the hash it was built with. */
  hash?: HashAlg;
}

/**
 * A tree head: the size and root hash of the tree of the first `size` entries.
 * @example
 * ```ts
 * const head: TreeHead = await log.treeHead(); // { size: 42, root: Uint8Array(32) }
 * ```
 */
export interface TreeHead {
  size: number;
  root: Uint8Array;
}

/**
 * A Merkle tree log over a store log. Entries are strings (hashed as UTF-8), appended in order.
 * @example
 * ```ts
 * const log = createMerkleLog({ store: memoryStore(), log: 'consent' });
 * const seq = await log.append('{"subject":"u_8f3a","event":"granted"}');
 * const head = await log.treeHead();
 * const proof = await log.inclusionProof(seq, head.size);
 * ```
 */
export interface MerkleLog {
  readonly hash: HashAlg;
  /** Appends one entry and its tiles; returns its index. */
  append(entry: string): Promise<number>;
  /** Appends entries in order with one tile update; returns the index of the first. */
  appendMany(entries: readonly string[]): Promise<number>;
  /** Hashes in entries appended to the store log by others (or before a crash); returns the size. */
  sync(): Promise<number>;
  /** The size the tiles cover. */
  size(): Promise<number>;
  /** The current tree head, or the head at an earlier `size`. */
  treeHead(size?: number): Promise<TreeHead>;
  /** RFC 9162 inclusion proof of entry `index` in the tree of `treeSize` entries. */
  inclusionProof(index: number, treeSize: number): Promise<Uint8Array[]>;
  /** RFC 9162 consistency proof from the tree of `oldSize` entries to the one of `newSize`. */
  consistencyProof(oldSize: number, newSize: number): Promise<Uint8Array[]>;
  /** The leaf hash of entry `index`, read from the tiles. */
  leafHash(index: number): Promise<Uint8Array>;
}

/**
 * Opens (or starts) the Merkle tree log over store log `log`.
 * @example
 * ```ts
 * import { createMerkleLog, verifyInclusion, leafHash } from 'custodia/merkle';
 * const log = createMerkleLog({ store, log: 'audit', hash: 'sm3' });
 * const i = await log.append(entry);
 * const { size, root } = await log.treeHead();
 * verifyInclusion('sm3', i, size, leafHash('sm3', entry), await log.inclusionProof(i, size), root); // true
 * ```
 */
export function createMerkleLog(options: MerkleLogOptions): MerkleLog {
  needObject(options, 'options');
  const { store, log, hash } = readingCaller('options', () => ({ store: options.store, log: options.log, hash: options.hash }));
  needObject(store, 'store');
  needString(log, 'log');
  const alg = _checkAlg(hash ?? 'sha256');
  const engine = new _MerkleEngine(store, log, alg);

  const within = async (n: number, field: string): Promise<number> => {
    const size = (await engine.head()).size;
    if (n > size) throw new CustodiaError('INVALID_ARGUMENT', `${field} is beyond the log's size`, { field });
    return size;
  };
  const appendMany = async (entries: readonly string[]): Promise<number> => {
    const list = readingCaller('entries', () => Array.from(entries));
    list.forEach((e, i) => needString(e, `entries[${i}]`));
    const first = await engine.sync();
    if (list.length === 0) return first;
    // Entries, tiles and head in one store write where the store can (one SQLite transaction).
    if (await engine.appendWithTiles(list, first)) return first;
    if (typeof store.appendMany === 'function') await store.appendMany(log, list, { ifLength: first });
    else for (let i = 0; i < list.length; i++) await store.append(log, list[i]!, { ifLength: first + i });
    // The entries just written need not be read back: they are the store's [first, first + n).
    await engine.sync({ from: first, entries: list });
    return first;
  };

  return {
    hash: alg,
    append: async (entry) => {
      needString(entry, 'entry');
      return appendMany([entry]);
    },
    appendMany: async (entries) => {
      if (!Array.isArray(entries)) throw new CustodiaError('INVALID_ARGUMENT', 'entries expected an array', { field: 'entries' });
      return appendMany(entries);
    },
    sync: () => engine.sync(),
    size: async () => (await engine.head()).size,
    treeHead: async (size) => {
      const n = size === undefined ? (await engine.head()).size : _needSize(size, 'size');
      if (size !== undefined) await within(n, 'size');
      return { size: n, root: await engine.root(n) };
    },
    inclusionProof: async (index, treeSize) => {
      const i = _needSize(index, 'index');
      const n = _needSize(treeSize, 'treeSize');
      if (i >= n) throw new CustodiaError('INVALID_ARGUMENT', 'index must be below treeSize', { field: 'index' });
      await within(n, 'treeSize');
      return engine.inclusion(i, n);
    },
    consistencyProof: async (oldSize, newSize) => {
      const m = _needSize(oldSize, 'oldSize');
      const n = _needSize(newSize, 'newSize');
      if (m === 0 || m > n) throw new CustodiaError('INVALID_ARGUMENT', 'oldSize must be from 1 to newSize', { field: 'oldSize' });
      await within(n, 'newSize');
      return engine.consistency(m, n);
    },
    leafHash: async (index) => {
      const i = _needSize(index, 'index');
      if (i >= (await engine.head()).size) throw new CustodiaError('INVALID_ARGUMENT', "index is beyond the log's size", { field: 'index' });
      return engine.node(0, i);
    },
  };
}

/**
 * The root of the empty tree, H("") (RFC 9162 §2.1.1).
 * @example
 * ```ts
 * toHex(emptyRoot('sha256')); // 'e3b0c442…7852b855'
 * ```
 */
export function emptyRoot(alg: HashAlg): Uint8Array {
  return _emptyRoot(_checkAlg(alg, 'alg'));
}

/**
 * The root of the tree over `entries` (strings hashed as UTF-8), computed in memory: what an
 * auditor holding a full export compares with a checkpoint.
 * @example
 * ```ts
 * import { treeRoot } from 'custodia/merkle';
 * const root = treeRoot('sha256', exported.map((r) => JSON.stringify(r)));
 * ```
 */
export function treeRoot(alg: HashAlg, entries: readonly (string | Uint8Array)[]): Uint8Array {
  const a = _checkAlg(alg, 'alg');
  if (!Array.isArray(entries)) throw new CustodiaError('INVALID_ARGUMENT', 'entries expected an array', { field: 'entries' });
  entries.forEach((e: unknown, i) => {
    if (typeof e !== 'string' && !isBytes(e)) throw new CustodiaError('INVALID_ARGUMENT', `entries[${i}] expected a string or a Uint8Array`, { field: 'entries' });
  });
  return _rootOfLeaves(a, _leafHashes(a, entries));
}
