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
    { id: 'marketing', description: '促销信息推送', categories: ['contact.mobile'], retention: 'P1Y' },
    { id: 'face-pay', description: '门店刷脸支付', categories: ['biometric.face'], retention: 'P1Y' },
  ],
  categories: ['identity.name', 'contact.mobile', 'biometric.face'],
  retention: 'P3Y',
  rights: ['query', 'correct', 'delete', 'withdraw'],
  channels: ['mini-program'],
  language: 'zh-CN',
  text: '我们收集您的姓名和手机号码用于会员服务；经您同意后向您推送促销信息；经您单独同意后在门店使用您的面部识别特征完成刷脸支付。您可随时查询、更正、删除个人信息或撤回同意。',
});

// PIPL art. 30 / T/CCAGM 4.1.2: what the separate consent for sensitive data must state.
const reasons = {
  'face-pay': { necessity: '刷脸支付须比对您登记的面部特征，以确认是您本人付款', impact: '面部信息一旦泄露无法更换，可能被冒用；您可随时撤回并改用其他支付方式' },
};

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

module.exports = { notice, reasons, getLedger, subjectId };
