// Quick fixes, each a WorkspaceEdit on the text that makes its diagnostic go away, offered as core's
// fix table says (core/src/fixes.ts: TEXT_FIXES renders each fix kind the text form supports): recompute a
// CRC, fix PayloadLength, renumber sequences, set or clear FINAL, make a derived field `auto`,
// insert the missing END chunk, correct an `.expect` to the status actually returned, drop
// the explicit option (header value, call argument, channel setting, `.truncate`) at fault, and
// for content findings write the value restore wants (identity, ChannelId, RingGpadlId, GPADL
// State, an optional chunk type) or delete the chunk block restore refuses (duplicate, after FINAL).

import { CodeActionKind, type CodeAction, type CodeActionParams, type Diagnostic, type TextEdit } from 'vscode-languageserver';
import { CHUNK_TYPES, FLAG_CONTINUES, FLAG_FINAL, OFF } from '../../core/src/layout';
import { hex, parseGuid } from '../../core/src/fieldReader';
import type { ChunkNode, FieldNode, Problem } from '../../core/src/model';
import { isDiagnosticCode, type DiagnosticCode } from '../../core/src/diagnostics';
import { fixKindsFor, type FixKind } from '../../core/src/fixes';
import { formatStatus, statusHex, statusName } from '../../core/src/ntstatus';
import { cmp, type DocContext } from './context';
import { SOURCE } from './diagnostics';
import type { LineSyntax } from './syntax';
import { addOption, blockEndLine, blockPayloadLength, edit, findOption, removeOption, replaceOptionValue, rewriteBytes, u32le } from './textEdits';

export const END_CHUNK_TEXT = ['.chunk END flags=FINAL', '  ChunkCount: u32:auto  EndFlags: u32:1  StreamCrc32c: u32:auto  Reserved: u32:0', '.end'];

export interface Fix {
  /** The fix kind of core's table this fix is an instance of. */
  kind: FixKind;
  title: string;
  edits: TextEdit[];
  preferred?: boolean;
}

/** A fix as a renderer builds it; fixesFor tags it with the kind it rendered. */
type Draft = Omit<Fix, 'kind'>;

const sameRange = (a: Diagnostic['range'], b: Diagnostic['range']) => cmp(a.start, b.start) === 0 && cmp(a.end, b.end) === 0;

/** The problem a diagnostic was made from (same code and range), else one rebuilt from its data. */
function problemOf(ctx: DocContext, d: Diagnostic): Problem | undefined {
  const hit = ctx.problems.find((p) => p.code === d.code && sameRange(ctx.problemRange(p), d.range));
  if (hit) return hit;
  const data = (d.data ?? {}) as { call?: number; chunk?: number; status?: number; bytes?: { start: number; end: number } };
  if (!isDiagnosticCode(d.code)) return undefined;
  return { code: d.code, message: d.message, severity: 'error', text: d.range, ...data };
}

/** The chunk a problem is about. */
function chunkOf(ctx: DocContext, p: Problem): ChunkNode | undefined {
  if (p.chunk !== undefined && ctx.doc.chunks[p.chunk]) return ctx.doc.chunks[p.chunk];
  return p.bytes ? ctx.chunkAtByte(p.bytes.start) : undefined;
}

/** The `.chunk` line that wrote a chunk's header, when a `.chunk` block wrote it. */
function directiveOf(ctx: DocContext, c: ChunkNode | undefined): LineSyntax | undefined {
  if (!c?.text) return undefined;
  const s = ctx.syntax.line(c.text.start.line);
  return s.kind === 'directive' && s.directive!.text.toLowerCase() === '.chunk' ? s : undefined;
}

function headerField(c: ChunkNode, name: string): FieldNode | undefined {
  return c.headerFields.find((f) => f.name === name);
}

/** Remove an explicit header option, or, for a header written as bytes, write the computed value. */
function headerValueFix(ctx: DocContext, c: ChunkNode, option: string, field: string, computed: number | undefined, what: string): Draft | undefined {
  const s = directiveOf(ctx, c);
  const arg = s && findOption(s, option);
  if (s && arg) return { title: `${what}: remove ${arg.text} so it is computed`, edits: [removeOption(ctx, s, arg)], preferred: true };
  const f = headerField(c, field);
  if (!f || computed === undefined || s) return undefined;
  const edits = rewriteBytes(ctx, f.bytes, u32le(computed, f.bytes.end - f.bytes.start));
  return edits && { title: `${what}: write ${statusHex(computed)}`, edits, preferred: true };
}

/** A wrong derived payload field (`name`: ChunkCount, StreamCrc32c, RangeBufferWords) written as `u32:N`: write `u32:auto` instead. */
function autoFieldFix(ctx: DocContext, p: Problem, name: string): Draft[] {
  const c = chunkOf(ctx, p);
  if (!c || !p.bytes) return [];
  const bytes = p.bytes;
  const hit = (fs: FieldNode[]): FieldNode | undefined => {
    for (const f of fs) {
      if (f.children) {
        const inner = hit(f.children);
        if (inner) return inner;
      } else if (f.name === name && f.bytes.start < Math.max(bytes.end, bytes.start + 1) && bytes.start < f.bytes.end) return f;
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
  return [{ title: `Compute ${f.name}: write ${m[1]}:auto`, edits: [edit(ctx, t0 + m[1].length + 1, t0 + src.length, 'auto')], preferred: true }];
}

/** `len=` that differs from the bytes the block writes, in the block of the problem or the one before. */
function lengthFix(ctx: DocContext, p: Problem, range: Diagnostic['range']): Draft[] {
  const lines = new Set<number>();
  const around = ctx.syntax.directiveOf(range.start.line) === '.chunk' ? ctx.syntax.line(range.start.line) : ctx.syntax.enclosingChunk(range.start.line);
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
    fixes.push({ title: `Fix PayloadLength: remove ${arg.text} (the payload is ${actual} bytes)`, edits: [removeOption(ctx, s, arg)], preferred: true });
  }
  return fixes;
}

function seqFix(ctx: DocContext, p: Problem): Draft[] {
  const c = chunkOf(ctx, p);
  const fixes: Draft[] = [];
  const s = directiveOf(ctx, c);
  const arg = s && findOption(s, 'seq');
  if (s && arg) fixes.push({ title: `Renumber: remove ${arg.text} so the sequence follows the previous chunk`, edits: [removeOption(ctx, s, arg)], preferred: true });
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
  if (unique.length > 1) fixes.push({ title: `Renumber all chunks: remove ${unique.length} explicit seq= options`, edits: unique });
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

function finalFix(ctx: DocContext, p: Problem): Draft[] {
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
      return [{ title: `${title}: ${want === dflt ? `remove ${arg.text}` : `flags=${flagText(want)}`}`, edits: [e], preferred: true }];
    }
    return [{ title: `${title}: flags=${flagText(want)}`, edits: [addOption(ctx, s, 'flags', flagText(want))], preferred: true }];
  }
  const f = headerField(c, 'Flags');
  const edits = f && rewriteBytes(ctx, { start: c.bytes.start + OFF.flags, end: c.bytes.start + OFF.flags + 2 }, u32le(want, 2));
  return edits ? [{ title, edits, preferred: true }] : [];
}

/** Insert an END chunk after the last block (after its call's `.expect`, as a call of its own). */
function endChunkFix(ctx: DocContext): Draft[] {
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
  return [{ title: 'Insert the missing END chunk (FINAL)', edits: [edit(ctx, eol, eol, '\n' + lines.join('\n'))], preferred: true }];
}

function expectFix(ctx: DocContext, p: Problem, range: Diagnostic['range']): Draft[] {
  const line = (p.text ?? range).start.line;
  const s = ctx.syntax.line(line);
  const name = s.directive?.text.toLowerCase();
  if (s.kind !== 'directive' || (name !== '.expect' && name !== '.expect-end')) return [];
  let status: number;
  let code: DiagnosticCode | undefined;
  if (name === '.expect') {
    const call = ctx.doc.calls.find((c) => c.expect?.text?.start.line === line);
    const t = call && ctx.callTrace(call.index);
    if (!t) return [];
    status = t.status;
    code = t.failure?.code;
  } else {
    // The outcome's own code (docs/format.md §4): a refused call with the same status is not it.
    status = ctx.analysis.outcome.status;
    code = ctx.analysis.outcome.code;
  }
  const statusArg = s.args.find((a) => !a.key);
  const edits: TextEdit[] = [];
  const text = statusName(status) ?? statusHex(status);
  if (statusArg) edits.push(edit(ctx, statusArg.start, statusArg.end, text));
  else edits.push(edit(ctx, s.directive!.end, s.directive!.end, ' ' + text));
  const diag = findOption(s, 'diag');
  if (diag) edits.push(code ? replaceOptionValue(ctx, diag, code) : removeOption(ctx, s, diag));
  return [{ title: `Expect ${formatStatus(status)}${diag && code ? ` with ${code}` : ''} (what the call returned)`, edits, preferred: true }];
}

/** The `.chunk` line that wrote the bytes of a problem: its chunk's, else the one at or around its range. */
function chunkLineOf(ctx: DocContext, p: Problem, range: Diagnostic['range']): LineSyntax | undefined {
  const own = directiveOf(ctx, chunkOf(ctx, p));
  if (own) return own;
  const l = range.start.line;
  return ctx.syntax.directiveOf(l) === '.chunk' ? ctx.syntax.line(l) : ctx.syntax.enclosingChunk(l);
}

/** Explicit `.chunk` header options that break framing: removing them restores the default. */
const CHUNK_OPTIONS: Partial<Record<DiagnosticCode, string[]>> = {
  'FRAME-MAGIC': ['magic'],
  'VER-MAJOR': ['version'],
  'VER-MIXED': ['version'],
  'FRAME-HSIZE': ['hsize'],
  'FRAME-RESERVED': ['reserved0', 'reserved1'],
  'FRAME-PADDING': ['pad'],
};

function chunkOptionFix(ctx: DocContext, p: Problem, range: Diagnostic['range'], keys: readonly string[] = CHUNK_OPTIONS[p.code] ?? []): Draft[] {
  const s = chunkLineOf(ctx, p, range);
  if (!s) return [];
  const fixes: Draft[] = [];
  for (const key of keys) {
    const arg = findOption(s, key);
    if (arg) fixes.push({ title: `Remove ${arg.text}: use the default`, edits: [removeOption(ctx, s, arg)], preferred: true });
  }
  return fixes;
}

/** The `.call` line of the call a problem belongs to. */
function callLineOf(ctx: DocContext, p: Problem): LineSyntax | undefined {
  const call = p.call !== undefined ? ctx.doc.calls[p.call] : p.bytes ? ctx.callAtByte(p.bytes.start) : undefined;
  const line = call?.text?.start.line;
  return line !== undefined && ctx.syntax.directiveOf(line) === '.call' ? ctx.syntax.line(line) : undefined;
}

/** `.call size=` / `buffer=null` that make the arguments invalid, or a `.truncate` that cuts a chunk. */
function callFix(ctx: DocContext, p: Problem, kind: 'callArgument' | 'untruncate'): Draft[] {
  const s = callLineOf(ctx, p);
  const fixes: Draft[] = [];
  const key = p.code === 'ARG-BUFFER' ? 'buffer' : p.code === 'ARG-SIZE0' || p.code === 'SIZE-OVERRUN' ? 'size' : undefined;
  const arg = s && key && kind === 'callArgument' ? findOption(s, key) : undefined;
  if (s && arg) fixes.push({ title: `Remove ${arg.text}: pass the buffer as written`, edits: [removeOption(ctx, s, arg)], preferred: true });
  if (kind === 'untruncate' && (p.code === 'SIZE-PARTIAL' || p.code === 'SIZE-HEADER')) {
    const call = p.call !== undefined ? ctx.doc.calls[p.call] : undefined;
    const t = call?.text;
    for (let l = t ? t.start.line : -1; t && l <= t.end.line; l++) {
      if (ctx.syntax.directiveOf(l) !== '.truncate') continue;
      const from = ctx.lines.starts[l];
      const to = l + 1 < ctx.lines.lineCount ? ctx.lines.starts[l + 1] : ctx.lines.lineEnd(l);
      fixes.push({ title: `Remove ${ctx.text.slice(from, ctx.lines.lineEnd(l)).trim()}: keep the chunk whole`, edits: [edit(ctx, from, to, '')], preferred: true });
    }
  }
  return fixes;
}

/** `.channel` options that make restore refuse: a NULL handle, no packet callbacks, an enabled channel. */
function channelFix(ctx: DocContext, p: Problem): Draft[] {
  const fixes: Draft[] = [];
  for (let l = 0; l < ctx.lines.lineCount && l < 10_000; l++) {
    const d = ctx.syntax.directiveOf(l);
    if (d === '.call' || d === '.chunk' || d === '.raw' || d === '.op') break;
    if (d !== '.channel') continue;
    const s = ctx.syntax.line(l);
    if (p.code === 'ARG-CHANNEL') {
      const a = findOption(s, 'handle');
      if (a) fixes.push({ title: `Remove ${a.text}: pass a valid channel`, edits: [removeOption(ctx, s, a)], preferred: true });
    } else if (p.code === 'STATE-NOCALLBACKS') {
      const a = findOption(s, 'packetCallbacks');
      if (a) fixes.push({ title: `Remove ${a.text}: register packet callbacks`, edits: [removeOption(ctx, s, a)], preferred: true });
    } else if (p.code === 'STATE-ENABLED') {
      const a = findOption(s, 'state');
      if (a) fixes.push({ title: 'Restore into a disabled channel: state=Disabled', edits: [replaceOptionValue(ctx, a, 'Disabled')], preferred: true });
    }
  }
  if (p.code === 'STATE-ENABLED' && !fixes.length) {
    // The state comes from the settings: disable the channel before the first step.
    const first = ctx.doc.steps[0];
    const line = first?.kind === 'call' ? ctx.doc.calls[first.call]?.text?.start.line : first?.text?.start.line;
    if (line !== undefined) {
      const at = ctx.lines.starts[line];
      fixes.push({ title: 'Insert .op Disable before the first restore call', edits: [edit(ctx, at, at, '.op Disable\n')], preferred: true });
    }
  }
  return fixes;
}

// ---- content findings ----

const INT_PREFIX = /^(u8|u16|u32|u64|i8|i16|i32|i64|be16|be32|be64)$/;

/**
 * Edits that make a field hold a value: the value part of the typed literal (`u32:`, `guid:`)
 * that wrote exactly the field's bytes, else the bytes rewritten where they were written.
 */
function writeField(ctx: DocContext, f: FieldNode, value: string, bytes: Uint8Array): TextEdit[] | undefined {
  const seg = (ctx.doc.sourceMap ?? []).find((x) => x.bytes.start === f.bytes.start && x.bytes.end === f.bytes.end);
  if (seg && seg.text.start.line === seg.text.end.line) {
    const t0 = ctx.lines.offsetAt(seg.text.start);
    const src = ctx.text.slice(t0, ctx.lines.offsetAt(seg.text.end));
    const m = /^([A-Za-z0-9]+):(.+)$/.exec(src);
    if (m && (INT_PREFIX.test(m[1]) || (m[1] === 'guid' && f.type === 'guid'))) return [edit(ctx, t0 + m[1].length + 1, t0 + src.length, value)];
  }
  return rewriteBytes(ctx, f.bytes, bytes);
}

/** A field (searched through groups) by name, or by the byte it starts at. */
function fieldIn(fs: FieldNode[], match: (f: FieldNode) => boolean, path: string[] = []): { f: FieldNode; path: string[] } | undefined {
  for (const f of fs) {
    if (match(f)) return { f, path };
    if (f.children) {
      const inner = fieldIn(f.children, match, [...path, f.name]);
      if (inner) return inner;
    }
  }
  return undefined;
}

const named = (c: ChunkNode, name: string) => fieldIn(c.payloadFields, (f) => f.name === name && !f.children)?.f;
const numOf = (f: FieldNode | undefined) => (typeof f?.value === 'number' ? f.value : undefined);

/** Delete a chunk's `.chunk` … `.end` lines; its whole `.call` (with its `.expect`) when the call holds nothing else. */
function deleteChunkBlock(ctx: DocContext, c: ChunkNode): TextEdit | undefined {
  const s = directiveOf(ctx, c);
  if (!s) return undefined;
  let from = s.line;
  let to = blockEndLine(ctx, s.line);
  const call = ctx.doc.calls[c.call];
  if (call?.items.length === 1 && call.text && ctx.syntax.directiveOf(call.text.start.line) === '.call') {
    from = call.text.start.line;
    for (let l = to + 1; l < ctx.lines.lineCount; l++) {
      const d = ctx.syntax.directiveOf(l);
      if (!d) continue;
      if (d === '.expect') to = l;
      break;
    }
  }
  const last = to + 1 >= ctx.lines.lineCount;
  const start = last && from > 0 ? ctx.lines.lineEnd(from - 1) : ctx.lines.starts[from];
  const end = last ? ctx.lines.lineEnd(to) : ctx.lines.starts[to + 1];
  return edit(ctx, start, end, '');
}

/** The `.channel` lines before the first step (where the parser reads them). */
function channelLines(ctx: DocContext): LineSyntax[] {
  const out: LineSyntax[] = [];
  for (let l = 0; l < ctx.lines.lineCount && l < 10_000; l++) {
    const d = ctx.syntax.directiveOf(l);
    if (d === '.call' || d === '.chunk' || d === '.raw' || d === '.op') break;
    if (d === '.channel') out.push(ctx.syntax.line(l));
  }
  return out;
}

const IDENTITY = [
  { off: 0, field: 'InterfaceType', option: 'interface', key: 'interfaceType' },
  { off: 16, field: 'InterfaceInstance', option: 'instance', key: 'interfaceInstance' },
  { off: 32, field: 'SubchannelIndex', option: 'subchannel', key: 'subchannelIndex' },
] as const;

/** CONTENT-IDENTITY: the `.channel` option takes BEGIN's value, or BEGIN's field the channel's. */
function identityFix(ctx: DocContext, p: Problem, kind: 'identityChannel' | 'identityBegin'): Draft[] {
  const c = chunkOf(ctx, p);
  if (!c || !p.bytes) return [];
  const id = IDENTITY.find((x) => x.off === p.bytes!.start - c.payloadBytes.start);
  const f = id && named(c, id.field);
  if (!id || !f || f.value === undefined) return [];
  const chan = ctx.doc.channel[id.key];
  const text = (v: string | number) => (typeof v === 'string' ? `{${v}}` : String(v));
  const fixes: Draft[] = [];
  const saved = f.value as string | number;
  const edits = channelLines(ctx).flatMap((s) => {
    const a = findOption(s, id.option);
    return a ? [replaceOptionValue(ctx, a, text(saved))] : [];
  });
  if (edits.length && kind === 'identityChannel') fixes.push({ title: `Set .channel ${id.option}=${text(saved)} (the saved BEGIN ${id.field})`, edits, preferred: true });
  if (chan !== undefined && kind === 'identityBegin') {
    const bytes = typeof chan === 'string' ? parseGuid(chan) : u32le(chan, 2);
    const e = bytes && writeField(ctx, f, text(chan), bytes);
    if (e) fixes.push({ title: `Set BEGIN ${id.field} to ${text(chan)} (the channel's)`, edits: e });
  }
  return fixes;
}

/** CONTENT-GPADL-CHANNEL: the GPADL's ChannelId becomes the OFFER's. */
function gpadlChannelFix(ctx: DocContext, p: Problem): Draft[] {
  const c = chunkOf(ctx, p);
  if (!c || !p.bytes) return [];
  const f = fieldIn(c.payloadFields, (x) => x.name === 'ChannelId' && x.bytes.start === p.bytes!.start)?.f;
  const offer = ctx.doc.chunks.slice(0, c.index).reverse().find((x) => x.header?.type === CHUNK_TYPES.OFFER);
  const want = offer && numOf(named(offer, 'ChannelId'));
  const edits = f && want !== undefined ? writeField(ctx, f, String(want), u32le(want)) : undefined;
  return edits ? [{ title: `Set ChannelId to ${want} (the OFFER's ChannelId)`, edits, preferred: true }] : [];
}

/** CONTENT-RING-GPADL: point RingGpadlId at an Accepted GPADL, or make the ring GPADL Accepted. */
function ringGpadlFix(ctx: DocContext, p: Problem): Draft[] {
  const upto = p.chunk ?? ctx.doc.chunks.length;
  const before = ctx.doc.chunks.slice(0, upto);
  const cs = [...before].reverse().find((x) => x.header?.type === CHUNK_TYPES.CHANNEL_STATE);
  if (!cs) return [];
  const gpadls = before
    .filter((x) => x.header?.type === CHUNK_TYPES.GPADL)
    .map((x) => ({ id: numOf(named(x, 'GpadlId')), state: named(x, 'State') }))
    .filter((g) => g.id !== undefined);
  for (const group of ['OpenParams', 'ReopenParams']) {
    const g = cs.payloadFields.find((x) => x.name === group);
    const ring = g?.children && fieldIn(g.children, (x) => x.name === 'RingGpadlId')?.f;
    const id = numOf(ring);
    if (!ring || id === undefined) continue;
    const label = group === 'OpenParams' ? 'RingGpadlId' : `${group}.RingGpadlId`;
    const hit = gpadls.find((x) => x.id === id);
    if (!hit) {
      const accepted = gpadls.filter((x) => numOf(x.state) === 2);
      const fixes: Draft[] = [];
      for (const a of accepted) {
        const edits = writeField(ctx, ring, hex(a.id!, 8), u32le(a.id!));
        if (edits) fixes.push({ title: `Set ${label} to ${hex(a.id!, 8)} (${accepted.length === 1 ? 'the' : 'an'} Accepted GPADL)`, edits, preferred: accepted.length === 1 });
      }
      return fixes;
    }
    if (numOf(hit.state) !== 2 && hit.state) {
      const edits = writeField(ctx, hit.state, '2', Uint8Array.of(2));
      return edits ? [{ title: `Set the State of GPADL ${hex(id, 8)} to u8:2 (Accepted)`, edits, preferred: true }] : [];
    }
  }
  return [];
}

/** UNSUP-TYPE: an unknown mandatory type becomes optional (0x8000 | type), which restore skips. */
function unsupTypeFix(ctx: DocContext, p: Problem): Draft[] {
  const c = chunkOf(ctx, p);
  const s = directiveOf(ctx, c);
  const type = c?.header?.type;
  const arg = s?.args.find((a) => !a.key);
  if (!s || !arg || type === undefined || type & 0x8000) return [];
  const want = (type | 0x8000) >>> 0;
  if ((Object.values(CHUNK_TYPES) as number[]).includes(want)) return [];
  return [
    {
      title: `Make chunk type ${hex(type, 4)} optional: ${hex(want, 4)} (restore skips an unknown optional chunk with a warning)`,
      edits: [edit(ctx, arg.start, arg.end, hex(want, 4))],
      preferred: true,
    },
  ];
}

/** SEQ-AFTER-FINAL, CONTENT-GPADL-DUP, CONTENT-TXID-DUP: delete the chunk block restore refuses. */
function deleteChunkFix(ctx: DocContext, p: Problem): Draft[] {
  const c = p.chunk !== undefined ? ctx.doc.chunks[p.chunk] : undefined;
  const e = c && deleteChunkBlock(ctx, c);
  if (!c || !e) return [];
  let title: string;
  if (p.code === 'SEQ-AFTER-FINAL') title = `Delete the ${c.typeName} chunk (sequence ${c.header?.sequence}) after the FINAL chunk`;
  else if (p.code === 'CONTENT-GPADL-DUP') {
    const id = numOf(named(c, 'GpadlId'));
    title = `Delete the duplicate GPADL ${id !== undefined ? hex(id, 8) + ' ' : ''}chunk`;
  } else {
    const tx = named(c, 'TransactionId')?.value;
    title = `Delete the duplicate PACKET chunk${tx !== undefined ? ` (TransactionId ${tx})` : ''}`;
  }
  return [{ title, edits: [e], preferred: true }];
}

function opt<T>(x: T | undefined): T[] {
  return x === undefined ? [] : [x];
}

/** Header options per code for the headerDefault kind; hsize= is headerSize, pad= is padding. */
const DEFAULT_OPTIONS = (code: DiagnosticCode) => (CHUNK_OPTIONS[code] ?? []).filter((k) => k !== 'hsize' && k !== 'pad');

/** How the text form renders each fix kind it supports (core/src/fixes.ts FIX_KINDS says which). */
export const TEXT_FIXES: Partial<Record<FixKind, (ctx: DocContext, p: Problem, range: Diagnostic['range']) => Draft[]>> = {
  headerCrc: (ctx, p) => {
    const c = chunkOf(ctx, p);
    return c ? opt(headerValueFix(ctx, c, 'hcrc', 'HeaderCrc32c', c.computedHeaderCrc, 'Recompute HeaderCrc32c')) : [];
  },
  payloadCrc: (ctx, p) => {
    const c = chunkOf(ctx, p);
    return c ? opt(headerValueFix(ctx, c, 'crc', 'PayloadCrc32c', c.computedPayloadCrc, 'Recompute PayloadCrc32c')) : [];
  },
  streamCrc: (ctx, p) => autoFieldFix(ctx, p, 'StreamCrc32c'),
  chunkCount: (ctx, p) => autoFieldFix(ctx, p, 'ChunkCount'),
  rangeBufferWords: (ctx, p) => autoFieldFix(ctx, p, 'RangeBufferWords'),
  payloadLength: lengthFix,
  padding: (ctx, p, range) => chunkOptionFix(ctx, p, range, ['pad']),
  headerDefault: (ctx, p, range) => chunkOptionFix(ctx, p, range, DEFAULT_OPTIONS(p.code)),
  headerSize: (ctx, p, range) => chunkOptionFix(ctx, p, range, ['hsize']),
  renumber: seqFix,
  final: finalFix,
  insertEnd: (ctx) => endChunkFix(ctx),
  expectActual: expectFix,
  callArgument: (ctx, p) => callFix(ctx, p, 'callArgument'),
  untruncate: (ctx, p) => callFix(ctx, p, 'untruncate'),
  channelSetting: channelFix,
  identityChannel: (ctx, p) => identityFix(ctx, p, 'identityChannel'),
  identityBegin: (ctx, p) => identityFix(ctx, p, 'identityBegin'),
  gpadlChannel: gpadlChannelFix,
  ringGpadl: ringGpadlFix,
  optionalType: unsupTypeFix,
  deleteChunk: deleteChunkFix,
};

/** The fixes of one diagnostic: each fix kind the table lists for its code, rendered as text edits. */
export function fixesFor(ctx: DocContext, d: Diagnostic): Fix[] {
  const p = problemOf(ctx, d);
  if (!p) return [];
  return fixKindsFor(p.code, 'text').flatMap((kind) => (TEXT_FIXES[kind]?.(ctx, p, d.range) ?? []).map((f) => ({ kind, ...f })));
}

export function codeActions(ctx: DocContext, params: CodeActionParams): CodeAction[] {
  const only = params.context.only;
  if (only && !only.some((k) => CodeActionKind.QuickFix === k || CodeActionKind.QuickFix.startsWith(k + '.') || k === CodeActionKind.QuickFix.split('.')[0])) return [];
  const out: CodeAction[] = [];
  const seen = new Set<string>();
  for (const d of params.context.diagnostics) {
    if (d.source !== SOURCE) continue;
    for (const f of fixesFor(ctx, d)) {
      const key = f.title + JSON.stringify(f.edits);
      if (seen.has(key)) continue;
      seen.add(key);
      out.push({ title: f.title, kind: CodeActionKind.QuickFix, diagnostics: [d], isPreferred: f.preferred ?? false, edit: { changes: { [ctx.uri]: f.edits } } });
    }
  }
  return out;
}
