// The server thread's copy of an open document, kept as pieces of the text it was opened with
// and the text typed since, so an edit never copies the whole text (vscode-languageserver-textdocument
// rebuilds one string per change, and its next edit reads it, copying all 10 MB of a large document:
// about 6 ms that a hover sent right after the change waited for). docs/language-server.md,
// "Hover during re-analysis".

import type { Position, Range, TextDocument } from 'vscode-languageserver-textdocument';
import type { TextDocumentContentChangeEvent } from 'vscode-languageserver';

/** Past this many pieces the text is joined into one string again (one copy per this many edits). */
export const MAX_PIECES = 256;

const CR = 13;
const LF = 10;

/**
 * A TextDocument whose text is a list of pieces: slices of an earlier whole string (which a slice
 * shares, not copies) and inserted texts. getText() concatenates them without copying (a string
 * the reader copies once, when it first reads a character of it); positions and offsets are
 * answered from line offsets kept up to date per edit, as TextDocument keeps them.
 */
export class PieceTextDocument implements TextDocument {
  private pieces: string[];
  /** Offset of each piece in the text. */
  private starts: number[];
  private length: number;
  /** getText()'s answer for this version, once asked for. */
  private whole?: string;
  private lineOffsets?: number[];

  constructor(
    readonly uri: string,
    readonly languageId: string,
    private _version: number,
    content: string,
  ) {
    this.pieces = content ? [content] : [];
    this.starts = content ? [0] : [];
    this.length = content.length;
    this.whole = content;
  }

  get version(): number {
    return this._version;
  }

  /** The text's length, without joining its pieces. */
  get textLength(): number {
    return this.length;
  }

  get lineCount(): number {
    return this.getLineOffsets().length;
  }

  getText(range?: Range): string {
    if (range) return this.slice(this.offsetAt(range.start), this.offsetAt(range.end));
    if (this.whole === undefined) {
      // `+` makes a string of the pieces without copying them (V8 copies it when first read).
      let s = '';
      for (const p of this.pieces) s += p;
      this.whole = s;
    }
    return this.whole;
  }

  /** The character code at `offset` (NaN outside the text), read from its piece. */
  charCodeAt(offset: number): number {
    if (offset < 0 || offset >= this.length) return NaN;
    const i = this.pieceAt(offset);
    return this.pieces[i].charCodeAt(offset - this.starts[i]);
  }

  positionAt(offset: number): Position {
    offset = Math.max(Math.min(offset, this.length), 0);
    const lineOffsets = this.getLineOffsets();
    let low = 0;
    let high = lineOffsets.length;
    while (low < high) {
      const mid = (low + high) >> 1;
      if (lineOffsets[mid] > offset) high = mid;
      else low = mid + 1;
    }
    const line = low - 1;
    offset = this.beforeEol(offset, lineOffsets[line]);
    return { line, character: offset - lineOffsets[line] };
  }

  offsetAt(position: Position): number {
    const lineOffsets = this.getLineOffsets();
    if (position.line >= lineOffsets.length) return this.length;
    if (position.line < 0) return 0;
    const lineOffset = lineOffsets[position.line];
    if (position.character <= 0) return lineOffset;
    const next = position.line + 1 < lineOffsets.length ? lineOffsets[position.line + 1] : this.length;
    return this.beforeEol(Math.min(lineOffset + position.character, next), lineOffset);
  }

  getLineRange(line: number): Range {
    const lineOffsets = this.getLineOffsets();
    if (line >= lineOffsets.length) {
      const last = lineOffsets.length - 1;
      return { start: { line: last, character: 0 }, end: { line: last, character: this.length - lineOffsets[last] } };
    }
    if (line < 0) return { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
    const start = lineOffsets[line];
    const next = line + 1 < lineOffsets.length ? lineOffsets[line + 1] : this.length;
    return { start: { line, character: 0 }, end: { line, character: this.beforeEol(next, start) - start } };
  }

  getEOLCharacters(line: number): string {
    const lineOffsets = this.getLineOffsets();
    if (line < 0 || line >= lineOffsets.length) return '';
    const next = line + 1 < lineOffsets.length ? lineOffsets[line + 1] : this.length;
    return this.slice(this.beforeEol(next, lineOffsets[line]), next);
  }

  /** Applies one content change as TextDocument.update does (same offsets, same line offsets). */
  apply(change: TextDocumentContentChangeEvent, version: number): this {
    this._version = version;
    this.whole = undefined;
    if (!('range' in change) || !change.range) {
      this.pieces = change.text ? [change.text] : [];
      this.starts = change.text ? [0] : [];
      this.length = change.text.length;
      this.whole = change.text;
      this.lineOffsets = undefined;
      return this;
    }
    const r = change.range;
    const [from, to] =
      r.start.line > r.end.line || (r.start.line === r.end.line && r.start.character > r.end.character)
        ? [r.end, r.start]
        : [r.start, r.end];
    const start = this.offsetAt(from);
    const end = this.offsetAt(to);
    this.splice(start, end, change.text);
    const insertedEnd = start + change.text.length;
    const crlfAt = (o: number) => this.charCodeAt(o - 1) === CR && this.charCodeAt(o) === LF;
    if (!this.lineOffsets) return this;
    if (crlfAt(start) || crlfAt(insertedEnd)) {
      // A CRLF pair across the edit's edge is not in the inserted text's line offsets.
      this.lineOffsets = undefined;
      return this;
    }
    const startLine = Math.max(from.line, 0);
    const endLine = Math.max(to.line, 0);
    let lineOffsets = this.lineOffsets;
    const added = lineOffsetsOf(change.text, false, start);
    if (endLine - startLine === added.length) {
      for (let i = 0; i < added.length; i++) lineOffsets[i + startLine + 1] = added[i];
    } else {
      lineOffsets = this.lineOffsets = lineOffsets
        .slice(0, startLine + 1)
        .concat(added, lineOffsets.slice(endLine + 1));
    }
    const diff = change.text.length - (end - start);
    if (diff !== 0) for (let i = startLine + 1 + added.length; i < lineOffsets.length; i++) lineOffsets[i] += diff;
    return this;
  }

  private getLineOffsets(): number[] {
    return (this.lineOffsets ??= lineOffsetsOf(this.getText(), true, 0));
  }

  private beforeEol(offset: number, lineOffset: number): number {
    while (offset > lineOffset && isEol(this.charCodeAt(offset - 1))) offset--;
    return offset;
  }

  /** The piece holding `offset` (0 ≤ offset < length). */
  private pieceAt(offset: number): number {
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.starts[mid] <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }

  /** The text [start, end), from the pieces it spans. */
  private slice(start: number, end: number): string {
    if (start >= end) return '';
    let i = this.pieceAt(start);
    let s = '';
    for (; i < this.pieces.length && this.starts[i] < end; i++) {
      const p = this.pieces[i];
      const at = this.starts[i];
      s += p.substring(Math.max(0, start - at), Math.min(p.length, end - at));
    }
    return s;
  }

  /** Replaces [start, end) with `text` in the piece list; past MAX_PIECES joins the text into one string. */
  private splice(start: number, end: number, text: string): void {
    const i0 = this.splitAt(start);
    const i1 = this.splitAt(end);
    this.pieces.splice(i0, i1 - i0, ...(text ? [text] : []));
    this.length += text.length - (end - start);
    this.whole = undefined;
    if (this.pieces.length > MAX_PIECES) {
      const joined = this.getText();
      joined.charCodeAt(0); // made flat here, once, rather than piece by piece
      this.pieces = joined ? [joined] : [];
      this.starts = joined ? [0] : [];
      return;
    }
    this.starts.length = this.pieces.length;
    for (let i = i0, at = i0 ? this.starts[i0 - 1] + this.pieces[i0 - 1].length : 0; i < this.pieces.length; i++) {
      this.starts[i] = at;
      at += this.pieces[i].length;
    }
  }

  /** Splits the piece holding `offset` there; the index of the piece starting at `offset` (or pieces.length). */
  private splitAt(offset: number): number {
    if (offset >= this.length) return this.pieces.length;
    const i = this.pieceAt(offset);
    const k = offset - this.starts[i];
    if (k === 0) return i;
    const p = this.pieces[i];
    this.pieces.splice(i, 1, p.substring(0, k), p.substring(k));
    this.starts.splice(i + 1, 0, offset);
    return i + 1;
  }
}

const isEol = (c: number) => c === CR || c === LF;

/** Line starts of `text` (offsets from `textOffset`), as TextDocument computes them. */
function lineOffsetsOf(text: string, isAtLineStart: boolean, textOffset: number): number[] {
  const result: number[] = isAtLineStart ? [textOffset] : [];
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    if (isEol(ch)) {
      if (ch === CR && i + 1 < text.length && text.charCodeAt(i + 1) === LF) i++;
      result.push(textOffset + i + 1);
    }
  }
  return result;
}
