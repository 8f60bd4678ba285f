// Presidio's extensibility: recognizers, deny and allow lists, context rules, per-type thresholds.
import { describe, expect, it } from 'vitest';
import { redact, scan, type Recognizer } from '../../src/detect/index.js';
import { isCustodiaError } from '../../src/errors/index.js';
import { luhn } from '../../src/detect/_checks.js';

const pairs = (t: string, fs: Array<{ type: string; start: number; end: number }>) => fs.map((f) => `${f.type}:${t.slice(f.start, f.end)}`);

describe('custom recognizers and lists', () => {
  const member: Recognizer<'member_id'> = { type: 'member_id', pattern: /M\d{9}/, validate: (m) => luhn(m.slice(1)), score: 0.45, context: ['会员'], contextBoost: 0.3 };
  const body = '00000001';
  const good = `M${body}${[...'0123456789'].find((d) => luhn(body + d))}`;
  const bad = `M${body}${[...'0123456789'].find((d) => !luhn(body + d))}`;

  it('S3.1: a recognizer reports validated matches; its context words lift the score over the threshold', () => {
    expect(pairs(`会员号${good}`, scan(`会员号${good}`, { recognizers: [member] }))).toEqual([`member_id:${good}`]);
    expect(scan(`编号${good}`, { recognizers: [member] })).toEqual([]); // 0.45 without 会员
    expect(scan(`编号${good}`, { recognizers: [member], minConfidence: 0.4 })[0]!.confidence).toBe(0.45);
    expect(scan(`会员号${bad}`, { recognizers: [member] })).toEqual([]); // validator says no
  });

  it('S3.1: a deny list (staff and store names) is reported, an allow list never', () => {
    const t = '店员小美说门店热线13800138000已开通，王经理也在';
    const f = scan(t, { deny: [{ type: 'person_name', words: ['小美'] }, { type: 'store', words: ['门店热线'], score: 0.7 }], allow: ['13800138000'] });
    expect(pairs(t, f)).toEqual(['person_name:小美', 'store:门店热线']);
    expect(redact(t, { deny: [{ type: 'person_name', words: ['小美'] }], allow: [/138\d{8}/], replace: 'tag' })).toBe('店员[PERSON_NAME]说门店热线13800138000已开通，王经理也在');
  });

  it('S3.1: context words lower or raise built-in scores; per-type thresholds replace minConfidence', () => {
    const t = '订单号 13812345678 已发货';
    expect(pairs(t, scan(t))).toEqual(['cn_mobile:13812345678']);
    expect(scan(t, { context: [{ types: ['cn_mobile'], words: ['订单号'], boost: -0.5 }] })).toEqual([]);
    const card = '编号6222021234567890128';
    expect(scan(card, { types: ['bank_card'] })).toHaveLength(1);
    expect(scan(card, { types: ['bank_card'], thresholds: { bank_card: 0.95 } })).toEqual([]);
    const weak = '号码622202123456789012'; // Luhn-valid? only if it is; the threshold decides either way
    expect(scan(weak, { thresholds: { bank_card: 0 }, types: ['bank_card'] }).length).toBe(luhn('622202123456789012') ? 1 : 0);
    expect(scan('致电13812345678', { context: [{ words: ['致电'], boost: 0.05 }] })[0]!.confidence).toBe(0.95);
  });

  it('S3.1: bad options are INVALID_ARGUMENT naming the option, never echoing it', () => {
    const bad = [
      { recognizers: [{ type: 'x', pattern: '13812345678' }] },
      { recognizers: [{ type: '', pattern: /x/ }] },
      { deny: [{ type: 'person_name', words: ['张三丰', ''] }] },
      { allow: [13812345678] },
      { context: [{ words: ['x'], boost: 2 }] },
      { thresholds: { cn_mobile: 1.5 } },
    ];
    for (const o of bad) {
      let err: unknown;
      try {
        scan('张三丰 13812345678', o as never);
      } catch (e) {
        err = e;
      }
      expect(isCustodiaError(err, 'INVALID_ARGUMENT'), JSON.stringify(Object.keys(o))).toBe(true);
      expect((err as Error).message).not.toMatch(/13812345678|张三丰/);
    }
  });
});
