// Check characters of Chinese identifiers (pure arithmetic, no tables), apart from _checks.ts so
// that catalog and tokenize, which need only these, do not carry the region and number-plan
// tables into their mini-program chunks. Proven by the standards' own examples in
// test/detect/checks.test.ts and test/normalize/normalize.test.ts.

// GB 11643-1999 §5.2: Wi = 2^(17-i) mod 11; check = (12 - Σ mod 11) mod 11, 10 written X.
const ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2] as const;
const ID_CHECK = '10X98765432';

/** MOD 11-2 check character of the first 17 digits of a resident ID; the caller ensures 17 digits. Internal. */
export function _idCheckChar(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += (first17.charCodeAt(i) - 48) * ID_WEIGHTS[i]!;
  return ID_CHECK[sum % 11]!;
}

/** Luhn (ISO/IEC 7812-1 Annex B) over an all-digit string. Internal. */
export function _luhnValid(d: string): boolean {
  let sum = 0;
  for (let i = d.length - 1, dbl = false; i >= 0; i--, dbl = !dbl) {
    let x = d.charCodeAt(i) - 48;
    if (dbl && (x *= 2) > 9) x -= 9;
    sum += x;
  }
  return sum % 10 === 0;
}
