/* eslint-disable @typescript-eslint/no-require-imports -- mini-program pages are CommonJS */
/* global require, Page, getApp, wx */
const { notice, getLedger, subjectId } = require('../../lib/ledger.js');

Page({
  data: { notice, subject: '', lastWithdrawn: '', seq: -1 },
  async onLoad() {
    await getApp().globalData.ready;
    this.setData({ subject: subjectId(wx) });
  },
  onReady() {
    const prefs = this.selectComponent('#prefs');
    if (prefs) return prefs.useLedger(getLedger());
  },
  onWithdrawn(e) {
    this.setData({ lastWithdrawn: e.detail.purpose, seq: e.detail.seq });
  },
});
