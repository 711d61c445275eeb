// Lookups between the assembled bytes and the text that produced them. Segments are stored in
// byte order (binary search by byte); a lazily built index orders them by text position.

import type { ByteRange, SourceSegment, TextPosition, TextRange } from '../model';
import { LineIndex, unionRange } from './positions';

/** Anything carrying a source map: a SavedStateDocument of the text form, or an AssembledText. */
export interface MappedDocument {
  sourceMap?: SourceSegment[];
  text?: string;
}

/** Index of the first segment whose bytes end after `byte` (segments.length if none). */
export function firstSegmentAfter(segs: readonly SourceSegment[], byte: number): number {
  let lo = 0;
  let hi = segs.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (segs[mid].bytes.end > byte) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

/** Index of the first segment starting at or after `byte`. */
function firstSegmentFrom(segs: readonly SourceSegment[], byte: number): number {
  let lo = 0;
  let hi = segs.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (segs[mid].bytes.start >= byte) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

// Text order does not follow byte order (a chunk's header and padding map to its .chunk line),
// so a wide byte range needs the min start and max end over many segments: per block of
// BLOCK segments both are precomputed, keyed as line * 2^32 + character.
const BLOCK = 64;
const LINE = 2 ** 32;
const key = (p: TextPosition) => p.line * LINE + p.character;
const unkey = (k: number): TextPosition => ({ line: Math.floor(k / LINE), character: k % LINE });

interface Blocks {
  minStart: Float64Array;
  maxEnd: Float64Array;
}
const blockCache = new WeakMap<readonly SourceSegment[], Blocks>();

function blocks(segs: readonly SourceSegment[]): Blocks {
  let b = blockCache.get(segs);
  const n = Math.ceil(segs.length / BLOCK);
  if (b && b.minStart.length === n) return b;
  b = { minStart: new Float64Array(n).fill(Infinity), maxEnd: new Float64Array(n).fill(-Infinity) };
  for (let i = 0; i < segs.length; i++) {
    const j = (i / BLOCK) | 0;
    b.minStart[j] = Math.min(b.minStart[j], key(segs[i].text.start));
    b.maxEnd[j] = Math.max(b.maxEnd[j], key(segs[i].text.end));
  }
  blockCache.set(segs, b);
  return b;
}

function blockUnion(segs: readonly SourceSegment[], i0: number, i1: number): TextRange {
  const b = blocks(segs);
  let lo = Infinity;
  let hi = -Infinity;
  const one = (i: number) => {
    lo = Math.min(lo, key(segs[i].text.start));
    hi = Math.max(hi, key(segs[i].text.end));
  };
  let i = i0;
  for (; i < i1 && i % BLOCK; i++) one(i);
  for (; i + BLOCK <= i1; i += BLOCK) {
    lo = Math.min(lo, b.minStart[i / BLOCK]);
    hi = Math.max(hi, b.maxEnd[i / BLOCK]);
  }
  for (; i < i1; i++) one(i);
  return { start: unkey(lo), end: unkey(hi) };
}

/** The segment holding `byte`, else the closest one before it, else the first. */
export function nearestSegment(segs: readonly SourceSegment[], byte: number): SourceSegment | undefined {
  if (!segs.length) return undefined;
  const i = firstSegmentAfter(segs, byte);
  if (i < segs.length && segs[i].bytes.start <= byte) return segs[i];
  return segs[Math.max(0, i - 1)];
}

/**
 * The smallest text range covering every segment that overlaps `range`. An empty range, or one
 * no segment overlaps, yields undefined, or the nearest segment's text when `nearest` is set.
 */
export function textRangeForBytes(doc: MappedDocument, range: ByteRange, nearest = false): TextRange | undefined {
  const segs = doc.sourceMap;
  if (!segs || !segs.length) return undefined;
  let out: TextRange | undefined;
  if (range.end > range.start) {
    const i0 = firstSegmentAfter(segs, range.start);
    const i1 = firstSegmentFrom(segs, range.end);
    if (i1 - i0 <= 2 * BLOCK) {
      for (let i = i0; i < i1; i++) out = unionRange(out, segs[i].text);
    } else {
      out = blockUnion(segs, i0, i1);
    }
  }
  if (!out && nearest) {
    const s = nearestSegment(segs, range.start);
    if (s) out = unionRange(undefined, s.text);
  }
  return out;
}

/** The segment (and its source map position) whose bytes contain `byte`. */
export function segmentAtByte(doc: MappedDocument, byte: number): SourceSegment | undefined {
  const segs = doc.sourceMap ?? [];
  const i = firstSegmentAfter(segs, byte);
  return i < segs.length && segs[i].bytes.start <= byte ? segs[i] : undefined;
}

interface TextOrder {
  /** Segment indices sorted by start line, then start column. */
  order: Int32Array;
  text?: string;
  lines?: LineIndex;
}

const cache = new WeakMap<readonly SourceSegment[], TextOrder>();

function textOrder(segs: readonly SourceSegment[], text: string | undefined): TextOrder {
  let t = cache.get(segs);
  if (!t || t.order.length !== segs.length) {
    const order = new Int32Array(segs.length);
    for (let i = 0; i < order.length; i++) order[i] = i;
    order.sort((a, b) => segs[a].text.start.line - segs[b].text.start.line || segs[a].text.start.character - segs[b].text.start.character || a - b);
    t = { order };
    cache.set(segs, t);
  }
  if (t.text !== text) {
    t.text = text;
    t.lines = undefined;
  }
  return t;
}

/**
 * The byte produced by the text at `pos`: the innermost segment on that line containing it
 * (a directive line maps to its chunk's first header byte). Inside a run of bare hex tokens the
 * exact byte is found by counting hex digits, which needs doc.text.
 */
export function byteOffsetAt(doc: MappedDocument, pos: TextPosition): number | undefined {
  const segs = doc.sourceMap;
  if (!segs || !segs.length) return undefined;
  const t = textOrder(segs, doc.text);
  const { order } = t;
  let lo = 0;
  let hi = order.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (segs[order[mid]].text.start.line < pos.line) lo = mid + 1;
    else hi = mid;
  }
  let best: SourceSegment | undefined;
  let bestTouch: SourceSegment | undefined;
  for (let k = lo; k < order.length; k++) {
    const s = segs[order[k]];
    const r = s.text;
    if (r.start.line !== pos.line) break;
    if (r.start.character > pos.character) break;
    const endCh = r.end.line > pos.line ? Infinity : r.end.character;
    if (pos.character < endCh) {
      if (!best || width(r) < width(best.text)) best = s;
    } else if (pos.character === endCh && !bestTouch) {
      bestTouch = s;
    }
  }
  const s = best ?? bestTouch;
  if (!s) return undefined;
  return s.bytes.start + hexRunOffset(t, s, pos);
}

function width(r: TextRange): number {
  return r.end.line > r.start.line ? Infinity : r.end.character - r.start.character;
}

/** Within a single-line run of bare hex tokens, how many bytes precede the digit at pos. */
function hexRunOffset(t: TextOrder, s: SourceSegment, pos: TextPosition): number {
  if (t.text === undefined || s.text.start.line !== s.text.end.line) return 0;
  t.lines ??= new LineIndex(t.text);
  const base = t.lines.offsetAt(s.text.start);
  const src = t.text.slice(base, base + width(s.text));
  if (!/^[0-9a-fA-F][0-9a-fA-F \t]*$/.test(src)) return 0;
  const digits = src.replace(/[ \t]/g, '').length;
  if (digits !== 2 * (s.bytes.end - s.bytes.start)) return 0;
  const upto = src.slice(0, Math.max(0, pos.character - s.text.start.character)).replace(/[ \t]/g, '').length;
  return Math.min(s.bytes.end - s.bytes.start - 1, upto >> 1);
}
