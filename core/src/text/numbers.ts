// Integer literals of the text form: decimal or 0x hex, as bigint so u64 stays exact, and the
// typed encodings (u8..u64 little-endian, i8..i64 two's complement, be16..be64 big-endian).

export type IntTypeName = 'u8' | 'u16' | 'u32' | 'u64' | 'i8' | 'i16' | 'i32' | 'i64' | 'be16' | 'be32' | 'be64';

export interface IntType {
  name: IntTypeName;
  width: 1 | 2 | 4 | 8;
  signed: boolean;
  bigEndian: boolean;
}

const T = (name: IntTypeName, width: 1 | 2 | 4 | 8, signed = false, bigEndian = false): IntType => ({
  name,
  width,
  signed,
  bigEndian,
});

export const INT_TYPES: Readonly<Record<IntTypeName, IntType>> = {
  u8: T('u8', 1),
  u16: T('u16', 2),
  u32: T('u32', 4),
  u64: T('u64', 8),
  i8: T('i8', 1, true),
  i16: T('i16', 2, true),
  i32: T('i32', 4, true),
  i64: T('i64', 8, true),
  be16: T('be16', 2, false, true),
  be32: T('be32', 4, false, true),
  be64: T('be64', 8, false, true),
};

export function intType(name: string): IntType | undefined {
  return Object.prototype.hasOwnProperty.call(INT_TYPES, name) ? INT_TYPES[name as IntTypeName] : undefined;
}

export interface ParsedInt {
  value: bigint;
  /** Written as 0x…: a signed type then takes it as a bit pattern. */
  hex: boolean;
}

const INT_RE = /^(-?)(?:0[xX]([0-9a-fA-F]+)|([0-9]+))$/;

/** Decimal or 0x hex, optionally negative; undefined when malformed. */
export function parseInt64(s: string): ParsedInt | undefined {
  const m = INT_RE.exec(s);
  if (!m || s.length > 80) return undefined;
  const mag = m[2] !== undefined ? BigInt('0x' + m[2]) : BigInt(m[3]);
  return { value: m[1] ? -mag : mag, hex: m[2] !== undefined };
}

/** The accepted range: unsigned 0..2^n-1; signed -2^(n-1)..2^(n-1)-1, or 0..2^n-1 written in hex. */
export function intRange(t: IntType, hex: boolean): readonly [bigint, bigint] {
  let r = RANGES.get(t);
  if (!r) {
    const bits = BigInt(t.width * 8);
    const asHex: readonly [bigint, bigint] = [t.signed ? -(1n << (bits - 1n)) : 0n, (1n << bits) - 1n];
    r = { hex: asHex, dec: t.signed ? [-(1n << (bits - 1n)), (1n << (bits - 1n)) - 1n] : asHex };
    RANGES.set(t, r);
  }
  return hex ? r.hex : r.dec;
}

/** intRange per type, computed once: a literal-heavy file asks for it on every value. */
const RANGES = new Map<IntType, { hex: readonly [bigint, bigint]; dec: readonly [bigint, bigint] }>();

/** Write v (already range-checked) into out[at…] in the type's byte order. */
export function writeInt(out: Uint8Array, at: number, t: IntType, v: bigint): void {
  const w = t.width;
  // The two's-complement bytes as 32-bit halves: no bigint arithmetic per byte.
  const u = BigInt.asUintN(w * 8, v);
  let lo = w === 8 ? Number(u & 0xffffffffn) : Number(u);
  const hi = w === 8 ? Number(u >> 32n) : 0;
  for (let i = 0; i < w; i++) {
    out[at + (t.bigEndian ? w - 1 - i : i)] = lo & 0xff;
    if (i === 3) lo = hi;
    else lo = lo >>> 8;
  }
}

/** A plain non-negative integer option (sizes, counts): number, or undefined when malformed or above max. */
export function parseCount(s: string, max: number): number | undefined {
  const p = parseInt64(s);
  if (!p || p.value < 0n || p.value > BigInt(max)) return undefined;
  return Number(p.value);
}

/** Canonical spelling: decimal below 4096, else 0x with upper-case digits. */
export function formatInt(v: number | bigint): string {
  const b = BigInt(v);
  return b >= 0n && b < 4096n ? b.toString() : '0x' + b.toString(16).toUpperCase();
}

export function hexN(v: number, digits: number): string {
  return '0x' + (v >>> 0).toString(16).toUpperCase().padStart(digits, '0');
}
