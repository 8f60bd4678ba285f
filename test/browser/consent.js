/* global document, window, location, URLSearchParams */
// Mounts <custodia-consent> (and, on ?prefs, <custodia-preferences>) with a ledger on the
// IndexedDB store (or, with ?endpoint=URL, posting the events there); ?lang=en, ?birth=YYYY-MM-DD
// and ?db=NAME set the rest. Results land on window.
import { createLedger, defineNotice } from 'custodia/consent';
import { defineConsentElements } from 'custodia/components/web';
import { indexedDbStore } from 'custodia/store/indexeddb';

const q = new URLSearchParams(location.search);
const locale = q.get('lang') === 'en' ? 'en' : 'zh-CN';
document.documentElement.lang = locale;
const notice = defineNotice({
  id: 'web-member-privacy', version: '2026-12',
  controller: { name: '示例百货股份有限公司', contact: 'privacy@example.cn' },
  purposes: [
    { id: 'membership', description: locale === 'en' ? 'Membership and points' : '会员注册与积分服务', basis: 'contract', categories: ['identity.name', 'contact.mobile'] },
    { id: 'marketing', description: locale === 'en' ? 'Promotions by SMS' : '促销短信推送', categories: ['contact.mobile', 'transaction.history'], retention: 'P1Y' },
    { id: 'face-pay', description: locale === 'en' ? 'Pay by face' : '刷脸支付', categories: ['biometric.face'], retention: 'P1Y' },
  ],
  categories: ['identity.name', 'contact.mobile', 'transaction.history', 'biometric.face'], retention: 'P3Y',
  rights: ['query', 'correct', 'delete', 'withdraw'], channels: ['website'], language: locale,
  text: locale === 'en'
    ? 'We collect your name and mobile number for membership. With your consent we send promotions, and with your separate consent we use your face for payment. You may access, correct or delete your information and withdraw consent at any time.'
    : '我们收集您的姓名和手机号码用于会员服务；经您同意后向您推送促销短信；经您单独同意后使用您的面部识别特征完成刷脸支付。您可随时查询、更正、删除个人信息或撤回同意。',
});
const reasons = { 'face-pay': locale === 'en'
  ? { necessity: 'Paying by face compares your face with the one you enrolled to confirm it is you.', impact: 'A face cannot be changed if it leaks; it could be misused to impersonate you.' }
  : { necessity: '刷脸支付须比对您登记的面部特征以确认本人付款', impact: '面部信息一旦泄露无法更换，可能被冒用' } };

const store = await indexedDbStore({ name: q.get('db') ?? 'consent-demo' });
const ledger = createLedger({ store });
window.__ledger = ledger;
defineConsentElements();
const subject = 'u_web01';
if (q.has('prefs')) {
  const p = document.createElement('custodia-preferences');
  document.body.append(p);
  await p.configure({ ledger, notice, subject, collector: 'web-settings', responsible: 'privacy-office', locale });
  p.addEventListener('custodia-withdrawn', (e) => (window.__withdrawn = e.detail.purpose));
} else {
  const el = document.createElement('custodia-consent');
  const target = q.get('endpoint') ? { endpoint: q.get('endpoint') } : { ledger };
  el.configure({ ...target, notice, subject, collector: 'web-signup', responsible: 'privacy-office', locale, sensitiveReasons: reasons,
    ...(q.get('birth') ? { birthDate: q.get('birth'), guardianVerification: 'sms-code to guardian mobile' } : {}) });
  el.addEventListener('custodia-done', async (e) => {
    // Posted to an endpoint: the local ledger stays empty (and an empty ledger has nothing to verify).
    if (target.endpoint) return (window.__done = { granted: e.detail.granted, records: e.detail.records.length });
    window.__done = { granted: e.detail.granted, events: (await ledger.export()).map((r) => r.data), verify: (await ledger.verify()).ok };
  });
  el.addEventListener('custodia-error', (e) => (window.__error = String(e.detail.error?.code ?? e.detail.error)));
  document.body.append(el);
}
window.__ready = true;
