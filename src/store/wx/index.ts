/**
 * `custodia/store/wx`: the {@link Store} interface on WeChat mini-program storage
 * (`wx.getStorage` / `wx.setStorage`), so a mini-program keeps its consent ledger on the
 * device. Every record and log entry is one storage key under a prefix; values longer than
 * one storage item allows are split into chunks. A mini-program runs its JS on one thread, so
 * one queue per prefix orders writes. wx storage writes one key at a time, so every write ends
 * in ONE storage item that commits it: an append's log head, a put's record, and for a batch of
 * several (`appendMany`, `putMany`, `appendManyAndPut`) a journal of its heads and records,
 * applied then removed. An app killed before that item leaves the store as it was; killed
 * after, the next store on that storage applies the journal again before anything else.
 * @module
 */
import { CustodiaError } from '../../errors/index.js';
import { storeConflict } from '../_conflict.js';
import { needObject } from '../../errors/_args.js';
import type { LogEntry, ScanOptions, Store, StoredRecord } from '../index.js';
import { needPuts, needValues, type Put } from '../_batch.js';
import { wxCalls, type WxCalls, type WxStorageApi } from './_wx.js';

export type { WxStorageApi } from './_wx.js';

/**
 * Options of {@link wxStore}.
 * @example
 * ```ts
 * const opts: WxStoreOptions = { prefix: 'consent:', encrypt: true };
 * const store = wxStore(opts);
 * ```
 */
export interface WxStoreOptions {
  /** The `wx` object (default: the global `wx`, looked up when the store is made). */
  wx?: WxStorageApi;
  /** Prefix of every storage key (default `custodia:`); stores with different prefixes are independent. */
  prefix?: string;
  /** Ask WeChat to AES-encrypt the stored items (`encrypt: true`, base library ≥ 2.21.3). */
  encrypt?: boolean;
  /** Characters per storage item before a value is chunked (default 100,000: under WeChat's 1 MB per key even for JSON-escaped text). */
  chunkChars?: number;
}

/** Stored shape of one item: inline text, or the number of chunk keys holding it. */
type Item = { v: string; n?: undefined } | { n: number; v?: undefined };
type Meta = Item & { ver: number };
/** A batch's commit: storage items to set in order ([key, data]), then chunks to drop ([base, count]). */
type Journal = { s: [string, unknown][]; d: [string, number][] };

const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

// One write queue per wx object and prefix, made on first use (no module-load work), and whether
// a journal may be waiting there (after a crash: until a store looked; after a failed apply).
type Lane = { tail: Promise<unknown>; clean: boolean };
let lanes: WeakMap<object, Map<string, Lane>> | undefined;
function laneOf(wx: object, prefix: string): Lane {
  lanes ??= new WeakMap();
  let m = lanes.get(wx);
  if (!m) lanes.set(wx, (m = new Map()));
  let lane = m.get(prefix);
  if (!lane) m.set(prefix, (lane = { tail: Promise.resolve(), clean: false }));
  return lane;
}

/**
 * A {@link Store} on WeChat mini-program storage.
 *
 * @example
 * ```ts
 * import { wxStore } from 'custodia';           // dist/miniprogram, via WeChat's npm build
 * const store = wxStore({ prefix: 'consent:' });
 * await store.append('ledger', JSON.stringify(event), { ifLength: await store.length('ledger') });
 * ```
 */
export function wxStore(opts: WxStoreOptions = {}): Store {
  needObject(opts, 'opts');
  const wx = opts.wx ?? (globalThis as { wx?: WxStorageApi }).wx;
  if (!wx || typeof wx.getStorage !== 'function')
    throw new CustodiaError('STORE_UNAVAILABLE', 'wx store: no wx storage API in this runtime', { field: 'wx' });
  const prefix = opts.prefix ?? 'custodia:';
  const chunk = Math.max(1, opts.chunkChars ?? 100_000);
  const io: WxCalls = wxCalls(wx, opts.encrypt === true);
  let closed = false;
  // Key layout, unambiguous for any ns, key and log text: JSON arrays after a kind letter.
  const recKey = (ns: string, key: string) => `${prefix}r${JSON.stringify([ns, key])}`;
  const recPrefix = (ns: string) => `${prefix}r${JSON.stringify([ns]).slice(0, -1)},`;
  const entryKey = (log: string, seq: number) => `${prefix}e${JSON.stringify([log, seq])}`;
  const headKey = (log: string) => `${prefix}h${JSON.stringify([log])}`;
  const journalKey = `${prefix}j`;
  const lane = laneOf(wx, prefix);
  const open = () => {
    if (closed) throw new CustodiaError('STORE_UNAVAILABLE', 'store is closed');
  };
  // Every queued operation first applies a journal a crash or a failed write left.
  const write = <T>(fn: () => Promise<T>): Promise<T> => {
    open();
    const run = async () => {
      if (!lane.clean) {
        const j = (await io.get(journalKey)) as Item | undefined;
        if (j) await apply(JSON.parse(await readItem(journalKey, j)) as Journal, j);
        lane.clean = true;
      }
      return fn();
    };
    const next = lane.tail.then(run, run);
    lane.tail = next.catch(() => undefined);
    return next;
  };
  // Reads outside the queue wait for that once.
  const settled = async () => {
    open();
    if (!lane.clean) await write(async () => undefined);
  };

  // Chunks are written before the item that points at them, so a crash leaves only orphans.
  async function putItem(base: string, value: string): Promise<Item> {
    if (value.length <= chunk) return { v: value };
    const n = Math.ceil(value.length / chunk);
    for (let i = 0; i < n; i++) await io.set(`${base}#${i}`, value.slice(i * chunk, (i + 1) * chunk));
    return { n };
  }
  async function readItem(base: string, item: Item): Promise<string> {
    if (item.n === undefined) return item.v;
    let s = '';
    for (let i = 0; i < item.n; i++) s += (await io.get(`${base}#${i}`)) as string;
    return s;
  }
  async function dropChunks(base: string, item: Item | undefined) {
    for (let i = 0; i < (item?.n ?? 0); i++) await io.remove(`${base}#${i}`);
  }
  const getMeta = async (k: string) => (await io.get(k)) as Meta | undefined;
  const checkVersion = (ns: string, cur: { ver: number } | undefined, ifVersion: number | undefined) => {
    if (ifVersion !== undefined && (cur?.ver ?? 0) !== ifVersion) throw storeConflict(ns, 'ifVersion');
  };
  const logLength = async (log: string) => ((await io.get(headKey(log))) as number | undefined) ?? 0;

  // Sets the items, drops the chunks they replaced, then removes the journal `j` if they came from
  // one. Applying twice gives the same state, so a crash in here is mended by applying again.
  async function apply(b: Journal, j?: Item) {
    for (const x of b.s) await io.set(x[0], x[1]);
    for (const x of b.d) await dropChunks(x[0], { n: x[1] });
    if (!j) return;
    await io.remove(journalKey);
    await dropChunks(journalKey, j);
  }

  // Entries of `log` and records of `ns`, all or none. Every check reads before anything is written.
  // Entries and chunks go first under keys nothing reads yet (past the log's head; a record's next
  // version); then one item commits: the head or the record when it is the only one, else the
  // journal. put and append are the one-item cases.
  async function batch(log: string | undefined, values: readonly string[], ns: string, list: readonly Put[], ifLength?: number) {
    const n = log === undefined ? 0 : await logLength(log);
    if (log !== undefined && ifLength !== undefined && ifLength !== n) throw storeConflict(log, 'ifLength');
    const b: Journal = { s: [], d: [] };
    const vers: number[] = [];
    // A key twice in one batch: the second write sees the first's version, as in SQLite.
    const last = new Map<string, { ver: number; n?: number | undefined }>();
    for (const r of list) {
      const k = recKey(ns, r.key);
      const cur = last.get(k) ?? (await getMeta(k));
      checkVersion(ns, cur, r.ifVersion);
      const ver = (cur?.ver ?? 0) + 1;
      if (cur?.n) b.d.push([`${k}@${cur.ver}`, cur.n]);
      last.set(k, { ver, n: r.value.length > chunk ? Math.ceil(r.value.length / chunk) : 0 });
      vers.push(ver);
    }
    for (let i = 0; i < values.length; i++) {
      const k = entryKey(log!, n + i);
      // An entry left by an append that crashed before its head write is overwritten here.
      await dropChunks(k, (await io.get(k)) as Item | undefined);
      await io.set(k, await putItem(k, values[i]!));
    }
    for (let i = 0; i < list.length; i++) {
      const k = recKey(ns, list[i]!.key);
      b.s.push([k, Object.assign(await putItem(`${k}@${vers[i]}`, list[i]!.value), { ver: vers[i] })]);
    }
    if (values.length) b.s.push([headKey(log!), n + values.length]);
    if (b.s.length < 2) await apply(b);
    else {
      const j = await putItem(journalKey, JSON.stringify(b));
      await io.set(journalKey, j);
      // Committed: should applying fail here (storage full), the next operation applies it again.
      lane.clean = false;
      await apply(b, j);
      lane.clean = true;
    }
    return { n, vers };
  }

  // Reads of a record go through the queue too: a put may drop the chunks a read is about to fetch.
  const get = (ns: string, key: string) =>
    write(async (): Promise<StoredRecord | undefined> => {
      const k = recKey(ns, key);
      const m = await getMeta(k);
      return m && { key, value: await readItem(`${k}@${m.ver}`, m), version: m.ver };
    });

  return {
    get,
    put: (ns, key, value, o) => write(async () => (await batch(undefined, [], ns, [{ key, value, ifVersion: o?.ifVersion }])).vers[0]!),
    delete: (ns, key, o) =>
      write(async () => {
        const k = recKey(ns, key);
        const cur = await getMeta(k);
        checkVersion(ns, cur, o?.ifVersion);
        if (!cur) return false;
        await io.remove(k);
        await dropChunks(`${k}@${cur.ver}`, cur);
        return true;
      }),
    async *scan(ns: string, o: ScanOptions = {}): AsyncIterable<StoredRecord> {
      await settled();
      const p = recPrefix(ns);
      const keys: string[] = [];
      for (const k of await io.keys()) {
        // Record keys end with the JSON array; chunk keys end with `@version#index`.
        if (!k.startsWith(p) || !k.endsWith('"]')) continue;
        const [, key] = JSON.parse(k.slice(prefix.length + 1)) as [string, string];
        if (o.prefix !== undefined && !key.startsWith(o.prefix)) continue;
        if (o.after !== undefined && key <= o.after) continue;
        keys.push(key);
      }
      keys.sort(cmp);
      for (const key of keys.slice(0, o.limit ?? keys.length)) {
        const r = await get(ns, key);
        if (r) yield r;
      }
    },
    append: (log, value, o) => write(async () => (await batch(log, [value], '', [], o?.ifLength)).n),
    appendMany: async (log, values, o) => {
      const list = needValues(values);
      return write(async () => (await batch(log, list, '', [], o?.ifLength)).n);
    },
    putMany: async (ns, records) => {
      const list = needPuts(records);
      await write(() => batch(undefined, [], ns, list));
    },
    appendManyAndPut: async (log, values, ns, records, o) => {
      const [list, puts] = [needValues(values), needPuts(records)];
      return write(async () => (await batch(log, list, ns, puts, o?.ifLength)).n);
    },
    async *read(log: string, o: { from?: number; limit?: number } = {}): AsyncIterable<LogEntry> {
      await settled();
      const n = await logLength(log);
      const from = o.from ?? 0;
      const end = o.limit === undefined ? n : Math.min(n, from + o.limit);
      for (let seq = from; seq < end; seq++) {
        const k = entryKey(log, seq);
        const item = (await io.get(k)) as Item | undefined;
        // A removed entry is a gap the reader (chain verification) reports, not a crash here.
        if (item !== undefined) yield { seq, value: await readItem(k, item) };
      }
    },
    async length(log) {
      await settled();
      return logLength(log);
    },
    async close() {
      closed = true;
    },
  };
}
