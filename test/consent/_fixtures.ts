// Shared fixtures for the consent, purpose, retention and audit tests.
import { toHex } from '../../src/bytes/index.js';
import { defineNotice, noticeRef, type ConsentEventInput, type Notice, type NoticeInput } from '../../src/consent/index.js';
import { sha256 } from '../../src/hash/index.js';

export const UI_STATE = toHex(sha256('<dialog>会员隐私政策 v1 [x] 同意</dialog>'));

export const NOTICE_V1: NoticeInput = {
  id: 'member-privacy',
  version: '2024-06',
  controller: { name: '某百货股份有限公司', contact: 'privacy@example.cn' },
  purposes: [
    { id: 'membership', description: '会员注册与积分服务', basis: 'contract', categories: ['identity.name', 'contact.mobile', 'transaction'] },
    { id: 'marketing', description: '促销信息推送', categories: ['contact.mobile', 'transaction.history', 'tags'], retention: 'P1Y' },
    { id: 'face-pay', description: '刷脸支付', categories: ['biometric.face', 'contact.mobile'], retention: 'P1Y' },
    { id: 'analytics', description: '客流分析', categories: ['behaviour', 'trafficFlow'] },
  ],
  categories: ['identity.name', 'contact.mobile', 'transaction', 'tags', 'biometric.face', 'behaviour', 'trafficFlow'],
  retention: 'P3Y',
  rights: ['query', 'correct', 'delete', 'withdraw'],
  channels: ['mini-program', 'store-counter', 'app'],
  language: 'zh-CN',
  text: '我们收集您的姓名、手机号码……您可随时查询、更正、删除个人信息或撤回同意。',
};

export const notice1: Notice = defineNotice(NOTICE_V1);

export function event(over: Partial<ConsentEventInput> = {}, n: Notice = notice1): ConsentEventInput {
  return {
    subject: 'u_0001',
    event: 'given',
    purposes: ['marketing'],
    notice: noticeRef(n),
    method: 'checkbox',
    channel: 'mini-program',
    collector: 'mp-signup-page',
    responsible: 'crm-data-owner',
    evidence: UI_STATE,
    at: '2024-07-01T10:00:00+08:00',
    ...over,
  };
}
