// A forensic attacker against a vault's files: raw bytes only (no SQL, no store API), plus the
// live key ring. It tries every byte window of the right length as a wrapped subject key, a
// wrapped epoch key and a value ciphertext, with every AAD the vault could have used, as
// someone who read the vault's source would. What it recovers is what a forget failed to remove.
import { readFileSync, existsSync } from 'node:fs';
import { xchacha20poly1305 } from '@noble/ciphers/chacha.js';
import { fromBase64, toBase64, utf8Decode, utf8Encode } from '../../src/bytes/index.js';
import { hmac } from '../../src/hash/index.js';
import type { KeyRing } from '../../src/tokenize/index.js';

const B64 = /[A-Za-z0-9_-]{20,}/g;
const WRAPPED = 96; // base64url of nonce 24 + key 32 + tag 16

/** The bytes of every file of a SQLite database that exists: db, -wal, -shm. */
export function sqliteFiles(path: string): Buffer[] {
  return [path, `${path}-wal`, `${path}-shm`].filter(existsSync).map((p) => readFileSync(p));
}

/** Every base64url run in the bytes (as latin1, so any byte offset is tried). */
function runs(files: Buffer[]): string[] {
  return files.flatMap((b) => b.toString('latin1').match(B64) ?? []);
}
function windows(rs: string[], len: number): Set<string> {
  const out = new Set<string>();
  for (const r of rs) for (let i = 0; i + len <= r.length; i++) out.add(r.slice(i, i + len));
  return out;
}
function open(key: Uint8Array, aad: Uint8Array, b64: string): Uint8Array | undefined {
  try {
    const raw = fromBase64(b64);
    if (raw.length < 40) return undefined;
    return xchacha20poly1305(key, raw.subarray(0, 24), aad).decrypt(raw.subarray(24));
  } catch {
    return undefined;
  }
}

/**
 * The values of `subject` that `ring` recovers from `files` (vault files) and `epochFiles`
 * (the epoch store's files), for the default purpose and namespace. Fields tried: `fields`.
 */
export function recoverSubject(ring: KeyRing, subject: string, files: Buffer[], epochFiles: Buffer[], fields: string[]): string[] {
  const live = ring.list().filter((k) => k.status !== 'destroyed');
  const kek = (kid: string) => ring._subkey(kid, ['vault-kek', 'default']);
  const rs = runs(files);
  const er = runs(epochFiles);
  // Epoch keys: every 96-char window of the epoch files, unwrapped under every live ring key.
  const epochs: { id: string; key: Uint8Array }[] = [];
  for (const w of windows(er, WRAPPED))
    for (const k of live)
      for (let n = 1; n <= 20; n++) {
        const id = String(n).padStart(10, '0');
        const key = open(kek(k.id), utf8Encode(`custodia.vault.epoch\u0000${id}`), w);
        if (key) epochs.push({ id, key });
      }
  // Subject keys: every 96-char window of the vault files, under the ring (older layout) or an epoch.
  const deks: Uint8Array[] = [];
  for (const k of live) {
    const ref = toBase64(hmac('sha256', ring._subkey(k.id, ['vault-subject', 'default']), subject), true).slice(0, 32);
    for (const w of windows(rs, WRAPPED))
      for (let gen = 1; gen <= 3; gen++) {
        const legacy = open(kek(k.id), utf8Encode(`${ref}\u0000${gen}`), w);
        if (legacy) deks.push(legacy);
        for (const e of epochs) {
          const dek = open(e.key, utf8Encode(`${ref}\u0000${gen}\u0000${e.id}`), w);
          if (dek) deks.push(dek);
        }
      }
  }
  if (deks.length === 0) return [];
  // Values: every base64url run of a plausible ciphertext length (a value is one JSON string, so a
  // cut or overwritten one fails its tag anyway), with every token seen in the files as AAD.
  const tokens = [...new Set(files.flatMap((b) => b.toString('latin1').match(/vt_[A-Za-z0-9_-]{24}/g) ?? []))];
  const found = new Set<string>();
  for (const c of new Set(rs.filter((r) => r.length >= 54 && r.length <= 200)))
    for (const dek of deks)
      for (const t of tokens)
        for (const f of fields) {
          const v = open(dek, utf8Encode(`${t}\u0000${f}`), c);
          if (v) found.add(utf8Decode(v));
        }
  return [...found].sort();
}

/** Which of `needles` (base64url texts) occur in the files, as text or as the raw bytes they encode. */
export function occurrences(files: Buffer[], needles: string[]): string[] {
  return needles.filter((n) => files.some((b) => b.includes(Buffer.from(n, 'latin1')) || b.includes(Buffer.from(fromBase64(n)))));
}
