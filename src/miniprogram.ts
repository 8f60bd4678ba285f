// The whole light API for dist/miniprogram/index.js: everything but the Node-only parts,
// one CommonJS file WeChat's npm build copies with the .wasm files beside it.
export * from './index.js';
export * from './kanon/index.js';
// detect's ScanOptions would clash with the store's: exported under a qualified name.
export { scan, redact, PII_TYPES, DEFAULT_MIN_CONFIDENCE } from './detect/index.js';
export type { Finding, PiiType, Replacer, RedactOptions, ScanOptions as DetectScanOptions } from './detect/index.js';
export { wxStore } from './store/wx/index.js';
export type { WxStoreOptions, WxStorageApi } from './store/wx/index.js';
