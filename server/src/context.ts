// One analysed version of one document: the text, its line index and lexical view, the decoded
// tree and the emulated restore, plus the look-ups every feature needs (node at a byte, text
// range of a byte range). Built once per version (documents.ts caches it) and never mutated,
// except that the next version, made from it by an edit (buildContextEdited), consumes its
// line index and decode state.

import {
  analyze,
  applyUserSchemas,
  userFieldLayouts,
  itemAtOffset,
  LineIndex,
  segmentsInTextOrder,
  type Analysis,
  type CallTrace,
  type ByteRange,
  type CallNode,
  type ChunkNode,
  type FieldNode,
  type Problem,
  type RawNode,
  type SavedStateDocument,
  type SchemaEntry,
  type SchemaRunner,
  type SourceSegment,
  type TextPosition,
  type TextDecodeState,
  type TextRange,
} from '../../core/src';
import { byteOffsetAt, decodeTextAfterEdit, decodeTextKept, textRangeForBytes } from './bridge';
import type { EditedText } from './textChanges';
import { internalFailure, type ServerSettings } from '../../protocol/src';
import { SyntaxIndex } from './syntax';
import { byteAtInBlock, hexDigitsRange, scanLineStarts, type LineScan } from './sourceLookups';

/** Most chunks whose field trees warm() builds ahead of requests. */
const MAX_WARM_CHUNKS = 20_000;

export class DocContext {
  /** Built on first use: an analysis without problems is answered before its line index exists. */
  private lineIndex?: LineIndex;
  private syntaxIndex?: SyntaxIndex;
  /** Problems after the settings' filters, in stream order; not yet capped at maxProblems. */
  readonly problems: Problem[];
  /** The user schemas this analysis used (docs/schemas.md), for completion of their field names. */
  userSchemas?: { entries: SchemaEntry[]; set: SchemaRunner };
  private segmentsByText?: SourceSegment[];
  /** segmentsOnLine(): where the last call stopped in segments(). */
  private lineCursor = 0;
  /** warm(): how many chunks have their field trees built. */
  private warmed = 0;
  /** warm(): the line starts found so far, and where the scan stopped. */
  private lineScan?: LineScan;
  /** warm(): the source map's whole-document look-ups are built. */
  private indexesWarm = false;

  constructor(
    readonly uri: string,
    readonly version: number,
    readonly text: string,
    readonly analysis: Analysis,
    readonly settings: ServerSettings,
    /** Milliseconds decode + analyze took. */
    readonly durationMs: number,
    /** Line index of `text` when already known (an edit patched the previous one). */
    lines?: LineIndex,
    /** What the next edit's decode reuses (absent: that one decodes from scratch). */
    readonly decodeState?: TextDecodeState,
    /** Whether this version was decoded by reusing the previous one. */
    readonly incremental = false,
  ) {
    this.lineIndex = lines;
    this.problems = analysis.problems.filter(
      (p) => settings.warnUnknownOptionalChunks || p.code !== 'WARN-OPTIONAL-TYPE',
    );
  }

  /** The text's line index (a scan of the whole text: built when first asked for). */
  get lines(): LineIndex {
    if (!this.lineIndex) {
      // A scan warm() started is finished, not begun again.
      const scan = (this.lineScan ??= { starts: [0], at: 0 });
      scanLineStarts(scan, this.text, performance.now(), Infinity);
      this.lineIndex = LineIndex.withStarts(this.text, scan.starts);
      this.lineScan = undefined;
    }
    return this.lineIndex;
  }

  /** Line starts of this text found elsewhere (the server thread), unless the index exists already. */
  adoptLineStarts(starts: number[]): void {
    if (this.lineIndex || starts[starts.length - 1] > this.text.length) return;
    this.lineIndex = LineIndex.withStarts(this.text, starts);
    this.lineScan = undefined;
  }

  get syntax(): SyntaxIndex {
    return (this.syntaxIndex ??= new SyntaxIndex(this.text, this.lines));
  }

  get doc(): SavedStateDocument {
    return this.analysis.doc;
  }

  // ---- bytes ↔ text ----

  /** The text a byte range was written with (core source map); undefined when no text produced it. */
  rangeForBytes(r: ByteRange | undefined): TextRange | undefined {
    if (!r) return undefined;
    try {
      return textRangeForBytes(this.doc, r);
    } catch {
      return undefined;
    }
  }

  /**
   * Builds ahead of requests what they would otherwise build on first use, a slice of about
   * `budgetMs` at a time: the line index (every position request needs it), then, only when
   * `idle` (no request came for a while), each chunk's field tree with its text ranges (the first
   * MAX_WARM_CHUNKS) and the source map's whole-document look-ups (its text order, block index and
   * segments in text order). Those wait for a pause in requests: the look-ups are one step of tens
   * of milliseconds on 10 MB that cannot be sliced, and building many field trees makes the young
   * generation's collections copy them (pauses of 10–20 ms that a run of hovers would wait for),
   * while a hover builds only its own chunk's tree (well under a millisecond) and needs none of the
   * look-ups (byteAt reads one chunk block's segments). Without `fieldsToo` (after an edit) field
   * trees stay lazy. Answers 'more' while there is more to build now, 'idle' when the rest waits
   * for `idle`.
   */
  warm(budgetMs = Infinity, idle = true, fieldsToo = true): 'more' | 'idle' | 'done' {
    const t0 = performance.now();
    if (!this.lineIndex) {
      const scan = (this.lineScan ??= { starts: [0], at: 0 });
      if (!scanLineStarts(scan, this.text, t0, budgetMs)) return 'more';
      this.lineIndex ??= LineIndex.withStarts(this.text, scan.starts);
      this.lineScan = undefined;
    }
    if (this.indexesWarm) return 'done';
    if (!idle) return 'idle';
    const cs = this.doc.chunks;
    // Field trees are kept once built: past MAX_WARM_CHUNKS chunks they stay lazy (memory).
    const upTo = fieldsToo ? Math.min(cs.length, MAX_WARM_CHUNKS) : 0;
    while (this.warmed < upTo) {
      const c = cs[this.warmed++];
      if (c.headerFields.length + c.payloadFields.length < 0) break; // read for their side effect: built once
      if (performance.now() - t0 > budgetMs && this.warmed < upTo) return 'more';
    }
    byteOffsetAt(this.doc, { line: 0, character: 0 }, this.lines);
    this.rangeForBytes({ start: 0, end: this.doc.bytes.length });
    this.segments();
    this.indexesWarm = true;
    return 'done';
  }

  /** The stream offset of the byte written at a position, if a literal or hex token is there. */
  byteAt(pos: TextPosition): number | undefined {
    try {
      return byteAtInBlock(this.doc, this.lines, pos) ?? byteOffsetAt(this.doc, pos, this.lines);
    } catch {
      return undefined;
    }
  }

  /**
   * The exact digits that wrote a byte range, when every byte of it comes from bare hex tokens
   * on single lines (the source map keeps a whole run of hex tokens as one segment).
   */
  hexDigitsRange(r: ByteRange): TextRange | undefined {
    return hexDigitsRange(this.doc, this.text, this.lines, r);
  }

  /** The best text range for a problem: its own, else its bytes mapped through the source map, else the nearest chunk. */
  problemRange(p: Problem): TextRange {
    const exact = p.bytes && this.hexDigitsRange(p.bytes);
    if (exact) return exact;
    if (p.text) return p.text;
    const viaBytes = this.rangeForBytes(p.bytes);
    if (viaBytes) return viaBytes;
    if (p.bytes) {
      const item = this.itemAtByte(p.bytes.start) ?? this.itemAtByte(p.bytes.start - 1);
      if (item?.text) return this.firstLine(item.text);
    }
    if (p.call !== undefined) {
      const c = this.doc.calls[p.call];
      if (c?.text) return this.firstLine(c.text);
    }
    // Past the last byte (EOF-TRUNCATED): the end of the last chunk, or the end of the text.
    const last = this.doc.chunks[this.doc.chunks.length - 1];
    if (last?.text) return { start: last.text.end, end: last.text.end };
    const end = this.lines.positionAt(this.text.length);
    return { start: end, end };
  }

  /** The first line of a range (a block's directive line). */
  firstLine(r: TextRange): TextRange {
    if (r.start.line === r.end.line) return r;
    return {
      start: r.start,
      end: { line: r.start.line, character: this.lines.lineEnd(r.start.line) - this.lines.starts[r.start.line] },
    };
  }

  /** The `Label:` token written right before the text at `r` on the same line. */
  labelBefore(r: TextRange): TextRange | undefined {
    const s = this.syntax.line(r.start.line);
    const at = this.lines.offsetAt(r.start);
    const i = s.body.findIndex((t) => t.start === at);
    const prev = i > 0 ? s.body[i - 1] : undefined;
    if (!prev || prev.kind !== 'label') return undefined;
    return { start: this.lines.positionAt(prev.start), end: this.lines.positionAt(prev.end) };
  }

  /** Source-map segments in text order (the map itself is in byte order, which `.truncate` may break). */
  segments(): SourceSegment[] {
    if (!this.segmentsByText) {
      // Core's text order of the map, which an in-place edit keeps (no sort per version).
      this.segmentsByText = segmentsInTextOrder(this.doc.sourceMap ?? []);
    }
    return this.segmentsByText;
  }

  /**
   * Segments whose text starts on `line`, in text order. Asked line after line (semantic tokens),
   * each call continues from where the last stopped instead of searching the whole map.
   */
  segmentsOnLine(line: number): SourceSegment[] {
    const s = this.segments();
    let i = this.lineCursor;
    if (i > s.length || (i > 0 && startLine(s[i - 1]) >= line) || (i < s.length && startLine(s[i]) < line - 1)) {
      let lo = 0;
      let hi = s.length;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (startLine(s[mid]) < line) lo = mid + 1;
        else hi = mid;
      }
      i = lo;
    }
    while (i < s.length && startLine(s[i]) < line) i++;
    const out: SourceSegment[] = [];
    while (i < s.length && startLine(s[i]) === line) out.push(s[i++]);
    this.lineCursor = i;
    return out;
  }

  /** Segments whose text starts on lines [from, to]. */
  segmentsInLines(from: number, to: number): SourceSegment[] {
    const s = this.segments();
    let lo = 0;
    let hi = s.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (s[mid].text.start.line < from) lo = mid + 1;
      else hi = mid;
    }
    const out: SourceSegment[] = [];
    for (let i = lo; i < s.length && s[i].text.start.line <= to; i++) out.push(s[i]);
    return out;
  }

  // ---- nodes ----

  /** The chunk whose bytes hold `offset`. */
  chunkAtByte(offset: number): ChunkNode | undefined {
    return itemAtOffset(this.doc.chunks, offset);
  }

  /** The chunk or raw node holding `offset`. */
  itemAtByte(offset: number): ChunkNode | RawNode | undefined {
    const c = this.chunkAtByte(offset);
    if (c) return c;
    const call = this.callAtByte(offset);
    return call?.items.find((i) => offset >= i.bytes.start && offset < i.bytes.end);
  }

  callAtByte(offset: number): CallNode | undefined {
    return itemAtOffset(this.doc.calls, offset);
  }

  /** The chunk whose `.chunk` … `.end` text holds a line. */
  chunkAtLine(line: number): ChunkNode | undefined {
    const cs = this.doc.chunks;
    let lo = 0;
    let hi = cs.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const t = cs[mid].text;
      if (!t) return cs.find((c) => c.text && c.text.start.line <= line && line <= c.text.end.line);
      if (line < t.start.line) hi = mid - 1;
      else if (line > t.end.line) lo = mid + 1;
      else return cs[mid];
    }
    return undefined;
  }

  /** The trace of the restore call that ran call `index` (absent when the run never reached it). */
  callTrace(index: number): CallTrace | undefined {
    for (const t of this.analysis.trace) if (t.kind === 'call' && t.call === index) return t;
    return undefined;
  }
}

/** The innermost field holding `offset`, with its ancestors (outermost first). */
export function fieldPathAt(fields: FieldNode[], offset: number): FieldNode[] {
  const path: FieldNode[] = [];
  let level: FieldNode[] | undefined = fields;
  while (level) {
    const hit: FieldNode | undefined = level.find((f) => offset >= f.bytes.start && offset < f.bytes.end);
    if (!hit) break;
    path.push(hit);
    level = hit.children;
  }
  return path;
}

/** A segment's first line, without building its text range (core's line segments keep it flat). */
function startLine(s: SourceSegment): number {
  const flat = (s as { line?: unknown }).line;
  return typeof flat === 'number' ? flat : s.text.start.line;
}

export function cmp(a: TextPosition, b: TextPosition): number {
  return a.line - b.line || a.character - b.character;
}

export function contains(r: TextRange, p: TextPosition): boolean {
  return cmp(r.start, p) <= 0 && cmp(p, r.end) <= 0;
}

/**
 * Decode and analyse a text document, with the user fields of `schemas` joined to its tree
 * (docs/schemas.md); a crash in the core becomes one TEXT-INTERNAL problem. With user schemas no
 * decode state is kept, so every edit of that document decodes the whole text (their fields are
 * joined to the whole tree).
 */
export function buildContext(
  uri: string,
  version: number,
  text: string,
  settings: ServerSettings,
  lines?: LineIndex,
  schemas?: { entries: SchemaEntry[]; set: SchemaRunner },
): DocContext {
  const t0 = performance.now();
  let analysis: Analysis;
  let state: TextDecodeState | undefined;
  try {
    const kept = decodeTextKept(text, settings, schemas && userFieldLayouts(schemas.entries, schemas.set));
    state = schemas ? undefined : kept.state;
    if (schemas) applyUserSchemas(kept.doc, schemas.entries, schemas.set);
    // A document an edit can reuse keeps its restore session, so that edit resumes the restore.
    analysis = analyze(kept.doc, { keepSession: !!state });
  } catch (e) {
    analysis = internalFailure(text, e);
    state = undefined;
  }
  const ctx = new DocContext(uri, version, text, analysis, settings, performance.now() - t0, lines, state);
  if (schemas) ctx.userSchemas = schemas;
  return ctx;
}

/**
 * The context of the version `edited` made from `prev` (same settings): only the edited chunk
 * block is decoded again when core can (incremental.ts), else the whole text. `prev` is consumed.
 */
export function buildContextEdited(prev: DocContext, version: number, edited: EditedText): DocContext {
  const { text, lines } = edited;
  const t0 = performance.now();
  const again =
    prev.decodeState && !prev.userSchemas && edited.sameLines && !edited.replacementChar
      ? decodeTextAfterEdit(prev.decodeState, text, lines, edited.fromLine, edited.toLine)
      : undefined;
  if (!again) return buildContext(prev.uri, version, text, prev.settings, lines, prev.userSchemas);
  let analysis: Analysis;
  // The restore resumes from the previous session before the first call holding a changed byte.
  const session = prev.analysis.session;
  try {
    analysis = analyze(again.doc, {
      keepSession: true,
      ...(session ? { resume: { session, changedFrom: again.changedFrom } } : {}),
    });
  } catch (e) {
    analysis = internalFailure(text, e);
  }
  const ms = performance.now() - t0;
  return new DocContext(prev.uri, version, text, analysis, prev.settings, ms, lines, again.state, true);
}
