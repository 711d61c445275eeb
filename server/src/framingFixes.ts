// Quick fixes for framing findings: recompute a CRC, make a derived field `auto`, fix PayloadLength,
// renumber sequences, set or clear FINAL, insert the missing END chunk, drop a bad `.chunk` option.

import type { Diagnostic, TextEdit } from 'vscode-languageserver';
import {
  CHUNK_TYPES,
  FLAG_CONTINUES,
  FLAG_FINAL,
  OFF,
  statusHex,
  type ChunkNode,
  type DiagnosticCode,
  type FieldNode,
  type Problem,
} from '../../core/src';
import type { DocContext } from './context';
import { chunkOf, directiveOf, headerField, opt, type Draft } from './fixTargets';
import type { LineSyntax } from './syntax';
import {
  addOption,
  blockEndLine,
  blockPayloadLength,
  edit,
  findOption,
  removeOption,
  replaceOptionValue,
  rewriteBytes,
  u32le,
} from './textEdits';

export const END_CHUNK_TEXT = [
  '.chunk END flags=FINAL',
  '  ChunkCount: u32:auto  EndFlags: u32:1  StreamCrc32c: u32:auto  Reserved: u32:0',
  '.end',
];

/** Remove an explicit header option, or, for a header written as bytes, write the computed value. */
function headerValueFix(
  ctx: DocContext,
  c: ChunkNode,
  option: string,
  field: string,
  computed: number | undefined,
  what: string,
): Draft | undefined {
  const s = directiveOf(ctx, c);
  const arg = s && findOption(s, option);
  if (s && arg)
    return {
      title: `${what}: remove ${arg.text} so it is computed`,
      edits: [removeOption(ctx, s, arg)],
      preferred: true,
    };
  const f = headerField(c, field);
  if (!f || computed === undefined || s) return undefined;
  const edits = rewriteBytes(ctx, f.bytes, u32le(computed, f.bytes.end - f.bytes.start));
  return edits && { title: `${what}: write ${statusHex(computed)}`, edits, preferred: true };
}

export function crcFix(ctx: DocContext, p: Problem): Draft[] {
  const c = chunkOf(ctx, p);
  if (!c) return [];
  if (p.code === 'CRC-HEADER')
    return opt(headerValueFix(ctx, c, 'hcrc', 'HeaderCrc32c', c.computedHeaderCrc, 'Recompute HeaderCrc32c'));
  if (p.code === 'CRC-PAYLOAD')
    return opt(headerValueFix(ctx, c, 'crc', 'PayloadCrc32c', c.computedPayloadCrc, 'Recompute PayloadCrc32c'));
  return [];
}

/** A wrong derived payload field (`name`: ChunkCount, StreamCrc32c, RangeBufferWords) written as `u32:N`: write `u32:auto` instead. */
export function autoFieldFix(ctx: DocContext, p: Problem, name: string): Draft[] {
  const c = chunkOf(ctx, p);
  if (!c || !p.bytes) return [];
  const bytes = p.bytes;
  const hit = (fs: FieldNode[]): FieldNode | undefined => {
    for (const f of fs) {
      if (f.children) {
        const inner = hit(f.children);
        if (inner) return inner;
      } else if (f.name === name && f.bytes.start < Math.max(bytes.end, bytes.start + 1) && bytes.start < f.bytes.end)
        return f;
    }
    return undefined;
  };
  const f = hit(c.payloadFields);
  if (!f) return [];
  const seg = (ctx.doc.sourceMap ?? []).find((s) => s.bytes.start === f.bytes.start && s.bytes.end === f.bytes.end);
  if (!seg || seg.text.start.line !== seg.text.end.line) return [];
  const t0 = ctx.lines.offsetAt(seg.text.start);
  const src = ctx.text.slice(t0, ctx.lines.offsetAt(seg.text.end));
  const m = /^(u8|u16|u32|u64):(.+)$/.exec(src);
  if (!m || m[2] === 'auto') return [];
  return [
    {
      title: `Compute ${f.name}: write ${m[1]}:auto`,
      edits: [edit(ctx, t0 + m[1].length + 1, t0 + src.length, 'auto')],
      preferred: true,
    },
  ];
}

/** `len=` that differs from the bytes the block writes, in the block of the problem or the one before. */
export function lengthFix(ctx: DocContext, p: Problem, range: Diagnostic['range']): Draft[] {
  const lines = new Set<number>();
  const around =
    ctx.syntax.directiveOf(range.start.line) === '.chunk'
      ? ctx.syntax.line(range.start.line)
      : ctx.syntax.enclosingChunk(range.start.line);
  if (around) lines.add(around.line);
  const c = chunkOf(ctx, p);
  if (c?.text) lines.add(c.text.start.line);
  // The block before: a PayloadLength too short or too long misframes what follows it.
  const first = Math.min(...[...lines, range.start.line]);
  for (let l = first - 1; l >= 0 && first - l < 10_000; l--) {
    if (ctx.syntax.directiveOf(l) === '.chunk') {
      lines.add(l);
      break;
    }
  }
  const fixes: Draft[] = [];
  for (const l of lines) {
    const s = ctx.syntax.line(l);
    const arg = findOption(s, 'len');
    if (!arg) continue;
    const actual = blockPayloadLength(ctx, l);
    const v = Number(arg.value);
    if (Number.isFinite(v) && v === actual) continue;
    fixes.push({
      title: `Fix PayloadLength: remove ${arg.text} (the payload is ${actual} bytes)`,
      edits: [removeOption(ctx, s, arg)],
      preferred: true,
    });
  }
  return fixes;
}

export function seqFix(ctx: DocContext, p: Problem): Draft[] {
  const c = chunkOf(ctx, p);
  const fixes: Draft[] = [];
  const s = directiveOf(ctx, c);
  const arg = s && findOption(s, 'seq');
  if (s && arg)
    fixes.push({
      title: `Renumber: remove ${arg.text} so the sequence follows the previous chunk`,
      edits: [removeOption(ctx, s, arg)],
      preferred: true,
    });
  else if (c && !s) {
    const prev = ctx.doc.chunks[c.index - 1]?.header;
    const want = c.index === 0 ? 0 : prev ? prev.sequence + 1 : undefined;
    const f = headerField(c, 'Sequence');
    const edits = want !== undefined && f ? rewriteBytes(ctx, f.bytes, u32le(want)) : undefined;
    if (edits) fixes.push({ title: `Renumber: write sequence ${want}`, edits, preferred: true });
  }
  // Every explicit seq= in the file, when there is more than the one above.
  const all: TextEdit[] = [];
  for (const ch of ctx.doc.chunks) {
    const d = directiveOf(ctx, ch);
    const a = d && findOption(d, 'seq');
    if (d && a) all.push(removeOption(ctx, d, a));
  }
  const seen = new Set<string>();
  const unique = all.filter((e) => {
    const k = `${e.range.start.line}:${e.range.start.character}`;
    return seen.has(k) ? false : (seen.add(k), true);
  });
  if (unique.length > 1)
    fixes.push({ title: `Renumber all chunks: remove ${unique.length} explicit seq= options`, edits: unique });
  return fixes;
}

function flagText(v: number): string {
  const names: string[] = [];
  if (v & FLAG_FINAL) names.push('FINAL');
  if (v & FLAG_CONTINUES) names.push('CONTINUES');
  const rest = v & ~(FLAG_FINAL | FLAG_CONTINUES);
  if (rest) names.push('0x' + rest.toString(16).toUpperCase());
  return names.join('|') || 'none';
}

export function finalFix(ctx: DocContext, p: Problem): Draft[] {
  const c = chunkOf(ctx, p);
  const h = c?.header;
  if (!c || !h) return [];
  const isEnd = h.type === CHUNK_TYPES.END;
  const want = isEnd ? h.flags | FLAG_FINAL : h.flags & ~FLAG_FINAL;
  const title = isEnd ? 'Set FINAL on END' : `Clear FINAL on ${c.typeName}`;
  const s = directiveOf(ctx, c);
  if (s) {
    const arg = findOption(s, 'flags');
    const dflt = isEnd ? FLAG_FINAL : 0;
    if (arg) {
      const e = want === dflt ? removeOption(ctx, s, arg) : replaceOptionValue(ctx, arg, flagText(want));
      return [
        {
          title: `${title}: ${want === dflt ? `remove ${arg.text}` : `flags=${flagText(want)}`}`,
          edits: [e],
          preferred: true,
        },
      ];
    }
    return [
      {
        title: `${title}: flags=${flagText(want)}`,
        edits: [addOption(ctx, s, 'flags', flagText(want))],
        preferred: true,
      },
    ];
  }
  const f = headerField(c, 'Flags');
  const edits =
    f && rewriteBytes(ctx, { start: c.bytes.start + OFF.flags, end: c.bytes.start + OFF.flags + 2 }, u32le(want, 2));
  return edits ? [{ title, edits, preferred: true }] : [];
}

/** Insert an END chunk after the last block (after its call's `.expect`, as a call of its own). */
export function endChunkFix(ctx: DocContext): Draft[] {
  if (ctx.doc.chunks.some((c) => c.header?.type === CHUNK_TYPES.END)) return [];
  let last = -1;
  for (let l = ctx.lines.lineCount - 1; l >= 0; l--) {
    const d = ctx.syntax.directiveOf(l);
    if (d === '.chunk' || d === '.raw') {
      last = blockEndLine(ctx, l);
      break;
    }
  }
  if (last < 0) return [];
  let at = last;
  let expect = false;
  for (let l = last + 1; l < ctx.lines.lineCount; l++) {
    const d = ctx.syntax.directiveOf(l);
    if (!d) continue;
    if (d === '.expect') {
      at = l;
      expect = true;
    }
    break;
  }
  const explicitCalls = ctx.doc.calls.some((c) => c.text && ctx.syntax.directiveOf(c.text.start.line) === '.call');
  const lines = expect && explicitCalls ? ['.call', ...END_CHUNK_TEXT] : END_CHUNK_TEXT;
  const eol = ctx.lines.lineEnd(at);
  return [
    {
      title: 'Insert the missing END chunk (FINAL)',
      edits: [edit(ctx, eol, eol, '\n' + lines.join('\n'))],
      preferred: true,
    },
  ];
}

/** The `.chunk` line that wrote the bytes of a problem: its chunk's, else the one at or around its range. */
function chunkLineOf(ctx: DocContext, p: Problem, range: Diagnostic['range']): LineSyntax | undefined {
  const own = directiveOf(ctx, chunkOf(ctx, p));
  if (own) return own;
  const l = range.start.line;
  return ctx.syntax.directiveOf(l) === '.chunk' ? ctx.syntax.line(l) : ctx.syntax.enclosingChunk(l);
}

/** Explicit `.chunk` header options that break framing: removing them restores the default. */
export const CHUNK_OPTIONS: Partial<Record<DiagnosticCode, string[]>> = {
  'FRAME-MAGIC': ['magic'],
  'VER-MAJOR': ['version'],
  'VER-MIXED': ['version'],
  'FRAME-HSIZE': ['hsize'],
  'FRAME-RESERVED': ['reserved0', 'reserved1'],
  'FRAME-PADDING': ['pad'],
};

export function chunkOptionFix(
  ctx: DocContext,
  p: Problem,
  range: Diagnostic['range'],
  keys: readonly string[] = CHUNK_OPTIONS[p.code] ?? [],
): Draft[] {
  const s = chunkLineOf(ctx, p, range);
  if (!s) return [];
  const fixes: Draft[] = [];
  for (const key of keys) {
    const arg = findOption(s, key);
    if (arg)
      fixes.push({ title: `Remove ${arg.text}: use the default`, edits: [removeOption(ctx, s, arg)], preferred: true });
  }
  return fixes;
}
