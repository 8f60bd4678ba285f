import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { isCustodiaError } from '../../src/errors/index.js';
import { mask, maskAs, maskWith, phone, name, idCard, bankCard, passport, type MaskKind } from '../../src/mask/index.js';

describe('mask defaults (common Chinese practice)', () => {
  it('S5.1: masks the kinds of the issue as documented', () => {
    expect(mask.phone('13812345678')).toBe('138****5678');
    expect(phone('+86 138-1234-5678')).toBe('+86 138-****-5678');
    expect(phone('１３８１２３４５６７８')).toBe('１３８****５６７８');
    expect(mask.name('张三')).toBe('张*');
    expect(name('欧阳娜娜')).toBe('欧阳**');
    expect(name('司马相如')).toBe('司马**');
    expect(name('王小明')).toBe('王**');
    expect(name('司马')).toBe('司*');
    expect(name('阿依古丽·买买提')).toBe('阿***·***');
    expect(mask.idCard('11010519491231002X')).toBe('110***********002X');
    expect(mask.bankCard('6222021234567890')).toBe('6222********7890');
    expect(mask.bankCard('6222 0212 3456 7890')).toBe('6222 **** **** 7890');
    expect(mask.email('zhangsan@example.com')).toBe('zha***@example.com');
    expect(mask.email('ab@qq.com')).toBe('a***@qq.com');
    expect(mask.address('广东省深圳市南山区科技园南路88号')).toBe('广东省深圳市南山区****');
    expect(mask.address('上海市浦东新区世纪大道100号')).toBe('上海市浦东新区****');
    expect(mask.address('新疆维吾尔自治区乌鲁木齐市天山区解放路')).toBe('新疆维吾尔自治区乌鲁木齐市天山区****');
    expect(mask.address('广东省东莞市东城街道东城路1号')).toBe('广东省东莞市****');
    expect(mask.address('科技园南路88号')).toBe('****');
    expect(mask.plate('粤B12345')).toBe('粤B****5');
    expect(mask.landline('010-12345678')).toBe('010-****5678');
    expect(mask.landline('(021)12345678转123')).toBe('(021)****5678转***');
    expect(mask.passport('E12345678')).toBe('E******78');
  });

  it('never shows more than 8 characters of an 18-character ID, whatever the options', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^\d{17}[\dX]$/), fc.nat(8), fc.nat(8), (id, a, b) => {
        let out: string;
        try {
          out = idCard(id, { keepStart: a, keepEnd: b });
        } catch (e) {
          expect(a + b).toBeGreaterThan(8);
          expect(isCustodiaError(e, 'INVALID_ARGUMENT')).toBe(true);
          expect(String(e)).not.toContain(id);
          return;
        }
        const shown = Array.from(out).filter((c) => c !== '*').length;
        expect(shown).toBeLessThanOrEqual(8);
        expect(out.length).toBe(18);
      }),
    );
  });

  it('is code-point aware: never breaks a surrogate pair', () => {
    const wellFormed = (s: string) => !/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/.test(s);
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 30 }), fc.nat(5), fc.nat(5), (s, a, b) => {
        for (const k of ['phone', 'landline', 'name', 'idCard', 'bankCard', 'email', 'address', 'plate', 'passport'] as MaskKind[])
          expect(wellFormed(maskAs(k, s))).toBe(true);
        const out = maskWith(s, { keepStart: a, keepEnd: b });
        expect(wellFormed(out)).toBe(true);
        expect(Array.from(out).length).toBe(Array.from(s).length);
      }),
    );
    expect(name('𠀀三丰')).toBe('𠀀**');
    expect(maskWith('𠀀𠀁𠀂𠀃', { keepStart: 1, keepEnd: 1 })).toBe('𠀀**𠀃');
  });

  it('maskWith hides at least half of a value too short for the kept counts', () => {
    fc.assert(
      fc.property(fc.string({ minLength: 1, maxLength: 12 }), fc.nat(20), fc.nat(20), (s, a, b) => {
        fc.pre(!s.includes('\u0000'));
        const n = Array.from(s).length;
        const out = Array.from(maskWith(s, { keepStart: a, keepEnd: b, char: '\u0000' }));
        const hidden = out.filter((c) => c === '\u0000').length;
        if (a + b >= n) expect(hidden).toBeGreaterThanOrEqual(Math.ceil(n / 2));
        else expect(hidden).toBe(n - a - b);
      }),
    );
    expect(maskWith({ keepEnd: 4, char: '•' })('13812345678')).toBe('•••••••5678');
    expect(maskWith('6222021234567890', { keepStart: 4, keepEnd: 4, fixed: 3 })).toBe('6222***7890');
  });

  it('phone masks exactly the middle 4 digits of any 11-digit mobile number', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^1[3-9]\d{9}$/), (p) => {
        expect(phone(p)).toBe(`${p.slice(0, 3)}****${p.slice(7)}`);
      }),
    );
  });

  it('rejects bad options and kinds without echoing the value', () => {
    const secret = '13812345678';
    for (const f of [
      () => maskWith(secret, { keepStart: -1 }),
      () => maskWith(secret, { char: '**' }),
      () => phone(secret, { keepEnd: 1.5 }),
      () => idCard('11010519491231002X', { keepStart: 6, keepEnd: 4 }),
      () => maskAs('nope' as MaskKind, secret),
      () => phone(13812345678 as unknown as string),
      () => mask.address('北京市朝阳区建国路1号', { fixed: -2 }),
    ]) {
      let err: unknown;
      try {
        f();
      } catch (e) {
        err = e;
      }
      expect(isCustodiaError(err, 'INVALID_ARGUMENT')).toBe(true);
      const msg = (err as Error).message;
      expect(msg).not.toContain(secret);
      expect(msg).not.toContain('11010519491231002X');
      expect(msg).not.toContain('建国路');
    }
  });

  // The per-code-point algorithm these kinds used before their fast paths (digits-only values,
  // ASCII letters in Latin names), kept here as the reference the fast paths must agree with.
  const keepOf = (ks: number, ke: number, n: number): [number, number] => {
    if (ks + ke < n) return [ks, ke];
    if (n === 0) return [0, 0];
    const m = Math.floor(n / 2);
    const s = Math.min(ks, Math.ceil((ks * m) / (ks + ke)));
    return [s, Math.min(ke, m - s)];
  };
  const selected = (v: string, pick: (c: string) => boolean, ks0: number, ke0: number): string => {
    const cps = Array.from(v);
    const total = cps.filter(pick).length;
    const [ks, ke] = keepOf(ks0, ke0, total);
    let i = 0;
    return cps.map((c) => (!pick(c) ? c : i++ < ks || i > total - ke ? c : '*')).join('');
  };
  const digit = (c: string) => (c >= '0' && c <= '9') || (c >= '\uff10' && c <= '\uff19');
  const alnum = (c: string) => digit(c) || /^[A-Za-zＡ-Ｚａ-ｚ]$/.test(c);
  const text = fc.array(fc.oneof(fc.constantFrom('0', '5', '9', '１', '-', ' ', 'a', 'Z', '·', '.', '张', '\u3000', '\t', '\u{20000}'), fc.string({ maxLength: 2, unit: 'grapheme' })), { maxLength: 24 }).map((a) => a.join(''));

  it('phone, bank card and passport fast paths equal the per-code-point masking', () => {
    fc.assert(
      fc.property(text, fc.stringMatching(/^\d{0,20}$/), (t, digits) => {
        for (const v of [t, digits]) {
          expect(bankCard(v)).toBe(selected(v, digit, 4, 4));
          expect(passport(v.trim())).toBe(selected(v.trim(), alnum, 1, 2));
          if (!/^\s*(?:\+\s*86|0086|86)/.test(v)) expect(phone(v)).toBe(selected(v, digit, 3, 4));
        }
      }),
      { seed: 16, numRuns: 400 },
    );
  });

  it('a Latin or mixed name keeps its first character and its separators, as the per-code-point rule', () => {
    fc.assert(
      fc.property(text, (t) => {
        const cps = Array.from(t.trim());
        if (cps.length < 2 || cps.every((c) => /^[\u3400-\u9fff\uf900-\ufaff\u{20000}-\u{3134f}]$/u.test(c))) return;
        expect(name(t)).toBe(cps[0] + cps.slice(1).map((c) => (/^[·•・.\s-]$/u.test(c) ? c : '*')).join(''));
      }),
      { seed: 16, numRuns: 400 },
    );
  });

  it('a Chinese name keeps its surname (both characters of a compound one), outside the BMP too', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom('欧', '阳', '司', '马', '张', '三', '丰', '𠀀'), { maxLength: 6 }), fc.constantFrom('', ' '), (cs, pad) => {
        const keep = cs.length >= 3 && ['欧阳', '司马'].includes(cs[0]! + cs[1]!) ? 2 : 1;
        const want = cs.length === 0 ? '' : cs.length === 1 ? '*' : cs.slice(0, keep).join('') + '*'.repeat(cs.length - keep);
        expect(name(pad + cs.join('') + pad)).toBe(want);
      }),
      { seed: 16, numRuns: 400 },
    );
  });
});
