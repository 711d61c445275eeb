// The saved-state editor's data inspector, pure: what the bytes at the caret (or the selection)
// read as in every common type and both byte orders, and the same-length bytes a typed value
// encodes to (docs/binary-editor.md, "Data inspector"). Unit-tested against known values.

import { formatGuid, parseGuid, statusFromName, statusHex, statusName } from '../../../../core/src';

export type ByteOrder = 'le' | 'be';

/** The kinds of value the inspector shows; integers and floats come in both byte orders. */
export type InspectorKind =
  | 'u8'
  | 'i8'
  | 'u16'
  | 'i16'
  | 'u32'
  | 'i32'
  | 'u64'
  | 'i64'
  | 'f32'
  | 'f64'
  | 'guid'
  | 'filetime'
  | 'ascii'
  | 'utf16'
  | 'ntstatus';

/** One row: a kind read from the bytes at the start offset, in one byte order. */
export interface InspectorValue {
  kind: InspectorKind;
  order: ByteOrder;
  /** How many bytes it reads (text kinds: the bytes shown). */
  length: number;
  /** The value as shown, or undefined when fewer than `length` bytes are there. */
  text?: string;
}

const WIDTH: Record<Exclude<InspectorKind, 'ascii' | 'utf16'>, number> = {
  u8: 1,
  i8: 1,
  u16: 2,
  i16: 2,
  u32: 4,
  i32: 4,
  u64: 8,
  i64: 8,
  f32: 4,
  f64: 8,
  guid: 16,
  filetime: 8,
  ntstatus: 4,
};

/** Kinds whose two byte orders differ (the rest are shown once, little-endian or byte order free). */
export const BOTH_ORDERS: readonly InspectorKind[] = ['u16', 'i16', 'u32', 'i32', 'u64', 'i64', 'f32', 'f64'];
export const INSPECTOR_KINDS: readonly InspectorKind[] = [
  'u8',
  'i8',
  'u16',
  'i16',
  'u32',
  'i32',
  'u64',
  'i64',
  'f32',
  'f64',
  'guid',
  'filetime',
  'ntstatus',
  'ascii',
  'utf16',
];
/** Most bytes the text kinds show: the selection up to this, or this many from the caret. */
export const MAX_TEXT_BYTES = 64;
const CARET_TEXT_BYTES = 16;

/** FILETIME 0 is 1601-01-01T00:00:00Z; JS dates count milliseconds from 1970. */
const FILETIME_EPOCH_MS = -11644473600000n;

export function filetimeToIso(v: bigint): string | undefined {
  const ms = v / 10000n + FILETIME_EPOCH_MS;
  if (ms > 8640000000000000n) return undefined;
  const d = new Date(Number(ms));
  if (Number.isNaN(d.getTime())) return undefined;
  const frac = (v % 10000000n).toString().padStart(7, '0');
  return d.toISOString().replace(/\.\d{3}Z$/, `.${frac}Z`);
}

function isoToFiletime(s: string): bigint | undefined {
  const m = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})(?:\.(\d{1,7}))?Z$/.exec(s.trim());
  if (!m) return undefined;
  const ms = Date.parse(`${m[1]}Z`);
  if (Number.isNaN(ms)) return undefined;
  const ticks = (BigInt(ms) - FILETIME_EPOCH_MS) * 10000n + BigInt((m[2] ?? '').padEnd(7, '0'));
  return ticks >= 0n && ticks < 1n << 64n ? ticks : undefined;
}

const printable = (c: number) => c >= 0x20 && c < 0x7f;
const escapeByte = (c: number) => `\\x${c.toString(16).padStart(2, '0')}`;

/** Bytes as ASCII: printable characters as they are, `\` as `\\`, the rest as `\xNN`. */
export function asciiText(b: Uint8Array): string {
  let s = '';
  for (const c of b) s += c === 0x5c ? '\\\\' : printable(c) ? String.fromCharCode(c) : escapeByte(c);
  return s;
}

/** Bytes as UTF-16LE code units: printable ones as characters, the rest as `\uNNNN`; an odd last byte is left out. */
export function utf16Text(b: Uint8Array): string {
  let s = '';
  for (let i = 0; i + 1 < b.length; i += 2) {
    const u = b[i] | (b[i + 1] << 8);
    s +=
      u === 0x5c
        ? '\\\\'
        : u >= 0x20 && u !== 0x7f && (u < 0xd800 || u > 0xdfff)
          ? String.fromCharCode(u)
          : `\\u${u.toString(16).padStart(4, '0')}`;
  }
  return s;
}

function readNumber(dv: DataView, kind: InspectorKind, le: boolean): string {
  switch (kind) {
    case 'u8':
      return String(dv.getUint8(0));
    case 'i8':
      return String(dv.getInt8(0));
    case 'u16':
      return String(dv.getUint16(0, le));
    case 'i16':
      return String(dv.getInt16(0, le));
    case 'u32':
      return String(dv.getUint32(0, le));
    case 'i32':
      return String(dv.getInt32(0, le));
    case 'u64':
      return String(dv.getBigUint64(0, le));
    case 'i64':
      return String(dv.getBigInt64(0, le));
    case 'f32':
      return String(dv.getFloat32(0, le));
    case 'f64':
      return String(dv.getFloat64(0, le));
    default:
      return '';
  }
}

/** Integers also in hex, so a status or an id is recognisable: `57345 (0x0000E001)`. */
function withHex(kind: InspectorKind, dec: string, dv: DataView, le: boolean): string {
  if (kind === 'f32' || kind === 'f64') return dec;
  const w = WIDTH[kind as keyof typeof WIDTH];
  const u =
    w === 8
      ? dv.getBigUint64(0, le)
      : BigInt(w === 1 ? dv.getUint8(0) : w === 2 ? dv.getUint16(0, le) : dv.getUint32(0, le));
  return `${dec} (0x${u
    .toString(16)
    .toUpperCase()
    .padStart(w * 2, '0')})`;
}

/**
 * Every inspector value of `bytes`, the bytes from the start offset (the caret, or the selection's
 * first byte) to at most the end of the file; `selection` is how many bytes are selected (0 or 1:
 * the caret only), which bounds what the text kinds show.
 */
export function inspect(bytes: Uint8Array, selection = 0): InspectorValue[] {
  const out: InspectorValue[] = [];
  for (const kind of INSPECTOR_KINDS) {
    if (kind === 'ascii' || kind === 'utf16') {
      const n = Math.min(bytes.length, selection > 1 ? Math.min(selection, MAX_TEXT_BYTES) : CARET_TEXT_BYTES);
      const b = bytes.subarray(0, kind === 'utf16' ? n & ~1 : n);
      out.push({
        kind,
        order: 'le',
        length: b.length,
        ...(b.length ? { text: kind === 'ascii' ? asciiText(b) : utf16Text(b) } : {}),
      });
      continue;
    }
    const w = WIDTH[kind];
    for (const order of BOTH_ORDERS.includes(kind) ? (['le', 'be'] as const) : (['le'] as const)) {
      const v: InspectorValue = { kind, order, length: w };
      if (bytes.length >= w) {
        const dv = new DataView(bytes.buffer, bytes.byteOffset, w);
        const le = order === 'le';
        if (kind === 'guid') v.text = `{${formatGuid(bytes, 0)}}`;
        else if (kind === 'filetime') {
          const t = dv.getBigUint64(0, true);
          v.text = t === 0n ? '0 (not set)' : (filetimeToIso(t) ?? String(t));
        } else if (kind === 'ntstatus') {
          const s = dv.getUint32(0, true);
          const name = statusName(s);
          // Only a value the catalogue knows is a status; any other u32 is not shown as one.
          if (name) v.text = `${name} (${statusHex(s)})`;
        } else v.text = withHex(kind, readNumber(dv, kind, le), dv, le);
      }
      if (kind !== 'ntstatus' || v.text !== undefined) out.push(v);
    }
  }
  return out;
}

/** What a typed value encodes to: exactly `length` bytes, or why not. */
export type EncodeResult = { bytes: Uint8Array } | { error: string };

function parseInteger(s: string): bigint | undefined {
  const t = s.trim().replace(/_/g, '');
  if (/^-?0x[0-9a-f]+$/i.test(t)) return t.startsWith('-') ? -BigInt(t.slice(1)) : BigInt(t);
  if (/^-?\d+$/.test(t)) return BigInt(t);
  return undefined;
}

/** Text typed for the ASCII row: printable ASCII with `\\` and `\xNN` escapes. */
function parseAscii(s: string): number[] | string {
  const out: number[] = [];
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 0x5c) {
      if (s[i + 1] === '\\') {
        out.push(0x5c);
        i++;
        continue;
      }
      const m = /^x([0-9a-f]{2})/i.exec(s.slice(i + 1));
      if (!m) return `"\\${s[i + 1] ?? ''}" is not an escape: use \\\\ or \\xNN`;
      out.push(parseInt(m[1], 16));
      i += 3;
    } else if (printable(c)) out.push(c);
    else return `"${s[i]}" is not printable ASCII: write it as \\xNN`;
  }
  return out;
}

/** Text typed for the UTF-16 row: characters with `\\` and `\uNNNN` escapes, as UTF-16LE. */
function parseUtf16(s: string): number[] | string {
  const out: number[] = [];
  for (let i = 0; i < s.length; i++) {
    let u = s.charCodeAt(i);
    if (u === 0x5c) {
      if (s[i + 1] === '\\') i++;
      else {
        const m = /^u([0-9a-f]{4})/i.exec(s.slice(i + 1));
        if (!m) return `"\\${s[i + 1] ?? ''}" is not an escape: use \\\\ or \\uNNNN`;
        u = parseInt(m[1], 16);
        i += 5;
      }
    }
    out.push(u & 0xff, u >> 8);
  }
  return out;
}

function parseFloatText(s: string): number | undefined {
  if (/^nan$/i.test(s)) return NaN;
  const inf = /^([-+]?)inf(inity)?$/i.exec(s);
  if (inf) return inf[1] === '-' ? -Infinity : Infinity;
  const v = s === '' ? NaN : Number(s);
  return Number.isNaN(v) ? undefined : v;
}

const RANGE: Partial<Record<InspectorKind, [bigint, bigint]>> = {
  u8: [0n, 0xffn],
  i8: [-0x80n, 0x7fn],
  u16: [0n, 0xffffn],
  i16: [-0x8000n, 0x7fffn],
  u32: [0n, 0xffffffffn],
  i32: [-0x80000000n, 0x7fffffffn],
  u64: [0n, (1n << 64n) - 1n],
  i64: [-(1n << 63n), (1n << 63n) - 1n],
};

/**
 * The bytes a value typed into row (`kind`, `order`) writes: always the row's `length` bytes (a
 * same-length overwrite, one undo step), or an error naming the row and what it accepts.
 */
export function encodeValue(kind: InspectorKind, order: ByteOrder, length: number, input: string): EncodeResult {
  const out = new Uint8Array(length);
  const dv = new DataView(out.buffer);
  const le = order === 'le';
  const s = input.trim();
  const range = RANGE[kind];
  if (range) {
    const v = parseInteger(s);
    if (v === undefined) return { error: `${kind}: type a decimal or 0x hex integer, not "${input}"` };
    if (v < range[0] || v > range[1]) return { error: `${kind}: ${s} is out of range (${range[0]} to ${range[1]})` };
    const w = WIDTH[kind as keyof typeof WIDTH];
    if (w === 8) {
      if (kind === 'u64') dv.setBigUint64(0, v, le);
      else dv.setBigInt64(0, v, le);
    } else {
      const n = Number(BigInt.asUintN(w * 8, v));
      if (w === 1) dv.setUint8(0, n);
      else if (w === 2) dv.setUint16(0, n, le);
      else dv.setUint32(0, n, le);
    }
    return { bytes: out };
  }
  switch (kind) {
    case 'f32':
    case 'f64': {
      const v = parseFloatText(s);
      if (v === undefined) return { error: `${kind}: type a number (1.5, -2e-3, Infinity, NaN), not "${input}"` };
      if (kind === 'f32') dv.setFloat32(0, v, le);
      else dv.setFloat64(0, v, le);
      return { bytes: out };
    }
    case 'guid': {
      const g = parseGuid(s);
      return g ? { bytes: g } : { error: `GUID: type {xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx}, not "${input}"` };
    }
    case 'filetime': {
      const v = /^\d+$/.test(s) ? BigInt(s) : isoToFiletime(s);
      if (v === undefined || v >= 1n << 64n)
        return {
          error: `FILETIME: type a UTC time (2024-05-01T12:00:00Z, up to 7 fraction digits) or 100 ns ticks, not "${input}"`,
        };
      dv.setBigUint64(0, v, true);
      return { bytes: out };
    }
    case 'ntstatus': {
      const v = /^STATUS_/i.test(s)
        ? statusFromName(s)
        : parseInteger(s) !== undefined
          ? Number(parseInteger(s))
          : undefined;
      if (v === undefined || v < 0 || v > 0xffffffff || !Number.isInteger(v))
        return { error: `NTSTATUS: type a status name (STATUS_SUCCESS) or a 32-bit value, not "${input}"` };
      dv.setUint32(0, v >>> 0, true);
      return { bytes: out };
    }
    case 'ascii':
    case 'utf16': {
      const b = kind === 'ascii' ? parseAscii(input) : parseUtf16(input);
      if (typeof b === 'string') return { error: `${kind === 'ascii' ? 'ASCII' : 'UTF-16'}: ${b}` };
      if (b.length !== length)
        return {
          error: `${kind === 'ascii' ? 'ASCII' : 'UTF-16'}: the text must stay ${length} bytes; "${input}" is ${b.length}`,
        };
      return { bytes: Uint8Array.from(b) };
    }
  }
  return { error: `${kind}: not editable` };
}

/** The label of a row: `u32 LE`, `GUID`, `ASCII (8 B)`. */
export function rowLabel(v: InspectorValue): string {
  const names: Partial<Record<InspectorKind, string>> = {
    guid: 'GUID',
    filetime: 'FILETIME',
    ntstatus: 'NTSTATUS',
    ascii: 'ASCII',
    utf16: 'UTF-16LE',
  };
  const base = names[v.kind] ?? v.kind;
  if (v.kind === 'ascii' || v.kind === 'utf16') return `${base} (${v.length} B)`;
  return BOTH_ORDERS.includes(v.kind) ? `${base} ${v.order.toUpperCase()}` : base;
}
