import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { hkdf } from '@noble/hashes/hkdf.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { fromBase64, toBase64, toHex, utf8Encode } from '../../src/bytes/index.js';
import { isCustodiaError } from '../../src/errors/index.js';
import { KeyRing, exportKeyRing, importKeyRing } from '../../src/tokenize/index.js';
import { rejects } from './_rejects.js';

const cheap = { memoryCost: 256, timeCost: 1 };

describe('KeyRing', () => {
  it('P9.1: generate, rotate, retire, destroy keep exactly one primary and the right statuses', () => {
    let t = 1000;
    const ring = KeyRing.generate({ now: () => t++ });
    const k1 = ring.primary();
    expect(k1).toMatchObject({ status: 'active', primary: true, createdAt: 1000 });
    expect(k1.id).toMatch(/^k[0-9a-f]{8}$/);
    const k2 = ring.rotate();
    expect(ring.primary().id).toBe(k2.id);
    expect(ring.info(k1.id)).toMatchObject({ status: 'retired', primary: false });
    const k3 = ring.add();
    expect(k3.primary).toBe(false);
    ring.retire(k3.id);
    expect(ring.info(k3.id).status).toBe('retired');
    expect(isCustodiaError(catching(() => ring.retire(k2.id)), 'INVALID_ARGUMENT')).toBe(true);
    expect(isCustodiaError(catching(() => ring.destroy(k2.id)), 'INVALID_ARGUMENT')).toBe(true);
    expect(isCustodiaError(catching(() => ring.setPrimary(k1.id)), 'KEY_RETIRED')).toBe(true);
    ring.destroy(k1.id);
    expect(ring.info(k1.id).status).toBe('destroyed');
    expect(isCustodiaError(catching(() => ring._subkey(k1.id, ['x'])), 'KEY_DESTROYED')).toBe(true);
    expect(isCustodiaError(catching(() => ring.info('kdeadbeef')), 'KEY_NOT_FOUND')).toBe(true);
    expect(ring.list().filter((k) => k.primary)).toHaveLength(1);
  });

  it('subkeys are HKDF-SHA256 with the use, purpose and domain in info (RFC 5869)', async () => {
    const ring = KeyRing.generate();
    const id = ring.primary().id;
    const json = JSON.parse(await exportKeyRing(ring, { insecurePlaintext: true })) as { keys: { secret: string }[] };
    const secret = fromBase64(json.keys[0]!.secret);
    const want = hkdf(sha256, secret, utf8Encode('custodia.keyring.v1'), utf8Encode('fpe\u0000crm\u0000phone'), 32);
    expect(toHex(ring._subkey(id, ['fpe', 'crm', 'phone']))).toBe(toHex(want));
    expect(toHex(ring._subkey(id, ['fpe', 'crm', 'contact_phone']))).not.toBe(toHex(want));
  });

  it('S5.3: exports with secrets wrapped (KEK or argon2id passphrase) and imports them back', async () => {
    const ring = KeyRing.generate();
    const old = ring.primary().id;
    ring.rotate();
    const gone = ring.add().id;
    ring.destroy(gone);
    const secrets = ring.list().filter((k) => k.status !== 'destroyed').map((k) => ring._entry(k.id).secret!);
    const kek = new Uint8Array(32).fill(9);
    for (const [wrap, unwrap] of [
      [{ kek }, { kek }],
      [{ passphrase: '正确 horse battery', argon2: cheap }, { passphrase: '正确 horse battery' }],
    ] as const) {
      const json = await exportKeyRing(ring, wrap);
      for (const s of secrets) {
        expect(json).not.toContain(toBase64(s, true));
        expect(json).not.toContain(toBase64(s));
        expect(json).not.toContain(toHex(s));
      }
      const back = await importKeyRing(json, unwrap);
      expect(back.list()).toEqual(ring.list());
      expect(back._subkey(old, ['a'])).toEqual(ring._subkey(old, ['a']));
      expect(isCustodiaError(catching(() => back._subkey(gone, ['a'])), 'KEY_DESTROYED')).toBe(true);
    }
    // Logging or stringifying the ring never shows a secret.
    const shown = JSON.stringify(ring) + inspect(ring, { depth: 10 });
    for (const s of secrets) {
      expect(shown).not.toContain(toHex(s));
      expect(shown).not.toContain(toBase64(s));
      expect(shown).not.toContain(Array.from(s.subarray(0, 8)).join(', '));
    }
    expect(shown).toContain(old);
  });

  it('P4.4: refuses wrong KEKs, wrong passphrases, modified documents and clear text without the flag', async () => {
    const ring = KeyRing.generate();
    ring.rotate();
    const kek = new Uint8Array(32).fill(1);
    const json = await exportKeyRing(ring, { kek });
    expect(isCustodiaError(await rejects(importKeyRing(json, { kek: new Uint8Array(32).fill(2) })), 'DECRYPT_FAILED')).toBe(true);
    // flip the primary flag: caught by the document MAC
    const doc = JSON.parse(json) as { keys: { primary: boolean; status: string }[] };
    doc.keys[0]!.primary = true;
    doc.keys[0]!.status = 'active';
    doc.keys[1]!.primary = false;
    expect(isCustodiaError(await rejects(importKeyRing(JSON.stringify(doc), { kek })), 'DECRYPT_FAILED')).toBe(true);
    const pj = await exportKeyRing(ring, { passphrase: 'a', argon2: cheap });
    expect(isCustodiaError(await rejects(importKeyRing(pj, { passphrase: 'b' })), 'DECRYPT_FAILED')).toBe(true);
    const clear = await exportKeyRing(ring, { insecurePlaintext: true });
    expect(isCustodiaError(await rejects(importKeyRing(clear, { kek })), 'INVALID_ARGUMENT')).toBe(true);
    expect((await importKeyRing(clear, { insecurePlaintext: true })).list()).toEqual(ring.list());
    expect(isCustodiaError(await rejects(exportKeyRing(ring, {} as never)), 'INVALID_ARGUMENT')).toBe(true);
    expect(isCustodiaError(await rejects(importKeyRing('{', { kek })), 'VALIDATION_FAILED')).toBe(true);
  });
});

function catching(f: () => unknown): unknown {
  try {
    f();
  } catch (e) {
    return e;
  }
  throw new Error('expected a throw');
}
