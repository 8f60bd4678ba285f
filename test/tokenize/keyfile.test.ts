// Issue 16 item 5: key files that defend themselves. The KDF is spied on (both backends, WASM and
// pure JS), so "refused before any KDF ran" is read off the code path, not off a clock.
import { readFileSync } from 'node:fs';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { isCustodiaError } from '../../src/errors/index.js';
import { KeyRing, exportKeyRing, importKeyRing } from '../../src/tokenize/index.js';
import { rejects } from './_rejects.js';
import type * as HashWasm from 'hash-wasm';
import type * as NobleArgon2 from '@noble/hashes/argon2.js';

const kdfCalls = vi.hoisted(() => ({ n: 0 }));
vi.mock('hash-wasm', async (orig) => {
  const real = await orig<typeof HashWasm>();
  return { ...real, argon2id: (...a: Parameters<typeof real.argon2id>) => (kdfCalls.n++, real.argon2id(...a)) };
});
vi.mock('@noble/hashes/argon2.js', async (orig) => {
  const real = await orig<typeof NobleArgon2>();
  return { ...real, argon2idAsync: (...a: Parameters<typeof real.argon2idAsync>) => (kdfCalls.n++, real.argon2idAsync(...a)) };
});

const PASS = 'correct horse battery staple';
const cheap = { memoryCost: 256, timeCost: 1 };
type File = { format: string; ring?: string; generation?: number; wrap: { kdf?: { m: number; t: number; p: number } }; keys: { id: string }[] };
const edit = (json: string, f: (d: File) => void): string => {
  const d = JSON.parse(json) as File;
  f(d);
  return JSON.stringify(d);
};
const code = async (p: Promise<unknown>): Promise<string> => {
  const e = await rejects(p);
  expect(isCustodiaError(e), String(e)).toBe(true);
  return (e as { code: string }).code;
};

beforeEach(() => {
  kdfCalls.n = 0;
});

describe('key files that defend themselves', () => {
  it('the spy sees the KDF: an honest import runs it exactly once', async () => {
    const json = await exportKeyRing(KeyRing.generate(), { passphrase: PASS, argon2: cheap });
    kdfCalls.n = 0;
    await importKeyRing(json, { passphrase: PASS });
    expect(kdfCalls.n).toBe(1);
  });

  it('P4.4: a key file asking for t=2000 (or absurd memory or lanes) is refused with KEYFILE_KDF_LIMIT before any KDF runs', async () => {
    const json = await exportKeyRing(KeyRing.generate(), { passphrase: PASS, argon2: cheap });
    kdfCalls.n = 0;
    for (const cost of [{ t: 2000 }, { m: 2 ** 30 }, { p: 1000, m: 8000 }, { m: 2 ** 21, t: 3 }]) {
      const hostile = edit(json, (d) => Object.assign(d.wrap.kdf!, cost));
      expect(await code(importKeyRing(hostile, { passphrase: PASS }))).toBe('KEYFILE_KDF_LIMIT');
    }
    for (const cost of [{ t: -1 }, { t: 1.5 }, { m: '256' }, { p: 0 }, { m: 4, p: 1 }, { t: 1e300 }]) {
      const broken = edit(json, (d) => Object.assign(d.wrap.kdf!, cost));
      expect(await code(importKeyRing(broken, { passphrase: PASS }))).toBe('INVALID_ARGUMENT');
    }
    // An app may lower the bounds; the default file (m=19 MiB, t=2) is then refused too.
    const normal = await exportKeyRing(KeyRing.generate(), { passphrase: PASS });
    kdfCalls.n = 0;
    expect(await code(importKeyRing(normal, { passphrase: PASS }, { kdfLimits: { memoryCost: 1024 } }))).toBe('KEYFILE_KDF_LIMIT');
    expect(kdfCalls.n).toBe(0);
    // The exporter never writes a file the importer's default bounds would refuse.
    expect(await code(exportKeyRing(KeyRing.generate(), { passphrase: PASS, argon2: { timeCost: 2000 } }))).toBe('KEYFILE_KDF_LIMIT');
    expect(kdfCalls.n).toBe(0);
  });

  it('P4.4: a malformed header (salt, MAC, key entries, alg) is refused with VALIDATION_FAILED before any KDF runs', async () => {
    const json = await exportKeyRing(KeyRing.generate(), { passphrase: PASS, argon2: cheap });
    kdfCalls.n = 0;
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- each breaker edits a different part of the parsed file
    const breakers: ((d: Record<string, any>) => void)[] = [
      (d) => (d.wrap.kdf.salt = 'AA'),
      (d) => (d.wrap.kdf.alg = 'scrypt'),
      (d) => (d.wrap.alg = 'aes'),
      (d) => delete d.mac,
      (d) => (d.mac = 'QUFB'),
      (d) => (d.keys = []),
      (d) => d.keys.push(d.keys[0]),
      (d) => (d.keys[0].primary = false),
      (d) => (d.keys[0].status = 'paused'),
      (d) => delete d.keys[0].secret,
      (d) => (d.generation = -1),
      (d) => (d.ring = 'not hex'),
      (d) => (d.format = 'custodia.keyring/9'),
    ];
    for (const b of breakers) expect(await code(importKeyRing(edit(json, b as (d: File) => void), { passphrase: PASS }))).toBe('VALIDATION_FAILED');
    for (const bad of ['', 'null', '[]', '{"format":"custodia.keyring/2"}']) expect(await code(importKeyRing(bad, { passphrase: PASS }))).toBe('VALIDATION_FAILED');
    expect(kdfCalls.n).toBe(0);
  });

  it('S5.5: a copy from before a rotation is refused with minGeneration, before any KDF runs; editing its generation breaks the MAC', async () => {
    const ring = KeyRing.generate();
    const before = await exportKeyRing(ring, { passphrase: PASS, argon2: cheap });
    const g0 = ring.generation();
    ring.rotate();
    expect(ring.generation()).toBeGreaterThan(g0);
    const after = await exportKeyRing(ring, { passphrase: PASS, argon2: cheap });
    const pinned = ring.generation();
    kdfCalls.n = 0;
    expect(await code(importKeyRing(before, { passphrase: PASS }, { minGeneration: pinned }))).toBe('KEYFILE_ROLLBACK');
    expect(kdfCalls.n).toBe(0);
    const forged = edit(before, (d) => (d.generation = pinned));
    expect(await code(importKeyRing(forged, { passphrase: PASS }, { minGeneration: pinned }))).toBe('DECRYPT_FAILED');
    const back = await importKeyRing(after, { passphrase: PASS }, { minGeneration: pinned, expectFingerprint: ring.fingerprint() });
    expect(back.list()).toEqual(ring.list());
    expect(back.generation()).toBe(pinned);
    expect(back.fingerprint()).toBe(ring.fingerprint());
    // a destroyed key cannot come back through an older copy either
    const old = ring.list().find((k) => !k.primary)!.id;
    ring.destroy(old);
    expect(await code(importKeyRing(after, { passphrase: PASS }, { minGeneration: ring.generation() }))).toBe('KEYFILE_ROLLBACK');
  });

  it('S5.5: another ring under the same passphrase is refused when a fingerprint is pinned; its ring id cannot be forged', async () => {
    const mine = KeyRing.generate();
    const theirs = KeyRing.generate();
    expect(mine.fingerprint()).toMatch(/^[0-9a-f]{32}$/);
    expect(theirs.fingerprint()).not.toBe(mine.fingerprint());
    const other = await exportKeyRing(theirs, { passphrase: PASS, argon2: cheap });
    kdfCalls.n = 0;
    expect(await code(importKeyRing(other, { passphrase: PASS }, { expectFingerprint: mine.fingerprint() }))).toBe('KEYFILE_WRONG_RING');
    expect(kdfCalls.n).toBe(0);
    const forged = edit(other, (d) => (d.ring = mine.fingerprint()));
    expect(await code(importKeyRing(forged, { passphrase: PASS }, { expectFingerprint: mine.fingerprint() }))).toBe('DECRYPT_FAILED');
    // KEK-wrapped files carry the same header
    const kek = new Uint8Array(32).fill(3);
    const viaKek = await exportKeyRing(theirs, { kek });
    expect(await code(importKeyRing(viaKek, { kek }, { expectFingerprint: mine.fingerprint() }))).toBe('KEYFILE_WRONG_RING');
    expect((await importKeyRing(viaKek, { kek }, { expectFingerprint: theirs.fingerprint() })).fingerprint()).toBe(theirs.fingerprint());
  });

  it('P9.4: a key file of format 1 (before fingerprints) still reads, as generation 0, and exports as format 2', async () => {
    const fx = JSON.parse(readFileSync(new URL('./fixtures/keyring-format1.json', import.meta.url), 'utf8')) as { keys: unknown; file: string };
    const ring = await importKeyRing(fx.file, { passphrase: 'format one passphrase' });
    expect(ring.list()).toEqual(fx.keys);
    expect(ring.generation()).toBe(0);
    expect(await code(importKeyRing(fx.file, { passphrase: 'format one passphrase' }, { minGeneration: 1 }))).toBe('KEYFILE_ROLLBACK');
    expect(await code(importKeyRing(fx.file, { passphrase: 'format one passphrase' }, { expectFingerprint: ring.fingerprint() }))).toBe('KEYFILE_WRONG_RING');
    expect(await code(importKeyRing(fx.file, { passphrase: 'wrong passphrase' }))).toBe('DECRYPT_FAILED');
    const again = await exportKeyRing(ring, { passphrase: PASS, argon2: cheap });
    expect(JSON.parse(again)).toMatchObject({ format: 'custodia.keyring/2', ring: ring.fingerprint(), generation: 0 });
    expect((await importKeyRing(again, { passphrase: PASS }, { expectFingerprint: ring.fingerprint() })).list()).toEqual(fx.keys);
  });

  it('every failure is a CustodiaError that names no key id from the file', async () => {
    const ring = KeyRing.generate();
    const json = await exportKeyRing(ring, { passphrase: PASS, argon2: cheap });
    const id = ring.primary().id;
    const cases: Promise<unknown>[] = [
      importKeyRing(json, null as never),
      importKeyRing(42 as never, { passphrase: PASS }),
      importKeyRing(json, { kek: new Uint8Array(32) }),
      importKeyRing(json, { passphrase: 7 } as never),
      importKeyRing(json, { passphrase: PASS }, { minGeneration: -1 }),
      importKeyRing(json, { passphrase: PASS }, { expectFingerprint: 'x' }),
      importKeyRing(json, { passphrase: PASS }, { kdfLimits: { timeCost: Number.NaN } }),
      importKeyRing(json, { passphrase: PASS }, null as never),
      importKeyRing(edit(json, (d) => d.keys.push({ ...d.keys[0]!, primary: false } as never)), { passphrase: PASS }),
      exportKeyRing({} as never, { passphrase: PASS }),
      exportKeyRing(ring, { passphrase: PASS, argon2: 'strong' } as never),
    ];
    for (const p of cases) {
      const e = await rejects(p);
      expect(isCustodiaError(e), String(e)).toBe(true);
      expect(`${(e as Error).message} ${JSON.stringify(e)}`).not.toContain(id);
    }
    expect(() => ring.info('k00000000')).toThrow(/no key with this id/);
    expect(() => new KeyRing(null as never)).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT' }));
  });
});

describe('the two argon2id backends of key files give the same bytes', () => {
  it('RFC 9106 §5.3 argon2id vector (the pure-JS backend, @noble/hashes), and hash-wasm equals it where both apply', async () => {
    const { argon2id } = await vi.importActual<typeof NobleArgon2>('@noble/hashes/argon2.js');
    const wasm = await vi.importActual<typeof HashWasm>('hash-wasm');
    const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');
    // RFC 9106 §5.3: password 32 x 0x01, salt 16 x 0x02, secret 8 x 0x03, associated data 12 x 0x04, m=32, t=3, p=4.
    const rfc = argon2id(new Uint8Array(32).fill(1), new Uint8Array(16).fill(2), { m: 32, t: 3, p: 4, dkLen: 32, key: new Uint8Array(8).fill(3), personalization: new Uint8Array(12).fill(4) });
    expect(hex(rfc)).toBe('0d640df58d78766c08c037a34a8b53c9d01ef0452d75b65eb52520e96b01e659');
    // hash-wasm has no associated data: compared with @noble on what key files use (no secret, no AD).
    for (const [m, t, p] of [[64, 1, 1], [256, 2, 1], [512, 3, 4]] as const) {
      const pw = new TextEncoder().encode('correct horse 电池');
      const salt = new Uint8Array(16).map((_, i) => i * 17);
      const viaWasm = await wasm.argon2id({ password: pw, salt, iterations: t, parallelism: p, memorySize: m, hashLength: 32, outputType: 'binary' });
      expect(hex(viaWasm)).toBe(hex(argon2id(pw, salt, { m, t, p, dkLen: 32 })));
    }
  });

  it('a key file written with WebAssembly (hash-wasm) opens without it (@noble) and the other way round', async () => {
    const ring = KeyRing.generate();
    const viaWasm = await exportKeyRing(ring, { passphrase: PASS, argon2: cheap });
    vi.stubGlobal('WebAssembly', undefined);
    try {
      const viaJs = await exportKeyRing(ring, { passphrase: PASS, argon2: cheap });
      expect((await importKeyRing(viaWasm, { passphrase: PASS })).fingerprint()).toBe(ring.fingerprint());
      vi.unstubAllGlobals();
      expect((await importKeyRing(viaJs, { passphrase: PASS })).fingerprint()).toBe(ring.fingerprint());
    } finally {
      vi.unstubAllGlobals();
    }
  });
});
