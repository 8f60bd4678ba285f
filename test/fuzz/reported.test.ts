// Issue 16 item 4, the cases the issue reported by name: each must now be a CustodiaError that
// says which parameter and rule failed, lists accepted values for an enum, and echoes nothing.
import { describe, expect, it } from 'vitest';
import { defineCatalog, addDuration } from '../../src/catalog/index.js';
import { createLedger } from '../../src/consent/index.js';
import { scan } from '../../src/detect/index.js';
import { isCustodiaError } from '../../src/errors/index.js';
import { anonymize, categorical } from '../../src/kanon/index.js';
import { maskAs } from '../../src/mask/index.js';
import { memoryStore } from '../../src/store/index.js';
import { createTokenizer, exportKeyRing, importKeyRing, KeyRing } from '../../src/tokenize/index.js';
import { everyText } from './_probe.js';

const PHONE = '13812345678';

async function caught(f: () => unknown): Promise<Error & { code: string }> {
  try {
    await f();
  } catch (e) {
    expect(isCustodiaError(e), String(e)).toBe(true);
    return e as Error & { code: string };
  }
  throw new Error('expected a CustodiaError');
}

describe('P4.4: the calls the issue reported fail with a CustodiaError naming the rule', () => {
  it.each<[string, () => unknown, string, RegExp]>([
    ["categorical('x') (was: stack overflow)", () => categorical('x' as never), 'INVALID_ARGUMENT', /tree expected an object \(got string\)/],
    ['categorical with a cycle', () => { const t: Record<string, unknown> = {}; t['a'] = t; return categorical(t as never); }, 'HIERARCHY_INVALID', /deeper than 32 levels/],
    ['defineCatalog({})', () => defineCatalog({} as never), 'INVALID_ARGUMENT', /fields expected an object \(got undefined\)/],
    ["scan('x', null)", () => scan('x', null as never), 'INVALID_ARGUMENT', /opts/],
    ['maskAs with a Symbol kind', () => maskAs(Symbol('k') as never, PHONE), 'INVALID_ARGUMENT', /expected one of .*phone/],
    ['addDuration on a string date', () => addDuration('2024-01-01' as never, 'P1Y'), 'INVALID_ARGUMENT', /date expected a valid Date \(got string\)/],
    ['addDuration with null', () => addDuration(new Date(0), null as never), 'INVALID_ARGUMENT', /duration expected an object/],
    ['anonymize with a non-array', () => anonymize({ age: '3' } as never, { quasiIdentifiers: {}, k: 2 }), 'INVALID_ARGUMENT', /rows expected an array \(got an object\)/],
  ])('%s', async (_name, f, code, message) => {
    const e = await caught(f);
    expect(e.code).toBe(code);
    expect(e.message).toMatch(message);
  });

  it('importKeyRing with huge KDF parameters is refused before the KDF', async () => {
    const json = JSON.parse(await exportKeyRing(KeyRing.generate(), { passphrase: 'pass', argon2: { memoryCost: 256, timeCost: 1 } })) as { wrap: { kdf: { t: number; m: number } } };
    json.wrap.kdf.t = 2000;
    json.wrap.kdf.m = 4_194_304;
    expect((await caught(() => importKeyRing(JSON.stringify(json), { passphrase: 'pass' }))).code).toBe('KEYFILE_KDF_LIMIT');
  });

  it("open('phone', 'cs1.x.13812345678.AAAA') and friends do not echo the id parsed out of the token", async () => {
    const t = createTokenizer({ keyring: KeyRing.generate() });
    for (const token of [`cs1.x.${PHONE}.AAAA`, `cs1.c.${PHONE}.AAAA`, `cs1.a.k${PHONE}.AAAA`, `vt_${PHONE}`]) {
      const e = await caught(() => t.open('phone', token));
      expect(everyText(e)).not.toContain(PHONE);
      expect(everyText(e)).not.toContain(PHONE.slice(0, 8));
    }
    const e = await caught(() => t.formatPreserving(`field${PHONE}`, PHONE));
    expect(everyText(e)).not.toContain(PHONE);
  });

  it('an enum mistake lists the accepted values: channel must be one of app, website, …', async () => {
    const ledger = createLedger({ store: memoryStore() });
    const e = await caught(() =>
      ledger.append({ subject: 'u_8f3a', event: 'withdrawn', purposes: ['marketing'], method: 'click', channel: 'webshop' as never, collector: 'c', responsible: 'r', at: '2026-01-01T00:00:00Z' }),
    );
    expect(e.code).toBe('VALIDATION_FAILED');
    expect(e.message).toMatch(/channel: invalid_value, must be one of app, website, mini-program, /);
    expect(e.message).not.toContain('webshop');
  });

  it('an undeclared key is counted, never named, and error.field stays out of JSON', async () => {
    const catalog = defineCatalog({ fields: { phone: { category: 'contact.mobile' } } });
    const e = await caught(() => catalog.parse({ phone: PHONE, [`k${PHONE}`]: 1, zhangSanfeng: 2 }));
    expect(e.message).toContain('2 undeclared key(s)');
    expect(everyText(e)).not.toMatch(/zhangSanfeng|13812345678/);
    const f = await caught(() => catalog.field('zhangSanfeng'));
    expect((f as unknown as { field: string }).field).toBe('zhangSanfeng'); // for the program…
    expect(JSON.stringify(f)).not.toContain('zhangSanfeng'); // …not for the log line
  });
});
