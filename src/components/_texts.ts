// The words the consent components show, in zh-CN and en. Agree and refuse are equally short and
// equally plain on purpose (P8.4): neither is "maybe later", neither shames the other choice.
/**
 * The languages the consent components speak.
 * @example
 * ```ts
 * LOCALES.includes('en') // true
 * ```
 */
export const LOCALES = ['zh-CN', 'en'] as const;
/**
 * One of {@link LOCALES}.
 * @example
 * ```ts
 * const locale: Locale = navigator.language.startsWith('zh') ? 'zh-CN' : 'en';
 * ```
 */
export type Locale = (typeof LOCALES)[number];

/**
 * Every string a consent component shows (`view().texts`), for one locale.
 * @example
 * ```ts
 * const t: Texts = flow.view().texts;
 * t.agree // '同意所选'
 * ```
 */
export interface Texts {
  title: string;
  controller: string;
  collects: string;
  retention: string;
  rights: string;
  fullNotice: string;
  hideNotice: string;
  basicHeading: string;
  basicNote: string;
  optionalHeading: string;
  agree: string;
  refuse: string;
  sensitiveTitle: string;
  sensitiveLead: string;
  necessity: string;
  impact: string;
  sensitiveAgree: string;
  sensitiveRefuse: string;
  guardianTitle: string;
  guardianLead: string;
  relation: string;
  relationParent: string;
  relationGuardian: string;
  verification: string;
  guardianConfirm: string;
  guardianRefuse: string;
  doneTitle: string;
  doneGranted: string;
  doneNone: string;
  prefsTitle: string;
  prefsBasic: string;
  statusGiven: string;
  statusOff: string;
  withdraw: string;
  give: string;
  rightNames: Record<string, string>;
}

const zh: Texts = {
  title: '个人信息处理告知',
  controller: '个人信息处理者',
  collects: '收集的个人信息',
  retention: '保存期限',
  rights: '您的权利',
  fullNotice: '查看完整告知',
  hideNotice: '收起完整告知',
  basicHeading: '基本服务（无需同意，拒绝下列可选用途不影响使用）',
  basicNote: '依据',
  optionalHeading: '可选用途（默认关闭，可随时撤回）',
  agree: '同意所选',
  refuse: '全部拒绝',
  sensitiveTitle: '敏感个人信息单独同意',
  sensitiveLead: '以下用途需要处理敏感个人信息，请单独决定：',
  necessity: '处理的必要性',
  impact: '对您权益的影响',
  sensitiveAgree: '单独同意',
  sensitiveRefuse: '不同意',
  guardianTitle: '需要监护人同意',
  guardianLead: '您未满十四周岁，请由父母或其他监护人阅读告知并作出选择。',
  relation: '您与孩子的关系',
  relationParent: '父母',
  relationGuardian: '其他监护人',
  verification: '监护人身份核验方式',
  guardianConfirm: '我是监护人，继续',
  guardianRefuse: '监护人不同意',
  doneTitle: '已记录您的选择',
  doneGranted: '已同意：',
  doneNone: '您未同意任何可选用途，基本服务照常提供。',
  prefsTitle: '我的授权',
  prefsBasic: '基本服务，无需同意',
  statusGiven: '已同意',
  statusOff: '未同意',
  withdraw: '撤回同意',
  give: '同意',
  rightNames: { query: '查询', correct: '更正', delete: '删除', withdraw: '撤回同意', portability: '转移', explanation: '要求解释说明', complaint: '投诉' },
};

const en: Texts = {
  title: 'How we handle your personal information',
  controller: 'Handled by',
  collects: 'What we collect',
  retention: 'Kept for',
  rights: 'Your rights',
  fullNotice: 'Read the full notice',
  hideNotice: 'Hide the full notice',
  basicHeading: 'Basic service (no consent needed; refusing the optional uses below does not affect it)',
  basicNote: 'Legal basis',
  optionalHeading: 'Optional uses (off until you switch them on; you can withdraw at any time)',
  agree: 'Agree to selected',
  refuse: 'Refuse all',
  sensitiveTitle: 'Separate consent for sensitive information',
  sensitiveLead: 'This use needs sensitive personal information. Decide on it separately:',
  necessity: 'Why it is necessary',
  impact: 'Impact on your rights',
  sensitiveAgree: 'I consent separately',
  sensitiveRefuse: 'I do not consent',
  guardianTitle: 'A guardian must decide',
  guardianLead: 'You are under 14. A parent or other guardian must read the notice and choose.',
  relation: 'Your relation to the child',
  relationParent: 'Parent',
  relationGuardian: 'Other guardian',
  verification: 'How the guardian was verified',
  guardianConfirm: 'I am the guardian, continue',
  guardianRefuse: 'The guardian refuses',
  doneTitle: 'Your choice is recorded',
  doneGranted: 'You agreed to: ',
  doneNone: 'You agreed to no optional use. The basic service stays available.',
  prefsTitle: 'My consents',
  prefsBasic: 'Basic service, no consent needed',
  statusGiven: 'Agreed',
  statusOff: 'Not agreed',
  withdraw: 'Withdraw consent',
  give: 'Agree',
  rightNames: { query: 'access', correct: 'correction', delete: 'deletion', withdraw: 'withdrawal', portability: 'portability', explanation: 'explanation', complaint: 'complaint' },
};

export const textsFor = (locale: Locale): Texts => (locale === 'en' ? en : zh);
