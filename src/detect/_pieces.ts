// The redacted text, built from the pieces between findings and their replacements. A short text
// (one message, a few findings) is fastest with +=, which V8 keeps as a rope; a long one would make
// that rope as deep as there are findings, so every CHUNK additions the rope is closed into an
// array that is joined once at the end.
const CHUNK = 256;

/** Appends pairs of strings; `end` returns them all concatenated. */
export class Pieces {
  private chunk = '';
  private count = 0;
  private done: string[] | undefined;

  add(between: string, replacement: string): void {
    this.chunk += between + replacement;
    if (++this.count === CHUNK) {
      (this.done ??= []).push(this.chunk);
      this.chunk = '';
      this.count = 0;
    }
  }

  end(last: string): string {
    const tail = this.chunk + last;
    if (this.done === undefined) return tail;
    this.done.push(tail);
    return this.done.join('');
  }
}
