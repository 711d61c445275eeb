// A growable byte array: the assembler appends literals without knowing the final size.

import { writeInt, type IntType } from './numbers';

export class ByteBuffer {
  private buf: Uint8Array;
  length = 0;

  constructor(capacity = 64) {
    this.buf = new Uint8Array(capacity);
  }

  /** Room for `capacity` bytes in all (content kept): one allocation instead of several doublings. */
  ensureCapacity(capacity: number): void {
    if (capacity <= this.buf.length) return;
    const next = new Uint8Array(capacity);
    next.set(this.buf.subarray(0, this.length));
    this.buf = next;
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

  /**
   * Append the bytes of a run of two-digit hex tokens starting at the token at src[i], separated
   * by spaces, tabs or BOMs: the usual field line of a large file. Stops before the first token
   * that is not exactly two hex digits, and at a line break or a `#` or `//` comment. Returns the
   * offset just past the last token appended (i when none was). `truncate` undoes it.
   */
  appendHexPairs(src: string, i: number): number {
    const n = src.length;
    let buf = this.buf;
    let at = this.length;
    let end = i;
    while (i + 1 < n) {
      const c0 = src.charCodeAt(i);
      const c1 = src.charCodeAt(i + 1);
      const hi = c0 < 128 ? HEX_VALUE[c0] : -1;
      const lo = c1 < 128 ? HEX_VALUE[c1] : -1;
      if ((hi | lo) < 0) break;
      // What follows the two digits: spaces before another token, or the end of the line.
      let j = i + 2;
      let more = false;
      if (j < n) {
        let c = src.charCodeAt(j);
        if (c === 32 || c === 9 || c === 0xfeff) {
          do c = src.charCodeAt(++j);
          while (c === 32 || c === 9 || c === 0xfeff);
          more = true;
        } else if (!(c === 10 || c === 13 || c === 35 || (c === 47 && src.charCodeAt(j + 1) === 47))) {
          break;
        }
      }
      if (at === buf.length) {
        this.length = at;
        this.reserve(1);
        buf = this.buf;
      }
      buf[at++] = (hi << 4) | lo;
      end = i + 2;
      if (!more) break;
      i = j;
    }
    this.length = at;
    return end;
  }

  /** Append v (already range-checked) in the type's width and byte order. */
  appendInt(t: IntType, v: bigint): void {
    this.reserve(t.width);
    writeInt(this.buf, this.length, t, v);
    this.length += t.width;
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

  /**
   * The contents sized exactly, and the buffer emptied: the buffer itself when it is full (no
   * copy), else a copy. For a ByteBuffer's last use (the caller may keep what it returns).
   */
  take(): Uint8Array {
    const out = this.length === this.buf.length ? this.buf : this.buf.slice(0, this.length);
    this.buf = new Uint8Array(64);
    this.length = 0;
    return out;
  }

  /** A copy sized exactly to the contents. */
  toBytes(): Uint8Array {
    return this.buf.slice(0, this.length);
  }
}

/** Value of an ASCII hex digit, -1 for any other ASCII character. */
const HEX_VALUE = new Int8Array(128).fill(-1);
for (let c = 0; c < 10; c++) HEX_VALUE[48 + c] = c;
for (let c = 0; c < 6; c++) HEX_VALUE[65 + c] = HEX_VALUE[97 + c] = 10 + c;

function nibble(c: number): number {
  return c <= 57 ? c - 48 : (c | 32) - 87;
}
