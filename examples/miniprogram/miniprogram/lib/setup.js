/* eslint-disable @typescript-eslint/no-require-imports -- mini-program pages are CommonJS */
/* global require, module */
// What the app does once at launch: randomness from wx.getRandomValues and the WASM core from
// the shipped file through WXWebAssembly, falling back to pure JS where either is missing.
const custodia = require('custodia'); // miniprogram_npm/custodia after WeChat's "build npm"

const POOL = 4096;

// custodia's randomBytes is synchronous and wx.getRandomValues is not: keep a pool of bytes
// and top it up in the background. Resolves once the first bytes are in.
function installRandom(wx) {
  let pool = new Uint8Array(0);
  let refilling = false;
  const refill = () =>
    new Promise((resolve, reject) => {
      refilling = true;
      wx.getRandomValues({
        length: POOL,
        success: (r) => {
          const fresh = new Uint8Array(r.randomValues);
          const next = new Uint8Array(pool.length + fresh.length);
          next.set(pool);
          next.set(fresh, pool.length);
          pool = next;
          refilling = false;
          resolve();
        },
        fail: (e) => {
          refilling = false;
          reject(new custodia.CustodiaError('NO_RANDOMNESS', `wx.getRandomValues failed: ${e && e.errMsg}`));
        },
      });
    });
  custodia.setRandomSource((n) => {
    // Fewer bytes than asked makes randomBytes throw NO_RANDOMNESS: never a weaker source.
    const out = pool.slice(0, n);
    pool = pool.slice(out.length);
    if (pool.length < POOL / 2 && !refilling) refill().catch(() => undefined);
    return out;
  });
  return refill();
}

// WXWebAssembly takes a package path only. SIMD needs WeChat ≥ 8.0.25, so try it, then the
// scalar core; with neither (old base library, or WXWebAssembly absent) hashing stays on js.
async function loadWasm(WXWebAssembly) {
  if (!WXWebAssembly || typeof WXWebAssembly.instantiate !== 'function') return 'js';
  for (const file of ['custodia-simd.wasm', 'custodia.wasm']) {
    try {
      const result = await WXWebAssembly.instantiate(`/miniprogram_npm/custodia/${file}`, {});
      await custodia.initWasm(result);
      return 'wasm';
    } catch {
      // next build, then js
    }
  }
  return 'js';
}

module.exports = { installRandom, loadWasm };
