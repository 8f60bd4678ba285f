/* eslint-disable @typescript-eslint/no-require-imports -- mini-program pages are CommonJS */
/* global require, module */
// Checking a consent receipt offline: the receipt the store gave the member (its record, the
// inclusion proof and a signed checkpoint) against the log key the store published once, in its
// privacy notice. No network and no ledger: only custodia/receipt.
const { verifyConsentReceipt } = require('custodia/receipt');

// The operator's published verifier key (`generateNoteKey` of custodia/merkle, Ed25519 here; an
// SM2 key works the same). Replace with your own log's origin and key.
const PUBLISHED_LOG = {
  origin: 'consent.example.cn/members',
  verifierKeys: ['consent.example.cn/members+0850dd51+Acam8v/QlZIjBUXbISa8YL+mktbX7uMkDghrFmuf0sZl'],
};

const EVENTS = { given: '同意', withdrawn: '撤回同意', renewed: '续期同意', refused: '拒绝' };
const REASONS = {
  NOT_JSON: '不是收据（无法解析）',
  NO_PROOF: '收据不含证明',
  CHECKPOINT_INVALID: '检查点签名不是所公布的密钥',
  NOT_INCLUDED: '记录不在签名的日志中',
  BAD_PROOF: '证明格式不正确',
  RECEIPT_MISMATCH: '收据与记录不符',
};

/** What the page shows for a receipt given as JSON text. */
function checkReceipt(text, log) {
  const trusted = log || PUBLISHED_LOG;
  let receipt;
  try {
    receipt = JSON.parse(text);
  } catch {
    return { ok: false, code: 'NOT_JSON', reason: REASONS.NOT_JSON };
  }
  if (typeof receipt !== 'object' || receipt === null) return { ok: false, code: 'NOT_JSON', reason: REASONS.NOT_JSON };
  const r = verifyConsentReceipt(receipt, trusted);
  if (!r.ok) return { ok: false, code: r.code, reason: REASONS[r.code] || r.code };
  const e = r.record.data;
  return {
    ok: true,
    event: EVENTS[e.event] || e.event,
    purposes: e.purposes.join('、'),
    at: e.at,
    seq: r.record.seq,
    treeSize: r.treeSize,
    origin: trusted.origin,
  };
}

module.exports = { checkReceipt, PUBLISHED_LOG };
