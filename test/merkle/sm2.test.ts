// SM2 signatures with SM3 against the standards' own worked examples, as OpenSSL's test suite
// carries them (openssl/openssl test/sm2_internal_test.c, sm2_sig_test, commit
// 0223dfcf1e4d4d6f0a9a671ce570c6a1c057fe93):
// - the example curve Fp-256 of GB/T 32918.2-2016 Annex A / draft-shen-sm2-ecdsa-02, ID
//   ALICE123@YAHOO.COM, message "message digest", private key, nonce k and expected r, s;
// - the recommended curve, GM/T 0003.5-2012 / GB/T 32918.5 Annex A, default ID 1234567812345678.
// The openssl command line (3.x) is the peer for random keys and messages, where present.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { toHex } from '../../src/bytes/index.js';
import { SM2_DEFAULT_ID, SM2_P256, _sm2Curve, _sm2PublicKey, _sm2RandomScalar, _sm2Sign, _sm2Verify } from '../../src/merkle/_sm2.js';

const EXAMPLE_CURVE = {
  p: '8542D69E4C044F18E8B92435BF6FF7DE457283915C45517D722EDB8B08F1DFC3',
  a: '787968B4FA32C3FD2417842E73BBFEFF2F3C848B6831D7E0EC65228B3937E498',
  b: '63E4C6D3B23B0C849CF84241484BFE48F61D59A5B16BA06E6E12D1DA27C5249A',
  Gx: '421DEBD61B62EAB6746434EBC3CC315E32220B3BADD50BDC4C4E6C147FEDD43D',
  Gy: '0680512BCBB42C07D47349D2153B70C4E5D7FDFCBFA36EA1A85841B9E46E09A2',
  n: '8542D69E4C044F18E8B92435BF6FF7DD297720630485628D5AE74EE7C32E79B7',
};
const msg = new TextEncoder().encode('message digest');
const big = (h: string) => BigInt('0x' + h);
const OPENSSL_SM2 = spawnSync('openssl', ['genpkey', '-algorithm', 'SM2'], { encoding: 'utf8' }).stdout?.includes('PRIVATE KEY') ?? false;

describe('S5.5: SM2 with SM3 (GB/T 32918.2) reproduces the standards\' examples', () => {
  it('S5.5: example curve, ID ALICE123@YAHOO.COM: r and s as published, and the signature verifies', () => {
    const c = _sm2Curve(EXAMPLE_CURVE);
    const d = big('128B2FA8BD433C6C068C8D803DFF79792A519A55171B1B650C23661D15897263');
    const sig = _sm2Sign(c, d, msg, 'ALICE123@YAHOO.COM', () => big('6CB28D99385C175C94F94E934817663FC176D925DD72B727260DBAAE1FB2F96F'));
    expect(toHex(sig).toUpperCase()).toBe('40F1EC59F793D9F49E09DCEF49130D4194F79FB1EED2CAA55BACDB49C4E755D1' + '6FC6DAC32C5D5CF10C77DFB20F7C2EB667A457872FB09EC56327A67EC7DEEBE7');
    const pub = _sm2PublicKey(c, d);
    expect(_sm2Verify(c, pub, msg, 'ALICE123@YAHOO.COM', sig)).toBe(true);
    expect(_sm2Verify(c, pub, msg, 'ALICE123@YAHOO.CON', sig)).toBe(false);
    expect(_sm2Verify(c, pub, new TextEncoder().encode('message digesT'), 'ALICE123@YAHOO.COM', sig)).toBe(false);
  });

  it('S5.5: recommended curve, default ID: r and s of GM/T 0003.5 Annex A', () => {
    const c = _sm2Curve(SM2_P256);
    const d = big('3945208F7B2144B13F36E38AC6D39F95889393692860B51A42FB81EF4DF7C5B8');
    const sig = _sm2Sign(c, d, msg, SM2_DEFAULT_ID, () => big('59276E27D506861A16680F3AD9C02DCCEF3CC1FA3CDBE4CE6D54B80DEAC1BC21'));
    expect(toHex(sig).toUpperCase()).toBe('F5A03B0648D2C4630EEAC513E1BB81A15944DA3827D5B74143AC7EACEEE720B3' + 'B1B6AA29DF212FD8763182BC0D421CA1BB9038FD1F7F42D4840B69C485BBC1AA');
    expect(_sm2Verify(c, _sm2PublicKey(c, d), msg, SM2_DEFAULT_ID, sig)).toBe(true);
  });

  it('S5.5: random keys and messages: every signature verifies, a flipped bit or another ID fails', () => {
    const c = _sm2Curve(SM2_P256);
    fc.assert(fc.property(fc.uint8Array({ minLength: 0, maxLength: 300 }), fc.nat(511), (m, bit) => {
      const d = _sm2RandomScalar(c, c.n - BigInt(1));
      const pub = _sm2PublicKey(c, d);
      const sig = _sm2Sign(c, d, m, SM2_DEFAULT_ID);
      expect(_sm2Verify(c, pub, m, SM2_DEFAULT_ID, sig)).toBe(true);
      const bad = sig.slice();
      bad[bit >> 3]! ^= 1 << (bit & 7);
      expect(_sm2Verify(c, pub, m, SM2_DEFAULT_ID, bad)).toBe(false);
      expect(_sm2Verify(c, pub, m, 'ALICE123@YAHOO.COM', sig)).toBe(false);
    }), { seed: 20261203, numRuns: 20 });
  });

  // Node's crypto treats an SM2 key as plain ECDSA; the openssl command line (3.x, key type SM2)
  // runs the real scheme, so it is the peer here.
  it.skipIf(!OPENSSL_SM2)('S5.5: agrees with the openssl command line both ways (SM2 key, SM3, default ID)', () => {
    const c = _sm2Curve(SM2_P256);
    const dir = mkdtempSync(join(tmpdir(), 'custodia-sm2-'));
    try {
      for (let i = 0; i < 4; i++) {
        const key = join(dir, 'k.pem');
        const msgFile = join(dir, 'm');
        const sigFile = join(dir, 's');
        run(['genpkey', '-algorithm', 'SM2', '-out', key]);
        const m = new TextEncoder().encode(`consent checkpoint ${i}\n`.repeat(i + 1));
        writeFileSync(msgFile, m);
        // PKCS#8 DER: the ECPrivateKey inside holds 02 01 01 04 20 <d, 32 bytes>; the SPKI ends in 04 ‖ x ‖ y.
        const pkcs8 = runOut(['pkey', '-in', key, '-outform', 'DER']);
        const at = pkcs8.indexOf(Buffer.from([2, 1, 1, 4, 32]));
        expect(at).toBeGreaterThan(0);
        const d = BigInt('0x' + pkcs8.subarray(at + 5, at + 37).toString('hex'));
        const pub = _sm2PublicKey(c, d);
        expect(toHex(pub.toBytes(false))).toBe(toHex(runOut(['pkey', '-in', key, '-pubout', '-outform', 'DER']).subarray(-65)));
        run(['pkeyutl', '-sign', '-rawin', '-digest', 'sm3', '-pkeyopt', `distid:${SM2_DEFAULT_ID}`, '-inkey', key, '-in', msgFile, '-out', sigFile]);
        const theirs = fromDer(readFileSync(sigFile));
        expect(_sm2Verify(c, pub, m, SM2_DEFAULT_ID, theirs)).toBe(true);
        writeFileSync(sigFile, toDer(_sm2Sign(c, d, m, SM2_DEFAULT_ID)));
        const ok = spawnSync('openssl', ['pkeyutl', '-verify', '-rawin', '-digest', 'sm3', '-pkeyopt', `distid:${SM2_DEFAULT_ID}`, '-inkey', key, '-in', msgFile, '-sigfile', sigFile], { encoding: 'utf8' });
        expect(ok.stdout).toContain('Signature Verified Successfully');
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

function run(args: string[]): void {
  runOut(args);
}
function runOut(args: string[]): Buffer {
  const r = spawnSync('openssl', args);
  if (r.status !== 0) throw new Error(`openssl ${args[0]} failed: ${r.stderr.toString()}`);
  return r.stdout;
}

function derInt(b: Uint8Array): number[] {
  let i = 0;
  while (i < b.length - 1 && b[i] === 0) i++;
  const v = [...b.subarray(i)];
  if (v[0]! & 0x80) v.unshift(0);
  return [2, v.length, ...v];
}
function toDer(sig: Uint8Array): Uint8Array {
  const body = [...derInt(sig.subarray(0, 32)), ...derInt(sig.subarray(32))];
  return new Uint8Array([0x30, body.length, ...body]);
}
function fromDer(der: Uint8Array): Uint8Array {
  const out = new Uint8Array(64);
  let at = 2;
  for (const half of [0, 1]) {
    const len = der[at + 1]!;
    const v = der.subarray(at + 2, at + 2 + len);
    const t = v.length > 32 ? v.subarray(v.length - 32) : v;
    out.set(t, half * 32 + 32 - t.length);
    at += 2 + len;
  }
  return out;
}
