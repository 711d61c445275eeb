// Semantic tokens: what each token's bytes are (chunk header, payload, padding, unframed raw
// bytes), directives and their options, labels, literal types, comments, and a `problem`
// modifier on bytes an error or warning points at, `userField` on bytes a user schema decoded.

import type { Range, SemanticTokens, SemanticTokensLegend } from 'vscode-languageserver';
import type { ByteRange, ChunkNode, SourceSegment } from '../../core/src';
import type { DocContext } from './context';
import type { LineSyntax } from './syntax';
import { UserFieldIndex } from './userFieldTokens';

export const TOKEN_TYPES = [
  'comment',
  'keyword',
  'parameter',
  'enumMember',
  'property',
  'type',
  'number',
  'string',
  'macro',
  'operator',
] as const;
export const TOKEN_MODIFIERS = [
  'header',
  'payload',
  'padding',
  'unframed',
  'problem',
  'computed',
  'userField',
] as const;
export const LEGEND: SemanticTokensLegend = { tokenTypes: [...TOKEN_TYPES], tokenModifiers: [...TOKEN_MODIFIERS] };

type TokenType = (typeof TOKEN_TYPES)[number];
type Modifier = (typeof TOKEN_MODIFIERS)[number];
const T = Object.fromEntries(TOKEN_TYPES.map((t, i) => [t, i])) as Record<TokenType, number>;
const M = Object.fromEntries(TOKEN_MODIFIERS.map((m, i) => [m, 1 << i])) as Record<Modifier, number>;

/** Findings about a whole call (state, arguments, expectations), not about particular bytes. */
const CALL_LEVEL = /^(STATE|ARG|EXPECT|EOF)-/;

/** Byte ranges of errors and warnings, for a fast "does this byte range touch a problem" test. */
class ProblemIndex {
  private starts: number[] = [];
  private maxEnd: number[] = [];

  constructor(ctx: DocContext) {
    const rs = ctx.problems
      .filter((p) => p.bytes && p.severity !== 'info' && !CALL_LEVEL.test(p.code))
      .map((p) => ({ start: p.bytes!.start, end: Math.max(p.bytes!.end, p.bytes!.start + 1) }))
      .sort((a, b) => a.start - b.start);
    let m = -1;
    for (const r of rs) {
      m = Math.max(m, r.end);
      this.starts.push(r.start);
      this.maxEnd.push(m);
    }
  }

  overlaps(r: ByteRange): boolean {
    let lo = 0;
    let hi = this.starts.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.starts[mid] < r.end) lo = mid + 1;
      else hi = mid;
    }
    return lo > 0 && this.maxEnd[lo - 1] > r.start;
  }
}

class Builder {
  readonly data: number[] = [];
  private line = 0;
  private char = 0;

  push(line: number, char: number, length: number, type: number, mods: number): void {
    if (length <= 0) return;
    const dl = line - this.line;
    const dc = dl === 0 ? char - this.char : char;
    this.data.push(dl, dc, length, type, mods);
    this.line = line;
    this.char = char;
  }
}

let lastChunk: ChunkNode | undefined;

function regionOf(ctx: DocContext, at: number): { type: TokenType; mod: number } {
  // Consecutive tokens mostly fall in the same chunk: skip the binary search then.
  const c =
    lastChunk &&
    at >= lastChunk.bytes.start &&
    at < lastChunk.bytes.end &&
    ctx.doc.chunks[lastChunk.index] === lastChunk
      ? lastChunk
      : (lastChunk = ctx.chunkAtByte(at));
  if (!c) return { type: 'string', mod: M.unframed };
  if (at < c.headerBytes.end) return { type: 'macro', mod: M.header };
  if (at < c.payloadBytes.end) return { type: 'number', mod: M.payload };
  return { type: 'comment', mod: M.padding };
}

function lineTokens(ctx: DocContext, s: LineSyntax, b: Builder, problems: ProblemIndex, users?: UserFieldIndex): void {
  const line = s.line;
  const col = (offset: number) => offset - s.start;
  if (s.kind === 'directive') {
    b.push(line, col(s.directive!.start), s.directive!.end - s.directive!.start, T.keyword, 0);
    for (const a of s.args) {
      if (a.key !== undefined && a.valueStart !== undefined) {
        b.push(line, col(a.start), a.valueStart - 1 - a.start, T.parameter, 0);
        b.push(line, col(a.valueStart - 1), 1, T.operator, 0);
        b.push(
          line,
          col(a.valueStart),
          a.end - a.valueStart,
          /^(0x[0-9a-f]+|\d+)$/i.test(a.value) ? T.number : T.enumMember,
          0,
        );
      } else {
        b.push(line, col(a.start), a.end - a.start, T.enumMember, 0);
      }
    }
  } else if (s.kind === 'body') {
    bodyTokens(ctx, s, b, problems, users);
  }
  if (s.comment) b.push(line, col(s.comment.start), s.comment.end - s.comment.start, T.comment, 0);
}

/**
 * Field-line tokens. Bytes are found by walking the line's source segments alongside its tokens
 * (a run of bare hex tokens is one segment: each token's bytes follow from the digits before it);
 * adjacent hex tokens of the same kind merge into one token, which keeps hex-heavy files light.
 */
function bodyTokens(ctx: DocContext, s: LineSyntax, b: Builder, problems: ProblemIndex, users?: UserFieldIndex): void {
  const line = s.line;
  const col = (offset: number) => offset - s.start;
  const segs = ctx.segmentsOnLine(line);
  let si = 0;
  let run: SourceSegment | undefined;
  let runDigits = 0;
  let pending: { start: number; end: number; type: number; mod: number } | undefined;
  const flush = () => {
    if (pending) b.push(line, col(pending.start), pending.end - pending.start, pending.type, pending.mod);
    pending = undefined;
  };
  for (const t of s.body) {
    if (t.kind === 'label' || t.kind === 'other') {
      flush();
      if (t.kind === 'label') b.push(line, col(t.start), t.end - t.start, T.property, 0);
      continue;
    }
    const c0 = col(t.start);
    while (si < segs.length && (segs[si].text.end.line > line ? Infinity : segs[si].text.end.character) <= c0) si++;
    const seg =
      si < segs.length && segs[si].text.start.line === line && segs[si].text.start.character <= c0
        ? segs[si]
        : undefined;
    let at: number | undefined;
    let len = 1;
    if (seg && t.kind === 'hex') {
      if (run !== seg) {
        run = seg;
        runDigits = 0;
      }
      at = seg.bytes.start + (runDigits >> 1);
      len = Math.max(1, (t.end - t.start) >> 1);
      runDigits += t.end - t.start;
    } else if (seg) {
      at = seg.bytes.start;
      len = seg.bytes.end - seg.bytes.start;
    }
    let type: number = T.number;
    let mod = 0;
    if (at !== undefined && at < ctx.doc.bytes.length) {
      const r = regionOf(ctx, at);
      type = T[r.type];
      mod = r.mod;
      if (problems.overlaps({ start: at, end: at + len })) mod |= M.problem;
      if (users?.covers(at)) mod |= M.userField;
    }
    if (t.kind === 'hex') {
      if (pending && pending.type === type && pending.mod === mod) pending.end = t.end;
      else {
        flush();
        pending = { start: t.start, end: t.end, type, mod };
      }
      continue;
    }
    flush();
    const valueStart = t.valueStart!;
    b.push(line, c0, valueStart - t.start, T.type, 0);
    if (t.text.endsWith(':auto')) mod |= M.computed;
    b.push(line, col(valueStart), t.end - valueStart, type, mod);
  }
  flush();
}

/**
 * The line [start, end) as bare hex tokens of whole byte pairs separated by blanks and nothing
 * else (the hex rows that make up most of a large file): where its first token starts, where its
 * last ends and how many bytes it writes; undefined for any other line.
 */
export function hexRowExtent(
  text: string,
  start: number,
  end: number,
): { first: number; last: number; bytes: number } | undefined {
  let i = start;
  while (i < end && (text.charCodeAt(i) === 32 || text.charCodeAt(i) === 9)) i++;
  const first = i;
  let last = i;
  let digits = 0;
  while (i < end) {
    let n = 0;
    while (i < end && isHex(text.charCodeAt(i))) {
      i++;
      n++;
    }
    if (n === 0 || n % 2) return undefined;
    digits += n;
    last = i;
    while (i < end && (text.charCodeAt(i) === 32 || text.charCodeAt(i) === 9)) i++;
  }
  return digits ? { first, last, bytes: digits >> 1 } : undefined;
}

const isHex = (c: number) => (c >= 48 && c <= 57) || (c >= 65 && c <= 70) || (c >= 97 && c <= 102);

/**
 * A hex row written by one source segment whose bytes lie in one region of one chunk and touch no
 * problem: one token, as bodyTokens would merge it, without lexing the line. False otherwise.
 */
function hexRowToken(
  ctx: DocContext,
  l: number,
  start: number,
  end: number,
  b: Builder,
  problems: ProblemIndex,
): boolean {
  const row = hexRowExtent(ctx.text, start, end);
  if (!row) return false;
  const segs = ctx.segmentsOnLine(l);
  if (segs.length !== 1) return false;
  const text = segs[0].text;
  const bytes = segs[0].bytes;
  const c0 = row.first - start;
  const c1 = row.last - start;
  if (text.end.line !== l || text.start.character > c0 || text.end.character < c1) return false;
  if (bytes.end - bytes.start !== row.bytes) return false;
  const at = bytes.start;
  const lastByte = bytes.end - 1;
  if (lastByte >= ctx.doc.bytes.length) return false;
  const r0 = regionOf(ctx, at);
  const c = lastChunk;
  const r1 = regionOf(ctx, lastByte);
  if (c !== lastChunk || r0.type !== r1.type || r0.mod !== r1.mod) return false;
  if (problems.overlaps({ start: at, end: bytes.end })) return false;
  b.push(l, c0, c1 - c0, T[r0.type], r0.mod);
  return true;
}

/** Tokens of the lines in `range` (all by default); `lexAll` turns the hex-row shortcut off (tests compare both). */
export function semanticTokens(ctx: DocContext, range?: Range, lexAll = false): SemanticTokens {
  const b = new Builder();
  const problems = new ProblemIndex(ctx);
  const users = ctx.userSchemas ? new UserFieldIndex(ctx) : undefined;
  const from = range ? Math.max(0, range.start.line) : 0;
  const to = range ? Math.min(ctx.lines.lineCount - 1, range.end.line) : ctx.lines.lineCount - 1;
  for (let l = from; l <= to; l++) {
    const start = ctx.lines.starts[l];
    const end = ctx.lines.lineEnd(l);
    if (end - start > 100_000) continue; // a pathological line: leave it to the grammar
    // The hex-row shortcut gives no user-field modifiers: lexed lines only when schemas apply.
    if (!lexAll && !users && hexRowToken(ctx, l, start, end, b, problems)) continue;
    lineTokens(ctx, ctx.syntax.line(l, false), b, problems, users);
  }
  return { data: b.data };
}
