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
// BLOCK segments both are kept, as line and character arrays, each block's filled when first
// used (a field tree built for one chunk does not pay for the whole map's index).
const BLOCK = 64;

interface Blocks {
  /** 1 where block j's entry is filled. */
  filled: Uint8Array;
  startLine: Int32Array;
  startChar: Int32Array;
  endLine: Int32Array;
  endChar: Int32Array;
}
const blockCache = new WeakMap<readonly SourceSegment[], Blocks>();

function blocks(segs: readonly SourceSegment[]): Blocks {
  let b = blockCache.get(segs);
  const n = Math.ceil(segs.length / BLOCK);
  if (b && b.startLine.length === n) return b;
  b = {
    filled: new Uint8Array(n),
    startLine: new Int32Array(n),
    startChar: new Int32Array(n),
    endLine: new Int32Array(n),
    endChar: new Int32Array(n),
  };
  blockCache.set(segs, b);
  return b;
}

/** Block j's entry: the smallest range holding the text of its segments. */
function fillBlock(b: Blocks, segs: readonly SourceSegment[], j: number): void {
  const i1 = Math.min(segs.length, (j + 1) * BLOCK);
  let lo = segs[j * BLOCK].text.start;
  let hi = segs[j * BLOCK].text.end;
  for (let i = j * BLOCK + 1; i < i1; i++) {
    const r = segs[i].text;
    if (r.start.line < lo.line || (r.start.line === lo.line && r.start.character < lo.character)) lo = r.start;
    if (r.end.line > hi.line || (r.end.line === hi.line && r.end.character > hi.character)) hi = r.end;
  }
  b.startLine[j] = lo.line;
  b.startChar[j] = lo.character;
  b.endLine[j] = hi.line;
  b.endChar[j] = hi.character;
  b.filled[j] = 1;
}

/**
 * segs[from, to) were replaced in place by as many new segments (incremental.ts): the look-up
 * tables kept for `segs` are patched (or, for the text order when `orderKept` is false, dropped).
 */
export function sourceMapReplaced(segs: readonly SourceSegment[], from: number, to: number, orderKept: boolean): void {
  if (!orderKept) cache.delete(segs);
  const b = blockCache.get(segs);
  if (!b) return;
  blockCache.delete(segs);
  if (b.startLine.length !== Math.ceil(segs.length / BLOCK)) return;
  for (let j = Math.floor(from / BLOCK); j * BLOCK < to; j++) fillBlock(b, segs, j);
  blockCache.set(segs, b);
}

/** The smallest range holding the text of segs[i0, i1) (i1 > i0), as fresh positions. */
function segmentUnion(segs: readonly SourceSegment[], i0: number, i1: number): TextRange {
  let lo = segs[i0].text.start;
  let hi = segs[i0].text.end;
  let i = i0 + 1;
  if (i1 - i0 > 2 * BLOCK) {
    // Segments up to a block boundary, whole blocks from the index, then the rest.
    for (; i < i1 && i % BLOCK; i++) {
      const r = segs[i].text;
      if (before(r.start, lo)) lo = r.start;
      if (before(hi, r.end)) hi = r.end;
    }
    const b = blocks(segs);
    let sl = lo.line;
    let sc = lo.character;
    let el = hi.line;
    let ec = hi.character;
    for (; i + BLOCK <= i1; i += BLOCK) {
      const j = i / BLOCK;
      if (!b.filled[j]) fillBlock(b, segs, j);
      if (b.startLine[j] < sl || (b.startLine[j] === sl && b.startChar[j] < sc)) {
        sl = b.startLine[j];
        sc = b.startChar[j];
      }
      if (b.endLine[j] > el || (b.endLine[j] === el && b.endChar[j] > ec)) {
        el = b.endLine[j];
        ec = b.endChar[j];
      }
    }
    lo = { line: sl, character: sc };
    hi = { line: el, character: ec };
  }
  for (; i < i1; i++) {
    const r = segs[i].text;
    if (before(r.start, lo)) lo = r.start;
    if (before(hi, r.end)) hi = r.end;
  }
  return { start: { line: lo.line, character: lo.character }, end: { line: hi.line, character: hi.character } };
}

function before(a: TextPosition, b: TextPosition): boolean {
  return a.line < b.line || (a.line === b.line && a.character < b.character);
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
    if (i1 > i0) out = segmentUnion(segs, i0, i1);
  }
  if (!out && nearest) {
    const s = nearestSegment(segs, range.start);
    if (s) out = unionRange(undefined, s.text);
  }
  return out;
}

/**
 * textRangeForBytes for many ranges over one source map, as decodeText maps every field: each
 * search starts where the previous one ended and gallops from there, so ranges that come in
 * about ascending byte order cost a few probes among segments already in cache instead of a
 * binary search over the whole map. Same answers as textRangeForBytes, given segments in byte
 * order without overlaps, as the assembler makes them.
 */
export class SequentialRangeMapper {
  private hint = 0;

  constructor(private readonly segs: readonly SourceSegment[]) {}

  textRange(range: ByteRange, nearest = false): TextRange | undefined {
    const segs = this.segs;
    if (!segs.length) return undefined;
    let out: TextRange | undefined;
    let i0 = -1;
    if (range.end > range.start) {
      i0 = this.hint = gallop(segs, range.start, false, this.hint);
      const i1 = gallop(segs, range.end, true, i0);
      if (i1 > i0) out = segmentUnion(segs, i0, i1);
    }
    if (!out && nearest) {
      // As nearestSegment: the segment holding the byte, else the closest one before it.
      const i = i0 >= 0 ? i0 : (this.hint = gallop(segs, range.start, false, this.hint));
      const s = i < segs.length && segs[i].bytes.start <= range.start ? segs[i] : segs[Math.max(0, i - 1)];
      out = unionRange(undefined, s.text);
    }
    return out;
  }
}

/**
 * The first index whose segment ends after `byte` (byStart false: as firstSegmentAfter) or
 * starts at or after it (byStart true: as firstSegmentFrom), segs.length if none: probes 1, 2,
 * 4 … segments away from `guess`, then a binary search between the last two probes.
 */
function gallop(segs: readonly SourceSegment[], byte: number, byStart: boolean, guess: number): number {
  const n = segs.length;
  let g = Math.min(Math.max(guess, 0), n - 1);
  let lo: number;
  let hi: number;
  let step = 1;
  if (hits(segs, g, byte, byStart)) {
    // The answer is at or before g.
    let probe = g - 1;
    while (probe >= 0 && hits(segs, probe, byte, byStart)) {
      g = probe;
      step *= 2;
      probe = g - step;
    }
    lo = Math.max(probe + 1, 0);
    hi = g;
  } else {
    // The answer is after g.
    let probe = g + 1;
    while (probe < n && !hits(segs, probe, byte, byStart)) {
      g = probe;
      step *= 2;
      probe = g + step;
    }
    lo = g + 1;
    hi = Math.min(probe, n);
  }
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (hits(segs, mid, byte, byStart)) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

function hits(segs: readonly SourceSegment[], i: number, byte: number, byStart: boolean): boolean {
  return byStart ? segs[i].bytes.start >= byte : segs[i].bytes.end > byte;
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

/** The map's text order, built once per map; `keepText`: the caller has no text, leave the one kept. */
function textOrder(segs: readonly SourceSegment[], text: string | undefined, keepText = false): TextOrder {
  let t = cache.get(segs);
  if (!t || t.order.length !== segs.length) {
    // Each segment's start read once (a line segment builds its range when read), then an
    // array sort, which runs fast on the long sorted runs a map has (text order is byte order
    // except for the header and padding segments of each chunk).
    const n = segs.length;
    const lines = new Int32Array(n);
    const chars = new Int32Array(n);
    const idx: number[] = new Array<number>(n);
    for (let i = 0; i < n; i++) {
      const p = segs[i].text.start;
      lines[i] = p.line;
      chars[i] = p.character;
      idx[i] = i;
    }
    idx.sort((a, b) => lines[a] - lines[b] || chars[a] - chars[b] || a - b);
    t = { order: Int32Array.from(idx) };
    cache.set(segs, t);
  }
  if (!keepText && t.text !== text) {
    t.text = text;
    t.lines = undefined;
  }
  return t;
}

/**
 * The segments sorted by where their text starts (line, then column; byte order among equals),
 * from the order byteOffsetAt keeps for the map (kept across in-place edits, sourceMapReplaced).
 */
export function segmentsInTextOrder(segs: readonly SourceSegment[]): SourceSegment[] {
  const { order } = textOrder(segs, undefined, true);
  const out: SourceSegment[] = new Array<SourceSegment>(order.length);
  for (let i = 0; i < order.length; i++) out[i] = segs[order[i]];
  return out;
}

/**
 * The byte produced by the text at `pos`: the innermost segment on that line containing it
 * (a directive line maps to its chunk's first header byte). Inside a run of bare hex tokens the
 * exact byte is found by counting hex digits, which needs doc.text.
 */
export function byteOffsetAt(doc: MappedDocument, pos: TextPosition, lines?: LineIndex): number | undefined {
  const segs = doc.sourceMap;
  if (!segs || !segs.length) return undefined;
  const t = textOrder(segs, doc.text);
  // The caller's line index of the same text spares building one (a 10 MB text has 200 000 lines).
  if (lines && lines.text === doc.text) t.lines = lines;
  const { order } = t;
  let lo = 0;
  let hi = order.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (segs[order[mid]].text.start.line < pos.line) lo = mid + 1;
    else hi = mid;
  }
  const onLine: SourceSegment[] = [];
  for (let k = lo; k < order.length && segs[order[k]].text.start.line === pos.line; k++) onLine.push(segs[order[k]]);
  const s = pickSegment(onLine, pos);
  if (!s || t.text === undefined) return s?.bytes.start;
  t.lines ??= new LineIndex(t.text);
  return s.bytes.start + hexRunOffset(t.text, t.lines, s, pos);
}

/**
 * byteOffsetAt over segs[from, to) only, without the map's text order (built once per map, tens of
 * milliseconds for 10 MB of text): equal to it when every segment whose text starts on `pos.line`
 * lies in that range, as the segments of one chunk block's lines do (the caller's promise).
 */
export function byteOffsetAtAmong(
  doc: MappedDocument,
  pos: TextPosition,
  lines: LineIndex,
  from: number,
  to: number,
): number | undefined {
  const segs = doc.sourceMap;
  if (!segs) return undefined;
  const onLine: SourceSegment[] = [];
  for (let i = Math.max(0, from); i < Math.min(to, segs.length); i++)
    if (segStartLine(segs[i]) === pos.line) onLine.push(segs[i]);
  // The text order's tie-break: column, then byte order (the order they were pushed in).
  onLine.sort((a, b) => a.text.start.character - b.text.start.character);
  const s = pickSegment(onLine, pos);
  if (!s || doc.text === undefined || lines.text !== doc.text) return s?.bytes.start;
  return s.bytes.start + hexRunOffset(doc.text, lines, s, pos);
}

/** A segment's first line without building its text range (a line segment keeps it flat). */
function segStartLine(s: SourceSegment): number {
  const flat = (s as { line?: unknown }).line;
  return typeof flat === 'number' ? flat : s.text.start.line;
}

/** Among the segments starting on pos's line (text order), the innermost holding pos, else the first ending at it. */
function pickSegment(onLine: readonly SourceSegment[], pos: TextPosition): SourceSegment | undefined {
  let best: SourceSegment | undefined;
  let bestTouch: SourceSegment | undefined;
  for (const s of onLine) {
    const r = s.text;
    if (r.start.character > pos.character) break;
    const endCh = r.end.line > pos.line ? Infinity : r.end.character;
    if (pos.character < endCh) {
      if (!best || width(r) < width(best.text)) best = s;
    } else if (pos.character === endCh && !bestTouch) {
      bestTouch = s;
    }
  }
  return best ?? bestTouch;
}

function width(r: TextRange): number {
  return r.end.line > r.start.line ? Infinity : r.end.character - r.start.character;
}

/** Within a single-line run of bare hex tokens, how many bytes precede the digit at pos. */
function hexRunOffset(text: string, lines: LineIndex, s: SourceSegment, pos: TextPosition): number {
  if (s.text.start.line !== s.text.end.line) return 0;
  const base = lines.offsetAt(s.text.start);
  const src = text.slice(base, base + width(s.text));
  if (!/^[0-9a-fA-F][0-9a-fA-F \t]*$/.test(src)) return 0;
  const digits = src.replace(/[ \t]/g, '').length;
  if (digits !== 2 * (s.bytes.end - s.bytes.start)) return 0;
  const upto = src.slice(0, Math.max(0, pos.character - s.text.start.character)).replace(/[ \t]/g, '').length;
  return Math.min(s.bytes.end - s.bytes.start - 1, upto >> 1);
}
