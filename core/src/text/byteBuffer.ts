// A growable byte array: the assembler appends literals without knowing the final size.

export class ByteBuffer {
  private buf: Uint8Array;
  length = 0;

  constructor(capacity = 64) {
    this.buf = new Uint8Array(capacity);
  }

  private reserve(n: number): void {
    const need = this.length + n;
    if (need <= this.buf.length) return;
    let cap = this.buf.length * 2;
    while (cap < need) cap *= 2;
    const next = new Uint8Array(cap);
    next.set(this.buf.subarray(0, this.length));
    this.buf = next;
  }

  append(bytes: Uint8Array): void {
    this.reserve(bytes.length);
    this.buf.set(bytes, this.length);
    this.length += bytes.length;
  }

  fill(count: number, value: number): void {
    this.reserve(count);
    this.buf.fill(value, this.length, this.length + count);
    this.length += count;
  }

  /** Drop bytes past `length` (used by .truncate). */
  truncate(length: number): void {
    this.length = Math.max(0, Math.min(length, this.length));
  }

  /** A view of the current contents; invalidated by the next append. */
  view(): Uint8Array {
    return this.buf.subarray(0, this.length);
  }

  /** A copy sized exactly to the contents. */
  toBytes(): Uint8Array {
    return this.buf.slice(0, this.length);
  }
}
