/**
 * The `wasm` backend: custodia's own core (wasm/assembly). Inputs are written straight into
 * core memory; a batch goes in as one table + data block per core call.
 */
import { equalBytes, utf8Encode, utf8EncodeInto } from '../bytes/index.js';
import { CustodiaError } from '../errors/index.js';
import type { _Backend, _Streaming, HashAlg } from './_types.js';
import { _loadCore, type _CoreExports, type WasmSource } from './_wasmLoad.js';

export type { WasmSource } from './_wasmLoad.js';

const A = (alg: HashAlg): number => (alg === 'sha256' ? 0 : 1);
// Bounds one core call's memory: a batch is cut into chunks of this many fields / data bytes.
const CHUNK_FIELDS = 16384;
const CHUNK_BYTES = 1 << 20;

type TE = { encodeInto(s: string, d: Uint8Array): { read: number; written: number } };
let te: TE | null | undefined;
function encoder(): TE | null {
  if (te === undefined) {
    const C = (globalThis as { TextEncoder?: new () => TE }).TextEncoder;
    te = typeof C === 'function' ? new C() : null;
  }
  return te;
}

/** Makes room for n bytes at io() and returns a fresh view of memory (growing detaches the old one). */
function room(c: _CoreExports, n: number): Uint8Array {
  if (!c.reserve(n)) throw new CustodiaError('BACKEND_UNAVAILABLE', 'WASM memory could not grow to hold the input', { field: 'data' });
  return new Uint8Array(c.memory.buffer);
}

/** Writes `d` at `at` (room for 3 bytes per UTF-16 unit already reserved); returns its byte length. */
function put(mem: Uint8Array, at: number, d: Uint8Array | string): number {
  if (typeof d !== 'string') {
    mem.set(d, at);
    return d.length;
  }
  // Short strings (phones, IDs, names) are cheaper to encode by hand than to cross into the
  // encoder; same bytes as TextEncoder, lone surrogates become U+FFFD.
  if (d.length >= 48) {
    const e = encoder();
    if (e) return e.encodeInto(d, mem.subarray(at, at + 3 * d.length)).written;
  }
  return utf8EncodeInto(d, mem, at);
}

const maxLen = (d: Uint8Array | string): number => (typeof d === 'string' ? 3 * d.length : d.length);

function hashOnce(c: _CoreExports, alg: HashAlg, data: Uint8Array | string): Uint8Array {
  const mem = room(c, maxLen(data));
  const io = c.io();
  c.hash(A(alg), io, put(mem, io, data));
  return mem.slice(c.out(), c.out() + 32);
}

let keyAlg = -1;
let keyBytes: Uint8Array | undefined;
/** Loads the key's inner/outer states unless this key is already loaded. */
function setKey(c: _CoreExports, alg: HashAlg, key: Uint8Array): void {
  if (keyAlg === A(alg) && keyBytes && equalBytes(keyBytes, key) && keyCore === c) return;
  const mem = room(c, key.length);
  mem.set(key, c.io());
  c.hmacKey(A(alg), c.io(), key.length);
  mem.fill(0, c.io(), c.io() + key.length);
  keyAlg = A(alg);
  keyBytes = key.slice();
  keyCore = c;
}
let keyCore: _CoreExports | undefined;

function create(c: _CoreExports, alg: HashAlg): _Streaming {
  const a = A(alg);
  c.hashInit(a);
  const size = c.ctxSize();
  const saved = new Uint8Array(c.memory.buffer, c.ctx(), size).slice();
  return {
    update(d) {
      const feed = (part: Uint8Array | string): void => {
        const mem = room(c, maxLen(part));
        mem.set(saved, c.ctx());
        c.hashUpdate(a, c.io(), put(mem, c.io(), part));
        saved.set(new Uint8Array(c.memory.buffer, c.ctx(), size));
      };
      // Large inputs go through in 1 MiB slices so core memory stays bounded.
      const bytes = typeof d === 'string' && 3 * d.length > CHUNK_BYTES ? utf8Encode(d) : d;
      if (typeof bytes === 'string') feed(bytes);
      else for (let off = 0; off < bytes.length; off += CHUNK_BYTES) feed(bytes.subarray(off, off + CHUNK_BYTES));
      return this;
    },
    digest() {
      new Uint8Array(c.memory.buffer).set(saved, c.ctx());
      c.hashFinal(a);
      return new Uint8Array(c.memory.buffer).slice(c.out(), c.out() + 32);
    },
  };
}

/** Fields [from, to) into core memory as table + data, HMAC'd by one core call into out. */
function batchChunk(c: _CoreExports, a: number, fields: readonly (Uint8Array | string)[], from: number, to: number, bytes: number, out: Uint8Array): void {
  const n = to - from;
  const io = c.io();
  const data = io + 4 * n;
  // +64: the SIMD path reads a short field's block as four 16-byte loads.
  const mem = room(c, 4 * n + bytes + 32 * n + 64);
  const table = new Uint32Array(c.memory.buffer, io, n);
  let len = 0;
  for (let i = 0; i < n; i++) {
    const w = put(mem, data + len, fields[from + i]!);
    table[i] = w;
    len += w;
  }
  const dst = data + len;
  c.hmacBatch(a, n, io, data, dst);
  out.set(mem.subarray(dst, dst + 32 * n), 32 * from);
}

/** Fields [from, to) hashed by the core in one call, each written after the optional prefix byte. */
function hashChunk(c: _CoreExports, a: number, fields: readonly (Uint8Array | string)[], from: number, to: number, bytes: number, prefix: number | undefined, out: Uint8Array): void {
  const n = to - from;
  const io = c.io();
  const data = io + 4 * n;
  const extra = prefix === undefined ? 0 : 1;
  const mem = room(c, 4 * n + bytes + extra * n + 32 * n);
  const table = new Uint32Array(c.memory.buffer, io, n);
  let len = 0;
  for (let i = 0; i < n; i++) {
    if (extra) mem[data + len] = prefix!;
    const w = extra + put(mem, data + len + extra, fields[from + i]!);
    table[i] = w;
    len += w;
  }
  const dst = data + len;
  c.hashBatch!(a, n, io, data, dst);
  out.set(mem.subarray(dst, dst + 32 * n), 32 * from);
}

/** Cuts `fields` into chunks that bound one core call's memory. */
function chunks(fields: readonly (Uint8Array | string)[], each: (from: number, to: number, bytes: number) => void): void {
  let from = 0;
  while (from < fields.length) {
    let to = from;
    let bytes = 0;
    while (to < fields.length && to - from < CHUNK_FIELDS && (to === from || bytes + maxLen(fields[to]!) <= CHUNK_BYTES)) bytes += maxLen(fields[to++]!);
    each(from, to, bytes);
    from = to;
  }
}

function make(c: _CoreExports): _Backend {
  return {
    name: 'wasm',
    hash: (alg, data) => hashOnce(c, alg, data),
    create: (alg) => create(c, alg),
    hmac(alg, key, data) {
      setKey(c, alg, key);
      const mem = room(c, maxLen(data));
      c.hmac(A(alg), c.io(), put(mem, c.io(), data));
      return mem.slice(c.out(), c.out() + 32);
    },
    hmacBatch(alg, key, fields) {
      setKey(c, alg, key);
      const out = new Uint8Array(32 * fields.length);
      chunks(fields, (from, to, bytes) => batchChunk(c, A(alg), fields, from, to, bytes, out));
      return out;
    },
    ...(typeof c.hashBatch === 'function'
      ? {
          hashBatch(alg: HashAlg, fields: readonly (Uint8Array | string)[], prefix: number | undefined) {
            const out = new Uint8Array(32 * fields.length);
            chunks(fields, (from, to, bytes) => hashChunk(c, A(alg), fields, from, to, bytes, prefix, out));
            return out;
          },
        }
      : {}),
  };
}

/**
 * Loads the core (see _wasmLoad.ts) and makes it the wasm backend. The only way in: what
 * is not reachable from here stays out of bundles that never call initWasm().
 * @internal
 */
export function _initWasm(source?: WasmSource): Promise<void> {
  return _loadCore(source, make);
}
