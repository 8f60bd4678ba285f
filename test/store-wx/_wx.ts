// A stand-in for WeChat's `wx` storage, privacy and randomness APIs, built from the documented
// shapes (developers.weixin.qq.com/miniprogram/dev/api/storage/wx.setStorage.html and siblings):
// callbacks `success`/`fail`/`complete` called asynchronously with `errMsg` "<api>:ok" or
// "<api>:fail <reason>"; with none of them given, the call returns a Promise (base library
// ≥ 2.10.2). Items are serialized like WeChat does (JSON), one key holds at most 1 MB and a
// mini-program at most 10 MB. It is bundled into the node:vm realm that stands for the
// mini-program runtime, so it runs with no Node globals either.

type Opts = { success?(r: object): void; fail?(e: { errMsg: string }): void; complete?(r: object): void } & Record<string, unknown>;

export interface FakeWxOptions {
  /** Async scheduling of callbacks (the native bridge answers on a later turn). */
  later: (fn: () => void) => void;
  /** Random bytes for wx.getRandomValues. */
  random: (n: number) => Uint8Array;
  /** What wx.getPrivacySetting reports. */
  needAuthorization?: boolean;
  /** Shared storage, to model a restart of the app on the same device. */
  storage?: Map<string, { json: string; encrypt: boolean }>;
  /** After this many successful setStorage/removeStorage calls, the app is killed: no later call completes. */
  killAfterWrites?: number;
}

const ITEM_MAX = 1024 * 1024;
const TOTAL_MAX = 10 * 1024 * 1024;

export function makeWx(o: FakeWxOptions) {
  const storage = o.storage ?? new Map<string, { json: string; encrypt: boolean }>();
  let writes = 0;
  let authorized = !(o.needAuthorization ?? false);
  const privacyListeners: ((resolve: (r: { event: string; buttonId?: string }) => void, e: { referrer: string }) => void)[] = [];
  const size = () => [...storage].reduce((a, [k, v]) => a + k.length + v.json.length, 0);
  const killed = () => o.killAfterWrites !== undefined && writes >= o.killAfterWrites;

  function api<R extends object>(name: string, run: (opts: Opts) => R, isWrite = false) {
    return (opts: Opts = {}) => {
      const settle = (ok: (r: object) => void, bad: (e: { errMsg: string }) => void) =>
        o.later(() => {
          if (killed()) return; // the app is gone: nothing answers
          let r: R;
          try {
            r = run(opts);
          } catch (e) {
            const err = { errMsg: `${name}:fail ${(e as Error).message}` };
            bad(err);
            opts.complete?.(err);
            return;
          }
          if (isWrite) writes++;
          const res = { ...r, errMsg: `${name}:ok` };
          ok(res);
          opts.complete?.(res);
        });
      if (!opts.success && !opts.fail && !opts.complete) return new Promise((res, rej) => settle(res, rej));
      settle((r) => opts.success?.(r), (e) => opts.fail?.(e));
      return undefined;
    };
  }
  const keyOf = (opts: Opts) => {
    if (typeof opts.key !== 'string' || opts.key === '') throw new Error('parameter error: parameter.key should be String');
    return opts.key;
  };

  const self = {
    storage,
    setStorage: api('setStorage', (opts) => {
      const key = keyOf(opts);
      const json = JSON.stringify(opts.data);
      if (json === undefined) throw new Error('parameter error: parameter.data should be serializable');
      if (key.length + json.length > ITEM_MAX) throw new Error('exceed storage item max length');
      const old = storage.get(key);
      if (size() - (old ? key.length + old.json.length : 0) + key.length + json.length > TOTAL_MAX) throw new Error('exceed storage max size 10MB');
      storage.set(key, { json, encrypt: opts.encrypt === true });
      return {};
    }, true),
    getStorage: api('getStorage', (opts) => {
      const v = storage.get(keyOf(opts));
      if (!v) throw new Error('data not found');
      if (v.encrypt !== (opts.encrypt === true)) throw new Error('decrypt fail');
      return { data: JSON.parse(v.json) as unknown };
    }),
    // The sync forms return '' for a missing key and throw on failure.
    getStorageSync(key: string): unknown {
      if (killed()) throw new Error('getStorageSync:fail app is gone');
      const v = storage.get(key);
      return v ? (JSON.parse(v.json) as unknown) : '';
    },
    setStorageSync(key: string, data: unknown): void {
      if (killed()) throw new Error('setStorageSync:fail app is gone');
      const json = JSON.stringify(data);
      if (key.length + json.length > ITEM_MAX) throw new Error('setStorageSync:fail exceed storage item max length');
      storage.set(key, { json, encrypt: false });
    },
    removeStorage: api('removeStorage', (opts) => (storage.delete(keyOf(opts)), {}), true),
    getStorageInfo: api('getStorageInfo', () => ({ keys: [...storage.keys()], currentSize: Math.ceil(size() / 1024), limitSize: TOTAL_MAX / 1024 })),
    randomCalls: 0,
    getRandomValues: api('getRandomValues', (opts) => {
      self.randomCalls++;
      const n = opts.length as number;
      if (!Number.isInteger(n) || n < 1 || n > 1024 * 1024) throw new Error('invalid length');
      return { randomValues: o.random(n).buffer };
    }),
    getPrivacySetting: api('getPrivacySetting', () => ({ needAuthorization: !authorized, privacyContractName: '《示例小程序隐私保护指引》' })),
    // WeChat calls the app's listener when a privacy-protected API needs consent; the page
    // shows its notice and calls resolve({ event: 'agree' | 'disagree', buttonId }).
    onNeedPrivacyAuthorization(listener: (typeof privacyListeners)[number]) {
      privacyListeners.push(listener);
    },
    requirePrivacyAuthorize: api('requirePrivacyAuthorize', () => ({})),
    /** Test hook: the user taps the notice's button; returns what the listener resolved. */
    _triggerPrivacy(): Promise<{ event: string; buttonId?: string }> {
      return new Promise((res) => {
        for (const l of privacyListeners)
          l((r) => {
            if (r.event === 'agree') authorized = true;
            res(r);
          }, { referrer: 'getPrivacySetting' });
      });
    },
  };
  return self;
}

export type FakeWx = ReturnType<typeof makeWx>;
