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

  /** Append the bytes of an even-length run of hex digits src[start, end) (validated by the caller). */
  appendHex(src: string, start: number, end: number): void {
    const n = (end - start) >> 1;
    this.reserve(n);
    const buf = this.buf;
    let at = this.length;
    for (let i = start; i < end; i += 2) buf[at++] = (nibble(src.charCodeAt(i)) << 4) | nibble(src.charCodeAt(i + 1));
    this.length = at;
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

function nibble(c: number): number {
  return c <= 57 ? c - 48 : (c | 32) - 87;
}

/** Whether src[start, end) is a non-empty run of hex digits. */
export function isHexRun(src: string, start: number, end: number): boolean {
  if (end <= start) return false;
  for (let i = start; i < end; i++) {
    const c = src.charCodeAt(i);
    const l = c | 32;
    if (!((c >= 48 && c <= 57) || (l >= 97 && l <= 102))) return false;
  }
  return true;
}
