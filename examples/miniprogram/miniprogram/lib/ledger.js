/* eslint-disable @typescript-eslint/no-require-imports -- mini-program pages are CommonJS */
/* global require, module */
// The consent notice and the ledger, kept on the device in wx storage.
const custodia = require('custodia');

const notice = custodia.defineNotice({
  id: 'mp-member-privacy',
  version: '2026-01',
  controller: { name: '示例百货股份有限公司', contact: 'privacy@example.cn' },
  purposes: [
    { id: 'membership', description: '会员注册与积分服务', basis: 'contract', categories: ['identity.name', 'contact.mobile'] },
    { id: 'marketing', description: '促销信息推送（可选，可随时撤回）', categories: ['contact.mobile'], retention: 'P1Y' },
  ],
  categories: ['identity.name', 'contact.mobile'],
  retention: 'P3Y',
  rights: ['query', 'correct', 'delete', 'withdraw'],
  channels: ['mini-program'],
  language: 'zh-CN',
  text: '我们收集您的姓名和手机号码用于会员服务；经您单独同意后向您推送促销信息。您可随时查询、更正、删除个人信息或撤回同意。',
});

let ledger;
function getLedger() {
  if (!ledger) ledger = custodia.createLedger({ store: custodia.wxStore({ prefix: 'custodia:' }), hash: 'sm3' });
  return ledger;
}

// A pseudonymous subject for this device, never the phone number.
function subjectId(wx) {
  let s = wx.getStorageSync('custodia-subject');
  if (!s) {
    s = `u_${custodia.toHex(custodia.randomBytes(8))}`;
    wx.setStorageSync('custodia-subject', s);
  }
  return s;
}

async function recordChoice(wx, marketing, evidenceText) {
  return getLedger().append({
    subject: subjectId(wx),
    event: marketing ? 'given' : 'refused',
    purposes: ['marketing'],
    notice: custodia.noticeRef(notice),
    method: 'checkbox',
    channel: 'mini-program',
    collector: 'mp-signup-page',
    responsible: 'privacy-office',
    evidence: custodia.toHex(custodia.sha256(evidenceText)),
    at: new Date().toISOString(),
  });
}

module.exports = { notice, getLedger, subjectId, recordChoice };
