// Spans: the whole written form of a number or address, as a person would mark it.
import { describe, expect, it } from 'vitest';
import { scan } from '../../src/detect/index.js';
import { normalizeMobile } from '../../src/normalize/index.js';

const found = (t: string) => scan(t).map((f) => `${f.type}:${t.slice(f.start, f.end)}`);

describe('spans', () => {
  it('S3.1: a (+86) prefix belongs to the mobile number', () => {
    expect(found('电话(+86) 130 1234 5678谢谢')).toEqual(['cn_mobile:(+86) 130 1234 5678']);
    expect(found('电话(+86)13012345678')).toEqual(['cn_mobile:(+86)13012345678']);
    expect(found('call +86 138 1234 5678 now')).toEqual(['cn_mobile:+86 138 1234 5678']);
  });

  it('S3.1: every grouping normalizeMobile accepts is found (1898425 5986, 153.6899.0388)', () => {
    for (const m of ['1898425 5986', '153.6899.0388', '138 1234 5678', '138 12345678', '1381 234 5678']) {
      expect(normalizeMobile(m)).toMatch(/^1\d{10}$/);
      expect(found(`手机${m}，谢谢`)).toEqual([`cn_mobile:${m}`]);
    }
    expect(found('版本153.6899.0388.1')).toEqual([]);
  });

  it('S3.1: addresses: estates named 公寓, 都 inside a name, door numbers after any road suffix, cities the data does not know', () => {
    expect(found('住在阳光公寓5栋302')).toEqual(['cn_address:阳光公寓5栋302']);
    expect(found('成都市成都街12号')).toEqual(['cn_address:成都市成都街12号']);
    expect(found('地址：吉南市许栋37号 公寓 592，')).toEqual(['cn_address:吉南市许栋37号 公寓 592']);
    expect(found('寄到陕西省上沙市丁侬11335号')).toEqual(['cn_address:陕西省上沙市丁侬11335号']);
    expect(found('下个月3号发货，第12号窗口')).toEqual([]);
  });
});
