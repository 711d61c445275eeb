// CRC-32C (Castagnoli), reflected polynomial 0x82F63B78; check("123456789") = 0xE3069283.
// Slicing-by-8 tables in JavaScript, the implementation everywhere; a Node runtime may install a
// native one (core/src/node/nativeCrc32c.ts) that long ranges go to: the decoder CRCs every payload.

const POLY = 0x82f63b78;
const T = new Uint32Array(8 * 256);
for (let i = 0; i < 256; i++) {
  let c = i;
  for (let k = 0; k < 8; k++) c = c & 1 ? (c >>> 1) ^ POLY : c >>> 1;
  T[i] = c;
}
for (let i = 0; i < 256; i++) {
  for (let t = 1; t < 8; t++) T[t * 256 + i] = (T[(t - 1) * 256 + i] >>> 8) ^ T[T[(t - 1) * 256 + i] & 0xff];
}

/**
 * A native CRC-32C over a whole view, continuing `crc` (the previous result, 0 to start): the
 * signature of `@node-rs/crc32`'s `crc32c(input, initialState)`.
 */
export type NativeCrc32c = (bytes: Uint8Array, crc: number) => number;

let native: NativeCrc32c | undefined;

/**
 * Ranges shorter than this stay in JavaScript even with a native CRC installed: a native call
 * costs about 0.1 µs plus a view, what the tables take for some 150 bytes (headers are 32).
 */
export const NATIVE_CRC_MIN_BYTES = 256;

/** Install (or with undefined remove) the native CRC-32C that crc32c uses for long ranges. */
export function setNativeCrc32c(fn: NativeCrc32c | undefined): void {
  native = fn;
}

/** Which implementation crc32c uses for long ranges: 'native' once one is installed. */
export function crc32cImplementation(): 'native' | 'javascript' {
  return native ? 'native' : 'javascript';
}

/** Continue a CRC over bytes[start, end); pass the previous result as `crc` (0 to start). */
export function crc32c(bytes: Uint8Array, start = 0, end = bytes.length, crc = 0): number {
  if (native !== undefined && end - start >= NATIVE_CRC_MIN_BYTES)
    return native(start === 0 && end === bytes.length ? bytes : bytes.subarray(start, end), crc) >>> 0;
  return crc32cJs(bytes, start, end, crc);
}

/**
 * CRC-32C of a 32-byte chunk header at b[at, at+32) with its last 4 bytes (HeaderCrc32c) taken as
 * zero: what headerCrc computes for HeaderSize 32, in four table steps and no call per byte range
 * (the decoder checks one per chunk). The caller makes sure the 28 bytes are there.
 */
export function crc32cHeader32(b: Uint8Array, at: number): number {
  let c = ~0;
  for (let i = at; i < at + 24; i += 8) {
    const a = c ^ (b[i] | (b[i + 1] << 8) | (b[i + 2] << 16) | (b[i + 3] << 24));
    c =
      T[7 * 256 + (a & 0xff)] ^
      T[6 * 256 + ((a >>> 8) & 0xff)] ^
      T[5 * 256 + ((a >>> 16) & 0xff)] ^
      T[4 * 256 + (a >>> 24)] ^
      T[3 * 256 + b[i + 4]] ^
      T[2 * 256 + b[i + 5]] ^
      T[256 + b[i + 6]] ^
      T[b[i + 7]];
  }
  // Bytes 24..27, then the four zero bytes: each table's entry for 0 is 0.
  const a = c ^ (b[at + 24] | (b[at + 25] << 8) | (b[at + 26] << 16) | (b[at + 27] << 24));
  c =
    T[7 * 256 + (a & 0xff)] ^
    T[6 * 256 + ((a >>> 8) & 0xff)] ^
    T[5 * 256 + ((a >>> 16) & 0xff)] ^
    T[4 * 256 + (a >>> 24)];
  return ~c >>> 0;
}

/** The JavaScript CRC-32C, whatever is installed (the fallback, and the reference tests compare with). */
export function crc32cJs(bytes: Uint8Array, start = 0, end = bytes.length, crc = 0): number {
  let c = ~crc;
  let i = start;
  while (i + 8 <= end) {
    const a = c ^ (bytes[i] | (bytes[i + 1] << 8) | (bytes[i + 2] << 16) | (bytes[i + 3] << 24));
    c =
      T[7 * 256 + (a & 0xff)] ^
      T[6 * 256 + ((a >>> 8) & 0xff)] ^
      T[5 * 256 + ((a >>> 16) & 0xff)] ^
      T[4 * 256 + (a >>> 24)] ^
      T[3 * 256 + bytes[i + 4]] ^
      T[2 * 256 + bytes[i + 5]] ^
      T[256 + bytes[i + 6]] ^
      T[bytes[i + 7]];
    i += 8;
  }
  while (i < end) c = T[(c ^ bytes[i++]) & 0xff] ^ (c >>> 8);
  return ~c >>> 0;
}

// CRC combination (as zlib's crc32_combine): the CRC of A‖B from crc(A), crc(B) and |B|, with no
// pass over the bytes. CRC-32C is linear over GF(2): appending |B| bytes multiplies A's register
// by x^(8·|B|) modulo the polynomial, and B's own CRC is XORed in.

/** a(x)·b(x) mod P in the reflected bit order (bit 31 is x^0). Branch-free: a's bits are data. */
function multModP(a: number, b: number): number {
  let p = 0;
  for (let i = 31; i >= 0; i--) {
    p ^= b & -((a >>> i) & 1);
    b = (b >>> 1) ^ (POLY & -(b & 1));
  }
  return p >>> 0;
}

/** X8[j * 256 + k] = x^(8·k·256^j) mod P: four factors give x^(8n) for any n < 2^32. Built on first use. */
let X8: Uint32Array | undefined;

function x8Tables(): Uint32Array {
  const t = new Uint32Array(4 * 256);
  let unit = 0x00800000; // x^8: one byte of shift
  for (let j = 0; j < 4; j++) {
    t[j * 256] = 0x80000000; // x^0
    for (let k = 1; k < 256; k++) t[j * 256 + k] = multModP(t[j * 256 + k - 1], unit);
    unit = multModP(t[j * 256 + 255], unit); // x^(8·256^(j+1))
  }
  return t;
}

/** x^(8n) mod P: the operator that shifts a CRC register past n bytes. */
function shiftBytes(n: number): number {
  const t = (X8 ??= x8Tables());
  let p = t[n & 0xff];
  for (let j = 1, rest = n >>> 8; rest !== 0; j++, rest >>>= 8) {
    const k = rest & 0xff;
    if (k !== 0) p = multModP(p, t[j * 256 + k]);
  }
  return p;
}

/**
 * CRC-32C of A‖B from crcA = crc32c(A), crcB = crc32c(B) and lengthB = |B| bytes (0 ≤ lengthB < 2^32).
 * Chaining holds too: crc32cCombine(crc32c(A, 0, n, c), crcB, |B|) = crc32c(A‖B, 0, n + |B|, c).
 */
export function crc32cCombine(crcA: number, crcB: number, lengthB: number): number {
  if (lengthB === 0) return crcA >>> 0;
  return (multModP(shiftBytes(lengthB), crcA >>> 0) ^ crcB) >>> 0;
}
