import { describe, expect, it } from 'vitest';
import { isCustodiaError } from '../../src/errors/index.js';
import { mask } from '../../src/mask/index.js';
import fc from 'fast-check';
import { PII_TYPES, redact, type PiiType } from '../../src/detect/index.js';
import { MASK_BY_TYPE, quickMask } from '../../src/detect/_redact.js';

const TEXT = '收件人张三，电话13812345678，身份证11010519491231002X，邮箱zhangsan@qq.com';

describe('redact', () => {
  it('S5.1: masks each finding with the display masks of custodia/mask by default', () => {
    expect(redact(TEXT)).toBe(
      `收件人${mask.name('张三')}，电话${mask.phone('13812345678')}，身份证${mask.idCard('11010519491231002X')}，邮箱${mask.email('zhangsan@qq.com')}`,
    );
    expect(redact('电话13812345678谢谢')).toBe('电话138****5678谢谢');
  });
  it('S5.1: tags or removes findings', () => {
    expect(redact(TEXT, { replace: 'tag' })).toBe('收件人[PERSON_NAME]，电话[CN_MOBILE]，身份证[CN_RESIDENT_ID]，邮箱[EMAIL]');
    expect(redact(TEXT, { replace: 'remove' })).toBe('收件人，电话，身份证，邮箱');
  });
  it('S5.1: calls a replacement function with the finding and its original text', () => {
    const seen: string[] = [];
    const out = redact('😀电话13812345678😀', {
      replace: (f, original) => {
        seen.push(`${f.type}:${original}`);
        return `<${f.type}>`;
      },
    });
    expect(out).toBe('😀电话<cn_mobile>😀');
    expect(seen).toEqual(['cn_mobile:13812345678']);
  });
  it('only touches the requested types', () => {
    expect(redact(TEXT, { types: ['cn_mobile'], replace: 'tag' })).toBe('收件人张三，电话[CN_MOBILE]，身份证11010519491231002X，邮箱zhangsan@qq.com');
  });
  it('leaves text without personal data unchanged', () => {
    expect(redact('订单号202311231381234567890已发货')).toBe('订单号202311231381234567890已发货');
  });
  it('rejects a bad replace option, and a replacement that is not a string, without echoing the data', () => {
    try {
      redact(TEXT, { replace: 'hash' as never });
      expect.unreachable();
    } catch (e) {
      expect(isCustodiaError(e, 'INVALID_ARGUMENT')).toBe(true);
      expect((e as Error).message).not.toContain('13812345678');
    }
    try {
      redact(TEXT, { replace: () => 42 as unknown as string });
      expect.unreachable();
    } catch (e) {
      expect(isCustodiaError(e, 'INVALID_PATTERN')).toBe(true);
      expect((e as { field: string }).field).toBe('replace');
      expect((e as Error).message).not.toMatch(/张三|13812345678/);
    }
  });
});

describe('quickMask (the fast path of redact)', () => {
  // Values shaped like the plain forms quickMask takes and like the ones it must leave to custodia/mask.
  const pieces = ['1', '3', '8', '0', '9', 'X', 'x', ' ', '-', '.', '·', '@', 'a', 'Z', '张', '欧', '阳', '粤', 'Ｂ', '１', '😀', '_'];
  const value = fc.array(fc.constantFrom(...pieces), { minLength: 0, maxLength: 20 }).map((a) => a.join(''));
  const shaped = fc.oneof(
    value,
    fc.stringMatching(/^1\d{10}$/),
    fc.stringMatching(/^\d{12,20}$/),
    fc.stringMatching(/^\d{17}[\dXx]$/),
    fc.stringMatching(/^[a-z0-9._%+-]{0,8}@[a-z0-9.-]{1,10}$/),
    fc.stringMatching(/^[\u4e00-\u9fff]{1,3}$/),
    fc.stringMatching(/^[京粤沪][A-Z0-9·.\- ]{5,7}$/),
    // Grouped and prefixed numbers, IP addresses, codes and permits (the other fast forms).
    fc.stringMatching(/^(?:\+86|0086|86|\+)?[ -]{0,2}1?\d{0,4}(?:[ -]{1,2}\d{1,5}){0,4}$/),
    fc.stringMatching(/^\d{1,3}(?:\.\d{1,3}){0,4}$/),
    fc.stringMatching(/^[0-9a-f]{0,4}(?::{1,2}[0-9a-f]{0,4}){0,7}$/),
    fc.stringMatching(/^[A-Za-z0-9_-]{0,20}$/),
  );
  it('equals the mask of custodia/mask for every type, or leaves the value to it', () => {
    fc.assert(
      fc.property(fc.constantFrom(...PII_TYPES), shaped, (type, v) => {
        const quick = quickMask(type, v);
        if (quick !== undefined) expect(quick).toBe(MASK_BY_TYPE[type](v));
      }),
      { seed: 20261203, numRuns: 20000 },
    );
  });
  it('takes the common forms (so the fast path is used at all)', () => {
    const cases: Array<[PiiType, string]> = [
      ['cn_mobile', '13812345678'], ['bank_card', '6222021234567890128'], ['cn_resident_id', '11010519491231002X'],
      ['email', 'zhangsan@qq.com'], ['person_name', '张三'], ['cn_plate', '粤B12345'],
      ['cn_mobile', '+86 138 1234 5678'], ['cn_mobile', '138-1234-5678'], ['cn_mobile', '008613812345678'],
      ['bank_card', '6222 0212 3456 7890'], ['ipv4', '192.168.1.20'], ['ipv6', '2001:db8::8a2e:370:7334'],
      ['qq', '12345678'], ['wechat_id', 'wxid_abc123'], ['cn_uscc', '91350100M000100Y43'], ['cn_passport', 'E12345678'],
    ];
    for (const [type, v] of cases) {
      expect(quickMask(type, v)).toBeDefined();
      expect(quickMask(type, v)).toBe(MASK_BY_TYPE[type](v));
    }
  });
});
