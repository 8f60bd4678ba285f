// Issue 4 / policy art. 9: an error names the field and the rule, never the personal data. One
// table of error paths across every module, each fed real-looking personal data; the data must
// not appear in the message, the stack, the cause chain, String(e) or JSON.stringify(e).
import { describe, expect, it } from 'vitest';
import { fromBase64, fromHex, utf8Decode } from '../../src/bytes/index.js';
import { defineCatalog, parseWith } from '../../src/catalog/index.js';
import { ff1, siv } from '../../src/cipher/index.js';
import { consentEventSchema } from '../../src/consent/index.js';
import { isCustodiaError } from '../../src/errors/index.js';
import { hmac } from '../../src/hash/index.js';
import { anonymize, intervals } from '../../src/kanon/index.js';
import { mask } from '../../src/mask/index.js';
import { normalizeAs } from '../../src/normalize/index.js';
import { createTokenizer, createVault, KeyRing } from '../../src/tokenize/index.js';

const PHONE = '13812345678';
const ID = '11010519491231002X';
const NAME = '张三丰';
const EMAIL = 'zhang.sanfeng@example.cn';
const CARD = '6222021234567890128';
const ADDRESS = '上海市徐汇区漕溪北路88号';
const SECRETS = [PHONE, ID, NAME, EMAIL, CARD, ADDRESS, '1381234567', '110105194912310021', 'zhang.sanfeng'];

const ring = KeyRing.generate();
const t = createTokenizer({ keyring: ring, fields: { phone: { normalize: 'mobile' } } });
const rotated = KeyRing.generate();
const tr = createTokenizer({ keyring: rotated });
const oldToken = tr.formatPreserving('phone', PHONE, { format: 'cn_mobile' });
rotated.rotate();
const catalog = defineCatalog({ fields: { name: { category: 'identity.name' }, phone: { category: 'contact.mobile' }, idNo: { category: 'identity.residentId' }, email: { category: 'contact.email' } } });

const cases: Array<[string, () => unknown]> = [
  ['normalize mobile: too short', () => normalizeAs('mobile', '1381234567')],
  ['normalize id_number: wrong check character', () => normalizeAs('id_number', '110105194912310021')],
  ['normalize email: no @', () => normalizeAs('email', 'zhang.sanfeng#example.cn')],
  ['tokenize pseudonym: value does not normalize', () => t.pseudonym('phone', '1381234567')],
  ['tokenize FPE cn_mobile: wrong length', () => t.formatPreserving('phone', '1381234567', { format: 'cn_mobile' })],
  ['tokenize FPE cn_resident_id: wrong check character', () => t.formatPreserving('id', '110105194912310021', { format: 'cn_resident_id' })],
  ['tokenize FPE bank_card: letters', () => t.formatPreserving('card', `${CARD}${NAME}`, { format: 'bank_card' })],
  ['tokenize FPE email: local part too short', () => t.formatPreserving('email', `${NAME}@example.cn`, { format: 'email' })],
  ['tokenize reveal: rotated ring without key id', () => tr.reveal('phone', oldToken, { format: 'cn_mobile' })],
  ['tokenize open: tampered envelope', () => t.open('id', t.seal('id', ID).slice(0, -4) + 'AAAA')],
  ['tokenize open: envelope of another field', () => t.open('phone', t.seal('id', ID))],
  ['tokenize open: not an envelope (the value itself)', () => t.open('id', ID)],
  ['cipher ff1: character outside the alphabet', () => ff1(new Uint8Array(32), { alphabet: '0123456789' }).encrypt(`${PHONE}${NAME}`)],
  ['cipher siv: modified ciphertext', () => { const s = siv(new Uint8Array(64)); const c = s.encrypt(new TextEncoder().encode(ADDRESS)); c[20]! ^= 1; return s.decrypt(c); }],
  ['hash hmac: key is the data', () => hmac('sha256', PHONE as unknown as Uint8Array, ID)],
  ['bytes fromHex: the phone with a letter', () => fromHex(`${PHONE}x`)],
  ['bytes fromBase64: the ID with punctuation', () => fromBase64(`${ID}!`)],
  ['bytes utf8Decode: broken UTF-8 after a name', () => utf8Decode(new Uint8Array([...new TextEncoder().encode(NAME), 0xff]))],
  ['mask: not a string', () => mask.phone(Number(PHONE) as unknown as string)],
  ['catalog parse: every field wrong', () => catalog.parse({ name: 42, phone: '1381234567', idNo: '110105194912310021', email: 'zhang.sanfeng', [PHONE]: ADDRESS })],
  ['catalog parse: personal data as an undeclared key', () => catalog.parse({ [EMAIL]: NAME, [ADDRESS]: CARD })],
  ['consent event: subject is a phone, bad event kind', () => parseWith(consentEventSchema(), { subject: PHONE, event: NAME, purposes: [EMAIL], at: ID }, 'consent event')],
  ['kanon: a value missing from its hierarchy', () => anonymize([{ age: '30', name: NAME }, { age: ID, name: NAME }], { quasiIdentifiers: { age: intervals({ min: 0, max: 99, widths: [10] }) }, k: 2 })],
  ['kanon: ARX-style hierarchy missing a phone', () => anonymize([{ phone: PHONE }, { phone: '13912345678' }], { quasiIdentifiers: { phone: [['13912345678', '139*', '*']] }, k: 2 })],
];

function everyText(e: unknown, seen = new Set<unknown>()): string {
  if (e === null || e === undefined || seen.has(e)) return '';
  seen.add(e);
  if (typeof e !== 'object') return String(e);
  const o = e as { message?: unknown; stack?: unknown; cause?: unknown };
  let json: string;
  try {
    json = JSON.stringify(e);
  } catch {
    json = '';
  }
  return [String(e), o.message, o.stack, json, everyText(o.cause, seen)].join('\n');
}

describe('no personal data in errors', () => {
  it.each(cases)('%s', (_name, fn) => {
    let caught: unknown;
    try {
      fn();
    } catch (e) {
      caught = e;
    }
    expect(isCustodiaError(caught), String(caught)).toBe(true);
    const text = everyText(caught);
    for (const s of SECRETS) expect(text, `${(caught as Error).message}`).not.toContain(s);
  });

  it('the vault: unknown and malformed tokens carrying a phone number', async () => {
    const vault = createVault({ keyring: ring });
    for (const token of [`vt_${PHONE}`, PHONE, `vt_${ID}`]) {
      const e = await vault.detokenize(token).then(() => undefined, (x: unknown) => x);
      expect(isCustodiaError(e)).toBe(true);
      for (const s of SECRETS) expect(everyText(e)).not.toContain(s);
    }
  });
});
