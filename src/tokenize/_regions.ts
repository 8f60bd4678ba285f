import { _REGION_DELTAS } from './_regions.generated.js';

let codes: number[] | undefined;
let index: Map<number, number> | undefined;

/** Sorted GB/T 2260 county-level codes (decoded on first use). Internal. */
export function _regionCodes(): number[] {
  if (codes) return codes;
  let prev = 0;
  codes = _REGION_DELTAS.split(',').map((d) => (prev += parseInt(d, 36)));
  return codes;
}

/** Position of a 6-digit region code in {@link _regionCodes}, or -1. Internal. */
export function _regionIndex(code: number): number {
  index ??= new Map(_regionCodes().map((c, i) => [c, i]));
  return index.get(code) ?? -1;
}
