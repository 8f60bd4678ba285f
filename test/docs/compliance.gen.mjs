// Regenerates docs/compliance.md: every clause of ../shared/clauses.tsv (the shared folder beside the checkout) (copied to
// test/docs/clauses.tsv so a clean clone has it) -> the custodia API serving it -> the tests
// whose names start with its id. The API column is curated here; the tests are found in test/.
// Usage: node test/docs/compliance.gen.mjs   (test/docs/compliance.test.ts keeps the result honest)
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const HERE = dirname(fileURLToPath(import.meta.url));
const ROOT = resolve(HERE, '../..');

const API = {
  'P4.1': 'every use goes through `checkPurpose` (custodia/purpose) and is logged with `createAuditLog().append` (custodia/audit); the regular compliance audit of PIPL art. 54 (which has no clause id of its own; this clause is its home): `buildReport` (custodia/report) / `custodia report`, an HTML (and PDF) evidence pack of the live stores with the clause table (docs/report.md)',
  'P4.2': '`defineNotice`, `createLedger().append` with `event: "given"` and the notice reference (custodia/consent); `checkPurpose` answers `NO_CONSENT`',
  'P4.3': '`defineCatalog` (custodia/catalog), `minimumView` (custodia/purpose)',
  'P4.4': '`createTokenizer().seal` (AEAD), `createVault`, `exportKeyRing` (custodia/tokenize); hash-chained ledger and audit log with optional HMAC key',
  'P4.5': '`checkPurpose` → `FIELD_NOT_IN_PURPOSE`; `needsReconsent` (custodia/consent)',
  'P4.6': '`createSubjectData` query / correct / delete (custodia/retention); withdrawal events in the ledger',
  P5: '`listCategories`, `defineCatalog` (custodia/catalog); `scan` finds the kinds in free text (custodia/detect); `custodia scan`',
  P6: 'catalog sensitivity grades; `sensitiveCategories` + `separate` consent; `checkPurpose` → `SEPARATE_CONSENT_REQUIRED`',
  P7: '`channel` on every consent event (`CHANNELS`, custodia/consent)',
  'P8.1': '`defineNotice` (purposes, categories, retention, rights, channels)',
  'P8.2': '`createLedger` (separate consent, withdrawal), `definePurpose({ basic })` cannot rest on consent, `checkPurpose`; the consent components (custodia/components: separate step per sensitive purpose, guardian first under 14, one-tap withdrawal); `proveRecord` + `toConsentReceipt({ proof })` + `verifyConsentReceipt`: a withdrawal the subject can check offline',
  'P8.3': '`defineCatalog().parse` rejects undeclared fields; `minimumView`',
  'P8.4': 'partly: `auditConsentUi` / `assertFairConsentUi` (custodia/components) check a consent UI against the rules software can see (no pre-ticked or bundled purposes, refuse as prominent as agree, notice first, sensitive consent separate with necessity and impact, withdrawal no harder than consent); the `custodia-consent` components run them on themselves and record the `evidence` hash of exactly what was shown. Misleading wording and pressure at the counter stay organisational',
  'P8.5': '`collector`, `responsible`, `evidence`, and for third-party data `source.authorization` on every consent event',
  'P9.1': '`createTokenizer().seal` (XChaCha20-Poly1305, AES-256-GCM-SIV, SM4-GCM), `sm4gcm` (custodia/cipher), wx `encrypt: true`; `custodia keys`',
  'P9.2': '`planRetention`, `createSubjectData().apply` (custodia/retention); `anonymize` (custodia/kanon)',
  'P9.3': 'partly: `residency` tag on every catalog field; the transfer assessment itself is organisational',
  'P9.4': 'partly: key-ring backups are wrapped (`exportKeyRing`, `custodia keys export`); sealed fields stay sealed in any backup; backup operations are organisational',
  P10: 'partly: `responsible` on data-set registrations (`registerDataSet`) and consent events; storage-media rules are organisational',
  'S3.1': '`scan` / `redact` (custodia/detect), `custodia scan`; identifier roles in the catalog',
  'S3.3': 'biometric categories are sensitive and public-security-only in the catalog; `checkPurpose` → `PUBLIC_SECURITY_ONLY`',
  'S3.4': '`tags` category in the catalog',
  'S3.5': '`suppressSmallCounts` (custodia/kanon); `trafficFlow` category',
  'S3.8': '`anonymize`, `anonymizeColumns`, `assessRisk` (custodia/kanon), `kanon/sql`; `custodia kanon`',
  'S3.9': '`createTokenizer` pseudonyms and FPE, `createVault` (custodia/tokenize), `ff1`, `siv` (custodia/cipher)',
  'S4.1.1': '`definePurpose` requires a legal basis (`LEGAL_BASES`) and categories',
  'S4.1.2': 'notices, ledger (`given`, `withdrawn`, `expires`), consent receipts; `checkPurpose` → `CONSENT_EXPIRED`; `createConsentFlow` states necessity and impact on the separate step, `createPreferences().withdraw`',
  'S4.1.3': '`checkPurpose` (use within the declared purpose), `needsReconsent`',
  'S4.1.4': 'partly: the crypto (tokenize, cipher, hash) and tamper-evident logs; supplier agreements are organisational',
  'S4.2.1': 'online channels on consent events; per-permission consent that can be switched off alone',
  'S4.2.2': 'offline channels (`store-counter`, `parking`, ...); optional catalog fields (phone binding voluntary); plates found by `scan`',
  'S5.1': '`createTokenizer` / `hmacBatch` right after collection, `mask`, `redact`, normalize first; `custodia tokenize`, `custodia mask`',
  'S5.2': '`createAuditLog().registerDataSet` with its responsible person; `proveRecord(audit, registration)` in a signed checkpoint',
  'S5.3': '`exportKeyRing` (wrapped), key rotation, `purpose.roles` → `ROLE_NOT_ALLOWED`',
  'S5.4': '`ledger.verify()`, `audit.verify()` with checkpoints; `custodia ledger verify`; the periodic check as a report: `custodia report` / `buildReport` verify both logs (streamed) against the checkpoints given and show the result with consent, use, retention and releases (docs/report.md)',
  'S5.5': 'hash-chained (optionally HMAC) consent ledger and audit log on every store; append-only logs; Merkle tree with inclusion/consistency proofs and signed checkpoints (custodia/merkle: `verifyInclusion`, `verifyConsistency`, `signCheckpointOf`, `verifyCheckpointOf` / `compareCheckpoints` → `SPLIT_VIEW`)',
  'S6.1.1': '`checkPurpose` → `FIELD_NOT_IN_PURPOSE`',
  'S6.1.2': '`needsReconsent`, notice terms hashes → `NOTICE_OUTDATED`',
  'S6.2': '`publicSecurity` purposes; `checkPurpose` → `PUBLIC_SECURITY_ONLY`',
  'S6.3.1': '`checkPurpose` → `MARKETING_UNSUBSCRIBED` for every marketing purpose',
  S7: '`planRetention`, `createSubjectData().delete`, `createVault().forgetSubject` (crypto-shredding), `KeyRing.destroy`',
  S8: 'partly: tamper and crash detection (`verify` names the first bad record; `custodia ledger verify` exits 3); the response plan is organisational',
};

// Clauses with nothing for software to show: listed, not tested.
const ORGANISATIONAL = new Set([]);
// Where custodia now serves more than the shared clause list (clauses.tsv, the lead's) says.
const SERVES = { 'P8.4': 'partly: dark-pattern rules, consent components' };

function walk(dir) {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    return statSync(p).isDirectory() ? walk(p) : /\.(test\.ts|js)$/.test(f) ? [p] : [];
  });
}

/** Test names whose prefix (before the first ': ') lists clause ids. */
export function clauseTests() {
  const byId = new Map();
  const re = /\bit(?:\.\w+(?:\([^)]*\))?)?\(\s*(['"`])((?:[PS][\d.]*\d)(?: \/ (?:[PS][\d.]*\d))*): ((?:(?!\1)[^\\]|\\.)*)\1/g;
  for (const file of walk(join(ROOT, 'test')).sort()) {
    const src = readFileSync(file, 'utf8');
    for (const m of src.matchAll(re)) {
      const name = `${m[2]}: ${m[3]}`;
      for (const id of m[2].split(' / ')) {
        if (!byId.has(id)) byId.set(id, []);
        byId.get(id).push({ file: relative(ROOT, file).replaceAll('\\', '/'), name });
      }
    }
  }
  return byId;
}

export function clauses() {
  return readFileSync(join(HERE, 'clauses.tsv'), 'utf8')
    .trim()
    .split('\n')
    .slice(1)
    .map((l) => {
      const [id, source, summary, serves] = l.split('\t');
      return { id, source, summary, serves };
    });
}

function render() {
  const tests = clauseTests();
  const out = [
    '# Compliance matrix',
    '',
    'Every clause of the two seed texts (`company-customer-data-policy.zh.txt`, "policy", and',
    'T/CCAGM 002-2021 零售企业顾客信息管理规范, "standard"), by its id in `test/docs/clauses.tsv`:',
    'what custodia offers for it, and the tests that show it (test names start with the clause id, so',
    '`npx vitest run -t "S5.1"` runs them). Clauses marked *organisational* need people and process,',
    'not code. `test/docs/compliance.test.ts` checks that every clause is here and every test named',
    'here exists. Regenerate the test lists with `node test/docs/compliance.gen.mjs`.',
    '',
    '| id | source | clause | custodia | tests |',
    '|---|---|---|---|---:|',
  ];
  const all = clauses();
  for (const c of all) out.push(`| [${c.id}](#${c.id.replaceAll('.', '').toLowerCase()}) | ${c.source} | ${c.summary} | ${ORGANISATIONAL.has(c.id) ? '*organisational*' : (SERVES[c.id] ?? c.serves).replace(/^(yes|partly): /, (_, y) => (y === 'partly' ? 'partly: ' : ''))} | ${(tests.get(c.id) ?? []).length} |`);
  out.push('');
  for (const c of all) {
    out.push(`## ${c.id}`, '', `**${c.source}** — ${c.summary}.`, '', `Served by: ${API[c.id] ?? '(not mapped)'}.`, '');
    const ts = tests.get(c.id) ?? [];
    if (ORGANISATIONAL.has(c.id)) out.push('Organisational only: no test.', '');
    else if (!ts.length) out.push('Shown by: no test yet.', '');
    else {
      out.push('Shown by:', '');
      for (const t of ts) out.push(`- \`${t.file}\` — ${t.name}`);
      out.push('');
    }
  }
  return out.join('\n');
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  writeFileSync(join(ROOT, 'docs/compliance.md'), render());
  console.log('wrote docs/compliance.md');
}
