// Text the debugger prints for values and messages: control characters escaped, so a fixture's
// bytes (a NOTE, a directive name) cannot send escape sequences to a console, and lengths bounded,
// so one value cannot flood the Debug Console or the Variables view.

import { escapeControl } from '../../core/src';

/** Longest value text the debugger prints (Variables, hover, watch, console, logpoint parts). */
export const MAX_VALUE_TEXT = 4096;

/** `n` and the noun, plural unless n is 1: "1 chunk", "3 chunks". */
export const plural = (n: number, one: string, many = one + 's'): string => `${n} ${n === 1 ? one : many}`;

const U64_LIMIT = 1n << 64n;

/**
 * A 64-bit-or-wider integer: up to 64 bits as decimal (how expressions and the docs write them);
 * wider ones in hex, which is linear to print and reads as bits.
 */
export function bigintText(v: bigint): string {
  if ((v < 0n ? -v : v) < U64_LIMIT) return v.toString();
  return `${v < 0n ? '-' : ''}0x${(v < 0n ? -v : v).toString(16).toUpperCase()}`;
}

/** The Variables/hover form of a 64-bit-or-wider integer: hex, with the decimal when it fits 64 bits. */
export function bigintDetail(v: bigint): string {
  const mag = v < 0n ? -v : v;
  if (mag < U64_LIMIT) return `${v < 0n ? '-' : ''}0x${mag.toString(16).toUpperCase()} (${v})`;
  return `${bigintText(v)} (${mag.toString(2).length} bits)`;
}

/** Escapes control characters and cuts text over `max` characters, saying how long it was. */
export function printable(s: string, max = MAX_VALUE_TEXT): string {
  const escaped = escapeControl(s.length > max ? s.slice(0, max) : s);
  if (s.length <= max && escaped.length <= max) return escaped;
  return `${escaped.slice(0, max)}… (${s.length} characters, cut at ${max})`;
}

/** Escapes every line of a multi-line text (an internal error's stack), keeping the line breaks. */
export function printableLines(s: string): string {
  return s
    .split('\n')
    .map((l) => escapeControl(l))
    .join('\n');
}
