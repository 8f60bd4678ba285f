// A notice with a basic-service purpose, two plain optional ones and a sensitive one (face pay),
// and the necessity / impact texts the sensitive step must show.
import { NOTICE_V1, notice1 } from '../consent/_fixtures.js';

export { NOTICE_V1, notice1 };
export const REASONS = { 'face-pay': { necessity: '刷脸支付须比对您的人脸特征以确认本人付款', impact: '人脸信息一旦泄露无法更换，可能被冒用' } };
export const BASE = { notice: notice1, subject: 'u_7c1e', collector: 'web-signup', responsible: 'privacy-office', sensitiveReasons: REASONS, now: () => new Date('2026-12-03T08:00:00Z') };
