// Writes the four compression functions as straight-line AssemblyScript (wasm/build/unrolled.ts,
// imported by wasm/assembly). Unrolled code keeps the schedule in 16 rolling locals and the round
// constants as immediates, which V8 turns into ~2x faster code than the looped form; generating it
// keeps the sources to one readable template per round. Called by build.mjs.

// FIPS 180-4 §4.2.2 (same table as K256 in assembly/sha256.ts).
const K = [
  0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5, 0xd807aa98, 0x12835b01, 0x243185be,
  0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174, 0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa,
  0x5cb0a9dc, 0x76f988da, 0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967, 0x27b70a85,
  0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85, 0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3,
  0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070, 0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f,
  0x682e6ff3, 0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
];
const hex = (x) => `0x${(x >>> 0).toString(16).padStart(8, '0')}`;
const rotl = (x, n) => (n % 32 === 0 ? x : ((x << n % 32) | (x >>> (32 - (n % 32)))) >>> 0);
// GB/T 32905-2016 §4.2 T_j, rotated left by j mod 32 as §5.3.3 uses it.
const T = (j) => rotl(j < 16 ? 0x79cc4519 : 0x7a879d8a, j);
// Round r's view of the working variables: renamed instead of shifted.
const view = (names, r) => [...names].map((_, i) => names[(((i - r) % names.length) + names.length) % names.length]);

function fn(name, simd, feedback, body) {
  const t = simd ? 'v128' : 'u32';
  const load = simd ? (p, o) => `v128.load(${p}, ${o})` : (p, o) => `load<u32>(${p}, ${o})`;
  const L = [`export function ${name}(st: usize, blk: usize): void {`];
  for (let j = 0; j < 16; j++) L.push(`  let w${j}: ${t} = ${simd ? load('blk', 16 * j) : `bswap<u32>(${load('blk', 4 * j)})`};`);
  const step = simd ? 16 : 4;
  L.push(`  let a = ${load('st', 0)}, b = ${load('st', step)}, c = ${load('st', 2 * step)}, d = ${load('st', 3 * step)};`);
  L.push(`  let e = ${load('st', 4 * step)}, f = ${load('st', 5 * step)}, g = ${load('st', 6 * step)}, h = ${load('st', 7 * step)};`);
  L.push(...body());
  [...'abcdefgh'].forEach((n, i) => L.push(`  ${simd ? 'v128.store' : 'store<u32>'}(st, ${feedback(load('st', i * step), n)}, ${i * step});`));
  L.push('}');
  return L.join('\n');
}

// FIPS 180-4 §6.2.2: h += Σ1(e) + Ch(e,f,g) + K_j + W_j; d += h; h += Σ0(a) + Maj(a,b,c).
function sha256(simd) {
  const add = simd ? (...x) => x.reduce((s, y) => `i32x4.add(${s}, ${y})`) : (...x) => x.join(' + ');
  const k = simd ? (j) => `i32x4.splat(${hex(K[j])})` : (j) => hex(K[j]);
  const v = simd ? 'x4' : '';
  return fn(simd ? 'sha256Compress4' : 'sha256Compress', simd, simd ? (o, n) => `i32x4.add(${o}, ${n})` : (o, n) => `${o} + ${n}`, () => {
    const L = [];
    for (let j = 0; j < 64; j++) {
      const [a, b, c, d, e, f, g, h] = view('abcdefgh', j % 8);
      const w = `w${j % 16}`;
      if (j >= 16) L.push(`  ${w} = ${add(w, `sig1${v}(w${(j - 2) % 16})`, `w${(j - 7) % 16}`, `sig0${v}(w${(j - 15) % 16})`)};`);
      L.push(`  ${h} = ${add(h, `S1${v}(${e})`, `ch${v}(${e}, ${f}, ${g})`, k(j), w)};`);
      L.push(`  ${d} = ${add(d, h)};`);
      L.push(`  ${h} = ${add(h, `S0${v}(${a})`, `maj${v}(${a}, ${b}, ${c})`)};`);
    }
    return L;
  });
}

// GB/T 32905-2016 §5.3.2-5.3.3: W[j+4] is expanded in round j over W[j-12] (no longer needed);
// TT1 lands in D, P0(TT2) in H, and the next round reads (D, A, B, C, H, E, F, G).
function sm3(simd) {
  const add = simd ? (...x) => x.reduce((s, y) => `i32x4.add(${s}, ${y})`) : (...x) => x.join(' + ');
  const xor = simd ? (x, y) => `v128.xor(${x}, ${y})` : (x, y) => `(${x} ^ ${y})`;
  const rot = simd ? (x, n) => `rotl4(${x}, ${n})` : (x, n) => `rotl<u32>(${x}, ${n})`;
  const k = simd ? (j) => `i32x4.splat(${hex(T(j))})` : (j) => hex(T(j));
  const v = simd ? 'x4' : '';
  return fn(simd ? 'sm3Compress4' : 'sm3Compress', simd, simd ? (o, n) => `v128.xor(${o}, ${n})` : (o, n) => `${o} ^ ${n}`, () => {
    const t = simd ? 'v128' : 'u32';
    const L = [`  let a12: ${t}, ss1: ${t};`];
    for (let j = 0; j < 64; j++) {
      const [a, b, c, d] = view('abcd', j % 4);
      const [e, f, g, h] = view('efgh', j % 4);
      const n = j + 4;
      if (n >= 16)
        L.push(`  w${n % 16} = expand${v}(w${(n - 16) % 16}, w${(n - 9) % 16}, w${(n - 3) % 16}, w${(n - 13) % 16}, w${(n - 6) % 16});`);
      const ff = j < 16 ? `xor3${v}(${a}, ${b}, ${c})` : `maj${v}(${a}, ${b}, ${c})`;
      const gg = j < 16 ? `xor3${v}(${e}, ${f}, ${g})` : `ch${v}(${e}, ${f}, ${g})`;
      L.push(`  a12 = ${rot(a, 12)};`);
      L.push(`  ss1 = ${rot(add('a12', e, k(j)), 7)};`);
      L.push(`  ${d} = ${add(ff, d, xor('ss1', 'a12'), xor(`w${j % 16}`, `w${n % 16}`))};`);
      L.push(`  ${h} = p0${v}(${add(gg, h, 'ss1', `w${j % 16}`)});`);
      L.push(`  ${b} = ${rot(b, 9)};`);
      L.push(`  ${f} = ${rot(f, 19)};`);
    }
    return L;
  });
}

/** The generated module's source. */
export function unrolledSource() {
  return [
    '// Generated by wasm/unroll.mjs (called from wasm/build.mjs); do not edit.',
    "import { S0, S0x4, S1, S1x4, ch, chx4, maj, majx4, sig0, sig0x4, sig1, sig1x4 } from '../assembly/sha256';",
    "import { expand, expandx4, p0, p0x4, rotl4, xor3, xor3x4 } from '../assembly/sm3';",
    '',
    sha256(false),
    '',
    sha256(true),
    '',
    sm3(false),
    '',
    sm3(true),
    '',
  ].join('\n');
}
