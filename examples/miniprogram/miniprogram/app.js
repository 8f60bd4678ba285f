/* eslint-disable @typescript-eslint/no-require-imports -- mini-program pages are CommonJS */
/* global require, App, wx, WXWebAssembly */
const { installRandom, loadWasm } = require('./lib/setup.js');

App({
  globalData: { backend: 'js', ready: null },
  onLaunch() {
    const wxwa = typeof WXWebAssembly === 'undefined' ? undefined : WXWebAssembly;
    // Pages await this before using randomness; hashing works before it, just on js.
    this.globalData.ready = Promise.all([installRandom(wx), loadWasm(wxwa)]).then(([, backend]) => {
      this.globalData.backend = backend;
      return backend;
    });
  },
});
