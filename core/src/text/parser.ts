// First assembly pass: reads the text line by line into a Program (calls, steps, channel and
// stream settings, chunk and raw blocks with their payload bytes). `auto` fields get
// placeholders here; assembler.ts fills them in once every block's size is known. This module
// reads lines, hex and literals into block data; directiveParser.ts holds the state and directives.

import { chunkTypeName } from '../layout';
import { AUTO_HELP, autoKind } from './autoFields';
import { DirectiveParser } from './directiveParser';
import type { ParseOptions } from './parseState';
import { scanTokens, type Token } from './lexer';
import { parseLiteral, show } from './literals';
import { LineSegment, spanSegment, type ChunkBlock, type Program, type RawBlock } from './program';
import type { Problem } from '../model';

/** Ceiling on the assembled stream, so a typo like zero:0xFFFFFFFF cannot exhaust memory. */
export { MAX_STREAM_BYTES } from '../limits';
import { MAX_STREAM_BYTES } from '../limits';

export type { ParseOptions } from './parseState';

export function parseProgram(text: string, opts: ParseOptions = {}): Program {
  return new Parser(text, opts).run();
}

/** A chunk block's field lines read again on their own (incremental.ts): what they assemble to. */
export interface BlockBody {
  /** A copy of the block with the new pieces (payload offsets) and autos; dataStart 0. */
  block: ChunkBlock;
  payload: Uint8Array;
  problems: Problem[];
  /** The stream byte limit was met (the caller then assembles the whole text). */
  limitHit: boolean;
}

/**
 * Reads lines [fromLine, toLine] of `text` (the first starting at `fromOffset`) as the field lines
 * of `block`, as parseProgram reads them inside that block. Undefined when one of them is a
 * directive line: the block's structure changed, which only a whole reading handles.
 */
export function parseBlockBody(
  text: string,
  block: ChunkBlock,
  fromLine: number,
  fromOffset: number,
  toLine: number,
): BlockBody | undefined {
  return new Parser(text, {}).body(block, fromLine, fromOffset, toLine);
}

class Parser extends DirectiveParser {
  run(): Program {
    // Room for the bytes of a text of bare hex pairs (two digits a byte at least) from the start:
    // growing by doubling to that size would leave as much again behind, waiting for a collection.
    this.data.ensureCapacity(this.text.length >> 1);
    this.readLines();
    if (this.block) this.unclosed('at end of file');
    return {
      calls: this.calls,
      steps: this.steps,
      channel: this.channel,
      stream: this.stream,
      ...(this.expectEnd ? { expectEnd: this.expectEnd } : {}),
      saveSteps: this.saveSteps,
      ...(this.schemas.length ? { schemas: this.schemas } : {}),
      problems: this.problems.finish(),
      chunkCount: this.chunkCount,
      stopped: this.stopped,
      payloads: this.data.view(),
    };
  }

  body(src: ChunkBlock, fromLine: number, fromOffset: number, toLine: number): BlockBody | undefined {
    const b: ChunkBlock = { ...src, pieces: [], autos: [], dataStart: 0, dataEnd: 0 };
    this.block = { b, call: undefined as never, lastLine: b.directive.end.line, lastChar: b.directive.end.character };
    this.label = undefined;
    const t = this.text;
    const n = t.length;
    let i = fromOffset;
    for (this.line = fromLine; this.line <= toLine; this.line++) {
      this.lineStart = i;
      let j = i;
      let c = 0;
      while (j < n && ((c = t.charCodeAt(j)) === 32 || c === 9 || c === 0xfeff)) j++;
      if (j < n && c === 46 /* . */) return undefined;
      const end = this.readLine(i);
      if (end >= n) break;
      i = end + (t.charCodeAt(end) === 13 && t.charCodeAt(end + 1) === 10 ? 2 : 1);
    }
    b.dataEnd = this.data.length;
    return { block: b, payload: this.data.view(), problems: this.problems.finish(), limitHit: this.limitHit };
  }

  // ---- lines ----

  private readLines(): void {
    const t = this.text;
    const n = t.length;
    let i = 0;
    for (;;) {
      this.lineStart = i;
      const end = this.readLine(i);
      if (end >= n || this.stopped) return;
      i = end + (t.charCodeAt(end) === 13 && t.charCodeAt(end + 1) === 10 ? 2 : 1);
      this.line++;
    }
  }

  /** Reads the line starting at offset i; returns the offset of its line break (or the text's end). */
  private readLine(i: number): number {
    const t = this.text;
    const n = t.length;
    let c = 0;
    while (i < n && ((c = t.charCodeAt(i)) === 32 || c === 9 || c === 0xfeff)) i++;
    if (i >= n || c === 10 || c === 13) return i;
    if (c === 35 /* # */ || (c === 47 /* / */ && t.charCodeAt(i + 1) === 47)) return lineEnd(t, i);
    // A field line inside a block, the bulk of a large file: tokens are handled as they are found.
    if (c !== 46 /* . */ && this.block) return this.fieldLine(i, this.block);
    const end = lineEnd(t, i);
    // The directive's name and at most maxWords words after it; one more pair spans the rest.
    scanTokens(t, i, end, this.bounds, this.maxWords + 1);
    if (this.bounds.length) this.lineTokens(this.bounds);
    return end;
  }

  /**
   * The tokens of a field line from offset i (at a token) to its end, split as lexer.ts splits
   * them, without collecting them first; returns the offset of the line break.
   */
  private fieldLine(i: number, blk: NonNullable<Parser['block']>): number {
    const t = this.text;
    const n = t.length;
    const b = blk.b;
    const data = this.data;
    let last = i;
    while (i < n) {
      let c = t.charCodeAt(i);
      if (c === 32 || c === 9 || c === 0xfeff) {
        i++;
        continue;
      }
      if (c === 10 || c === 13) break;
      if (c === 35 || (c === 47 && t.charCodeAt(i + 1) === 47)) {
        i = lineEnd(t, i);
        break;
      }
      const s = i;
      // Runs of two-digit hex tokens, the bulk of a large file, go straight into the payload.
      const at = data.length;
      const e = data.appendHexPairs(t, s);
      if (e > s) {
        const len = data.length - at;
        if (this.total + len <= MAX_STREAM_BYTES) {
          this.total += len;
          this.hexPiece(b, at - b.dataStart, len, s, e);
          last = i = e;
          continue;
        }
        // Over the size limit: token by token below, so the report names the token at fault.
        data.truncate(at);
      }
      while (i < n && isHexDigit((c = t.charCodeAt(i)))) i++;
      if (i > s && (i >= n || endsToken(t, i, c))) {
        // Bare hex digits, the usual case: no token object, no copy.
        if ((i - s) % 2 === 0) this.hex(b, s, i);
        else this.literal(b, { start: s, end: i, text: t.slice(s, i) });
        last = i;
        continue;
      }
      let unterminated = false;
      while (i < n) {
        c = t.charCodeAt(i);
        if (endsToken(t, i, c)) break;
        if (c === 34 /* " */) {
          const j = skipStringInLine(t, i + 1);
          if (j < 0) {
            i = ~j;
            unterminated = true;
            break;
          }
          i = j;
          continue;
        }
        i++;
      }
      if (this.byName && b.kind === 'chunk' && !unterminated && t.charCodeAt(i - 1) === 58 /* : */) {
        const u = this.userFieldValue(b, s, i);
        if (u) {
          this.literal(b, u.label);
          if (u.problem) this.report(u.problem.code, u.problem.message, this.tokRange(u.value));
          this.emit(b, u.value, u.bytes);
          last = i = u.value.end;
          continue;
        }
      }
      this.literal(b, { start: s, end: i, text: t.slice(s, i) });
      last = i;
      if (unterminated) break;
    }
    blk.lastLine = this.line;
    blk.lastChar = last - this.lineStart;
    return i;
  }

  /** A directive line, or a field line outside any block (field lines in a block go to fieldLine). */
  private lineTokens(bounds: number[]): void {
    const t = this.text;
    const first = bounds[0];
    if (t.charCodeAt(first) === 46 /* . */) {
      const kept = Math.min(bounds.length, 2 * (this.maxWords + 1));
      const tokens: Token[] = [];
      for (let k = 0; k < kept; k += 2)
        tokens.push({ start: bounds[k], end: bounds[k + 1], text: t.slice(bounds[k], bounds[k + 1]) });
      if (kept < bounds.length) {
        this.report(
          'TEXT-OPTION',
          `too many words on this line: a directive takes at most ${this.maxWords} after its name; the rest of the line is ignored`,
          this.range(bounds[kept], bounds[kept + 1]),
        );
      }
      this.directive(tokens);
      return;
    }
    this.report(
      'TEXT-BLOCK',
      'bytes outside a block: field lines belong between .chunk and .end, or .raw and .endraw',
      this.range(first, bounds[bounds.length - 1]),
    );
  }

  private hex(b: ChunkBlock | RawBlock, start: number, end: number): void {
    const n = (end - start) >> 1;
    if (!this.room(n, start, end)) return;
    this.hexPiece(b, this.data.length - b.dataStart, n, start, end);
    this.data.appendHex(this.text, start, end);
  }

  /** Record n bytes of bare hex at payload offset `at`, from text offsets [start, end) of this line. */
  private hexPiece(b: ChunkBlock | RawBlock, at: number, n: number, start: number, end: number): void {
    if (this.noSourceMap) return;
    const pieces = b.pieces;
    const run = this.hexRun;
    // Consecutive hex tokens of one line and label form one segment: keeps the source map small.
    if (
      run !== undefined &&
      this.hexRunLine === this.line &&
      pieces[pieces.length - 1] === run &&
      run.label === this.label &&
      run.be === at
    ) {
      run.be = at + n;
      run.c1 = end - this.lineStart;
    } else {
      this.addPiece(b, at, n, start, end);
      const p = pieces[pieces.length - 1];
      if (p instanceof LineSegment && p.line === this.line) {
        this.hexRun = p;
        this.hexRunLine = this.line;
      }
    }
  }

  /**
   * Record `len` bytes at payload offset `at` from text offsets [start, end) of this line: a
   * piece of their own, or, once the document has maxSegments pieces, part of the block's
   * previous piece, which then covers the text from its start to `end` (docs/format.md §8.1).
   */
  private addPiece(b: ChunkBlock | RawBlock, at: number, len: number, start: number, end: number): void {
    if (this.noSourceMap) return;
    const pieces = b.pieces;
    const last = pieces[pieces.length - 1];
    if (this.pieceCount >= this.maxSegments && last !== undefined && last.be === at) {
      const c1 = end - this.lineStart;
      if (last instanceof LineSegment && last.line === this.line) {
        last.be = at + len;
        last.c1 = c1;
      } else {
        pieces[pieces.length - 1] = spanSegment(
          last.bs,
          at + len,
          { start: last.text.start, end: { line: this.line, character: c1 } },
          last.label,
        );
      }
      return;
    }
    pieces.push(new LineSegment(at, at + len, this.line, start - this.lineStart, end - this.lineStart, this.label));
    this.pieceCount++;
  }

  private literal(b: ChunkBlock | RawBlock, tok: Token): void {
    if (tok.text.startsWith('.')) {
      this.report(
        'TEXT-TOKEN',
        `unexpected "${show(tok.text)}": a directive must start its own line`,
        this.tokRange(tok),
      );
      return;
    }
    const lit = parseLiteral(tok.text);
    switch (lit.kind) {
      case 'label':
        this.label = lit.name;
        return;
      case 'hex':
        this.hex(b, tok.start, tok.end);
        return;
      case 'bytes':
        this.emit(b, tok, lit.bytes);
        return;
      case 'fill':
        if (lit.count > 0 && this.room(lit.count, tok.start, tok.end)) {
          this.addPiece(b, this.data.length - b.dataStart, lit.count, tok.start, tok.end);
          this.data.fill(lit.count, lit.value);
        }
        return;
      case 'int':
        // As emit, written straight into the payload.
        if (!this.room(lit.type.width, tok.start, tok.end)) return;
        this.addPiece(b, this.data.length - b.dataStart, lit.type.width, tok.start, tok.end);
        this.data.appendInt(lit.type, lit.value);
        return;
      case 'auto': {
        const kind = b.kind === 'chunk' ? autoKind(this.label, b.type) : undefined;
        if (!kind || b.kind !== 'chunk') {
          const type = b.kind === 'chunk' ? chunkTypeName(b.type) : '';
          const where =
            b.kind === 'raw'
              ? 'a .raw block'
              : `${this.label ? `field "${this.label}"` : 'an unlabelled field'} of ${/^[AEIOU]/.test(type) ? 'an' : 'a'} ${type} chunk`;
          this.report('TEXT-AUTO', `auto has no computed value for ${where}; ${AUTO_HELP}`, this.tokRange(tok));
          this.emit(b, tok, new Uint8Array(lit.type.width));
          return;
        }
        if (!this.room(lit.type.width, tok.start, tok.end)) return;
        const offset = this.data.length - b.dataStart;
        this.addPiece(b, offset, lit.type.width, tok.start, tok.end);
        b.autos.push({ offset, len: lit.type.width, text: this.tokRange(tok), kind, type: lit.type });
        this.data.fill(lit.type.width, 0);
        return;
      }
      case 'error':
        this.report(lit.code, lit.message, this.range(tok.start + lit.at, tok.start + lit.at + lit.len));
        if (lit.width > 0) this.emit(b, tok, new Uint8Array(lit.width));
        return;
    }
  }

  private emit(b: ChunkBlock | RawBlock, tok: Token, bytes: Uint8Array): void {
    if (bytes.length === 0 || !this.room(bytes.length, tok.start, tok.end)) return;
    this.addPiece(b, this.data.length - b.dataStart, bytes.length, tok.start, tok.end);
    this.data.append(bytes);
  }

  private room(n: number, start: number, end: number): boolean {
    if (this.total + n <= MAX_STREAM_BYTES) {
      this.total += n;
      return true;
    }
    if (!this.limitHit)
      this.report(
        'TEXT-LIMIT',
        `the assembled stream would exceed the ${MAX_STREAM_BYTES}-byte limit here`,
        this.range(start, end),
      );
    this.limitHit = true;
    return false;
  }
}

/** Offset of the line break at or after i, or the text's end. */
function lineEnd(t: string, i: number): number {
  const n = t.length;
  while (i < n) {
    const c = t.charCodeAt(i);
    if (c === 10 || c === 13) return i;
    i++;
  }
  return n;
}

function isHexDigit(c: number): boolean {
  const l = c | 32;
  return (c >= 48 && c <= 57) || (l >= 97 && l <= 102);
}

/** Whether c = t[i] ends a token, as in lexer.ts: a space, a line break, or a comment start. */
function endsToken(t: string, i: number, c: number): boolean {
  return (
    c === 32 || c === 9 || c === 0xfeff || c === 10 || c === 13 || c === 35 || (c === 47 && t.charCodeAt(i + 1) === 47)
  );
}

/**
 * For a string whose body starts at i: the offset just past its closing quote, or, when the
 * line ends first, ~(offset of the line's end).
 */
function skipStringInLine(t: string, i: number): number {
  const n = t.length;
  while (i < n) {
    const c = t.charCodeAt(i);
    if (c === 92 /* \ */) {
      const d = t.charCodeAt(i + 1);
      if (i + 1 >= n || d === 10 || d === 13) return ~(i + 1);
      i += 2;
    } else if (c === 34) {
      return i + 1;
    } else if (c === 10 || c === 13) {
      return ~i;
    } else {
      i++;
    }
  }
  return ~n;
}
