/* eslint-disable @typescript-eslint/no-require-imports -- mini-program pages are CommonJS */
/* global require, Page, wx */
// In the ledger subpackage: check a consent receipt offline (opened with ?receipt=<JSON>, or
// pasted from the clipboard), loaded only when the member opens it.
const { checkReceipt } = require('../../lib/receipt.js');

Page({
  data: { result: null },
  onLoad(query) {
    if (query && query.receipt) this.setData({ result: checkReceipt(decodeURIComponent(query.receipt)) });
  },
  onPaste() {
    wx.getClipboardData({ success: (r) => this.setData({ result: checkReceipt(r.data) }) });
  },
});
