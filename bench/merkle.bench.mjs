// custodia/merkle: the tree over a log of consent-sized entries, against a naive loop in the same
// run (node:crypto SHA-256 of 0x00‖entry per leaf, RFC 9162's recursive MTH for the root).
// Interleaved, best of ROUNDS (on a shared machine other processes only ever slow a round down).
// Imports the BUILT package (npm run bench builds it).
import { createHash } from 'node:crypto';
import { createMerkleLog, treeRoot, verifyInclusion, leafHash } from '../dist/merkle/index.js';
import { memoryStore } from '../dist/store/index.js';

const N = 20_000;
const ROUNDS = 5;
const entries = Array.from({ length: N }, (_, i) => JSON.stringify({
  v: 1, kind: 'consent', seq: i, prev: 'ab'.repeat(32), alg: 'sha256',
  data: { subject: `u_${i % 5000}`, event: i % 7 ? 'given' : 'withdrawn', purposes: ['marketing'], channel: 'mini-program', method: 'checkbox', at: new Date(1_720_000_000_000 + i * 1000).toISOString() },
  hash: 'cd'.repeat(32),
}));

const nodeSha = (b) => createHash('sha256').update(b).digest();
const naiveLeaf = (e) => nodeSha(Buffer.concat([Buffer.from([0]), Buffer.from(e)]));
function naiveMth(d) {
  if (d.length === 1) return d[0];
  let k = 1;
  while (k * 2 < d.length) k *= 2;
  return nodeSha(Buffer.concat([Buffer.from([1]), naiveMth(d.slice(0, k)), naiveMth(d.slice(k))]));
}
const time = async (f) => { const t = performance.now(); await f(); return performance.now() - t; };
const best = { append: Infinity, root: Infinity, naiveRoot: Infinity };
let log;
for (let r = 0; r < ROUNDS; r++) {
  log = createMerkleLog({ store: memoryStore(), log: 'consent' });
  best.append = Math.min(best.append, await time(() => log.appendMany(entries)));
  best.root = Math.min(best.root, await time(() => treeRoot('sha256', entries)));
  best.naiveRoot = Math.min(best.naiveRoot, await time(() => naiveMth(entries.map(naiveLeaf))));
}
const head = await log.treeHead();
const idx = Array.from({ length: 2000 }, (_, i) => (i * 7919) % N);
const leaves = idx.map((i) => leafHash('sha256', entries[i]));
let proveMs = Infinity;
let verifyMs = Infinity;
let proofs;
for (let r = 0; r < ROUNDS; r++) {
  proveMs = Math.min(proveMs, await time(async () => { proofs = []; for (const i of idx) proofs.push(await log.inclusionProof(i, N)); }));
  verifyMs = Math.min(verifyMs, await time(() => { for (let j = 0; j < idx.length; j++) if (!verifyInclusion('sha256', idx[j], N, leaves[j], proofs[j], head.root)) throw new Error('proof failed'); }));
}
const rate = (ms, n) => Math.round((n / ms) * 1000).toLocaleString('en');
console.log(`| ${N.toLocaleString('en')} entries of ~${Math.round(entries[0].length)} B, memory store | custodia | naive loop (node:crypto) | ratio |`);
console.log('|---|---:|---:|---:|');
console.log(`| appendMany (store log + tiles), entries/s | ${rate(best.append, N)} | — | — |`);
console.log(`| tree root from entries, entries/s | ${rate(best.root, N)} | ${rate(best.naiveRoot, N)} | ${(best.naiveRoot / best.root).toFixed(2)}× |`);
console.log(`| inclusionProof at size ${N.toLocaleString('en')}, µs each | ${((proveMs / idx.length) * 1000).toFixed(1)} | — | — |`);
console.log(`| verifyInclusion, µs each | ${((verifyMs / idx.length) * 1000).toFixed(1)} | — | — |`);
