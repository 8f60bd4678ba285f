/* eslint-disable @typescript-eslint/no-require-imports -- mini-program pages are CommonJS */
/* global require, Page, wx */
// In a subpackage: the ledger history, loaded only when the user opens it.
const { getLedger, subjectId } = require('../../../lib/ledger.js');

Page({
  data: { rows: [], verify: '' },
  async onLoad() {
    const ledger = getLedger();
    // Verify first (T/CCAGM 5.4): reading a broken ledger throws LEDGER_CORRUPT. An empty one
    // proves nothing: verify() throws LOG_EMPTY rather than saying ok.
    let verdict;
    try {
      verdict = await ledger.verify();
    } catch (e) {
      if (e.code === 'LOG_EMPTY') return this.setData({ verify: 'empty: nothing to verify' });
      throw e;
    }
    if (!verdict.ok) return this.setData({ verify: `broken at ${verdict.index}: ${verdict.code}` });
    const history = await ledger.history(subjectId(wx));
    this.setData({
      verify: 'ok',
      rows: history.map((r) => ({ seq: r.seq, event: r.data.event, purposes: r.data.purposes.join(','), at: r.data.at })),
    });
  },
});
