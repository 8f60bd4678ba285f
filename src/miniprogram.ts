// The whole light API for dist/miniprogram/index.js (everything but Node-only parts).
export * from './index.js';
