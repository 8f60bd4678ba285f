import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isCustodiaError } from '../../src/errors/index.js';
import { PII_TYPES, scan, type Finding } from '../../src/detect/index.js';
import { bankCard, prng, residentId, uscc, wrongCheckId } from './corpus.js';

const found = (text: string, opts?: Parameters<typeof scan>[1]): Array<[string, string]> =>
  scan(text, opts).map((f) => [f.type, text.slice(f.start, f.end)]);

const r = prng(7);
const ID = residentId(r);
const CARD = bankCard(r).replace(/ /g, '');
const USCC = uscc(r);

describe('numbers in Chinese text', () => {
  it('S3.1: finds a mobile number standing between Chinese characters', () => {
    expect(found('电话13812345678谢谢')).toEqual([['cn_mobile', '13812345678']]);
  });
  it('S3.1: never reports a number from inside a longer run of digits or letters', () => {
    for (const t of ['订单号20231123138123456789', '快递SF13812345678', 'ABC13812345678', '13812345678901', `流水${ID}0`, `X${ID}`, 'sf13812345678', 'order13812345678', 'abc13812345678', `yt${ID}`])
      expect(found(t), t).toEqual([]);
  });
  it('S3.1: reads a number glued to a label word as standing alone (tel13812345678, QQ…, …5678Thanks)', () => {
    expect(found('tel13812345678')).toEqual([['cn_mobile', '13812345678']]);
    expect(found('Mobile13812345678')).toEqual([['cn_mobile', '13812345678']]);
    expect(found(`id${ID}`)).toEqual([['cn_resident_id', ID]]);
    expect(found('13812345678Thanks')).toEqual([['cn_mobile', '13812345678']]);
    expect(found('uid=13812345678')).toEqual([['cn_mobile', '13812345678']]);
  });
  it('S3.1: finds full-width digits and letters', () => {
    expect(found('手机１３８１２３４５６７８')).toEqual([['cn_mobile', '１３８１２３４５６７８']]);
    expect(found('护照Ｅ１２３４５６７８')).toEqual([['cn_passport', 'Ｅ１２３４５６７８']]);
  });
  it('S3.1: finds mobile numbers written with +86, 0086, spaces and dashes', () => {
    for (const t of ['+86 138 1234 5678', '+8613812345678', '0086-138-1234-5678', '138-1234-5678', '86 13812345678'])
      expect(found(`电话${t}。`), t).toEqual([['cn_mobile', t]]);
  });
  it('S3.1: finds landlines with area codes, parentheses and extensions', () => {
    for (const t of ['010-62345678', '(0755)88889999', '（0755）88889999', '0571 8888 9999', '021-52345678-801'])
      expect(found(`座机${t}。`), t).toEqual([['cn_landline', t]]);
  });
  it('S3.1: decides a resident ID by its check character; a wrong one is valid:false at 0.4, hidden by default', () => {
    expect(scan(`身份证${ID}。`)).toEqual([{ type: 'cn_resident_id', start: 3, end: 21, confidence: 0.99, valid: true }]);
    const bad = wrongCheckId(prng(3));
    expect(scan(`身份证${bad}。`)).toEqual([]);
    expect(scan(`身份证${bad}。`, { minConfidence: 0.3 })).toEqual([{ type: 'cn_resident_id', start: 3, end: 21, confidence: 0.4, valid: false }]);
  });
  it('S3.1: finds legacy 15-digit IDs (no check character) at lower confidence', () => {
    const f = scan('老身份证110105491231002');
    expect(f).toMatchObject([{ type: 'cn_resident_id', confidence: 0.65 }]);
    expect(f[0]!.valid).toBeUndefined();
  });
  it('S3.1: finds USCC codes and bank cards by their check characters', () => {
    expect(found(`税号${USCC}，卡号${CARD}`)).toEqual([['cn_uscc', USCC], ['bank_card', CARD]]);
    expect(found('卡号6222 0212 3456 7890 128')).toEqual([['bank_card', '6222 0212 3456 7890 128']]);
    expect(found('卡号6222021234567890129')).toEqual([]); // Luhn fails
  });
  it('S3.1: an ID that also passes Luhn is reported once, as an ID', () => {
    fc.assert(
      fc.property(fc.integer(), (seed) => {
        const id = residentId(prng(seed));
        const f = scan(`号码${id}`, { minConfidence: 0 });
        return f.length === 1 && f[0]!.type === 'cn_resident_id' && scan(id, { types: ['bank_card'] }).length === 0;
      }),
      { numRuns: 300 },
    );
  });
  it('S3.1: passports and permits, more confident after their cue word', () => {
    expect(scan('护照E12345678')[0]).toMatchObject({ type: 'cn_passport', confidence: 0.9 });
    expect(scan('号码E12345678')[0]).toMatchObject({ type: 'cn_passport', confidence: 0.7 });
    expect(found('港澳通行证C12345678，回乡证H12345678，台胞证12345678')).toEqual([
      ['hk_macau_permit', 'C12345678'],
      ['hk_macau_permit', 'H12345678'],
      ['tw_permit', '12345678'],
    ]);
    expect(found('编号12345678')).toEqual([]);
    expect(found('港澳通行证12345678')).toEqual([]);
  });
});

describe('plates, network identifiers, chat accounts, addresses, names', () => {
  it('S3.1: finds QQ numbers and WeChat IDs after their names (通信通讯联系方式)', () => {
    expect(found('QQ号：12345678，微信号：zhang_san-88')).toEqual([['qq', '12345678'], ['wechat_id', 'zhang_san-88']]);
    expect(found('加我qq 987654321，微信idol_2020')).toEqual([['qq', '987654321'], ['wechat_id', 'idol_2020']]);
    expect(found('工号12345678，微信支付成功，QQ音乐')).toEqual([]);
    expect(found('微信13812345678')).toEqual([['cn_mobile', '13812345678']]);
    // a dotted user name or an e-mail after 微信 is no WeChat ID, and no prefix of it is one either
    expect(found('微信号：putle8.k1z 或 微信 abc_123@example.com')).toEqual([['email', 'abc_123@example.com']]);
  });
  it('S4.2.2: finds ordinary, new-energy and special licence plates', () => {
    for (const p of ['粤B12345', '京A·12345', '粤BD12345', '沪A12345F', '京A1234警', '苏E1234学', '川A1234挂', '使123456', '使014·578'])
      expect(found(`车牌${p}入场`), p).toEqual([['cn_plate', p]]);
    expect(found('京AI2345')).toEqual([]); // I is never used on plates
    expect(found('京A0000')).toEqual([]); // four serials need their tail character (fast-check found this at the end of text)
  });
  it('S3.1: finds email, IPv4 and IPv6 addresses with exact boundaries', () => {
    expect(found('邮箱zhang.san+vip@mail.example.com.cn。')).toEqual([['email', 'zhang.san+vip@mail.example.com.cn']]);
    expect(found('登录IP 192.168.1.10，来源2001:db8::8a2e:370:7334')).toEqual([
      ['ipv4', '192.168.1.10'],
      ['ipv6', '2001:db8::8a2e:370:7334'],
    ]);
    expect(scan('见4.2.1.1条')).toEqual([]); // section numbers: reported at 0.3 only
    expect(scan('见4.2.1.1条', { minConfidence: 0 })).toMatchObject([{ type: 'ipv4', confidence: 0.3 }]);
    for (const t of ['1.2.3.4.5', '256.1.1.1', 'v1.2.3.4', '12:30:45', '00:1A:2B:3C:4D:5E', 'a@b', 'x@localhost']) expect(found(t), t).toEqual([]);
  });
  it('P5: finds addresses from GB/T 2260 division names plus street detail', () => {
    expect(found('寄到广东省深圳市南山区科技园路123号A栋1201室，谢谢')).toEqual([['cn_address', '广东省深圳市南山区科技园路123号A栋1201室']]);
    expect(found('地址：深圳南山区粤海街道1号')).toEqual([['cn_address', '深圳南山区粤海街道1号']]);
    expect(found('我住在科技园路88号')).toEqual([['cn_address', '科技园路88号']]);
    expect(found('送到阳光小区5栋2单元301，谢谢')).toEqual([['cn_address', '阳光小区5栋2单元301']]);
    expect(found('北京烤鸭很好吃，南京路步行街很热闹')).toEqual([]);
  });
  it('P5: finds names after cue words and before 先生/女士, with lower confidence', () => {
    expect(found('收件人：欧阳娜娜，电话13812345678')).toEqual([['person_name', '欧阳娜娜'], ['cn_mobile', '13812345678']]);
    expect(found('收件人张三电话13812345678')).toEqual([['person_name', '张三'], ['cn_mobile', '13812345678']]);
    expect(found('张伟先生您好')).toEqual([['person_name', '张伟']]);
    expect(found('请王女士到前台')).toEqual([['person_name', '王']]);
    expect(found('您好，我是刘洋，订单还没到')).toEqual([['person_name', '刘洋']]);
    expect(found('我是新用户，我是学生')).toEqual([]);
    expect(found('本文件主要起草人:杨青松、刘朝俊、杜涛')).toEqual([['person_name', '杨青松'], ['person_name', '刘朝俊'], ['person_name', '杜涛']]);
    expect(found('联系人王芳、电话13812345678')).toEqual([['person_name', '王芳'], ['cn_mobile', '13812345678']]);
    for (const f of scan('姓名：李四')) expect(f.confidence).toBeLessThan(0.9);
  });
});

describe('results', () => {
  it('S3.1: offsets are exact UTF-16 offsets next to emoji and astral characters', () => {
    const atoms = ['😀', '𠀀', '谢谢', ' ', '，', '👍🏽', 'é'];
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...atoms), { maxLength: 6 }), fc.array(fc.constantFrom(...atoms), { maxLength: 6 }), fc.integer(), (pre, post, seed) => {
        const id = residentId(prng(seed));
        const text = pre.join('') + '身份证' + id + post.join('');
        const f = scan(text);
        return f.length === 1 && text.slice(f[0]!.start, f[0]!.end) === id;
      }),
    );
  });
  it('findings are sorted, disjoint, inside the text and in [0, 1] for any input', () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom(...'0123456789１３８ -+.:@()（）xX京A使路号栋小市区省先生收件人张王、微信QqE_😀aZ，'.split('')), maxLength: 80 }), (text) => {
        const f: Finding[] = scan(text, { minConfidence: 0 });
        for (let i = 0; i < f.length; i++) {
          const x = f[i]!;
          if (x.start < 0 || x.end > text.length || x.start >= x.end || x.confidence < 0 || x.confidence > 1) return false;
          if (!PII_TYPES.includes(x.type)) return false;
          if (i > 0 && f[i - 1]!.end > x.start) return false;
        }
        return true;
      }),
      { numRuns: 2000 },
    );
  });
  it('an email that contains a mobile number is one email finding', () => {
    expect(found('13812345678@qq.com')).toEqual([['email', '13812345678@qq.com']]);
  });
  it('types narrows the result; minConfidence drops the less certain', () => {
    const t = `张伟先生，手机13812345678，身份证${ID}`;
    expect(found(t, { types: ['cn_mobile'] })).toEqual([['cn_mobile', '13812345678']]);
    expect(found(t, { minConfidence: 0.95 })).toEqual([['cn_resident_id', ID]]);
  });
  it('rejects bad options with INVALID_ARGUMENT naming the option, never the text', () => {
    const secret = '13812345678';
    const cases: Array<[() => unknown, string]> = [
      [() => scan(secret, { types: ['phone' as never] }), 'types'],
      [() => scan(secret, { minConfidence: 2 }), 'minConfidence'],
      [() => scan(secret, { minConfidence: Number.NaN }), 'minConfidence'],
      [() => scan(42 as unknown as string), 'text'],
    ];
    for (const [f, field] of cases) {
      try {
        f();
        expect.unreachable();
      } catch (e) {
        expect(isCustodiaError(e, 'INVALID_ARGUMENT')).toBe(true);
        expect((e as { field: string }).field).toBe(field);
        expect((e as Error).message).not.toContain(secret);
      }
    }
  });
});

describe('the seed standard (T/CCAGM 002-2021)', () => {
  // Its foreword and section 4.2, verbatim from shared/seeds: drafters' names, dates, section numbers.
  const FOREWORD =
    'T/CCAGM 0022021 II 前言 本文件按照GB/T 1.12020标准化工作导则 第1部分:标准化文件的结构和起草规则的规定起草。' +
    '本文件由中国百货商业协会提出并归口。本文件起草单位:中国百货商业协会、大商集团天狗网、王府井集团股份有限公司、' +
    '英特尔(中国)有限公司、汇纳科技股份有限公司、北京数衍科技有限公司、杭州有赞科技有限公司 ' +
    '本文件主要起草人:杨青松、刘朝俊、杜涛、顾峻峰、黄灏、张俊峰、赵丹丹、苏有余、张蕾 T/CCAGM 0022021 1 ' +
    '2021-10-14 发布 2021-11-14 实施 4.2.1.1 App 注册 零售商开发本企业App，4.2.2.6 停车支付 顾客在零售商自建停车场停车';
  it('S3.1: finds the drafters named in its foreword and nothing else', () => {
    expect(found(FOREWORD)).toEqual(['杨青松', '刘朝俊', '杜涛', '顾峻峰', '黄灏', '张俊峰', '赵丹丹', '苏有余', '张蕾'].map((n) => ['person_name', n]));
  });
});

describe('documented examples (docs/detect.md, JSDoc)', () => {
  it('hold as written', async () => {
    const { redact } = await import('../../src/detect/index.js');
    expect(scan('电话13812345678谢谢，身份证11010519491231002X')).toEqual([
      { type: 'cn_mobile', start: 2, end: 13, confidence: 0.9 },
      { type: 'cn_resident_id', start: 19, end: 37, confidence: 0.99, valid: true },
    ]);
    expect(redact('收件人张三，电话13812345678')).toBe('收件人张*，电话138****5678');
    expect(redact('电话13812345678', { replace: 'tag' })).toBe('电话[CN_MOBILE]');
    expect(redact('卡号6222021234567890128', { replace: (f) => `<${f.type}>` })).toBe('卡号<bank_card>');
    expect(scan('13812345678@qq.com', { types: ['cn_mobile'] })).toEqual([{ type: 'cn_mobile', start: 0, end: 11, confidence: 0.9 }]);
  });
});
