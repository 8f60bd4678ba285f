// custodia/cipher + custodia/tokenize against what users would otherwise pick: @noble/ciphers
// FF1 used directly, HMAC per value with node:crypto or @noble/hashes, and raw AEAD calls.
// Imports the BUILT package (npm run bench builds it). Prints markdown tables of ops/s and the
// ratio custodia / other. All rows of a table run in one process, one after the other, so
// ratios hold even on a loaded machine; absolute numbers do not.
import { createHmac, getRandomValues } from 'node:crypto';
import { FF1 } from '@noble/ciphers/ff1.js';
import { xchacha20poly1305 } from '@noble/ciphers/chacha.js';
import { hmac as nobleHmac } from '@noble/hashes/hmac.js';
import { sha256 as nobleSha256 } from '@noble/hashes/sha2.js';

const { ff1 } = await import('../dist/cipher/index.js');
const { KeyRing, createTokenizer } = await import('../dist/tokenize/index.js');
const { initWasm } = await import('../dist/hash/index.js');
await initWasm();

function rate(fn, ops = 1, minMs = 500) {
  // Warm up until the JIT settles, then measure.
  for (const t = performance.now(); performance.now() - t < 300; ) fn();
  let n = 0;
  const start = performance.now();
  for (;;) {
    fn();
    n++;
    const el = performance.now() - start;
    if (el >= minMs) return (n * ops * 1000) / el;
  }
}
const fmt = (x) => (x >= 100 ? Math.round(x).toLocaleString('en-US') : x.toFixed(2));
function table(title, rows, unit = 'ops/s') {
  const ours = rows[0][1];
  console.log(`\n### ${title}\n\n| implementation | ${unit} | first row ÷ this |\n|---|---:|---:|`);
  for (const [name, v] of rows) console.log(`| ${name} | ${fmt(v)} | ${(ours / v).toFixed(2)}× |`);
}

// Deterministic pseudo-phones (no Math.random: a counter through a multiplicative step).
const phones = (n) => Array.from({ length: n }, (_, i) => '1' + (3 + (i % 7)) + String((i * 7919 + 12345) % 1e9).padStart(9, '0'));
const key = new Uint8Array(32).fill(7);
const P = phones(2000);
let k = 0;

// --- FF1 on 11-digit phones
const ours = ff1(key, { alphabet: '0123456789', tweak: 'phone' });
const noble = FF1(10, key, new TextEncoder().encode('phone'));
const nobleEnc = (s) => noble.encrypt(Array.from(s, Number)).join('');
if (nobleEnc(P[0]) !== ours.encrypt(P[0])) throw new Error('FF1 results differ');
const ring = KeyRing.generate();
const tok = createTokenizer({ keyring: ring, fields: { phone: { normalize: 'mobile' } } });
const ffSingle = rate(() => ours.encrypt(P[k++ % P.length]));
const ffBatch = rate(() => ours.encryptMany(P), P.length);
const fpMobile = rate(() => tok.formatPreserving('phone', P[k++ % P.length], { format: 'cn_mobile' }));
const nobleRate = rate(() => nobleEnc(P[k++ % P.length]), 1, 1000);
table('FF1, 11-digit phone numbers (AES-256, radix 10)', [
  ['custodia ff1().encryptMany (batch of 2,000)', ffBatch],
  ['custodia ff1().encrypt (one call per phone)', ffSingle],
  ['custodia tokenizer.formatPreserving cn_mobile (normalize + 8-digit FF1)', fpMobile],
  ['@noble/ciphers FF1(10, key).encrypt (one call per phone)', nobleRate],
]);
console.log(`\nTarget ≥ 3× over @noble/ciphers FF1: batch ${(ffBatch / nobleRate).toFixed(1)}×, single ${(ffSingle / nobleRate).toFixed(1)}×.`);

// --- FF1 past 2^45 (24-digit account numbers): the 32-bit limb path, no BigInt (WeChat's ES5 compile)
const L24 = P.map((p, i) => (p + p).slice(0, 24).replace(/^./, String(i % 10)));
const nobleLong = (s) => noble.encrypt(Array.from(s, Number)).join('');
if (nobleLong(L24[0]) !== ours.encrypt(L24[0])) throw new Error('FF1 results differ on 24 digits');
const longOurs = rate(() => ours.encrypt(L24[k++ % L24.length]));
const longNoble = rate(() => nobleLong(L24[k++ % L24.length]), 1, 1000);
table('FF1, 24-digit values (AES-256, radix 10, limb arithmetic)', [
  ['custodia ff1().encrypt (32-bit limbs)', longOurs],
  ['@noble/ciphers FF1(10, key).encrypt (BigInt)', longNoble],
]);
console.log(`\nFF1 on 24 digits: ${(longOurs / longNoble).toFixed(1)}× @noble/ciphers.`);

// --- pseudonyms over 1,000,000 phones
const M = phones(1_000_000);
const time = (fn) => {
  const t = performance.now();
  fn();
  return performance.now() - t;
};
tok.pseudonyms('phone', M.slice(0, 1000));
const subkey = ring._subkey(ring.primary().id, ['pseudonym', 'sha256', 'default', 'phone']);
const msOurs = time(() => tok.pseudonyms('phone', M));
const rawTok = createTokenizer({ keyring: ring }); // no normalizer: the HMAC batch alone
const msRaw = time(() => rawTok.pseudonyms('phone', M));
const msNode = time(() => {
  for (const p of M) createHmac('sha256', subkey).update(p).digest().subarray(0, 16).toString('base64url');
});
const msNoble = time(() => {
  const enc = new TextEncoder();
  for (const p of M) Buffer.from(nobleHmac(nobleSha256, subkey, enc.encode(p)).subarray(0, 16)).toString('base64url');
});
console.log('\n### Pseudonyms of 1,000,000 phone numbers (HMAC-SHA256, 128-bit, base64url)\n');
console.log('| implementation | ms | phones/s | first row ÷ this (speed) |\n|---|---:|---:|---:|');
for (const [name, ms] of [
  ['custodia tokenizer.pseudonyms (normalize + hmacBatch), one call', msOurs],
  ['custodia tokenizer.pseudonyms without normalizer', msRaw],
  ['node:crypto createHmac per phone', msNode],
  ['@noble/hashes hmac per phone', msNoble],
])
  console.log(`| ${name} | ${fmt(ms)} | ${fmt(1e9 / ms)} | ${(ms / msOurs).toFixed(2)}× |`);

// --- seal / open
const v = '11010519491231002X';
const rows = [];
for (const alg of ['xchacha20poly1305', 'aes-256-gcm-siv', 'sm4-gcm']) {
  const env = tok.seal('id_card', v, { alg, aad: 'cust-42' });
  rows.push([`custodia seal ${alg}`, rate(() => tok.seal('id_card', v, { alg, aad: 'cust-42' }))]);
  rows.push([`custodia open ${alg}`, rate(() => tok.open('id_card', env, { aad: 'cust-42' }))]);
}
const kk = ring._subkey(ring.primary().id, ['seal', 'xchacha20poly1305', 'default', 'id_card']);
const pt = new TextEncoder().encode(v);
const aad = new TextEncoder().encode('custodia.seal/1 default id_card k0000000 x cust-42');
rows.push([
  '@noble/ciphers xchacha20poly1305 by hand (random nonce, same AAD size, no envelope string)',
  rate(() => xchacha20poly1305(kk, getRandomValues(new Uint8Array(24)), aad).encrypt(pt)),
]);
table('seal / open of an 18-character ID (envelope string with key id, field + AAD bound)', rows);
