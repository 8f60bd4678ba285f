// Text rules shared by notes and checkpoints (C2SP signed-note: no ASCII control characters but newline).

/** True when `s` holds an ASCII control character other than newline. */
export function _hasControl(s: string): boolean {
  for (let i = 0; i < s.length; i++) if (s.charCodeAt(i) < 0x20 && s[i] !== '\n') return true;
  return false;
}
