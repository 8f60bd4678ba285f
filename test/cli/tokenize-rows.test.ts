// The batch path of `custodia tokenize`: pseudonym columns through one batch HMAC call, and a
// batch with a bad value gives exactly what tokenizing row by row gives.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { batchTokenizer, type TokenizeSpec } from '../../src/cli/_tokenizeRows.js';
import { createTokenizer, KeyRing } from '../../src/tokenize/index.js';

const ring = KeyRing.generate();
const spec: TokenizeSpec = {
  columns: [
    { column: 'phone', mode: 'pseudonym', normalize: 'mobile' },
    { column: 'email', mode: 'pseudonym', normalize: 'email' },
  ],
  purpose: 'crm',
  hash: 'sha256',
};
const t = createTokenizer({ keyring: ring, purpose: 'crm', fields: { phone: { normalize: 'mobile' }, email: { normalize: 'email' } } });

// Row by row, as the CLI did before batching: the first bad field of a row fails it.
function oneByOne(row: Record<string, string>) {
  const out = { ...row };
  for (const c of spec.columns) {
    const v = row[c.column];
    if (v === undefined || v === '') continue;
    try {
      out[c.column] = t.pseudonym(c.column, v);
    } catch (e) {
      return { failure: { field: c.column, code: (e as { code: string }).code } };
    }
  }
  return out;
}

const phone = fc.oneof(fc.constantFrom('13812345678', '+86 139 1234 5678', '', 'not-a-phone'), fc.stringMatching(/^1[3-9]\d{9}$/));
const email = fc.oneof(fc.constantFrom('a@example.cn', 'Zhang.San@Example.COM', '', 'no at sign'), fc.emailAddress());

describe('batchTokenizer', () => {
  it('S5.1: gives what row-by-row tokenizing gives, bad rows included, whatever their place in the batch', () => {
    const run = batchTokenizer(ring, spec);
    fc.assert(
      fc.property(fc.array(fc.record({ phone, email, note: fc.string() }), { maxLength: 40 }), (rows) => {
        // A good row's result holds the tokenized columns; the CLI writes them over the record.
        const got = run(rows).map((r, i) => ('failure' in r && typeof r.failure === 'object' ? { failure: { field: r.failure.field, code: r.failure.code } } : { ...rows[i], ...r }));
        expect(got).toEqual(rows.map(oneByOne));
      }),
      { numRuns: 200 },
    );
  });

  it('names the field and code of a bad value, never the value', () => {
    const [ok, bad] = batchTokenizer(ring, spec)([{ phone: '13812345678', email: 'a@example.cn' }, { phone: '13812345678', email: 'zhangsan-at-example' }]);
    expect(ok).toEqual({ phone: t.pseudonym('phone', '13812345678'), email: t.pseudonym('email', 'a@example.cn') });
    expect(bad).toMatchObject({ failure: { field: 'email' } });
    expect(JSON.stringify(bad)).not.toContain('zhangsan');
  });
});
