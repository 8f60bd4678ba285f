/* eslint-disable @typescript-eslint/no-require-imports -- mini-program pages are CommonJS */
/* global require, Page, getApp, wx */
const custodia = require('custodia');
const { notice, getLedger, subjectId, recordChoice } = require('../../lib/ledger.js');
const { createPrivacyGate } = require('../../lib/privacy.js');

Page({
  data: {
    noticeText: notice.text,
    noticeId: `${notice.id} v${notice.version}`,
    purposes: notice.purposes.map((p) => ({ id: p.id, description: p.description })),
    showPrivacy: false,
    done: false,
  },
  async onLoad() {
    this.gate = createPrivacyGate(wx, () => this.setData({ showPrivacy: true }));
    if (await this.gate.needed()) this.setData({ showPrivacy: true });
    await getApp().globalData.ready;
  },
  onAgreePrivacy(e) {
    this.gate.agree(e.currentTarget.id);
    this.setData({ showPrivacy: false });
  },
  onDisagreePrivacy() {
    this.gate.disagree();
    this.setData({ showPrivacy: false });
  },
  async onSubmit(e) {
    const { name, phone, marketing } = e.detail.value;
    const ticked = Array.isArray(marketing) && marketing.includes('yes');
    await getApp().globalData.ready;
    await recordChoice(wx, ticked, `${notice.hash}|marketing=${ticked}`);
    const ledger = getLedger();
    const [records, verdict, state] = await Promise.all([ledger.export(), ledger.verify(), ledger.stateOf(subjectId(wx))]);
    this.setData({
      done: true,
      // Only masked forms are kept in page data: the raw values go no further than this handler.
      maskedName: custodia.mask.name(name),
      maskedPhone: custodia.mask.phone(phone),
      marketingState: state.purposes.marketing ? state.purposes.marketing.status : 'none',
      ledgerLength: records.length,
      ledgerVerify: verdict.ok ? 'ok' : `broken at ${verdict.index}`,
      backend: custodia.getBackend(),
      evidenceSm3: custodia.toHex(custodia.sm3(`${notice.hash}|marketing=${ticked}`)).slice(0, 16),
    });
  },
});
