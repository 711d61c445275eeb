// The bytes of one untyped value written by user-schema field name (docs/format.md §7.7): integers
// and enum ids, bit-sized integers packed into their run's bytes, floats, strings, byte arrays, contents.

import type { KsyLayoutField } from '../schema/ksyLayout';
import { intRange, parseInt64, writeInt, type IntType, type ParsedInt } from './numbers';
import { encodeUtf8, parseQuoted } from './strings';
import type { TextCode } from './textProblems';

/** What a label and its value become: bytes to write, a problem (and bytes to keep the layout), or the ordinary reading. */
export type ByNameResult =
  | { kind: 'ordinary' }
  | {
      kind: 'bytes';
      bytes: Uint8Array;
      /** Bits to OR into the last byte already written (a bit-sized field sharing its run's byte). */
      mergeLast?: number;
      problem?: { code: TextCode; message: string };
    };

/** The last bit-sized field written by name in a block: where its run stands. */
export interface BitsWritten {
  /** Layout index of the run's first field, and of the field written. */
  run: number;
  field: number;
  /** Bits of the run written so far (the field's offset + width). */
  endBit: number;
  /** Payload length after the write: other bytes written since break the run. */
  payloadEnd: number;
}

/** What encoding a value needs besides the field: its place, and for bit fields the run so far. */
export interface ValueContext {
  schema: string;
  index: number;
  payloadLength: number;
  bits?: BitsWritten;
  /** Names a field of the layout (the bits' previous field, in a TEXT-ORDER message). */
  fieldId(index: number): string;
}

const IDENT = /^[A-Za-z_][A-Za-z0-9_]*$/;
export const HEX_BYTES = /^(?:[0-9a-fA-F]{2})+$/;
/** A decimal with a fraction or an exponent (integers are parseInt64's), or an infinity. */
const FLOAT = /^-?(?:(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][+-]?[0-9]+)?|inf)$/;
const MAX_IDS_LISTED = 12;
const MAX_QUOTED = 40;
const F4_MAX = 3.4028234663852886e38;

/** A value the by-name form reads: a number (decimal, 0x, or a decimal float), an identifier, or a quoted string. */
export function byNameValue(v: string): boolean {
  return v.startsWith('"') || IDENT.test(v) || parseInt64(v) !== undefined || FLOAT.test(v);
}

export function encodeValue(f: KsyLayoutField, v: string, ctx: ValueContext): ByNameResult {
  const w = f.write;
  const what = `field "${f.id}" (.ksy type ${f.ksyType}) of ${ctx.schema}`;
  const shown = v.slice(0, MAX_QUOTED);
  switch (w.kind) {
    case 'int': {
      const t: IntType = {
        name: `${w.signed ? 'i' : 'u'}${w.width * 8}${w.bigEndian ? 'be' : ''}` as IntType['name'],
        width: w.width,
        signed: w.signed,
        bigEndian: w.bigEndian,
      };
      const n = integerValue(f, v, what, w.width);
      if (!('value' in n)) return n;
      const [lo, hi] = intRange(t, n.hex);
      if (n.value < lo || n.value > hi)
        return fail('TEXT-RANGE', `${v} is out of range ${lo}..${hi} for ${what}`, w.width);
      const bytes = new Uint8Array(w.width);
      writeInt(bytes, 0, t, n.value);
      return { kind: 'bytes', bytes };
    }
    case 'bits':
      return encodeBits(f, w, v, what, ctx);
    case 'float':
      return encodeFloat(w.width, w.bigEndian, v, what);
    case 'str':
    case 'bytes': {
      if (!v.startsWith('"'))
        return HEX_BYTES.test(v)
          ? { kind: 'ordinary' }
          : fail(
              w.kind === 'str' ? 'TEXT-STRING' : 'TEXT-TOKEN',
              w.kind === 'str'
                ? `${what} takes a quoted string, not ${shown}`
                : `${what} takes a quoted string (its UTF-8 bytes) or hex bytes, not ${shown}`,
              w.size ?? 0,
            );
      const q = parseQuoted(v);
      if (!q.ok) return fail('TEXT-STRING', `${what}: ${q.message}`, w.size ?? 0);
      const text = encodeUtf8(q.value);
      const body = w.terminator !== undefined ? [...text, w.terminator] : [...text];
      if (w.size === undefined) return { kind: 'bytes', bytes: Uint8Array.from(body) };
      if (body.length > w.size)
        return fail('TEXT-RANGE', `the string is ${body.length} bytes; ${what} holds ${w.size}`, w.size);
      const bytes = new Uint8Array(w.size).fill(w.pad);
      bytes.set(body);
      return { kind: 'bytes', bytes };
    }
    case 'contents': {
      const want = Uint8Array.from(w.bytes);
      const listed = hexList(want);
      if (!v.startsWith('"'))
        return HEX_BYTES.test(v)
          ? { kind: 'ordinary' }
          : fail(
              'TEXT-TOKEN',
              `${what} holds fixed contents ${listed}: write them as a quoted string or hex bytes, not ${shown}`,
              want.length,
            );
      const q = parseQuoted(v);
      if (!q.ok) return fail('TEXT-STRING', `${what}: ${q.message}`, want.length);
      const got = encodeUtf8(q.value);
      if (got.length !== want.length || got.some((b, i) => b !== want[i]))
        return fail(
          'TEXT-TOKEN',
          `${what} holds fixed contents ${listed}; the string's UTF-8 is ${hexList(got)}`,
          want.length,
        );
      return { kind: 'bytes', bytes: want };
    }
    case 'none':
      // Hex bytes and typed literals stay the ordinary reading; a number, id or string cannot be placed.
      if (HEX_BYTES.test(v)) return { kind: 'ordinary' };
      return fail(
        'TEXT-TOKEN',
        `${what} cannot be written from "${shown}": ${w.why}; write hex bytes or a typed literal`,
      );
  }
}

function fail(code: TextCode, message: string, width = 0): ByNameResult {
  return { kind: 'bytes', bytes: new Uint8Array(width), problem: { code, message } };
}

function hexList(b: Uint8Array): string {
  const shown = [...b.subarray(0, 16)].map((x) => x.toString(16).toUpperCase().padStart(2, '0')).join(' ');
  return b.length > 16 ? `${shown} … (${b.length} bytes)` : shown || '(no bytes)';
}

/** An integer field's value: a number, an id of its enum, `true`/`false` for a `b1`; else the result to return. */
function integerValue(f: KsyLayoutField, v: string, what: string, width: number): ParsedInt | ByNameResult {
  const n = parseInt64(v);
  if (n) return n;
  if (IDENT.test(v)) {
    const hit = f.values && Object.entries(f.values).find(([, id]) => id === v);
    if (hit) return { value: BigInt(hit[0]), hex: false };
    if (f.write.kind === 'bits' && f.write.width === 1 && (v === 'true' || v === 'false'))
      return { value: v === 'true' ? 1n : 0n, hex: false };
    if (HEX_BYTES.test(v)) return { kind: 'ordinary' };
    if (!f.values) return fail('TEXT-NUMBER', `${what} takes a number, not "${v}"`, width);
    const ids = Object.values(f.values);
    const listed = ids.slice(0, MAX_IDS_LISTED).join(', ') + (ids.length > MAX_IDS_LISTED ? ', …' : '');
    return fail('TEXT-TOKEN', `"${v}" is not a value of the enum of ${what}; its ids: ${listed}`, width);
  }
  // A number-like token that is not an integer (1.5, 1e5): hex bytes when it is some (1e50), else refused.
  if (HEX_BYTES.test(v)) return { kind: 'ordinary' };
  return fail('TEXT-NUMBER', `${what} takes a number or an enum id, not ${v.slice(0, MAX_QUOTED)}`, width);
}

/**
 * A bit-sized field: its bits at its offset in the run. It shares the last byte written when the
 * line before wrote an earlier field of the same run and no other bytes came between; otherwise
 * its run starts again at a new byte (the run's fields before it as zero bits).
 */
function encodeBits(
  f: KsyLayoutField,
  w: { width: number; bigEndianBits: boolean; run: number; offset: number },
  v: string,
  what: string,
  ctx: ValueContext,
): ByNameResult {
  // A bad value writes the field's bits as zeros, so the run's later fields keep their places.
  let value = 0n;
  let problem: { code: TextCode; message: string } | undefined;
  const n = integerValue(f, v, what, 0);
  const hi = (1n << BigInt(w.width)) - 1n;
  if (!('value' in n)) {
    if (n.kind === 'ordinary') return n;
    problem = n.problem;
  } else if (n.value < 0n || n.value > hi)
    problem = { code: 'TEXT-RANGE', message: `${v} is out of range 0..${hi} for ${what}` };
  else value = n.value;
  const prev = ctx.bits;
  const sameRun = prev !== undefined && prev.run === w.run && prev.field < ctx.index;
  const shares = sameRun && prev.payloadEnd === ctx.payloadLength;
  // Bits already in the bytes written: a partly filled last byte is merged into, whole bytes are past.
  const baseByte = shares ? Math.floor(prev.endBit / 8) : 0;
  const merge = shares && prev.endBit % 8 !== 0;
  const scratch = new Uint8Array(Math.ceil((w.offset + w.width) / 8) - baseByte);
  for (let i = 0; i < w.width; i++) {
    // Big-endian bits: the value's most significant bit first, from each byte's bit 7; little-endian: its bit 0 first, from bit 0.
    const bit = (value >> BigInt(w.bigEndianBits ? w.width - 1 - i : i)) & 1n;
    if (!bit) continue;
    const at = w.offset + i - baseByte * 8;
    scratch[at >> 3] |= w.bigEndianBits ? 0x80 >> (at & 7) : 1 << (at & 7);
  }
  const out: ByNameResult = merge
    ? { kind: 'bytes', bytes: scratch.subarray(1), mergeLast: scratch[0] }
    : { kind: 'bytes', bytes: scratch };
  if (problem) out.problem = problem;
  else if (sameRun && !shares && prev.endBit % 8 !== 0 && Math.floor(prev.endBit / 8) === Math.floor(w.offset / 8))
    out.problem = {
      code: 'TEXT-ORDER',
      message: `${what} shares a byte with "${ctx.fieldId(prev.field)}", but other bytes were written after it: write a run of bit-sized fields on consecutive lines by name (this field starts its run again at a new byte)`,
    };
  return out;
}

function encodeFloat(width: 4 | 8, bigEndian: boolean, v: string, what: string): ByNameResult {
  const bytes = new Uint8Array(width);
  const view = new DataView(bytes.buffer);
  const n = parseInt64(v);
  if (n?.hex) {
    // A 0x value is the float's bit pattern.
    const hi = (1n << BigInt(width * 8)) - 1n;
    if (n.value < 0n || n.value > hi)
      return fail(
        'TEXT-RANGE',
        `${v} is out of range 0x0..0x${hi.toString(16).toUpperCase()} for ${what} (a bit pattern)`,
        width,
      );
    if (width === 4) view.setUint32(0, Number(n.value), !bigEndian);
    else view.setBigUint64(0, n.value, !bigEndian);
    return { kind: 'bytes', bytes };
  }
  let x: number;
  if (v === 'nan') x = NaN;
  else if (v === 'inf' || v === '-inf') x = v === 'inf' ? Infinity : -Infinity;
  else if (n || FLOAT.test(v)) x = Number(v);
  else if (HEX_BYTES.test(v)) return { kind: 'ordinary' };
  else
    return fail(
      'TEXT-NUMBER',
      `${what} takes a decimal number (1.5, -2e-3, 8), inf, -inf, nan or a 0x bit pattern, not ${v.slice(0, MAX_QUOTED)}`,
      width,
    );
  // A finite number that rounds to an infinity in the field's width is out of range (1e39 for f4, 1e999).
  const special = v === 'nan' || v === 'inf' || v === '-inf';
  if (!special && !Number.isFinite(width === 4 ? Math.fround(x) : x))
    return fail('TEXT-RANGE', `${v} is out of range ±${width === 4 ? F4_MAX : Number.MAX_VALUE} for ${what}`, width);
  if (width === 4) view.setFloat32(0, x, !bigEndian);
  else view.setFloat64(0, x, !bigEndian);
  return { kind: 'bytes', bytes };
}
