/* global document, window, localStorage */
// The page's logic, shared by the no-bundler page (index.html, import map onto dist/) and
// the esbuild bundle (build.mjs). Everything happens in the browser: <custodia-consent> shows
// the notice and puts the choice in a hash-chained ledger in IndexedDB, form fields are masked for display and
// tokenized before anything would leave the page, and hashing runs on the WASM core.
import { randomBytes, toHex } from 'custodia';
import { defineConsentElements } from 'custodia/components/web';
import { createLedger, defineNotice } from 'custodia/consent';
import { getBackend, initWasm, sha256, sm3 } from 'custodia/hash';
import { mask } from 'custodia/mask';
import { indexedDbStore } from 'custodia/store/indexeddb';
import { createTokenizer, KeyRing } from 'custodia/tokenize';

export const notice = defineNotice({
  id: 'web-member-privacy',
  version: '2026-01',
  controller: { name: '示例百货股份有限公司', contact: 'privacy@example.cn' },
  purposes: [
    { id: 'membership', description: '会员注册与积分服务', basis: 'contract', categories: ['identity.name', 'contact.mobile'] },
    { id: 'marketing', description: '促销信息推送', categories: ['contact.mobile'], retention: 'P1Y' },
  ],
  categories: ['identity.name', 'contact.mobile', 'identity.residentId'],
  retention: 'P3Y',
  rights: ['query', 'correct', 'delete', 'withdraw'],
  channels: ['website'],
  language: 'zh-CN',
  text: '我们收集您的姓名、手机号码和身份证号用于会员服务；经您同意后向您推送促销信息。您可随时查询、更正、删除个人信息或撤回同意。',
});

const $ = (id) => document.getElementById(id);
const show = (id, text) => ($(id).textContent = text);

// A pseudonymous device subject: never the phone number or the name.
function subjectId() {
  let s = localStorage.getItem('custodia-example-subject');
  if (!s) localStorage.setItem('custodia-example-subject', (s = `u_${toHex(randomBytes(8))}`));
  return s;
}

export async function start() {
  await initWasm();
  show('backend', getBackend());
  show('sha256-abc', toHex(sha256('abc')));

  const store = await indexedDbStore({ name: 'custodia-web-example' });
  const ledger = createLedger({ store, hash: 'sm3' });
  const subject = subjectId();
  // This page's key ring lives only in memory; a real deployment gets tokens from its server's ring.
  const tokenizer = createTokenizer({ keyring: KeyRing.generate(), purpose: 'web-example', fields: { phone: { normalize: 'mobile' } } });

  async function refresh() {
    const records = await ledger.export();
    // An empty ledger proves nothing: verify() throws LOG_EMPTY rather than saying ok.
    const v = records.length === 0 ? undefined : await ledger.verify();
    const state = await ledger.stateOf(subject);
    show('ledger-length', String(records.length));
    show('ledger-verify', v === undefined ? 'empty: nothing to verify' : v.ok ? 'ok' : `broken at ${v.index}: ${v.code}`);
    show('marketing-state', state.purposes.marketing?.status ?? 'none');
  }
  await refresh();

  // The element records the choice in the ledger (evidence: the hash of exactly what it showed).
  defineConsentElements();
  let evidence = '';
  $('consent').configure({ notice, subject, collector: 'web-example-form', responsible: 'privacy-office', ledger });
  $('consent').addEventListener('custodia-done', async (e) => {
    evidence = e.detail.evidence;
    $('form').hidden = false;
    await refresh();
  });

  $('form').addEventListener('submit', async (ev) => {
    ev.preventDefault();
    const name = $('name').value;
    const phone = $('phone').value;
    const id = $('id-card').value;
    show('masked-name', mask.name(name));
    show('masked-phone', mask.phone(phone));
    show('masked-id', mask.idCard(id));
    show('token-phone', tokenizer.pseudonym('phone', phone));
    show('fpe-phone', tokenizer.formatPreserving('phone', phone, { format: 'cn_mobile' }));
    show('sealed-id', `${tokenizer.seal('idCard', id).slice(0, 40)}…`);
    show('evidence-sm3', toHex(sm3(evidence)));
    // The raw values are not kept on the page once processed.
    for (const f of ['name', 'phone', 'id-card']) $(f).value = '';
    await refresh();
    show('status', 'done');
  });
  window.custodiaExample = { ledger, subject, notice };
  show('status', 'ready');
}
