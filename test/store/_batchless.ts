import type { Store } from '../../src/store/index.js';

/** `store` without its optional batch writes: what a store that lacks them (or an older one) offers. */
export function batchless(store: Store): Store {
  const { appendMany: _a, putMany: _p, appendManyAndPut: _ap, ...rest } = store;
  return rest;
}
