// Edits of an open document as offset splices, applied by the holder of the previous version
// (an analysis worker) to its text and line index, so an edit costs the edit and not a copy of
// the whole document over the wire plus a fresh scan of its line breaks.

import { LineIndex } from '../../core/src';

/** One content change: [start, end) of the text before it is replaced by `text` (UTF-16 offsets). */
export interface OffsetEdit {
  start: number;
  end: number;
  text: string;
}

/** A version's text, its line index and the lines an edit sequence touched. */
export interface EditedText {
  text: string;
  lines: LineIndex;
  /** Lines [fromLine, toLine] hold every change, in the new text; only when `sameLines`. */
  fromLine: number;
  toLine: number;
  /** Every change kept the number of lines (so line numbers outside the changes did not move). */
  sameLines: boolean;
  /** An edit inserted U+FFFD (invalid UTF-8 as editors show it): found by a whole-text pass only. */
  replacementChar: boolean;
}

/**
 * Applies `edits` in order to `text`. `starts` (the previous line index's array) is patched in
 * place: the caller gives up the previous version. Throws when an edit does not fit the text
 * (the holder's version is not the one the edits were made on).
 */
export function applyEdits(text: string, starts: number[], edits: readonly OffsetEdit[]): EditedText {
  let sameLines = true;
  let fromLine = Infinity;
  let toLine = -1;
  let rebuild = false;
  let replacementChar = false;
  for (const e of edits) {
    if (!(e.start >= 0 && e.start <= e.end && e.end <= text.length) || typeof e.text !== 'string')
      throw new Error(`edit ${e.start}–${e.end} does not fit a text of ${text.length} characters`);
    replacementChar ||= e.text.includes('\uFFFD');
    // A `\r` at either edge may join or split a CRLF pair: the line breaks are counted again.
    const crEdge =
      e.text.includes('\r') ||
      text.charCodeAt(e.start - 1) === 13 ||
      (e.end > e.start && text.charCodeAt(e.end - 1) === 13);
    const next = text.slice(0, e.start) + e.text + text.slice(e.end);
    if (rebuild || crEdge) {
      rebuild = true;
      sameLines = false;
      text = next;
      continue;
    }
    const l0 = lineOf(starts, e.start);
    const l1 = lineOf(starts, e.end);
    const added: number[] = [];
    for (let i = e.text.indexOf('\n'); i >= 0; i = e.text.indexOf('\n', i + 1)) added.push(e.start + i + 1);
    const delta = e.text.length - (e.end - e.start);
    if (l1 - l0 !== added.length) sameLines = false;
    if (added.length === 0 && l0 === l1) {
      if (delta) for (let i = l0 + 1; i < starts.length; i++) starts[i] += delta;
    } else {
      const tail = starts.slice(l1 + 1);
      for (let i = 0; i < tail.length; i++) tail[i] += delta;
      starts.length = l0 + 1;
      for (const s of added) starts.push(s);
      for (const s of tail) starts.push(s);
    }
    fromLine = Math.min(fromLine, l0);
    toLine = Math.max(toLine, l0 + added.length);
    text = next;
  }
  const lines = rebuild ? new LineIndex(text) : LineIndex.withStarts(text, starts);
  if (!edits.length) sameLines = false;
  return {
    text,
    lines,
    fromLine: sameLines ? fromLine : 0,
    toLine: sameLines ? toLine : lines.lineCount - 1,
    sameLines,
    replacementChar,
  };
}

/** The line holding `offset` (the last start at or before it). */
function lineOf(starts: number[], offset: number): number {
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (starts[mid] <= offset) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}
