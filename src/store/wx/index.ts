/**
 * `custodia/store/wx`: the {@link Store} interface on WeChat mini-program storage
 * (`wx.getStorage` / `wx.setStorage`), so a mini-program keeps its consent ledger on the
 * device. Every record and log entry is one storage key under a prefix; values longer than
 * one storage item allows are split into chunks. A mini-program runs its JS on one thread, so
 * one queue per prefix orders writes; a log's head key is written after its entry, so an app
 * killed mid-append leaves the log as it was.
 * @module
 */
import { CustodiaError } from '../../errors/index.js';
import { needObject } from '../../errors/_args.js';
import type { LogEntry, ScanOptions, Store, StoredRecord, WriteOptions } from '../index.js';
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

const conflict = (what: string) => new CustodiaError('STORE_CONFLICT', `${what} changed concurrently: re-read and retry`, { field: what });
const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

// One write queue per wx object and prefix, made on first use (no module-load work).
let queues: WeakMap<object, Map<string, Promise<unknown>>> | undefined;
function serialize<T>(wx: object, prefix: string, fn: () => Promise<T>): Promise<T> {
  queues ??= new WeakMap();
  let m = queues.get(wx);
  if (!m) queues.set(wx, (m = new Map()));
  const prev = m.get(prefix) ?? Promise.resolve();
  const next = prev.then(fn, fn);
  m.set(prefix, next.catch(() => undefined));
  return next;
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
  const open = () => {
    if (closed) throw new CustodiaError('STORE_UNAVAILABLE', 'store is closed');
  };
  const write = <T>(fn: () => Promise<T>) => {
    open();
    return serialize(wx, prefix, fn);
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
  const checkVersion = (ns: string, cur: Meta | undefined, o?: WriteOptions) => {
    if (o?.ifVersion !== undefined && (cur?.ver ?? 0) !== o.ifVersion) throw conflict(ns);
  };
  const logLength = async (log: string) => ((await io.get(headKey(log))) as number | undefined) ?? 0;

  // Reads of a record go through the queue too: a put may drop the chunks a read is about to fetch.
  const get = (ns: string, key: string) =>
    write(async (): Promise<StoredRecord | undefined> => {
      const k = recKey(ns, key);
      const m = await getMeta(k);
      return m && { key, value: await readItem(`${k}@${m.ver}`, m), version: m.ver };
    });

  return {
    get,
    put: (ns, key, value, o) =>
      write(async () => {
        const k = recKey(ns, key);
        const cur = await getMeta(k);
        checkVersion(ns, cur, o);
        const ver = (cur?.ver ?? 0) + 1;
        await io.set(k, { ...(await putItem(`${k}@${ver}`, value)), ver });
        await dropChunks(`${k}@${cur?.ver}`, cur);
        return ver;
      }),
    delete: (ns, key, o) =>
      write(async () => {
        const k = recKey(ns, key);
        const cur = await getMeta(k);
        checkVersion(ns, cur, o);
        if (!cur) return false;
        await io.remove(k);
        await dropChunks(`${k}@${cur.ver}`, cur);
        return true;
      }),
    async *scan(ns: string, o: ScanOptions = {}): AsyncIterable<StoredRecord> {
      open();
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
    append: (log, value, o) =>
      write(async () => {
        const n = await logLength(log);
        if (o?.ifLength !== undefined && o.ifLength !== n) throw conflict(log);
        const k = entryKey(log, n);
        // An entry left by an append that crashed before its head write is overwritten here.
        await dropChunks(k, (await io.get(k)) as Item | undefined);
        await io.set(k, await putItem(k, value));
        await io.set(headKey(log), n + 1);
        return n;
      }),
    async *read(log: string, o: { from?: number; limit?: number } = {}): AsyncIterable<LogEntry> {
      open();
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
      open();
      return logLength(log);
    },
    async close() {
      closed = true;
    },
  };
}
