/* eslint-disable @typescript-eslint/no-require-imports -- mini-program pages are CommonJS */
/* global require, Page, getApp, wx */
const custodia = require('custodia');
const { notice, reasons, getLedger, subjectId } = require('../../lib/ledger.js');

Page({
  data: { notice, reasons, subject: '', consented: false, done: false, consentError: '' },
  async onLoad() {
    // The subject id needs randomness, ready once the app has it; the component starts its
    // dialogue when the subject arrives.
    await getApp().globalData.ready;
    this.setData({ subject: subjectId(wx) });
  },
  onReady() {
    // One ledger for the app: the component appends to it, the pages read it.
    const consent = this.selectComponent('#consent');
    if (consent) consent.useLedger(getLedger());
  },
  onConsentDone(e) {
    this.setData({ consented: true, evidence: e.detail.evidence.slice(0, 16) });
  },
  onConsentError(e) {
    this.setData({ consentError: e.detail.code });
  },
  async onSubmit(e) {
    const { name, phone } = e.detail.value;
    const backend = await getApp().globalData.ready;
    const ledger = getLedger();
    const [records, verdict, state] = await Promise.all([ledger.export(), ledger.verify(), ledger.stateOf(subjectId(wx))]);
    this.setData({
      done: true,
      // Only masked forms are kept in page data: the raw values go no further than this handler.
      maskedName: custodia.mask.name(name),
      maskedPhone: phone ? custodia.mask.phone(phone) : '未绑定',
      marketingState: state.purposes.marketing ? state.purposes.marketing.status : 'none',
      ledgerLength: records.length,
      ledgerVerify: verdict.ok ? 'ok' : `broken at ${verdict.index}`,
      backend,
    });
  },
});
