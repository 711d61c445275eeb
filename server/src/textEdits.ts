// Edits on the text form that code actions and formatting share: `.chunk` options (remove,
// rewrite, add), and rewriting the bytes a byte range was written with (bare hex digits or a
// typed integer literal).

import type { TextEdit } from 'vscode-languageserver';
import type { ByteRange } from '../../core/src';
import type { DocContext } from './context';
import type { DirectiveArg, LineSyntax } from './syntax';

export function pos(ctx: DocContext, offset: number) {
  return ctx.lines.positionAt(offset);
}

export function edit(ctx: DocContext, start: number, end: number, newText: string): TextEdit {
  return { range: { start: pos(ctx, start), end: pos(ctx, end) }, newText };
}

export function findOption(s: LineSyntax, key: string): DirectiveArg | undefined {
  const k = key.toLowerCase();
  return s.args.find((a) => a.key?.toLowerCase() === k);
}

/** Delete an option together with the whitespace before it. */
export function removeOption(ctx: DocContext, s: LineSyntax, arg: DirectiveArg): TextEdit {
  const i = s.args.indexOf(arg);
  const prevEnd = i > 0 ? s.args[i - 1].end : s.directive!.end;
  return edit(ctx, prevEnd, arg.end, '');
}

export function replaceOptionValue(ctx: DocContext, arg: DirectiveArg, value: string): TextEdit {
  return edit(ctx, arg.valueStart!, arg.end, value);
}

/** Add ` key=value` after the last argument (before any comment). */
export function addOption(ctx: DocContext, s: LineSyntax, key: string, value: string): TextEdit {
  const after = s.args.length ? s.args[s.args.length - 1].end : s.directive!.end;
  return edit(ctx, after, after, ` ${key}=${value}`);
}

/** The `.end` line closing the `.chunk` block on line `start` (or the last line scanned). */
export function blockEndLine(ctx: DocContext, start: number): number {
  const closer = ctx.syntax.directiveOf(start) === '.raw' ? '.endraw' : '.end';
  for (let l = start + 1; l < ctx.lines.lineCount; l++) {
    const d = ctx.syntax.directiveOf(l);
    if (!d) continue;
    if (d === closer) return l;
    if (d === '.chunk' || d === '.raw' || d === '.call' || d === '.op' || d === '.expect') return l - 1;
  }
  return ctx.lines.lineCount - 1;
}

/** Payload bytes the field lines of a `.chunk` block write (what `len` computes). */
export function blockPayloadLength(ctx: DocContext, directiveLine: number): number {
  const end = blockEndLine(ctx, directiveLine);
  let n = 0;
  for (const seg of ctx.segmentsInLines(directiveLine + 1, end)) n += seg.bytes.end - seg.bytes.start;
  return n;
}

const HEX_ONLY = /^[0-9a-fA-F \t]+$/;
const INT_LITERAL = /^(u8|u16|u32|u64|i8|i16|i32|i64|be16|be32|be64):(.*)$/;

/**
 * Edits that make the text write `bytes` at `range`: each segment overlapping it must be a run
 * of bare hex digits (rewritten digit by digit) or an integer literal covering whole bytes of
 * the range (rewritten as 0x…). Undefined when some byte was written another way.
 */
export function rewriteBytes(ctx: DocContext, range: ByteRange, bytes: Uint8Array): TextEdit[] | undefined {
  const map = ctx.doc.sourceMap ?? [];
  const edits: TextEdit[] = [];
  let covered = 0;
  for (const seg of map) {
    if (seg.bytes.end <= range.start || seg.bytes.start >= range.end) continue;
    if (seg.text.start.line !== seg.text.end.line) return undefined;
    const t0 = ctx.lines.offsetAt(seg.text.start);
    const t1 = ctx.lines.offsetAt(seg.text.end);
    const src = ctx.text.slice(t0, t1);
    if (HEX_ONLY.test(src)) {
      // Digit pairs in order: byte k of the segment is the k-th pair.
      let k = 0;
      for (let i = 0; i < src.length && k < seg.bytes.end - seg.bytes.start;) {
        if (src[i] === ' ' || src[i] === '\t') {
          i++;
          continue;
        }
        const at = seg.bytes.start + k;
        if (at >= range.start && at < range.end) {
          const v = bytes[at - range.start];
          const upper = /[A-F]/.test(src.slice(i, i + 2));
          const digits = v.toString(16).padStart(2, '0');
          edits.push(edit(ctx, t0 + i, t0 + i + 2, upper ? digits.toUpperCase() : digits));
          covered++;
        }
        i += 2;
        k++;
      }
      continue;
    }
    const m = INT_LITERAL.exec(src);
    if (!m || seg.bytes.start < range.start || seg.bytes.end > range.end) return undefined;
    const width = seg.bytes.end - seg.bytes.start;
    const big = m[1].startsWith('be');
    let v = 0n;
    for (let i = 0; i < width; i++) {
      const b = BigInt(bytes[seg.bytes.start - range.start + i]);
      v |= big ? b << BigInt(8 * (width - 1 - i)) : b << BigInt(8 * i);
    }
    const text =
      '0x' +
      v
        .toString(16)
        .toUpperCase()
        .padStart(width * 2, '0');
    edits.push(edit(ctx, t0 + m[1].length + 1, t1, text));
    covered += width;
  }
  return covered === range.end - range.start ? edits : undefined;
}

export function u32le(v: number, width = 4): Uint8Array {
  const out = new Uint8Array(width);
  for (let i = 0; i < width; i++) out[i] = Math.floor((v >>> 0) / 2 ** (8 * i)) & 0xff;
  return out;
}
