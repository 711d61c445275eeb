// Field-line tokens: `Label:`, bare hex bytes, and the typed literals (u8:…, guid:{…}, zero:N,
// fill:N:0xAA, utf8:"…", utf16:"…"). Pure token → meaning; placement rules live in the parser.

import { escapeControl } from '../escape';
import { parseGuid } from '../fieldReader';
import { intRange, intType, parseInt64, type IntType } from './numbers';
import { encodeUtf16le, encodeUtf8, parseQuoted } from './strings';
import type { TextCode } from './textProblems';

/** Longest run one zero:/fill: literal may ask for; the total stream limit applies as well. */
export const MAX_COUNT = 0xffffffff;

export type Literal =
  | { kind: 'label'; name: string }
  | { kind: 'hex'; bytes: Uint8Array }
  | { kind: 'bytes'; bytes: Uint8Array }
  | { kind: 'fill'; count: number; value: number }
  | { kind: 'int'; type: IntType; value: bigint }
  | { kind: 'auto'; type: IntType }
  | LiteralError;

export interface LiteralError {
  kind: 'error';
  code: TextCode;
  message: string;
  /** Offsets within the token. */
  at: number;
  len: number;
  /** Bytes to emit in its place so later fields keep their offsets; 0 when unknown. */
  width: number;
}

export const LITERAL_PREFIXES = [
  'u8',
  'u16',
  'u32',
  'u64',
  'i8',
  'i16',
  'i32',
  'i64',
  'be16',
  'be32',
  'be64',
  'guid',
  'zero',
  'fill',
  'utf8',
  'utf16',
] as const;
const PREFIX_SET = new Set<string>(LITERAL_PREFIXES);

const LABEL_RE = /^[A-Za-z_][A-Za-z0-9_.]*$/;
const HEX_RE = /^[0-9a-fA-F]+$/;

function fail(code: TextCode, message: string, at: number, len: number, width = 0): LiteralError {
  return { kind: 'error', code, message, at, len, width };
}

/**
 * Input text as quoted in a message: long tokens are shortened so a message stays readable, and
 * control characters are escaped so a file cannot send terminal escapes through a message.
 */
export function show(s: string): string {
  return escapeControl(s.length > 40 ? s.slice(0, 37) + '…' : s);
}

export function isLabelName(s: string): boolean {
  return LABEL_RE.test(s) && !PREFIX_SET.has(s);
}

export function hexBytes(s: string): Uint8Array {
  const out = new Uint8Array(s.length >> 1);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(s.substr(2 * i, 2), 16);
  return out;
}

export function parseLiteral(tok: string): Literal {
  if (HEX_RE.test(tok)) {
    if (tok.length % 2)
      return fail(
        'TEXT-HEX',
        `odd-length hex token "${show(tok)}": bytes are written as pairs of hex digits`,
        0,
        tok.length,
      );
    return { kind: 'hex', bytes: hexBytes(tok) };
  }
  const colon = tok.indexOf(':');
  if (colon < 0) {
    return fail(
      'TEXT-TOKEN',
      `unexpected token "${show(tok)}": expected Label:, hex bytes (e.g. 56 42) or a typed literal (u8: … utf16:)`,
      0,
      tok.length,
    );
  }
  const prefix = tok.slice(0, colon);
  const rest = tok.slice(colon + 1);
  const restAt = colon + 1;
  if (rest === '' && LABEL_RE.test(prefix)) {
    if (PREFIX_SET.has(prefix))
      return fail('TEXT-TOKEN', `missing value after "${show(tok)}"`, 0, tok.length, fixedWidth(prefix));
    return { kind: 'label', name: prefix };
  }
  const it = intType(prefix);
  if (it) return intLiteral(it, rest, restAt);
  switch (prefix) {
    case 'guid': {
      const g = parseGuid(rest);
      if (!g || /\s/.test(rest))
        return fail(
          'TEXT-GUID',
          `invalid GUID "${show(rest)}": expected {xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx}`,
          restAt,
          rest.length,
          16,
        );
      return { kind: 'bytes', bytes: g };
    }
    case 'zero': {
      const n = count('zero', rest, restAt);
      return typeof n === 'number' ? { kind: 'fill', count: n, value: 0 } : n;
    }
    case 'fill': {
      const m = /^([^:]*):([^:]*)$/.exec(rest);
      if (!m)
        return fail(
          'TEXT-TOKEN',
          `fill needs a count and a byte value: fill:N:0xAA, got "${show(tok)}"`,
          0,
          tok.length,
        );
      const n = count('fill', m[1], restAt);
      if (typeof n !== 'number') return n;
      const v = parseInt64(m[2]);
      const vAt = restAt + m[1].length + 1;
      if (!v) return fail('TEXT-NUMBER', `fill: byte value "${show(m[2])}" is not a number`, vAt, m[2].length, n);
      if (v.value < 0n || v.value > 255n)
        return fail('TEXT-RANGE', `fill byte value ${show(m[2])} out of range 0..255`, vAt, m[2].length, n);
      return { kind: 'fill', count: n, value: Number(v.value) };
    }
    case 'utf8':
    case 'utf16': {
      const p = parseQuoted(rest);
      if (!p.ok) return fail('TEXT-STRING', `${prefix}: ${p.message}`, restAt + p.at, Math.max(1, p.len));
      return { kind: 'bytes', bytes: prefix === 'utf8' ? encodeUtf8(p.value) : encodeUtf16le(p.value) };
    }
  }
  if (LABEL_RE.test(prefix)) {
    return fail(
      'TEXT-TOKEN',
      `unknown literal type "${show(prefix)}:" (known: ${LITERAL_PREFIXES.join(' ')}); a label needs a space after its colon`,
      0,
      colon + 1,
    );
  }
  return fail('TEXT-TOKEN', `unexpected token "${show(tok)}"`, 0, tok.length);
}

function count(prefix: string, s: string, at: number): number | LiteralError {
  const p = parseInt64(s);
  if (!p)
    return fail('TEXT-NUMBER', `${prefix}: needs a byte count (decimal or 0x hex), got "${show(s)}"`, at, s.length);
  if (p.value < 0n || p.value > BigInt(MAX_COUNT))
    return fail('TEXT-RANGE', `${prefix} count ${show(s)} out of range 0..${MAX_COUNT}`, at, s.length);
  return Number(p.value);
}

function fixedWidth(prefix: string): number {
  return intType(prefix)?.width ?? (prefix === 'guid' ? 16 : 0);
}

function intLiteral(t: IntType, rest: string, at: number): Literal {
  if (rest === 'auto') return { kind: 'auto', type: t };
  const p = parseInt64(rest);
  if (!p)
    return fail(
      'TEXT-NUMBER',
      `${t.name}: "${show(rest)}" is not a number (decimal, 0x hex or auto)`,
      at,
      rest.length,
      t.width,
    );
  const [lo, hi] = intRange(t, p.hex);
  if (p.value < lo || p.value > hi)
    return fail('TEXT-RANGE', `${t.name} value ${show(rest)} out of range ${lo}..${hi}`, at, rest.length, t.width);
  return { kind: 'int', type: t, value: p.value };
}
