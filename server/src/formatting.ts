// Document formatting: directives at column 0, block contents indented two spaces per nesting
// level (BlockIndent), one space between tokens and two before a further label, bare hex as
// lower-case byte pairs (unlabelled rows wrapped at 16 bytes), comments kept, blank runs
// collapsed, one final newline. The result is
// assembled and compared with the original: if the bytes differ, no edit is returned.

import type { FormattingOptions, Range, TextEdit } from 'vscode-languageserver';
import { assemble } from '../../protocol/src';
import type { DocContext } from './context';
import type { LineSyntax } from './syntax';

const ROW = 16;
const MAX_LINE = 100_000;

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

function pairs(hex: string): string[] {
  const out: string[] = [];
  for (let i = 0; i < hex.length; i += 2) out.push(hex.slice(i, i + 2).toLowerCase());
  return out;
}

/** The formatted form of one line (may be several lines, joined by \n), or undefined to keep it. */
function formatLine(s: LineSyntax, text: string, indent: string): string | undefined {
  const comment = s.comment ? text.slice(s.comment.start, s.comment.end).trimEnd() : undefined;
  const withComment = (body: string) => (comment === undefined ? body : body ? `${body}  ${comment}` : comment);
  if (s.kind === 'blank') return '';
  if (s.kind === 'comment') return indent + comment;
  if (s.kind === 'directive') {
    const parts = [s.directive!.text, ...s.args.map((a) => a.text)];
    return withComment(parts.join(' '));
  }
  // Field line: labels, hex runs, literals.
  const tokens = s.body;
  const pureHex = tokens.every((t) => t.kind === 'hex' && t.text.length % 2 === 0);
  if (pureHex) {
    const bytes = tokens.flatMap((t) => pairs(t.text));
    const rows: string[] = [];
    for (let i = 0; i < bytes.length; i += ROW) rows.push(indent + bytes.slice(i, i + ROW).join(' '));
    rows[0] = withComment(rows[0]);
    return rows.join('\n');
  }
  let out = '';
  tokens.forEach((t, i) => {
    let piece = t.text;
    if (t.kind === 'hex' && t.text.length % 2 === 0) piece = pairs(t.text).join(' ');
    if (i > 0) out += t.kind === 'label' ? '  ' : ' ';
    out += piece;
  });
  return withComment(indent + out);
}

/**
 * Indentation width of a line inside a block: a tab counts as two, odd widths round down to
 * even (at least two); only its nesting level (BlockIndent) survives formatting.
 */
function indentWidth(text: string, start: number, end: number): number {
  let w = 0;
  for (let i = start; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c === 32) w++;
    else if (c === 9) w += 2;
    else break;
  }
  return Math.max(2, w - (w % 2));
}

/**
 * Nesting inside one block, like Python's indentation: a line deeper than the one before opens
 * one level (however far it is indented), a shallower one closes back to the level of that width.
 * Level n is written as 2n spaces, so an 8-space first field line becomes 2 spaces while the
 * disassembler's group members and hex rows (2 more than their heading) keep their 4.
 */
class BlockIndent {
  private widths: number[] = [];

  reset(): void {
    this.widths = [];
  }

  indent(width: number): string {
    const w = this.widths;
    while (w.length && w[w.length - 1] > width) w.pop();
    if (!w.length || w[w.length - 1] < width) w.push(width);
    return '  '.repeat(w.length);
  }
}

/**
 * Where the content of a hex row already in formatted form starts: blanks, then at most ROW
 * lower-case byte pairs separated by single spaces, nothing after. -1 for any other line. Such a
 * line formats to its indentation plus itself (formatLine's pure-hex case), without lexing it.
 */
function canonicalHexRow(text: string, start: number, end: number): number {
  let i = start;
  while (i < end && (text.charCodeAt(i) === 32 || text.charCodeAt(i) === 9)) i++;
  const from = i;
  let pairs = 0;
  while (i < end) {
    if (pairs && text.charCodeAt(i++) !== 32) return -1;
    if (i + 2 > end || !isLowerHex(text.charCodeAt(i)) || !isLowerHex(text.charCodeAt(i + 1))) return -1;
    i += 2;
    if (++pairs > ROW) return -1;
  }
  return pairs ? from : -1;
}

const isLowerHex = (c: number) => (c >= 48 && c <= 57) || (c >= 97 && c <= 102);

/** Each line formatted ('\u0000': removed); `lexAll` turns the hex-row shortcut off (tests compare both). */
export function formatText(ctx: DocContext, lexAll = false): string[] | undefined {
  const n = ctx.lines.lineCount;
  const out: string[] = new Array(n);
  let inBlock = false;
  const nesting = new BlockIndent();
  let blanks = 0;
  for (let l = 0; l < n; l++) {
    const start = ctx.lines.starts[l];
    const end = ctx.lines.lineEnd(l);
    const original = ctx.text.slice(start, end);
    if (end - start > MAX_LINE) {
      out[l] = original;
      blanks = 0;
      continue;
    }
    if (inBlock && !lexAll) {
      const from = canonicalHexRow(ctx.text, start, end);
      if (from >= 0) {
        const indent = nesting.indent(indentWidth(ctx.text, start, end));
        out[l] =
          from - start === indent.length && !ctx.text.slice(start, from).includes('\t')
            ? original
            : indent + ctx.text.slice(from, end);
        blanks = 0;
        continue;
      }
    }
    const s = ctx.syntax.line(l, false);
    const d = s.kind === 'directive' ? s.directive!.text.toLowerCase() : undefined;
    if (d === '.end' || d === '.endraw') inBlock = false;
    const indent =
      inBlock && (s.kind === 'body' || s.kind === 'comment') ? nesting.indent(indentWidth(ctx.text, start, end)) : '';
    let f: string | undefined;
    if (s.kind === 'body' && !inBlock) f = original.trimEnd();
    else f = formatLine(s, ctx.text, indent);
    if (d === '.chunk' || d === '.raw') {
      inBlock = true;
      nesting.reset();
    }
    if (f === '') {
      blanks++;
      // Keep one blank line of a run, none at the start of the file.
      out[l] = blanks > 1 || l === 0 ? '\u0000' : '';
    } else {
      blanks = 0;
      out[l] = f ?? original;
    }
  }
  // No blank lines at the end of the file.
  for (let l = n - 1; l >= 0 && (out[l] === '' || out[l] === '\u0000'); l--) out[l] = '\u0000';
  return out;
}

export function formatting(ctx: DocContext, _options?: FormattingOptions): TextEdit[] {
  const formatted = formatText(ctx);
  if (!formatted) return [];
  const eol = ctx.text.includes('\r\n') ? '\r\n' : '\n';
  // No line to change (the usual case on a formatted file): nothing to check either.
  const edits = lineEdits(ctx, formatted, eol);
  if (!edits.length) return [];
  const kept = formatted.filter((x) => x !== '\u0000');
  const joined = kept.join('\n');
  const newText = kept.length ? (eol === '\n' ? joined : joined.replace(/\n/g, eol)) + eol : '';
  if (newText === ctx.text) return [];
  // Never change what the text assembles to.
  const before = assemble(ctx.text);
  const after = assemble(newText);
  if (!sameBytes(before.bytes, after.bytes) || before.errors.length !== after.errors.length) return [];
  return edits;
}

/** Directives that open or close a block: the formatter's state is known at these lines. */
const BOUNDARIES = new Set(['.chunk', '.raw', '.end', '.endraw']);
/** Farthest a range's check span is looked for, in lines (past it: the start or end of the file). */
const MAX_SPAN_SEARCH = 100_000;

/**
 * Formatting of the lines of `range` only (LSP rangeFormatting), checked on the smallest span of
 * whole blocks around them: that span, assembled alone before and after the edits, gives the
 * same bytes and as many errors (formatting moves only blanks, case and comments, which do not
 * reach past a block), so a 10 MB file is not assembled twice for a few lines.
 */
export function rangeFormatting(ctx: DocContext, range: Range, _options?: FormattingOptions): TextEdit[] {
  const formatted = formatText(ctx);
  if (!formatted) return [];
  const eol = ctx.text.includes('\r\n') ? '\r\n' : '\n';
  const from = Math.max(0, range.start.line);
  let to = Math.min(ctx.lines.lineCount - 1, range.end.line);
  if (range.end.character === 0 && to > from) to--;
  const edits = lineEdits(ctx, formatted, eol).filter((e) => e.range.start.line >= from && e.range.start.line <= to);
  if (!edits.length) return [];
  let s0 = from;
  while (s0 > 0 && from - s0 < MAX_SPAN_SEARCH && !BOUNDARIES.has(ctx.syntax.directiveOf(s0) ?? '')) s0--;
  if (from - s0 >= MAX_SPAN_SEARCH) s0 = 0;
  const last = ctx.lines.lineCount - 1;
  let s1 = to;
  for (; s1 < last && s1 - to < MAX_SPAN_SEARCH; s1++) {
    const d = ctx.syntax.directiveOf(s1);
    if (d === '.end' || d === '.endraw') break;
    if ((d === '.chunk' || d === '.raw') && s1 > to) {
      s1--;
      break;
    }
  }
  if (s1 - to >= MAX_SPAN_SEARCH) s1 = last;
  const a = ctx.lines.starts[s0];
  const b = s1 >= last ? ctx.text.length : ctx.lines.starts[s1 + 1];
  let after = '';
  let at = a;
  for (const e of edits) {
    const e0 = ctx.lines.offsetAt(e.range.start);
    const e1 = ctx.lines.offsetAt(e.range.end);
    if (e0 < at || e1 > b) return []; // not inside the span (cannot happen): no edit rather than an unchecked one
    after += ctx.text.slice(at, e0) + e.newText;
    at = e1;
  }
  after += ctx.text.slice(at, b);
  const x = assemble(ctx.text.slice(a, b));
  const y = assemble(after);
  if (!sameBytes(x.bytes, y.bytes) || x.errors.length !== y.errors.length) return [];
  return edits;
}

/** One edit per changed line, so markers and the cursor elsewhere stay put; the tail becomes one line break. */
function lineEdits(ctx: DocContext, formatted: string[], eol: string): TextEdit[] {
  const edits: TextEdit[] = [];
  const pos = (o: number) => ctx.lines.positionAt(o);
  let lastKept = formatted.length - 1;
  while (lastKept >= 0 && formatted[lastKept] === '\u0000') lastKept--;
  for (let l = 0; l <= lastKept; l++) {
    const start = ctx.lines.starts[l];
    const end = ctx.lines.lineEnd(l);
    const f = formatted[l];
    if (f === '\u0000') {
      edits.push({ range: { start: pos(start), end: pos(ctx.lines.starts[l + 1]) }, newText: '' });
      continue;
    }
    const text = f.replace(/\n/g, eol);
    if (text !== ctx.text.slice(start, end)) edits.push({ range: { start: pos(start), end: pos(end) }, newText: text });
  }
  const from = lastKept >= 0 ? ctx.lines.lineEnd(lastKept) : 0;
  const want = lastKept >= 0 ? eol : '';
  if (ctx.text.slice(from) !== want)
    edits.push({ range: { start: pos(from), end: pos(ctx.text.length) }, newText: want });
  return edits;
}
