import { CustodiaError } from '../../errors/index.js';

/**
 * The part of WeChat's `wx` object the store uses (callback shapes as documented).
 * @example
 * ```ts
 * const api: WxStorageApi = wx; // the mini-program global, or a fake of these four calls in tests
 * const store = wxStore({ wx: api });
 * ```
 */
export interface WxStorageApi {
  getStorage(o: { key: string; encrypt?: boolean; success(r: { data: unknown }): void; fail(e: { errMsg: string }): void }): void;
  setStorage(o: { key: string; data: unknown; encrypt?: boolean; success(): void; fail(e: { errMsg: string }): void }): void;
  removeStorage(o: { key: string; success(): void; fail(e: { errMsg: string }): void }): void;
  getStorageInfo(o: { success(r: { keys: string[]; currentSize: number; limitSize: number }): void; fail(e: { errMsg: string }): void }): void;
}

// WeChat's errMsg is "<api>:fail <reason>"; the reason names no stored data, but keep only
// the API name and whether it was a quota failure.
function failure(api: string, e: { errMsg?: string } | undefined): CustodiaError {
  const quota = /exceed|size|limit/i.test(e?.errMsg ?? '');
  return new CustodiaError('STORE_UNAVAILABLE', `wx store: wx.${api} failed${quota ? ' (storage limit reached)' : ''}`, { field: api });
}

// The callback forms exist on every base library; the Promise forms only from 2.10.2.
export function wxCalls(wx: WxStorageApi, encrypt: boolean) {
  const enc = encrypt ? { encrypt: true } : {};
  return {
    get: (key: string) =>
      new Promise<unknown>((resolve, reject) =>
        wx.getStorage({
          key,
          ...enc,
          success: (r) => resolve(r.data),
          // A missing key is a fail with "data not found", not an empty success.
          fail: (e) => (/not found/i.test(e?.errMsg ?? '') ? resolve(undefined) : reject(failure('getStorage', e))),
        }),
      ),
    set: (key: string, data: unknown) =>
      new Promise<void>((resolve, reject) => wx.setStorage({ key, data, ...enc, success: () => resolve(), fail: (e) => reject(failure('setStorage', e)) })),
    remove: (key: string) =>
      new Promise<void>((resolve, reject) => wx.removeStorage({ key, success: () => resolve(), fail: (e) => reject(failure('removeStorage', e)) })),
    keys: () =>
      new Promise<string[]>((resolve, reject) => wx.getStorageInfo({ success: (r) => resolve(r.keys), fail: (e) => reject(failure('getStorageInfo', e)) })),
  };
}

export type WxCalls = ReturnType<typeof wxCalls>;
