// Go to Offset and Find Bytes for the binary editor: parsing what the user typed and searching
// the document bytes. Pure (no vscode): the provider asks for the input and applies the result.

/** A chunk as Go to Offset needs it (from the analysis, or a fresh decode). */
export interface ChunkTarget {
  index: number;
  sequence?: number;
  start: number;
  end: number;
}

export interface NavContext {
  /** Caret offset (for +N / -N). */
  caret: number;
  /** Document size in bytes; offsets 0..size are valid (size = the end-of-file insertion point). */
  size: number;
  chunks?: readonly ChunkTarget[];
}

export type GoToResult =
  | { ok: true; offset: number; /** Bytes to select: [start, end). */ start: number; end: number; chunk?: ChunkTarget }
  | { ok: false; message: string };

const hex = (n: number) => `0x${n.toString(16).toUpperCase()}`;

/** A non-negative integer written in decimal or 0x hex (underscores allowed as separators); undefined if it is not one. */
export function parseNumber(text: string): number | undefined {
  const t = text.trim().replace(/_/g, '');
  let n: number;
  if (/^0x[0-9a-f]+$/i.test(t)) n = parseInt(t.slice(2), 16);
  else if (/^[0-9]+$/.test(t)) n = parseInt(t, 10);
  else return undefined;
  return Number.isSafeInteger(n) ? n : undefined;
}

/**
 * What Go to Offset's input means: `123`, `0x7B` (absolute), `+16` / `-0x10` (relative to the
 * caret), `chunk 3` (the third chunk in stream order: chunks are numbered from 1 in every view,
 * docs/format.md §4) or `seq 5` (the first chunk whose header Sequence is 5). The offset must be within 0..size.
 */
export function parseGoToOffset(input: string, ctx: NavContext): GoToResult {
  const text = input.trim();
  if (!text)
    return {
      ok: false,
      message: 'Type an offset: decimal (1234) or hex (0x4D2), +N / -N from the caret, or "chunk N" / "seq N".',
    };
  const chunkMatch = /^(chunk|seq|sequence)\s*#?\s*(\S+)$/i.exec(text);
  if (chunkMatch) {
    const bySeq = chunkMatch[1].toLowerCase() !== 'chunk';
    const n = parseNumber(chunkMatch[2]);
    if (n === undefined)
      return {
        ok: false,
        message: `"${chunkMatch[2]}" is not a number: write "${bySeq ? 'seq' : 'chunk'} 3" or "${bySeq ? 'seq' : 'chunk'} 0x3".`,
      };
    const chunks = ctx.chunks ?? [];
    if (chunks.length === 0) return { ok: false, message: 'This file has no chunks.' };
    // ChunkTarget.index is 0-based; the number typed counts from 1.
    const c = bySeq ? chunks.find((x) => x.sequence === n) : chunks.find((x) => x.index === n - 1);
    if (!c) {
      return bySeq
        ? { ok: false, message: `No chunk has sequence ${n}.` }
        : { ok: false, message: `There is no chunk ${n}: the chunks are numbered 1–${chunks.length}.` };
    }
    return { ok: true, offset: c.start, start: c.start, end: Math.min(c.start + 1, ctx.size), chunk: c };
  }
  const rel = /^([+-])\s*(.+)$/.exec(text);
  const n = parseNumber(rel ? rel[2] : text);
  if (n === undefined) {
    return {
      ok: false,
      message: `"${text}" is not an offset: write decimal (1234), hex (0x4D2), +N / -N from the caret, or "chunk N" / "seq N".`,
    };
  }
  const offset = rel ? (rel[1] === '+' ? ctx.caret + n : ctx.caret - n) : n;
  if (offset < 0 || offset > ctx.size) {
    const what = rel
      ? `${rel[1]}${n} from the caret at ${hex(ctx.caret)} is ${offset < 0 ? '-' : ''}${hex(Math.abs(offset))}`
      : `Offset ${hex(offset)} (${offset})`;
    const range =
      ctx.size === 0
        ? 'the file is empty (only offset 0 exists)'
        : `the file has ${ctx.size} bytes (0x0–${hex(ctx.size - 1)}; ${hex(ctx.size)} is the end)`;
    return { ok: false, message: `${what}: out of range, ${range}.` };
  }
  return { ok: true, offset, start: offset, end: Math.min(offset + 1, ctx.size) };
}

export type FindPattern =
  | { ok: true; bytes: Uint8Array; /** How to show it: "56 42 53 43" or "\"VBSC\"". */ display: string }
  | { ok: false; message: string };

/**
 * What Find Bytes' input means: hex bytes with any spacing or separators (`56 42 53 43`,
 * `56425343`, `0x56,0x42`) or a quoted string (`"VBSC"` or `'VBSC'`, UTF-8; escapes `\\`, `\"`,
 * `\'`, `\n`, `\r`, `\t`, `\0`, `\xNN`).
 */
export function parseFindPattern(input: string): FindPattern {
  const text = input.trim();
  if (!text) return { ok: false, message: 'Type hex bytes (56 42 53 43) or a quoted string ("VBSC").' };
  const q = text[0];
  if (q === '"' || q === "'") {
    if (text.length < 2 || text[text.length - 1] !== q)
      return { ok: false, message: `The string has no closing ${q}.` };
    const body = text.slice(1, -1);
    const out: number[] = [];
    const enc = new TextEncoder();
    for (let i = 0; i < body.length; i++) {
      const ch = body[i];
      if (ch !== '\\') {
        const cp = body.codePointAt(i)!;
        if (cp > 0xffff) i++;
        for (const b of enc.encode(String.fromCodePoint(cp))) out.push(b);
        continue;
      }
      const e = body[++i];
      if (e === undefined) return { ok: false, message: 'The string ends with a lone backslash.' };
      const simple: Record<string, number> = { '\\': 0x5c, '"': 0x22, "'": 0x27, n: 0x0a, r: 0x0d, t: 0x09, '0': 0x00 };
      if (e in simple) out.push(simple[e]);
      else if (e === 'x' && /^[0-9a-f]{2}$/i.test(body.slice(i + 1, i + 3))) {
        out.push(parseInt(body.slice(i + 1, i + 3), 16));
        i += 2;
      } else
        return {
          ok: false,
          message: `Unknown escape \\${e} in the string (use \\\\, \\", \\n, \\r, \\t, \\0 or \\xNN).`,
        };
    }
    if (out.length === 0) return { ok: false, message: 'The string is empty.' };
    return { ok: true, bytes: Uint8Array.from(out), display: text };
  }
  const clean = text.replace(/0x/gi, '').replace(/[\s,:;-]/g, '');
  const bad = /[^0-9a-f]/i.exec(clean);
  if (bad)
    return {
      ok: false,
      message: `"${bad[0]}" is not a hex digit: type hex bytes (56 42 53 43) or put text in quotes ("VBSC").`,
    };
  if (clean.length === 0) return { ok: false, message: 'Type hex bytes (56 42 53 43) or a quoted string ("VBSC").' };
  if (clean.length % 2 !== 0)
    return {
      ok: false,
      message: `${clean.length} hex digits is not a whole number of bytes: each byte takes two digits (05, not 5).`,
    };
  const bytes = new Uint8Array(clean.length / 2);
  for (let i = 0; i < bytes.length; i++) bytes[i] = parseInt(clean.substr(i * 2, 2), 16);
  return {
    ok: true,
    bytes,
    display: Array.from(bytes, (b) => b.toString(16).toUpperCase().padStart(2, '0')).join(' '),
  };
}

/**
 * First occurrence of `needle` in `hay` starting at an offset in [from, to) (the match itself
 * may run past `to`), or -1. Finds candidates with the native TypedArray indexOf on the first
 * byte and compares the rest in place: no allocation.
 */
export function indexOfBytes(hay: Uint8Array, needle: Uint8Array, from = 0, to = hay.length): number {
  const m = needle.length;
  if (m === 0) return -1;
  const last = Math.min(to, hay.length - m + 1);
  const first = needle[0];
  let i = Math.max(0, from);
  while (i < last) {
    i = hay.indexOf(first, i);
    if (i < 0 || i >= last) return -1;
    let j = 1;
    while (j < m && hay[i + j] === needle[j]) j++;
    if (j === m) return i;
    i++;
  }
  return -1;
}

/** Where a forward search starts: after the current match when the selection is one (so Find again moves on), else at the caret. */
export function searchStart(
  hay: Uint8Array,
  needle: Uint8Array,
  selection: { start: number; end: number; caret: number },
): number {
  const { start, end } = selection;
  if (end - start === needle.length && indexOfBytes(hay, needle, start, start + 1) === start) return start + 1;
  return Math.max(0, Math.min(selection.caret, hay.length));
}

/** Forward search from `from`, wrapping to the start of the file once: the match's offset and whether it wrapped. */
export function findBytes(
  hay: Uint8Array,
  needle: Uint8Array,
  from: number,
): { offset: number; wrapped: boolean } | undefined {
  const a = indexOfBytes(hay, needle, from);
  if (a >= 0) return { offset: a, wrapped: false };
  const b = indexOfBytes(hay, needle, 0, Math.min(from, hay.length));
  return b >= 0 ? { offset: b, wrapped: true } : undefined;
}

/**
 * Last occurrence of `needle` starting at an offset in [from, to) (the match may run past `to`),
 * or -1: the backward twin of indexOfBytes, scanning from `to` - 1 down to `from`.
 */
export function lastIndexOfBytes(hay: Uint8Array, needle: Uint8Array, from = 0, to = hay.length): number {
  const m = needle.length;
  if (m === 0) return -1;
  const first = needle[0];
  let i = Math.min(to, hay.length - m + 1) - 1;
  const lo = Math.max(0, from);
  while (i >= lo) {
    i = hay.lastIndexOf(first, i);
    if (i < lo) return -1;
    let j = 1;
    while (j < m && hay[i + j] === needle[j]) j++;
    if (j === m) return i;
    i--;
  }
  return -1;
}

/** Where a backward search ends (exclusive start offset bound): before the current match or the caret, so Find Previous moves on. */
export function searchEndBackward(selection: { start: number; end: number; caret: number }, size: number): number {
  return Math.max(0, Math.min(selection.start, size));
}

/** Backward search for a match starting before `before`, wrapping to the end of the file once. */
export function findBytesBackward(
  hay: Uint8Array,
  needle: Uint8Array,
  before: number,
): { offset: number; wrapped: boolean } | undefined {
  const a = lastIndexOfBytes(hay, needle, 0, before);
  if (a >= 0) return { offset: a, wrapped: false };
  const b = lastIndexOfBytes(hay, needle, Math.max(0, before));
  return b >= 0 ? { offset: b, wrapped: true } : undefined;
}
