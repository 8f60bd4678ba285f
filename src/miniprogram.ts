// The whole light API for dist/miniprogram/index.js (everything but Node-only parts).
export * from './index.js';
export { wxStore } from './store/wx/index.js';
export type { WxStoreOptions, WxStorageApi } from './store/wx/index.js';
export * from './consent/index.js';
export { mask, maskAs, maskWith } from './mask/index.js';
export type { MaskKind } from './mask/index.js';
