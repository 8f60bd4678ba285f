import { argon2id } from '@noble/hashes/argon2.js';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { fromBase64, toBase64 } from '../../src/bytes/index.js';
import { isCustodiaError } from '../../src/errors/index.js';
import { hashPassword, verifyPassword } from '../../src/hash/index.js';

const FAST = { memoryCost: 64, timeCost: 1 } as const;
const PHC = /^\$argon2id\$v=19\$m=(\d+),t=(\d+),p=(\d+)\$([A-Za-z0-9+/]+)\$([A-Za-z0-9+/]+)$/;

afterEach(() => vi.unstubAllGlobals());

describe('hashPassword / verifyPassword', () => {
  it('produces a PHC string whose hash is RFC 9106 argon2id of the salt (checked with @noble/hashes)', async () => {
    const phc = await hashPassword('correct horse 电池', FAST);
    const m = PHC.exec(phc);
    expect(m).not.toBeNull();
    expect(m!.slice(1, 4)).toEqual(['64', '1', '1']);
    const salt = fromBase64(m![4]!);
    expect(salt.length).toBe(16);
    const want = argon2id(new TextEncoder().encode('correct horse 电池'), salt, { m: 64, t: 1, p: 1, dkLen: 32 });
    expect(m![5]).toBe(toBase64(want).replace(/=+$/, ''));
  });

  it('verifies the right password and rejects a wrong one', async () => {
    const phc = await hashPassword('s3cret', FAST);
    expect(await verifyPassword('s3cret', phc)).toBe(true);
    expect(await verifyPassword('s3creT', phc)).toBe(false);
  });

  it('fresh salt each time', async () => {
    expect(await hashPassword('same', FAST)).not.toBe(await hashPassword('same', FAST));
  });

  it('the pure-JS path (no WebAssembly) and hash-wasm verify each other', async () => {
    const viaWasm = await hashPassword('密码123', { ...FAST, parallelism: 2 });
    vi.stubGlobal('WebAssembly', undefined);
    const viaJs = await hashPassword('密码123', { ...FAST, parallelism: 2 });
    expect(await verifyPassword('密码123', viaWasm)).toBe(true);
    expect(await verifyPassword('wrong', viaWasm)).toBe(false);
    vi.unstubAllGlobals();
    expect(await verifyPassword('密码123', viaJs)).toBe(true);
  });

  it('rejects malformed PHC strings and bad options without echoing them', async () => {
    const secret = '13812345678';
    for (const bad of [`$argon2id$v=19$m=64,t=1,p=1$${secret}`, '$argon2i$v=19$m=64,t=1,p=1$c2FsdHNhbHRzYWx0$aGFzaGhhc2hoYXNoaGFzaA', '$argon2id$v=19$m=4,t=1,p=1$c2FsdHNhbHRzYWx0$aGFzaGhhc2hoYXNoaGFzaA']) {
      const e = await verifyPassword(secret, bad).catch((x: unknown) => x);
      expect(isCustodiaError(e, 'INVALID_PHC')).toBe(true);
      expect(String((e as Error).message) + String((e as Error).stack)).not.toContain(secret);
    }
    const e = await hashPassword(secret, { memoryCost: 1 }).catch((x: unknown) => x);
    expect(isCustodiaError(e, 'INVALID_ARGUMENT')).toBe(true);
    expect((e as Error).message).not.toContain(secret);
  });
});
