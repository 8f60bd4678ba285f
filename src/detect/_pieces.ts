// The redacted text, built from the pieces between findings and their replacements. A short text
// (one message, a few findings) is fastest with +=, which V8 keeps as a rope. A long one would keep
// a rope as deep as there are findings, every piece of it (slices of the input, replacements) alive
// until the end: past CHUNK additions the pieces go to an array that is joined into one flat string
// every CHUNK pairs, so what stays alive is about the size of the output.
const CHUNK = 256;

/** Appends pairs of strings; `end` returns them all concatenated. */
export class Pieces {
  private head = '';
  private count = 0;
  private parts: string[] | undefined;
  private done: string[] = [];

  add(between: string, replacement: string): void {
    if (this.parts === undefined) {
      this.head += between + replacement;
      if (++this.count === CHUNK) this.parts = [this.head];
      return;
    }
    this.parts.push(between, replacement);
    if (this.parts.length > 2 * CHUNK) {
      this.done.push(this.parts.join(''));
      this.parts = [];
    }
  }

  end(last: string): string {
    if (this.parts === undefined) return this.head + last;
    this.parts.push(last);
    this.done.push(this.parts.join(''));
    return this.done.join('');
  }
}
