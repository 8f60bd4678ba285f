/* global module */
// WeChat's privacy guideline gate (base library ≥ 2.32.3): wx.getPrivacySetting says whether
// the user still has to agree (needAuthorization); wx.onNeedPrivacyAuthorization hands over a
// resolve when a privacy API is called first. The page shows its notice and answers with the
// user's choice; a button with open-type="agreePrivacyAuthorization" records the agreement.
function createPrivacyGate(wx, onShow) {
  const waiting = [];
  if (typeof wx.onNeedPrivacyAuthorization === 'function')
    wx.onNeedPrivacyAuthorization((resolve) => {
      waiting.push(resolve);
      onShow();
    });
  const answer = (event, buttonId) => {
    while (waiting.length) waiting.shift()(buttonId ? { event, buttonId } : { event });
  };
  return {
    needed: () =>
      new Promise((resolve) => {
        // Older base libraries have no privacy API: nothing to ask there.
        if (typeof wx.getPrivacySetting !== 'function') return resolve(false);
        wx.getPrivacySetting({ success: (r) => resolve(r.needAuthorization === true), fail: () => resolve(true) });
      }),
    agree: (buttonId) => answer('agree', buttonId),
    disagree: () => answer('disagree'),
  };
}

module.exports = { createPrivacyGate };
