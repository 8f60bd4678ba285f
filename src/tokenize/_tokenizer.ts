import { gcmsiv } from '@noble/ciphers/aes.js';
import { xchacha20poly1305 } from '@noble/ciphers/chacha.js';
import { equalStrings, fromBase64, toBase64, toBytes, utf8Decode, utf8Encode } from '../bytes/index.js';
import { ff1, sm4gcm, type FF1Cipher } from '../cipher/index.js';
import { CustodiaError } from '../errors/index.js';
import { needObject, optObject, readingCaller } from '../errors/_args.js';
import { hmac } from '../hash/_hashing.js';
import { hmacBatch } from '../hash/_hashBatch.js';
import type { HashAlg } from '../hash/index.js';
import { normalizeAs, type NormalizeKind } from '../normalize/index.js';
import { randomBytes } from '../runtime/index.js';
import { _fpe, type FpeOptions } from './_fpe.js';
import type { KeyRing } from './_keyring.js';

/**
 * AEADs {@link Tokenizer.seal} offers.
 * @example
 * ```ts
 * const alg: SealAlg = 'sm4-gcm';
 * const env = tokenizer.seal('id_card', '11010519491231002X', { alg }); // 'cs1.s.<keyId>.<data>'
 * ```
 */
export type SealAlg = 'xchacha20poly1305' | 'aes-256-gcm-siv' | 'sm4-gcm';

/**
 * How one field is treated.
 * @example
 * ```ts
 * const phone: FieldConfig = { normalize: 'mobile', fpe: { format: 'cn_mobile' } };
 * const t = createTokenizer({ keyring, fields: { phone, contact_phone: { ...phone, domain: 'phone' } } });
 * ```
 */
export interface FieldConfig {
  /** Normalizer applied before pseudonyms and vault lookups (a kind or a function). */
  normalize?: NormalizeKind | ((value: string) => string);
  /** Key domain: fields with the same domain share pseudonyms and FPE tokens (default: the field name). */
  domain?: string;
  /** Default format-preserving options, so `reveal(field, token)` needs nothing more. */
  fpe?: FpeOptions;
}

/**
 * Options of {@link createTokenizer}.
 * @example
 * ```ts
 * const opts: TokenizerOptions = { keyring, purpose: 'analytics', hash: 'sm3', seal: 'sm4-gcm' };
 * const t = createTokenizer(opts);
 * ```
 */
export interface TokenizerOptions {
  keyring: KeyRing;
  /** Purpose label mixed into every subkey: two purposes never share tokens (default `'default'`). */
  purpose?: string;
  fields?: Record<string, FieldConfig>;
  /** Pseudonym HMAC: `'sha256'` (default) or `'sm3'`. */
  hash?: HashAlg;
  /** Pseudonym length in bytes, 16 (128 bits, default) to 32. */
  pseudonymBytes?: number;
  /** Default AEAD of {@link Tokenizer.seal} (default XChaCha20-Poly1305). */
  seal?: SealAlg;
}

/**
 * What {@link createTokenizer} returns.
 * @example
 * ```ts
 * const t: Tokenizer = createTokenizer({ keyring, purpose: 'crm' });
 * t.pseudonym('phone', '13812345678'); // '<keyId>.<base64url>'
 * ```
 */
export interface Tokenizer {
  /** Deterministic keyed pseudonym `<keyId>.<base64url>` of the normalized value. */
  pseudonym(field: string, value: string): string;
  /** {@link Tokenizer.pseudonym} for many values in one batch HMAC call. */
  pseudonyms(field: string, values: readonly string[]): string[];
  /** True when `token` is the pseudonym of `value` under the key the token names (also a retired key). */
  verifyPseudonym(field: string, value: string, token: string): boolean;
  /** A reversible token of the same format (FF1): a valid-looking mobile, ID, card number, ... */
  formatPreserving(field: string, value: string, opts?: Partial<FpeOptions>): string;
  /**
   * Undoes {@link Tokenizer.formatPreserving}. FF1 tokens cannot name their key, so once the ring
   * holds more than one key (after a rotation) `keyId` is required, else `KEY_ID_REQUIRED`: store
   * `ring.primary().id` beside tokens you will need to reveal.
   */
  reveal(field: string, token: string, opts?: Partial<FpeOptions>): string;
  /** Encrypts a value into an envelope `cs1.<alg>.<keyId>.<data>` bound to the field and `aad`. */
  seal(field: string, value: string | Uint8Array, opts?: { aad?: Uint8Array | string; alg?: SealAlg }): string;
  /** Opens an envelope from {@link Tokenizer.seal} as a UTF-8 string. */
  open(field: string, sealed: string, opts?: { aad?: Uint8Array | string }): string;
  /** Opens an envelope as bytes. */
  openBytes(field: string, sealed: string, opts?: { aad?: Uint8Array | string }): Uint8Array;
}

const ALG_CODE: Record<SealAlg, string> = { xchacha20poly1305: 'x', 'aes-256-gcm-siv': 'g', 'sm4-gcm': 's' };
const CODE_ALG: Record<string, SealAlg> = { x: 'xchacha20poly1305', g: 'aes-256-gcm-siv', s: 'sm4-gcm' };
const NONCE: Record<SealAlg, number> = { xchacha20poly1305: 24, 'aes-256-gcm-siv': 12, 'sm4-gcm': 12 };

function aead(alg: SealAlg, key: Uint8Array, nonce: Uint8Array, aad: Uint8Array) {
  if (alg === 'sm4-gcm') return sm4gcm(key, nonce, aad);
  return alg === 'aes-256-gcm-siv' ? gcmsiv(key, nonce, aad) : xchacha20poly1305(key, nonce, aad);
}

function label(s: unknown, name: string): string {
  if (typeof s !== 'string' || s.length === 0 || s.includes('\u0000'))
    throw new CustodiaError('INVALID_ARGUMENT', `"${name}" expected a non-empty string without NUL`, { field: name });
  return s;
}

/**
 * Pseudonymization, format-preserving tokens and field encryption for one purpose, with keys
 * from a {@link KeyRing} (T/CCAGM 002-2021 5.1: de-identify right after collection and keep the
 * re-identifying key apart; policy art. 9.1: encrypted storage). Values are normalized first
 * so one person gets one token whatever the input form.
 *
 * @example
 * ```ts
 * const t = createTokenizer({ keyring, purpose: 'crm', fields: { phone: { normalize: 'mobile' } } });
 * t.pseudonym('phone', '+86 138-1234-5678') === t.pseudonym('phone', '13812345678');
 * const fake = t.formatPreserving('phone', '13812345678', { format: 'cn_mobile' }); // 138xxxxxxxx
 * const env = t.seal('id_card', '11010519491231002X', { aad: 'customer:42' });
 * t.open('id_card', env, { aad: 'customer:42' });
 * ```
 */
export function createTokenizer(opts: TokenizerOptions): Tokenizer {
  needObject(opts, 'opts');
  const ring = opts.keyring;
  if (!ring || typeof ring._subkey !== 'function') throw new CustodiaError('INVALID_ARGUMENT', 'createTokenizer needs { keyring }', { field: 'keyring' });
  const purpose = label(opts.purpose ?? 'default', 'purpose');
  const fields = opts.fields ?? {};
  needObject(fields, 'fields');
  const alg: HashAlg = opts.hash ?? 'sha256';
  if (alg !== 'sha256' && alg !== 'sm3') throw new CustodiaError('INVALID_ARGUMENT', '"hash" expected sha256 or sm3', { field: 'hash' });
  const pbytes = opts.pseudonymBytes ?? 16;
  if (!Number.isSafeInteger(pbytes) || pbytes < 16 || pbytes > 32)
    throw new CustodiaError('INVALID_ARGUMENT', '"pseudonymBytes" expected 16 to 32 (at least 128 bits)', { field: 'pseudonymBytes' });
  const sealDefault = opts.seal ?? 'xchacha20poly1305';
  const ff1s = new Map<string, FF1Cipher>();

  const cfg = (field: string): FieldConfig => (Object.prototype.hasOwnProperty.call(fields, label(field, 'field')) ? fields[field]! : {});
  const domain = (field: string) => label(cfg(field).domain ?? field, 'domain');
  const norm = (field: string) => {
    const n = cfg(field).normalize;
    return (v: string): string => {
      if (typeof v !== 'string') throw new CustodiaError('INVALID_ARGUMENT', 'the value expected a string (error.field names the field)', { field });
      if (n === undefined) return v;
      return typeof n === 'function' ? n(v) : normalizeAs(n, v, field);
    };
  };
  const mac = (kid: string, field: string) => ring._subkey(kid, ['pseudonym', alg, purpose, domain(field)]);
  const fmt = (kid: string, b: Uint8Array) => `${kid}.${toBase64(b.subarray(0, pbytes), true)}`;

  const pseudonym = (field: string, value: string): string => {
    const kid = ring.primary().id;
    return fmt(kid, hmac(alg, mac(kid, field), norm(field)(value)));
  };

  const fpeGet = (kid: string, field: string) => (tweak: string, alphabet: string): FF1Cipher => {
    // _subkey first on every call: it throws KEY_DESTROYED once the key is gone, cache or not.
    const key = ring._subkey(kid, ['fpe', purpose, domain(field)]);
    const cacheKey = `${kid}\u0000${domain(field)}\u0000${tweak}\u0000${alphabet}`;
    let f = ff1s.get(cacheKey);
    if (!f) ff1s.set(cacheKey, (f = ff1(key, { alphabet, tweak })));
    return f;
  };
  const fpeOpts = (field: string, o: Partial<FpeOptions> | undefined): FpeOptions => {
    label(field, 'field');
    optObject(o, 'opts');
    const merged = readingCaller('opts', () => ({ ...cfg(field).fpe, ...o }));
    if (merged.format === undefined)
      throw new CustodiaError('INVALID_ARGUMENT', 'no format for this field: pass { format } or configure fields.<field>.fpe (error.field names the field)', { field });
    return merged as FpeOptions;
  };

  const header = (field: string, kid: string, a: SealAlg, aad: Uint8Array | string | undefined) => {
    const h = utf8Encode(`custodia.seal/1\u0000${purpose}\u0000${field}\u0000${kid}\u0000${ALG_CODE[a]}\u0000`);
    const extra = aad === undefined ? new Uint8Array(0) : toBytes(aad, 'aad');
    const out = new Uint8Array(h.length + extra.length);
    out.set(h);
    out.set(extra, h.length);
    return out;
  };
  const sealKey = (kid: string, field: string, a: SealAlg) => ring._subkey(kid, ['seal', a, purpose, domain(field)], a === 'sm4-gcm' ? 16 : 32);

  const openBytes = (field: string, sealed: string, o: { aad?: Uint8Array | string } = {}): Uint8Array => {
    label(field, 'field');
    optObject(o, 'opts');
    const parts = typeof sealed === 'string' ? sealed.split('.') : [];
    const a = CODE_ALG[parts[1] ?? ''];
    if (parts.length !== 4 || parts[0] !== 'cs1' || !a) throw new CustodiaError('INVALID_TOKEN', 'sealed is not a custodia envelope (cs1)', { field });
    const kid = parts[2]!;
    const key = sealKey(kid, label(field, 'field'), a);
    try {
      const raw = fromBase64(parts[3]!);
      const n = NONCE[a];
      if (raw.length < n + 16) throw new Error('short');
      return aead(a, key, raw.subarray(0, n), header(field, kid, a, o.aad)).decrypt(raw.subarray(n));
    } catch (e) {
      if (e instanceof CustodiaError && e.code !== 'DECRYPT_FAILED' && e.code !== 'INVALID_ARGUMENT') throw e;
      throw new CustodiaError('DECRYPT_FAILED', 'the envelope does not open: wrong field or AAD, or it was modified', { field });
    }
  };

  return {
    pseudonym,
    pseudonyms(field, values) {
      if (!Array.isArray(values)) throw new CustodiaError('INVALID_ARGUMENT', '"values" expected an array', { field: 'values' });
      const kid = ring.primary().id;
      const n = norm(field);
      const macs = hmacBatch(alg, mac(kid, field), values.map(n));
      return batchTokens(`${kid}.`, macs, values.length, pbytes);
    },
    verifyPseudonym(field, value, token) {
      const dot = typeof token === 'string' ? token.indexOf('.') : -1;
      if (dot < 1) return false;
      const kid = token.slice(0, dot);
      return equalStrings(fmt(kid, hmac(alg, mac(kid, field), norm(field)(value))), token);
    },
    formatPreserving(field, value, o) {
      const fo = fpeOpts(field, o);
      const kid = fo.keyId ?? ring.primary().id;
      if (ring.info(kid).status !== 'active') throw new CustodiaError('KEY_RETIRED', `the key is ${ring.info(kid).status}: it makes no new tokens`, { field: 'keyId' });
      return _fpe(fpeGet(kid, field), field, value, fo, false, norm(field));
    },
    reveal(field, token, o) {
      const fo = fpeOpts(field, o);
      // An FF1 token has no room for a key id, and any key turns it into some valid-looking value:
      // once the ring holds a second key, guessing the primary could return a wrong value silently.
      if (fo.keyId === undefined && ring.list().length > 1)
        throw new CustodiaError('KEY_ID_REQUIRED', `reveal: the key ring holds ${ring.list().length} keys and a format-preserving token does not name its key: pass { keyId }`, { field: 'keyId' });
      return _fpe(fpeGet(fo.keyId ?? ring.primary().id, field), field, token, fo, true, norm(field));
    },
    seal(field, value, o = {}) {
      label(field, 'field');
      optObject(o, 'opts');
      const a = o.alg ?? sealDefault;
      if (!(a in ALG_CODE)) throw new CustodiaError('INVALID_ARGUMENT', '"alg" expected xchacha20poly1305, aes-256-gcm-siv or sm4-gcm', { field: 'alg' });
      const kid = ring.primary().id;
      const pt = toBytes(value, 'value');
      const nonce = randomBytes(NONCE[a]);
      const ct = aead(a, sealKey(kid, label(field, 'field'), a), nonce, header(field, kid, a, o.aad)).encrypt(pt);
      const raw = new Uint8Array(nonce.length + ct.length);
      raw.set(nonce);
      raw.set(ct, nonce.length);
      return `cs1.${ALG_CODE[a]}.${kid}.${toBase64(raw, true)}`;
    },
    open: (field, sealed, o) => utf8Decode(openBytes(field, sealed, o)),
    openBytes,
  };
}

const B64URL = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

/**
 * `prefix` + base64url of the first `take` bytes of each 32-byte MAC, as toBase64 writes them. The
 * batch is written as ASCII bytes, turned into one string and sliced: one string per token, not a
 * chain of small concatenations (the CLI makes millions).
 */
function batchTokens(prefix: string, macs: Uint8Array, n: number, take: number): string[] {
  let ascii = true;
  for (let i = 0; i < prefix.length; i++) if (prefix.charCodeAt(i) > 127) ascii = false;
  const head = ascii ? prefix.length : 0;
  const len = head + Math.ceil((take * 4) / 3);
  const codes = new Uint8Array(n * len);
  let w = 0;
  for (let t = 0; t < n; t++) {
    for (let i = 0; i < head; i++) codes[w++] = prefix.charCodeAt(i);
    const b = 32 * t;
    let i = 0;
    for (; i + 2 < take; i += 3) {
      const x = (macs[b + i]! << 16) | (macs[b + i + 1]! << 8) | macs[b + i + 2]!;
      codes[w++] = B64URL.charCodeAt(x >> 18);
      codes[w++] = B64URL.charCodeAt((x >> 12) & 63);
      codes[w++] = B64URL.charCodeAt((x >> 6) & 63);
      codes[w++] = B64URL.charCodeAt(x & 63);
    }
    const rest = take - i;
    if (rest > 0) {
      const x = (macs[b + i]! << 16) | (rest === 2 ? macs[b + i + 1]! << 8 : 0);
      codes[w++] = B64URL.charCodeAt(x >> 18);
      codes[w++] = B64URL.charCodeAt((x >> 12) & 63);
      if (rest === 2) codes[w++] = B64URL.charCodeAt((x >> 6) & 63);
    }
  }
  const text = asciiText(codes);
  const out = new Array<string>(n);
  for (let k = 0; k < n; k++) {
    const token = text.slice(k * len, k * len + len);
    out[k] = ascii ? token : prefix + token;
  }
  return out;
}

/** ASCII bytes as a string: the runtime's TextDecoder when it has one, else a few thousand codes at a time. */
function asciiText(codes: Uint8Array): string {
  const Decoder = (globalThis as { TextDecoder?: typeof TextDecoder }).TextDecoder;
  if (Decoder) return new Decoder().decode(codes);
  let s = '';
  for (let at = 0; at < codes.length; at += 8192) s += String.fromCharCode.apply(null, codes.subarray(at, at + 8192) as unknown as number[]);
  return s;
}
