// Look-ups between a document's text and its source map that need no whole-document index: the
// byte at a position from one chunk block's segments, the exact hex digits of a byte range, and
// the line-break scan DocContext.warm() runs in slices.

import {
  byteOffsetAtAmong,
  firstSegmentAfter,
  type ByteRange,
  type LineIndex,
  type SavedStateDocument,
  type TextPosition,
  type TextRange,
} from '../../core/src';

/** Characters of line-break scan per step (about a millisecond). */
const LINE_SCAN_STEP = 1 << 20;

/** A line-break scan in progress: the line starts found so far, where it stopped, whether the text has a \r. */
export interface LineScan {
  starts: number[];
  at: number;
  cr?: boolean;
}

/**
 * Continues `scan` over `text` (as LineIndex counts line breaks: \r\n, \r and \n), a step at a
 * time until it is done (true) or `budgetMs` since `t0` is spent (false).
 */
export function scanLineStarts(scan: LineScan, text: string, t0: number, budgetMs: number): boolean {
  scan.cr ??= text.indexOf('\r') >= 0;
  while (scan.at < text.length) {
    const end = Math.min(text.length, scan.at + LINE_SCAN_STEP);
    let i = scan.at;
    if (!scan.cr) {
      // Only \n: found by indexOf, as LineIndex does.
      for (i = text.indexOf('\n', i); i >= 0 && i < end; i = text.indexOf('\n', i + 1)) scan.starts.push(i + 1);
      i = i < 0 ? text.length : i;
    } else {
      for (; i < end; i++) {
        const c = text.charCodeAt(i);
        if (c === 13) {
          if (text.charCodeAt(i + 1) === 10) i++;
          scan.starts.push(i + 1);
        } else if (c === 10) scan.starts.push(i + 1);
      }
    }
    scan.at = i;
    if (performance.now() - t0 > budgetMs && scan.at < text.length) return false;
  }
  return true;
}

/**
 * byteAt from the source-map segments of the bytes between the chunk whose `.chunk` line is the
 * last at or before `pos` and the next chunk, which hold every segment written on the lines
 * between their two `.chunk` lines: no whole-map index is needed (a hover right after an
 * analysis does not wait for one). Undefined when no segment there answers (the caller then asks
 * the whole map).
 */
export function byteAtInBlock(doc: SavedStateDocument, lines: LineIndex, pos: TextPosition): number | undefined {
  const cs = doc.chunks;
  const segs = doc.sourceMap;
  if (!segs?.length || !cs.length) return undefined;
  let lo = 0;
  let hi = cs.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    const t = cs[mid].text;
    if (!t) return undefined;
    if (t.start.line <= pos.line) lo = mid + 1;
    else hi = mid;
  }
  const c = cs[lo - 1];
  const next = cs[lo];
  if (!c?.text || (next && (!next.text || next.text.start.line <= c.text.start.line))) return undefined;
  const from = firstSegmentAfter(segs, c.bytes.start);
  const to = next ? firstSegmentAfter(segs, next.bytes.start) : segs.length;
  return byteOffsetAtAmong(doc, pos, lines, from, to);
}

/** DocContext.hexDigitsRange: the digits that wrote a byte range of bare hex tokens on single lines. */
export function hexDigitsRange(
  doc: SavedStateDocument,
  text: string,
  lines: LineIndex,
  r: ByteRange,
): TextRange | undefined {
  const map = doc.sourceMap;
  if (!map?.length || r.end <= r.start) return undefined;
  let lo = 0;
  let hi = map.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (map[mid].bytes.end > r.start) hi = mid;
    else lo = mid + 1;
  }
  let start: TextPosition | undefined;
  let end: TextPosition | undefined;
  for (let i = lo; i < map.length && map[i].bytes.start < r.end; i++) {
    const seg = map[i];
    if (seg.text.start.line !== seg.text.end.line) return undefined;
    const t0 = lines.offsetAt(seg.text.start);
    const src = text.slice(t0, lines.offsetAt(seg.text.end));
    if (!/^[0-9a-fA-F][0-9a-fA-F \t]*$/.test(src)) return undefined;
    let k = 0;
    for (let j = 0; j < src.length; j++) {
      if (src[j] === ' ' || src[j] === '\t') continue;
      const at = seg.bytes.start + k;
      if (at >= r.start && at < r.end) {
        start ??= lines.positionAt(t0 + j);
        end = lines.positionAt(t0 + j + 2);
      }
      j++;
      k++;
    }
    if (k !== seg.bytes.end - seg.bytes.start) return undefined;
  }
  return start && end ? { start, end } : undefined;
}
