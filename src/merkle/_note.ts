// Signed notes (C2SP signed-note, the format of Go's golang.org/x/mod/sumdb/note): a text ending
// in a newline, a blank line, then lines `— <key name> <base64(key ID ‖ signature)>`. Keys are
// written as Go writes them: `<name>+<key ID hex>+<base64(type ‖ public key)>` and
// `PRIVATE+KEY+<name>+<key ID hex>+<base64(type ‖ private key)>`. Ed25519 is type 0x01; SM2 with
// SM3 has no assigned byte, so it is 0xff followed by the identifier `custodia/sm2-sm3`.
import { ed25519 } from '@noble/curves/ed25519.js';
import { bytesToNumberBE, numberToBytesBE } from '@noble/curves/utils.js';
import { concatBytes, fromBase64, toBase64, utf8Encode, equalBytes } from '../bytes/index.js';
import { CustodiaError } from '../errors/index.js';
import { needArray, needString } from '../errors/_args.js';
import { sha256 } from '../hash/index.js';
import { randomBytes } from '../runtime/index.js';
import { _hasControl } from './_text.js';
import { SM2_DEFAULT_ID, _sm2Curve, _sm2PointFromBytes, _sm2PublicKey, _sm2RandomScalar, _sm2Sign, _sm2Verify } from './_sm2.js';

/**
 * Signature algorithms of note keys: Ed25519 (RFC 8032), or SM2 with SM3 (GB/T 32918.2) for 国密.
 * @example
 * ```ts
 * const alg: NoteKeyAlg = 'sm2';
 * const { signerKey } = generateNoteKey('consent.example.com/log', alg);
 * ```
 */
export type NoteKeyAlg = 'ed25519' | 'sm2';

const ED25519 = /* @__PURE__ */ new Uint8Array([0x01]);
const SM2_ID = 'custodia/sm2-sm3';
const sm2Type = (): Uint8Array => new Uint8Array([0xff, ...Array.from(SM2_ID, (c) => c.charCodeAt(0))]);
const MAX_SIGNATURES = 100; // as Go's note.Open
const invalid = (what: string, field = 'note'): CustodiaError => new CustodiaError('CHECKPOINT_INVALID', what, { field });

interface ParsedKey { name: string; id: number; alg: NoteKeyAlg; key: Uint8Array }

function validName(name: string): boolean {
  return name.length > 0 && !/[\s+]/u.test(name) && !_hasControl(name);
}


/** key ID = SHA-256(name ‖ 0x0A ‖ type ‖ public key)[:4], big-endian. */
function keyId(name: string, typedPub: Uint8Array): number {
  const h = sha256(concatBytes(utf8Encode(name), new Uint8Array([0x0a]), typedPub));
  return ((h[0]! << 24) | (h[1]! << 16) | (h[2]! << 8) | h[3]!) >>> 0;
}
const hex8 = (n: number): string => n.toString(16).padStart(8, '0');

function splitType(b: Uint8Array): { alg: NoteKeyAlg; key: Uint8Array } | undefined {
  if (b.length === 33 && b[0] === 0x01) return { alg: 'ed25519', key: b.subarray(1) };
  const sm2 = sm2Type();
  if (b.length > sm2.length && equalBytes(b.subarray(0, sm2.length), sm2)) return { alg: 'sm2', key: b.subarray(sm2.length) };
  return undefined;
}
const typed = (alg: NoteKeyAlg, key: Uint8Array): Uint8Array => concatBytes(alg === 'ed25519' ? ED25519 : sm2Type(), key);

function publicOf(alg: NoteKeyAlg, priv: Uint8Array): Uint8Array {
  if (alg === 'ed25519') return ed25519.getPublicKey(priv);
  const c = _sm2Curve();
  return _sm2PublicKey(c, bytesToNumberBE(priv)).toBytes(false);
}

/** `<name>+<id>+<base64>` (verifier) or `PRIVATE+KEY+<name>+<id>+<base64>` (signer), checked. */
export function _parseKey(text: unknown, kind: 'signer' | 'verifier', field: string): ParsedKey {
  needString(text, field);
  const bad = (): CustodiaError => new CustodiaError('INVALID_KEY', `${field} is not a ${kind} key (${kind === 'signer' ? 'PRIVATE+KEY+' : ''}<name>+<key id>+<base64>)`, { field });
  const body = kind === 'signer' ? (text.startsWith('PRIVATE+KEY+') ? text.slice(12) : '') : text;
  // name and key ID end at the first two '+'; the base64 after them may hold more.
  const m = /^([^+]*)\+([^+]*)\+(.*)$/s.exec(body);
  const rest = m ? [m[1]!, m[2]!, m[3]!] : [];
  if (rest.length !== 3 || !validName(rest[0]!) || !/^[0-9a-f]{8}$/.test(rest[1]!)) throw bad();
  let raw: Uint8Array;
  try { raw = fromBase64(rest[2]!); } catch { throw bad(); }
  if (toBase64(raw) !== rest[2]) throw bad();
  const t = splitType(raw);
  if (!t) throw bad();
  const name = rest[0]!;
  let pub: Uint8Array;
  if (kind === 'signer') {
    if (t.key.length !== 32) throw bad();
    if (t.alg === 'sm2') { const d = bytesToNumberBE(t.key); if (d < BigInt(1) || d >= _sm2Curve().n - BigInt(1)) throw bad(); }
    pub = publicOf(t.alg, t.key);
  } else {
    if (t.alg === 'sm2' && !_sm2PointFromBytes(_sm2Curve(), t.key)) throw bad();
    if (t.alg === 'ed25519' && t.key.length !== 32) throw bad();
    pub = t.key;
  }
  const id = keyId(name, typed(t.alg, pub));
  if (hex8(id) !== rest[1]) throw bad();
  return { name, id, alg: t.alg, key: t.key };
}

/**
 * A new note key pair: the signer key (keep it secret) and the verifier key (publish it).
 * Ed25519 keys are interchangeable with Go's sumdb/note keys.
 * @example
 * ```ts
 * import { generateNoteKey } from 'custodia/merkle';
 * const { signerKey, verifierKey } = generateNoteKey('consent.example.com/log', 'sm2');
 * ```
 */
export function generateNoteKey(name: string, alg: NoteKeyAlg = 'ed25519'): { signerKey: string; verifierKey: string } {
  needString(name, 'name');
  if (!validName(name)) throw new CustodiaError('INVALID_ARGUMENT', 'name must be non-empty without spaces, plus signs or control characters', { field: 'name' });
  if (alg !== 'ed25519' && alg !== 'sm2') throw new CustodiaError('INVALID_ARGUMENT', 'alg expected ed25519 or sm2', { field: 'alg' });
  const priv = alg === 'ed25519' ? randomBytes(32) : numberToBytesBE(_sm2RandomScalar(_sm2Curve(), _sm2Curve().n - BigInt(1)), 32);
  const pub = publicOf(alg, priv);
  const id = hex8(keyId(name, typed(alg, pub)));
  return { signerKey: `PRIVATE+KEY+${name}+${id}+${toBase64(typed(alg, priv))}`, verifierKey: `${name}+${id}+${toBase64(typed(alg, pub))}` };
}

function signBytes(k: ParsedKey, msg: Uint8Array): Uint8Array {
  if (k.alg === 'ed25519') return ed25519.sign(msg, k.key);
  return _sm2Sign(_sm2Curve(), bytesToNumberBE(k.key), msg, SM2_DEFAULT_ID);
}

function verifyBytes(k: ParsedKey, msg: Uint8Array, sig: Uint8Array): boolean {
  try {
    if (k.alg === 'ed25519') return sig.length === 64 && ed25519.verify(sig, msg, k.key, { zip215: false });
    return _sm2Verify(_sm2Curve(), _sm2PointFromBytes(_sm2Curve(), k.key)!, msg, SM2_DEFAULT_ID, sig);
  } catch {
    return false;
  }
}

function checkText(text: string, field: string): void {
  if (!text.endsWith('\n') || text.length < 2 || _hasControl(text) || /[\uD800-\uDFFF]/.test(text.replace(/[\uD800-\uDBFF][\uDC00-\uDFFF]/g, '')))
    throw invalid(`${field} must be UTF-8 text without control characters, ending in a newline`, field);
}

/**
 * Signs note `text` (ending in a newline) with every signer key: the text, a blank line and one
 * signature line per key.
 * @example
 * ```ts
 * import { signNote } from 'custodia/merkle';
 * const note = signNote('consent.example.com/log\n42\n' + rootBase64 + '\n', [signerKey]);
 * ```
 */
export function signNote(text: string, signerKeys: readonly string[]): string {
  needString(text, 'text');
  checkText(text, 'text');
  needArray(signerKeys, 'signerKeys');
  if (signerKeys.length === 0) throw new CustodiaError('INVALID_ARGUMENT', 'signerKeys expected at least one key', { field: 'signerKeys' });
  const keys = signerKeys.map((k, i) => _parseKey(k, 'signer', `signerKeys[${i}]`));
  const msg = utf8Encode(text);
  let out = `${text}\n`;
  for (const k of keys) {
    const id = new Uint8Array([k.id >>> 24, (k.id >>> 16) & 0xff, (k.id >>> 8) & 0xff, k.id & 0xff]);
    out += `\u2014 ${k.name} ${toBase64(concatBytes(id, signBytes(k, msg)))}\n`;
  }
  return out;
}

/**
 * A signature line of an opened note.
 * @example
 * ```ts
 * const s: NoteSignature = opened.signatures[0]; // { name: 'consent.example.com/log', keyId: 3343851683 }
 * ```
 */
export interface NoteSignature { name: string; keyId: number }

/**
 * An opened note: its text, the signatures a known key verified, and those of unknown keys.
 * @example
 * ```ts
 * const { text, signatures } = openNote(note, [verifierKey]);
 * ```
 */
export interface OpenedNote { text: string; signatures: NoteSignature[]; unverified: NoteSignature[] }

/**
 * Opens a signed note with the verifier keys you trust. Signatures of unknown keys are ignored;
 * a known key's bad signature, no verified signature at all, or a malformed note throws
 * `CHECKPOINT_INVALID`.
 * @example
 * ```ts
 * import { openNote } from 'custodia/merkle';
 * const { text } = openNote(published, ['consent.example.com/log+1b4c8ba3+AQ…']);
 * ```
 */
export function openNote(note: string, verifierKeys: readonly string[]): OpenedNote {
  needString(note, 'note');
  needArray(verifierKeys, 'verifierKeys');
  const keys = verifierKeys.map((k, i) => _parseKey(k, 'verifier', `verifierKeys[${i}]`));
  const split = note.lastIndexOf('\n\n');
  if (split < 0 || !note.endsWith('\n')) throw invalid('note has no blank line before its signatures');
  const text = note.slice(0, split + 1);
  checkText(text, 'note');
  const lines = note.slice(split + 2, -1).split('\n');
  if (lines.length > MAX_SIGNATURES) throw invalid('note has too many signatures');
  const signatures: NoteSignature[] = [];
  const unverified: NoteSignature[] = [];
  const msg = utf8Encode(text);
  for (const line of lines) {
    const m = /^\u2014 (\S+) ([A-Za-z0-9+/]+={0,2})$/.exec(line);
    if (!m || !validName(m[1]!)) throw invalid('note has a malformed signature line');
    let b: Uint8Array;
    try { b = fromBase64(m[2]!); } catch { throw invalid('note has a malformed signature line'); }
    if (b.length < 5 || toBase64(b) !== m[2]) throw invalid('note has a malformed signature line');
    const sig: NoteSignature = { name: m[1]!, keyId: ((b[0]! << 24) | (b[1]! << 16) | (b[2]! << 8) | b[3]!) >>> 0 };
    const known = keys.filter((k) => k.name === sig.name && k.id === sig.keyId);
    if (known.length > 1) throw invalid('two verifier keys share this name and key ID', 'verifierKeys');
    if (known.length === 0) { unverified.push(sig); continue; }
    if (!verifyBytes(known[0]!, msg, b.subarray(4))) throw invalid('a signature of a trusted key does not verify');
    if (!signatures.some((s) => s.name === sig.name && s.keyId === sig.keyId)) signatures.push(sig);
  }
  if (signatures.length === 0) throw invalid('note has no signature by a trusted key');
  return { text, signatures, unverified };
}
