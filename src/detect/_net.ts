// Email and IP addresses. Each parser reads a bounded number of characters from its start,
// so the whole scan stays linear whatever the input.
import { at, isAlnum, isDigit, isHex, wordAt } from './_chars.js';

/** End of a dotted-quad IPv4 address starting at `i` (each octet 0-255, no leading zeros), or -1. */
export function tryIpv4(text: string, i: number): number {
  if (at(text, i - 1) === 46) return -1;
  let pos = i;
  for (let part = 0; part < 4; part++) {
    if (part > 0) {
      if (at(text, pos) !== 46) return -1;
      pos++;
    }
    let v = 0;
    let len = 0;
    while (len < 4 && isDigit(at(text, pos))) {
      v = v * 10 + at(text, pos++) - 48;
      len++;
    }
    if (len === 0 || len > 3 || v > 255 || (len > 1 && at(text, pos - len) === 48)) return -1;
  }
  const c = at(text, pos);
  if ((isAlnum(c) && !wordAt(text, pos)) || (c === 46 && isDigit(at(text, pos + 1)))) return -1;
  return pos;
}

/** End of an IPv6 address starting at `i` (8 groups, or fewer with one `::`), or -1. */
export function tryIpv6(text: string, i: number): number {
  if (at(text, i - 1) === 58 || at(text, i - 1) === 46) return -1;
  // Refused cheaply first (a time 10:59:30, a ratio 3:2): within the 39 characters an address can
  // span, 8 groups need 7 colons and a shorter form needs '::'.
  let colons = 0;
  let double = false;
  for (let k = i, prev = -1; k < i + 40; k++) {
    const c = at(text, k);
    if (c === 58) {
      colons++;
      double ||= prev === 58;
    } else if (!isHex(c)) break;
    prev = c;
  }
  if (colons < 7 && !double) return -1;
  let pos = i;
  let groups = 0;
  let hexChars = 0;
  let compressed = false;
  for (;;) {
    let len = 0;
    while (len < 5 && isHex(at(text, pos + len))) len++;
    if (len > 4) return -1;
    if (len === 0) break;
    groups++;
    hexChars += len;
    pos += len;
    if (at(text, pos) !== 58 || groups === 8) break;
    if (at(text, pos + 1) === 58) {
      if (compressed) return -1;
      compressed = true;
      pos += 2;
    } else if (isHex(at(text, pos + 1))) pos++;
    else break;
  }
  const c = at(text, pos);
  if ((isAlnum(c) && !wordAt(text, pos)) || c === 58 || c === 46) return -1;
  // A time (12:30:45) or a MAC address never has 8 groups; short `a::b` forms need real hex content.
  return (compressed ? groups >= 2 && groups <= 7 && hexChars >= 6 : groups === 8) ? pos : -1;
}

// RFC 5321 local part (dot-atom subset) and host name labels; 64/255 are its length limits.
const isLocal = (c: number): boolean => isAlnum(c) || c === 46 || c === 95 || c === 37 || c === 43 || c === 45;
const isLabel = (c: number): boolean => isAlnum(c) || c === 45;

/** `[start, end)` of an email address whose `@` is at `at0`, or null. */
export function tryEmail(text: string, at0: number): [number, number] | null {
  let s = at0;
  while (s > 0 && at0 - s < 64 && isLocal(at(text, s - 1))) s--;
  if (isLocal(at(text, s - 1))) return null;
  while (s < at0 && at(text, s) === 46) s++;
  if (s === at0 || at(text, at0 - 1) === 46) return null;
  let e = at0 + 1;
  let lastDot = -1;
  let labels = 0;
  while (e - at0 < 255) {
    const ls = e;
    while (isLabel(at(text, e)) && e - ls < 63) e++;
    if (e === ls || at(text, ls) === 45 || at(text, e - 1) === 45) break;
    labels++;
    if (at(text, e) !== 46 || !isLabel(at(text, e + 1))) break;
    lastDot = e;
    e++;
  }
  if (labels < 2 || lastDot < 0) return null;
  // Top-level domain: letters only, at least two.
  for (let k = lastDot + 1; k < e; k++) if (isDigit(at(text, k)) || at(text, k) === 45) return null;
  if (e - lastDot - 1 < 2) return null;
  return [s, e];
}
