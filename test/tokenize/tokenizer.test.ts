import { describe, expect, it, vi } from 'vitest';
import fc from 'fast-check';
import { hmac as nobleHmac } from '@noble/hashes/hmac.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { toBase64 } from '../../src/bytes/index.js';
import { isCustodiaError } from '../../src/errors/index.js';
import { residentIdCheckChar } from '../../src/normalize/index.js';
import { KeyRing, createTokenizer, type SealAlg } from '../../src/tokenize/index.js';
import { _luhnValid } from '../../src/tokenize/_fpe.js';
import { _regionCodes } from '../../src/tokenize/_regions.js';
import { CN_MOBILE } from '../../src/normalize/_phone.generated.js';

const mobileArb = fc.stringMatching(new RegExp(`^(?:${CN_MOBILE})$`));
const regionArb = fc.constantFrom(..._regionCodes().slice(0, 400).map(String), '110105', '440305', '650102');
const dateArb = fc.date({ min: new Date(Date.UTC(1900, 0, 1)), max: new Date(Date.UTC(2099, 11, 31)), noInvalidDate: true });
const ymd = (d: Date) => `${d.getUTCFullYear()}${String(d.getUTCMonth() + 1).padStart(2, '0')}${String(d.getUTCDate()).padStart(2, '0')}`;
const idArb = fc.tuple(regionArb, dateArb, fc.integer({ min: 0, max: 999 })).map(([r, d, s]) => {
  const body = r + ymd(d) + String(s).padStart(3, '0');
  return body + residentIdCheckChar(body);
});
const cardArb = fc.tuple(fc.constantFrom('622202', '621700', '436742', '622848'), fc.stringMatching(/^\d{9,12}$/)).map(([bin, rest]) => {
  const body = bin + rest;
  for (let c = 0; c < 10; c++) if (_luhnValid(body + c)) return body + c;
  throw new Error('unreachable');
});
const isDate = (s: string) => {
  const d = new Date(Date.UTC(+s.slice(0, 4), +s.slice(4, 6) - 1, +s.slice(6, 8)));
  return ymd(d) === s && d.getUTCFullYear() >= 1900 && d.getUTCFullYear() <= 2099;
};

function catching(f: () => unknown): unknown {
  try {
    f();
  } catch (e) {
    return e;
  }
  throw new Error('expected a throw');
}

describe('pseudonyms', () => {
  const ring = KeyRing.generate();
  const t = createTokenizer({ keyring: ring, purpose: 'crm', fields: { phone: { normalize: 'mobile' }, contact_phone: { normalize: 'mobile' }, mobile2: { normalize: 'mobile', domain: 'phone' } } });

  it('S5.1: one person gets one token whatever the written form (normalized first)', () => {
    fc.assert(
      fc.property(mobileArb, (p) => {
        const a = t.pseudonym('phone', p);
        expect(t.pseudonym('phone', `+86 ${p.slice(0, 3)}-${p.slice(3, 7)}-${p.slice(7)}`)).toBe(a);
        expect(t.pseudonym('phone', `0086${p}`)).toBe(a);
        expect(t.pseudonym('phone', p.replace(/\d/g, (d) => String.fromCharCode(d.charCodeAt(0) + 0xfee0)))).toBe(a);
      }),
      { numRuns: 100 },
    );
  });

  it('is HMAC-SHA256 under the HKDF subkey, truncated to 128 bits, prefixed with the key id', () => {
    const id = ring.primary().id;
    const key = ring._subkey(id, ['pseudonym', 'sha256', 'crm', 'phone']);
    const want = `${id}.${toBase64(nobleHmac(sha256, key, new TextEncoder().encode('13812345678')).subarray(0, 16), true)}`;
    expect(t.pseudonym('phone', '13812345678')).toBe(want);
    expect(want.split('.')[1]).toHaveLength(22);
  });

  it('S3.9: separates fields and purposes unless a shared domain is asked for', () => {
    fc.assert(
      fc.property(mobileArb, (p) => {
        const other = createTokenizer({ keyring: ring, purpose: 'marketing', fields: { phone: { normalize: 'mobile' } } });
        const a = t.pseudonym('phone', p);
        expect(t.pseudonym('contact_phone', p)).not.toBe(a);
        expect(other.pseudonym('phone', p)).not.toBe(a);
        expect(t.pseudonym('mobile2', p)).toBe(a); // shared domain on request
      }),
      { numRuns: 50 },
    );
  });

  it('key separation: two key rings never share pseudonyms, FPE tokens or envelopes', () => {
    const other = createTokenizer({ keyring: KeyRing.generate(), purpose: 'crm', fields: { phone: { normalize: 'mobile' } } });
    fc.assert(
      fc.property(mobileArb, (p) => {
        expect(other.pseudonym('phone', p).split('.')[1]).not.toBe(t.pseudonym('phone', p).split('.')[1]);
        expect(other.formatPreserving('phone', p, { format: 'cn_mobile' })).not.toBe(t.formatPreserving('phone', p, { format: 'cn_mobile' }));
        expect(isCustodiaError(catching(() => other.open('phone', t.seal('phone', p))), 'KEY_NOT_FOUND')).toBe(true);
      }),
      { numRuns: 50 },
    );
  });

  it('pseudonyms() batch equals pseudonym() one by one, for SHA-256 and SM3', () => {
    const sm = createTokenizer({ keyring: ring, hash: 'sm3', pseudonymBytes: 32, fields: { phone: { normalize: 'mobile' } } });
    fc.assert(
      fc.property(fc.array(mobileArb, { maxLength: 40 }), (ps) => {
        expect(t.pseudonyms('phone', ps)).toEqual(ps.map((p) => t.pseudonym('phone', p)));
        expect(sm.pseudonyms('phone', ps)).toEqual(ps.map((p) => sm.pseudonym('phone', p)));
      }),
      { numRuns: 30 },
    );
    expect(sm.pseudonym('phone', '13812345678')).not.toBe(createTokenizer({ keyring: ring, pseudonymBytes: 32, fields: { phone: { normalize: 'mobile' } } }).pseudonym('phone', '13812345678'));
    expect(sm.pseudonym('phone', '13812345678').split('.')[1]).toHaveLength(43);
  });

  it('pseudonyms() of a long batch (several output chunks) equals pseudonym() for every token length', () => {
    const values = Array.from({ length: 1000 }, (_, i) => `13${String(i * 7919).padStart(9, '0')}`);
    for (const pseudonymBytes of [16, 17, 18, 29, 32]) {
      const tk = createTokenizer({ keyring: ring, pseudonymBytes, fields: { phone: { normalize: 'mobile' } } });
      expect(tk.pseudonyms('phone', values)).toEqual(values.map((v) => tk.pseudonym('phone', v)));
    }
    // A runtime without TextDecoder (some mini-program bases) builds the batch's text itself.
    const want = t.pseudonyms('phone', values);
    vi.stubGlobal('TextDecoder', undefined);
    try {
      expect(t.pseudonyms('phone', values)).toEqual(want);
    } finally {
      vi.unstubAllGlobals();
    }
  });

  it('rotation: new pseudonyms show the new key id; old ones still verify until their key is destroyed', () => {
    const r = KeyRing.generate();
    const tk = createTokenizer({ keyring: r, fields: { phone: { normalize: 'mobile' } } });
    const before = tk.pseudonym('phone', '13812345678');
    const oldId = r.primary().id;
    const newId = r.rotate().id;
    const after = tk.pseudonym('phone', '13812345678');
    expect(before.startsWith(oldId + '.')).toBe(true);
    expect(after.startsWith(newId + '.')).toBe(true);
    expect(tk.verifyPseudonym('phone', '+86 13812345678', before)).toBe(true);
    expect(tk.verifyPseudonym('phone', '13812345679', before)).toBe(false);
    r.destroy(oldId);
    expect(isCustodiaError(catching(() => tk.verifyPseudonym('phone', '13812345678', before)), 'KEY_DESTROYED')).toBe(true);
  });
});

describe('format-preserving tokens', () => {
  const ring = KeyRing.generate();
  const t = createTokenizer({ keyring: ring, fields: { id_card: { fpe: { format: 'cn_resident_id' } } } });

  it('S5.1: cn_mobile tokens are valid mobile numbers with the carrier prefix kept, and reveal', () => {
    fc.assert(
      fc.property(mobileArb, (p) => {
        const tok = t.formatPreserving('phone', p, { format: 'cn_mobile' });
        expect(tok).toMatch(/^1[3-9]\d{9}$/);
        expect(tok.slice(0, 3)).toBe(p.slice(0, 3));
        expect(t.formatPreserving('phone', `+86 ${p}`, { format: 'cn_mobile' })).toBe(tok);
        expect(t.reveal('phone', tok, { format: 'cn_mobile' })).toBe(p);
      }),
      { numRuns: 200 },
    );
  });

  it('cn_resident_id: valid MOD 11-2 check character, valid date, region kept or tokenized by option', () => {
    for (const opts of [{}, { keepRegion: false }, { keepRegion: false, keepBirthDate: true }]) {
      fc.assert(
        fc.property(idArb, (id) => {
          const tok = t.formatPreserving('id_card', id, opts);
          expect(tok).toMatch(/^\d{17}[\dX]$/);
          expect(residentIdCheckChar(tok.slice(0, 17))).toBe(tok[17]);
          expect(isDate(tok.slice(6, 14))).toBe(true);
          expect(_regionCodes()).toContain(Number(tok.slice(0, 6)));
          if (!('keepRegion' in opts)) expect(tok.slice(0, 6)).toBe(id.slice(0, 6));
          if ('keepBirthDate' in opts) expect(tok.slice(6, 14)).toBe(id.slice(6, 14));
          expect(t.reveal('id_card', tok, opts)).toBe(id);
          expect(t.formatPreserving('id_card', id.toLowerCase(), opts)).toBe(tok);
        }),
        { numRuns: 60 },
      );
    }
    // legacy 15-digit numbers are tokenized in their 18-character form
    const tok = t.formatPreserving('id_card', '110105491231002');
    expect(t.reveal('id_card', tok)).toBe('11010519491231002X');
    expect(isCustodiaError(catching(() => t.formatPreserving('id_card', '11010519491231002X', { keepRegion: true, keepBirthDate: true })), 'FPE_DOMAIN_TOO_SMALL')).toBe(true);
  });

  it('bank_card keeps the BIN and a valid Luhn digit (recomputed, or kept with the last 4 digits)', () => {
    fc.assert(
      fc.property(cardArb, (c) => {
        const a = t.formatPreserving('card', c, { format: 'bank_card' });
        expect(a).toHaveLength(c.length);
        expect(a.slice(0, 6)).toBe(c.slice(0, 6));
        expect(_luhnValid(a)).toBe(true);
        expect(t.reveal('card', a, { format: 'bank_card' })).toBe(c);
        const b = t.formatPreserving('card', c, { format: 'bank_card', keepEnd: 4 });
        expect(b.slice(-4)).toBe(c.slice(-4));
        expect(_luhnValid(b)).toBe(true);
        expect(t.reveal('card', b, { format: 'bank_card', keepEnd: 4 })).toBe(c);
      }),
      { numRuns: 100 },
    );
  });

  it('digits, email local part and any alphabet (Hanzi names) keep their format and reveal', () => {
    const e = t.formatPreserving('email', 'Zhang.San88@Example.com', { format: 'email' });
    expect(e).toMatch(/^[a-z0-9]{5}\.[a-z0-9]{5}@example\.com$/);
    expect(t.reveal('email', e, { format: 'email' })).toBe('zhang.san88@example.com');
    const d = t.formatPreserving('order', '2024110100123', { format: 'digits' });
    expect(d).toMatch(/^\d{13}$/);
    expect(t.reveal('order', d, { format: 'digits' })).toBe('2024110100123');
    const hanzi = Array.from({ length: 3500 }, (_, i) => String.fromCodePoint(0x4e00 + i)).join('');
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 3499 }), { minLength: 2, maxLength: 4 }), (idx) => {
        const name = idx.map((i) => hanzi[i]).join('');
        const tok = t.formatPreserving('name', name, { format: { alphabet: hanzi } });
        expect(Array.from(tok)).toHaveLength(idx.length);
        expect(t.reveal('name', tok, { format: { alphabet: hanzi } })).toBe(name);
      }),
      { numRuns: 50 },
    );
  });

  it('rotation keeps old FPE tokens resolvable by key id until that key is destroyed', () => {
    const r = KeyRing.generate();
    const tk = createTokenizer({ keyring: r });
    const old = r.primary().id;
    const tok = tk.formatPreserving('phone', '13812345678', { format: 'cn_mobile' });
    r.rotate();
    expect(tk.formatPreserving('phone', '13812345678', { format: 'cn_mobile' })).not.toBe(tok);
    expect(tk.reveal('phone', tok, { format: 'cn_mobile', keyId: old })).toBe('13812345678');
    expect(isCustodiaError(catching(() => tk.formatPreserving('phone', '13812345678', { format: 'cn_mobile', keyId: old })), 'KEY_RETIRED')).toBe(true);
    r.destroy(old);
    expect(isCustodiaError(catching(() => tk.reveal('phone', tok, { format: 'cn_mobile', keyId: old })), 'KEY_DESTROYED')).toBe(true);
  });

  it('after a rotation, reveal without a key id refuses (KEY_ID_REQUIRED) rather than guess a key and return a wrong value', () => {
    const r = KeyRing.generate();
    const tk = createTokenizer({ keyring: r });
    const tok = tk.formatPreserving('phone', '13812345678', { format: 'cn_mobile' });
    expect(tk.reveal('phone', tok, { format: 'cn_mobile' })).toBe('13812345678'); // one key: unambiguous
    r.rotate();
    const fresh = tk.formatPreserving('phone', '13912345678', { format: 'cn_mobile' });
    for (const t of [tok, fresh]) {
      const e = catching(() => tk.reveal('phone', t, { format: 'cn_mobile' }));
      expect(isCustodiaError(e, 'KEY_ID_REQUIRED')).toBe(true);
      expect((e as Error).message).not.toContain(t);
    }
    expect(tk.reveal('phone', fresh, { format: 'cn_mobile', keyId: r.primary().id })).toBe('13912345678');
    r.destroy(r.list()[0]!.id);
    expect(isCustodiaError(catching(() => tk.reveal('phone', tok, { format: 'cn_mobile' })), 'KEY_ID_REQUIRED')).toBe(true);
  });
});

describe('seal / open', () => {
  const ring = KeyRing.generate();
  const t = createTokenizer({ keyring: ring });
  const algs: SealAlg[] = ['xchacha20poly1305', 'aes-256-gcm-siv', 'sm4-gcm'];

  it('P9.1: round-trips any value with every AEAD, binding field and AAD; any flipped bit gives DECRYPT_FAILED', () => {
    fc.assert(
      fc.property(fc.string(), fc.string(), fc.constantFrom(...algs), fc.nat(), (v, aad, alg, flip) => {
        const env = t.seal('id_card', v, { aad, alg });
        expect(env.startsWith(`cs1.${alg[0] === 'x' ? 'x' : alg[0] === 'a' ? 'g' : 's'}.${ring.primary().id}.`)).toBe(true);
        expect(t.open('id_card', env, { aad })).toBe(v);
        expect(isCustodiaError(catching(() => t.open('other_field', env, { aad })), 'DECRYPT_FAILED')).toBe(true);
        expect(isCustodiaError(catching(() => t.open('id_card', env, { aad: aad + 'x' })), 'DECRYPT_FAILED')).toBe(true);
        const [p0, p1, p2, data] = env.split('.') as [string, string, string, string];
        const raw = Uint8Array.from(atob(data.replace(/-/g, '+').replace(/_/g, '/') + '=='.slice(0, (4 - (data.length % 4)) % 4)), (c) => c.charCodeAt(0));
        raw[flip % raw.length]! ^= 1 << flip % 8;
        const bad = `${p0}.${p1}.${p2}.${toBase64(raw, true)}`;
        expect(isCustodiaError(catching(() => t.open('id_card', bad, { aad })), 'DECRYPT_FAILED')).toBe(true);
        expect(isCustodiaError(catching(() => t.open('id_card', `${p0}.${algs.length === 3 && p1 === 'x' ? 'g' : 'x'}.${p2}.${data}`, { aad })), 'DECRYPT_FAILED')).toBe(true);
      }),
      { numRuns: 150 },
    );
  });

  it('S5.3: old envelopes open after rotation, until their key is destroyed', () => {
    const r = KeyRing.generate();
    const tk = createTokenizer({ keyring: r, seal: 'sm4-gcm' });
    const env = tk.seal('phone', '13812345678');
    const old = r.primary().id;
    r.rotate();
    expect(tk.seal('phone', '13812345678')).not.toContain(old);
    expect(tk.open('phone', env)).toBe('13812345678');
    r.destroy(old);
    expect(isCustodiaError(catching(() => tk.open('phone', env)), 'KEY_DESTROYED')).toBe(true);
    expect(isCustodiaError(catching(() => tk.open('phone', 'not-an-envelope')), 'INVALID_TOKEN')).toBe(true);
    expect(tk.openBytes('blob', tk.seal('blob', new Uint8Array([0, 255, 1])))).toEqual(new Uint8Array([0, 255, 1]));
  });
});

describe('errors never contain the personal data', () => {
  it('feeds real-looking phones, IDs and names through every error path', () => {
    const ring = KeyRing.generate();
    const t = createTokenizer({ keyring: ring, fields: { phone: { normalize: 'mobile' }, id_card: { normalize: 'id_number' } } });
    const phone = '1381234567';
    const id = '110105194912310021';
    const name = '欧阳娜娜';
    const cases: [() => unknown, string][] = [
      [() => t.pseudonym('phone', phone), phone],
      [() => t.pseudonym('id_card', id), id],
      [() => t.formatPreserving('phone', phone, { format: 'cn_mobile' }), phone],
      [() => t.formatPreserving('id_card', id, { format: 'cn_resident_id' }), id],
      [() => t.formatPreserving('id_card', '99010519491231002X'.slice(0, 17) + residentIdCheckChar('99010519491231002'), { format: 'cn_resident_id', keepRegion: false }), '990105'],
      [() => t.formatPreserving('id_card', '11010518991231' + '002' + residentIdCheckChar('11010518991231002'), { format: 'cn_resident_id' }), '18991231'],
      [() => t.formatPreserving('card', '6222021234567891', { format: 'bank_card' }), '6222021234567891'],
      [() => t.formatPreserving('name', name, { format: { alphabet: '张王李赵' } }), name],
      [() => t.formatPreserving('name', '张三', { format: { alphabet: '张三李四王五赵六' } }), '张三'],
      [() => t.formatPreserving('email', 'zqx@qq.com', { format: 'email' }), 'zqx'],
      [() => t.reveal('name', name), name],
      [() => t.open('phone', t.seal('phone', '13812345678'), { aad: name }), name],
    ];
    for (const [f, secret] of cases) {
      const e = catching(f) as Error;
      expect(isCustodiaError(e)).toBe(true);
      expect(e.message).not.toContain(secret);
      for (const ch of secret) if (/[\u4e00-\u9fff]/.test(ch)) expect(e.message).not.toContain(ch);
    }
  });
});
