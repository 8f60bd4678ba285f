// Valid calls the fuzzer starts from: instances whose methods it drives, and argument lists of
// which it makes one argument hostile, so checks deeper than the first typeof are reached too.
import { defineCatalog } from '../../src/catalog/index.js';
import { ff1, siv, sm4, sm4gcm } from '../../src/cipher/index.js';
import { createLedger } from '../../src/consent/index.js';
import { createAuditLog } from '../../src/audit/index.js';
import { createHash } from '../../src/hash/index.js';
import { createMerkleLog, generateNoteKey, noteSigner, signCheckpoint } from '../../src/merkle/index.js';
import { intervals } from '../../src/kanon/index.js';
import { createSubjectData } from '../../src/retention/index.js';
import { memoryStore } from '../../src/store/index.js';
import { createTokenizer, createVault, exportKeyRing, KeyRing } from '../../src/tokenize/index.js';

const ring = KeyRing.generate();
const kek = new Uint8Array(32).fill(7);
const tokenizer = createTokenizer({ keyring: ring, purpose: 'crm', fields: { phone: { normalize: 'mobile' } } });
const catalog = defineCatalog({ fields: { phone: { category: 'contact.mobile' }, name: { category: 'identity.name' } } });
const event = {
  subject: 'u_8f3a', event: 'withdrawn', purposes: ['marketing'], method: 'unsubscribe', channel: 'app',
  collector: 'app-settings', responsible: 'crm-owner', at: '2026-01-01T00:00:00Z',
};
const rows = [{ age: '31', zip: '200030' }, { age: '35', zip: '200031' }, { age: '36', zip: '200032' }];

const noteKey = generateNoteKey('example.com/log');
const signedCheckpoint = signCheckpoint({ origin: 'example.com/log', size: 1, root: new Uint8Array(32) }, [noteKey.signerKey]);

export const VALID: Record<string, unknown[][]> = {
  importKeyRing: [],
  exportKeyRing: [[ring, { kek }]],
  'tokenizer.pseudonym': [['phone', '13812345678']],
  'tokenizer.formatPreserving': [['phone', '13812345678', { format: 'cn_mobile' }]],
  'tokenizer.seal': [['id', 'x']],
  'tokenizer.open': [['id', tokenizer.seal('id', 'x')]],
  'tokenizer.reveal': [['phone', tokenizer.formatPreserving('phone', '13812345678', { format: 'cn_mobile' }), { format: 'cn_mobile' }]],
  'ledger.append': [[event]],
  'audit.append': [[{ operator: 'staff_17', role: 'crm', purpose: 'marketing', action: 'read', fields: ['phone'] }]],
  maskAs: [['phone', '13812345678']],
  maskWith: [['6222021234567890', { keepStart: 4, keepEnd: 4 }]],
  scan: [['张三 13812345678', { types: ['cn_mobile'] }]],
  redact: [['张三 13812345678']],
  anonymize: [[rows, { quasiIdentifiers: { age: intervals({ min: 0, max: 99, widths: [10] }) }, k: 2 }]],
  intervals: [[{ min: 0, max: 99, widths: [5, 10] }]],
  categorical: [[{ North: ['Beijing', 'Tianjin'], South: ['Guangzhou'] }]],
  addDuration: [[new Date(0), 'P1Y']],
  parseDuration: [['P1Y6M']],
  defineCatalog: [[{ fields: { phone: { category: 'contact.mobile' } } }]],
  'catalog.parse': [[{ phone: '13812345678', name: '张三' }]],
  ff1: [[new Uint8Array(32), { alphabet: '0123456789', tweak: 'order' }]],
  'ff1cipher.encrypt': [['13812345678']],
  hmac: [['sha256', new Uint8Array(32), 'x']],
  hmacBatch: [['sha256', new Uint8Array(32), ['a', 'b']]],
  hashPassword: [['pw', { memoryCost: 256, timeCost: 1 }]],
  normalizeAs: [['mobile', '13812345678']],
  sm4gcm: [[new Uint8Array(16), new Uint8Array(12)]],
  'merkleLog.inclusionProof': [[1, 3]],
  'merkleLog.consistencyProof': [[1, 3]],
  verifyInclusion: [['sha256', 0, 1, new Uint8Array(32), [], new Uint8Array(32)]],
  signNote: [['note\n', [noteKey.signerKey]]],
  openNote: [[signedCheckpoint, [noteKey.verifierKey]]],
  openCheckpoint: [[signedCheckpoint, [noteKey.verifierKey], { origin: 'example.com/log' }]],
  parseCheckpoint: [['example.com/log\n1\n' + 'A'.repeat(43) + '=\n']],
  formatCheckpoint: [[{ origin: 'example.com/log', size: 1, root: new Uint8Array(32) }]],
  compareCheckpoints: [[{ origin: 'o', size: 1, root: new Uint8Array(32) }, { origin: 'o', size: 2, root: new Uint8Array(32) }, [new Uint8Array(32)], { hash: 'sm3' }]],
  generateNoteKey: [['example.com/log', 'sm2']],
  noteSigner: [[[noteKey.signerKey]]],
  signCheckpointOf: [[createLedger({ store: memoryStore() }), { origin: 'example.com/log', signer: noteSigner([noteKey.signerKey]) }]],
  consistencyProofOf: [[createLedger({ store: memoryStore() }), 1, 1]],
  verifyConsistency: [['sha256', 1, 2, [new Uint8Array(32)], new Uint8Array(32), new Uint8Array(32)]],
};

/** Instances, built lazily (the export below is awaited by the test, never at import). */
export async function instances(): Promise<Record<string, object>> {
  VALID['importKeyRing']!.push([await exportKeyRing(ring, { kek }), { kek }]);
  const store = memoryStore();
  const ledger = createLedger({ store });
  const audit = createAuditLog({ store: memoryStore() });
  const merkleLog = createMerkleLog({ store: memoryStore(), log: 'm' });
  await merkleLog.appendMany(['a', 'b', 'c']);
  return {
    ring,
    tokenizer,
    vault: createVault({ keyring: ring }),
    ledger,
    audit,
    store,
    catalog,
    subjectData: createSubjectData({ store: memoryStore(), catalog, ledger, audit }),
    ff1cipher: ff1(new Uint8Array(32), { alphabet: '0123456789' }),
    siv: siv(new Uint8Array(64)),
    sm4: sm4(new Uint8Array(16)),
    sm4gcm: sm4gcm(new Uint8Array(16), new Uint8Array(12)),
    hasher: createHash('sha256'),
    merkleLog,
    hierarchy: intervals({ min: 0, max: 99, widths: [10] }),
  };
}

/** Parameters that only name a field in error messages (by position): the fuzzer passes API words there. */
export const LABELS: Record<string, number[]> = {
  toBytes: [1], normalizeMobile: [1], normalizeEmail: [1], normalizeName: [1], normalizeDigits: [1], normalizeAs: [2], parseDuration: [1], parseWith: [2], 'new ValidationError': [0],
};

/** Targets that still let a non-CustodiaError out or echo input (issue 16 item 4, open work). */
export const KNOWN_FAILING = new Set<string>([]);
