// Document symbols: restore calls → chunks → fields (a Header group, then the payload fields,
// nested groups kept), plus `.op` steps and raw blocks, each with the text it was written with.
// Header fields of a `.chunk` line get ranges of their own in stream order (headerSlots.ts).

import { DocumentSymbol, SymbolKind, type Range } from 'vscode-languageserver';
import type { CallNode, ChunkNode, FieldNode, RawNode, TextPosition, TextRange } from '../../core/src';
import { cmp, type DocContext } from './context';
import { headerColumns, onLine, type ColumnSpan } from './headerSlots';
import { blockEndLine } from './textEdits';

/** Past this many symbols, chunks are listed without their fields (the outline of a 10 MB file stays usable). */
export const MAX_SYMBOLS = 20_000;

function clamp(r: Range, outer: Range): Range {
  const start = cmp(r.start, outer.start) < 0 ? outer.start : cmp(r.start, outer.end) > 0 ? outer.end : r.start;
  let end = cmp(r.end, outer.end) > 0 ? outer.end : r.end;
  if (cmp(end, start) < 0) end = start;
  return { start, end };
}

function sym(
  name: string,
  detail: string,
  kind: SymbolKind,
  range: TextRange,
  selection: TextRange,
  children?: DocumentSymbol[],
): DocumentSymbol {
  const s = DocumentSymbol.create(name || '?', detail, kind, range, clamp(selection, range), children);
  return s;
}

function fieldDetail(f: FieldNode): string {
  if (f.type === 'group') return `${f.bytes.end - f.bytes.start} B`;
  return f.note ? `${f.display} · ${f.note}` : f.display;
}

export function documentSymbols(ctx: DocContext): DocumentSymbol[] {
  const doc = ctx.doc;
  let budget = MAX_SYMBOLS;
  const out: { at: TextRange; s: DocumentSymbol }[] = [];

  const fieldSymbols = (fields: FieldNode[], parent: TextRange): DocumentSymbol[] => {
    const list: DocumentSymbol[] = [];
    for (const f of fields) {
      if (budget <= 0) break;
      budget--;
      // Bare hex (a chunk written in `.raw`, a row of payload bytes): the field's own digits.
      const own = ctx.hexDigitsRange(f.bytes) ?? f.text ?? ctx.rangeForBytes(f.bytes) ?? parent;
      // `Name: u32:17`: the symbol spans label and literal and selects the label, when the label
      // names this field (or this group); `Range0: u32:0x4000` labels the group, not ByteCount.
      const l = f.text ? ctx.labelBefore(f.text) : undefined;
      const label =
        l &&
        (f.type === 'group' || ctx.text.slice(ctx.lines.offsetAt(l.start), ctx.lines.offsetAt(l.end) - 1) === f.name)
          ? l
          : undefined;
      const range = clamp(label ? { start: label.start, end: own.end } : own, parent);
      const children = f.children?.length ? fieldSymbols(f.children, range) : undefined;
      list.push(
        sym(
          f.name,
          fieldDetail(f),
          f.type === 'group' ? SymbolKind.Struct : SymbolKind.Field,
          range,
          label ?? range,
          children,
        ),
      );
    }
    return list;
  };

  const chunkSymbol = (c: ChunkNode, status: string): DocumentSymbol => {
    const head = ctx.firstLine(c.text ?? ctx.rangeForBytes(c.bytes) ?? zero);
    const written = ctx.syntax.directiveOf(head.start.line) === '.chunk';
    // A chunk found in the bytes of a `.raw` block spans the hex that wrote it.
    const range = written ? blockRange(ctx, head) : (ctx.rangeForBytes(c.bytes) ?? head);
    const h = c.header;
    const parts = [
      h ? `seq ${h.sequence}` : 'partial header',
      `${h ? h.payloadLength : c.payloadBytes.end - c.payloadBytes.start} B`,
    ];
    if (status) parts.push(status);
    budget--;
    let children: DocumentSymbol[] | undefined;
    if (budget > c.headerFields.length + c.payloadFields.length) {
      children = [];
      if (c.headerFields.length) {
        budget--;
        const fields = written ? headerOnChunkLine(c, head) : fieldSymbols(c.headerFields, range);
        const hr = written ? head : (cover(fields.map((f) => f.range)) ?? head);
        const keyword = written ? directiveToken(head) : hr;
        children.push(
          sym('Header', `${c.headerBytes.end - c.headerBytes.start} B`, SymbolKind.Struct, hr, keyword, fields),
        );
      }
      children.push(...fieldSymbols(c.payloadFields, range));
    }
    return sym(c.typeName, parts.join(' · '), SymbolKind.Class, range, head, children);
  };

  /** The `.chunk` token of a `.chunk` line. */
  const directiveToken = (head: TextRange): TextRange => {
    const d = ctx.syntax.line(head.start.line).directive!;
    return { start: ctx.lines.positionAt(d.start), end: ctx.lines.positionAt(d.end) };
  };

  /** Header fields of a chunk written by a `.chunk` line, in stream order, each on a range of its own (headerSlots.ts). */
  const headerOnChunkLine = (c: ChunkNode, head: TextRange): DocumentSymbol[] => {
    const line = head.start.line;
    const col = (p: TextPosition) => p.character;
    const whole = c.text ?? head;
    const anchors: (ColumnSpan | undefined)[] = c.headerFields.map((f) => {
      const t = f.text;
      if (!t || t.start.line !== line || t.end.line !== line) return undefined;
      if (cmp(t.start, whole.start) === 0 && cmp(t.end, whole.end) === 0) return undefined; // computed: mapped to the whole line
      return { start: col(t.start), end: col(t.end) };
    });
    // `version=1.0` writes both version bytes: VersionMajor gets `version=1`, VersionMinor `0`.
    const major = c.headerFields.findIndex((f) => f.name === 'VersionMajor');
    const minor = c.headerFields.findIndex((f) => f.name === 'VersionMinor');
    const a = anchors[major];
    if (a && anchors[minor] && a.start === anchors[minor]!.start && a.end === anchors[minor]!.end) {
      const lineStart = ctx.lines.starts[line];
      const dot = ctx.text.slice(lineStart + a.start, lineStart + a.end).lastIndexOf('.');
      if (dot > 0) {
        anchors[major] = { start: a.start, end: a.start + dot };
        anchors[minor] = { start: a.start + dot + 1, end: a.end };
      } else anchors[minor] = undefined;
    }
    const d = directiveToken(head);
    const columns = headerColumns(anchors, { start: col(d.start), end: col(d.end) });
    return c.headerFields.map((f, i) => {
      budget--;
      const r = clamp(onLine(line, columns[i]), head);
      return sym(f.name, fieldDetail(f), SymbolKind.Field, r, r);
    });
  };

  const rawSymbol = (r: RawNode): DocumentSymbol => {
    const range = blockRange(ctx, r.text ?? ctx.rangeForBytes(r.bytes) ?? zero);
    budget--;
    return sym('raw', `${r.bytes.end - r.bytes.start} B · ${r.reason}`, SymbolKind.Array, range, ctx.firstLine(range));
  };

  const callSymbol = (c: CallNode): DocumentSymbol => {
    const t = ctx.callTrace(c.index);
    const status = t ? t.statusName : 'not run';
    const items = c.items.map((i) => (i.kind === 'chunk' ? chunkSymbol(i, status) : rawSymbol(i)));
    const range = c.text ?? cover(items.map((i) => i.range)) ?? ctx.rangeForBytes(c.bytes) ?? zero;
    const chunks = c.items.filter((i) => i.kind === 'chunk').length;
    const detail = [`${chunks} chunk${chunks === 1 ? '' : 's'}`, `${c.size} B`, status].join(' · ');
    budget--;
    return sym(
      `call ${c.index + 1}`,
      detail,
      SymbolKind.Function,
      range,
      ctx.firstLine(range),
      items.map((i) => ({
        ...i,
        range: clamp(i.range, range),
        selectionRange: clamp(i.selectionRange, clamp(i.range, range)),
      })),
    );
  };

  for (const c of doc.calls) {
    const s = callSymbol(c);
    out.push({ at: s.range, s });
  }
  for (const st of doc.steps) {
    if (st.kind !== 'op' || !st.text) continue;
    const op = ctx.analysis.trace.find((t) => t.kind === 'op' && doc.steps[t.step] === st);
    const detail = op && op.kind === 'op' ? (op.ok ? op.lifecycle : `failed: ${op.message}`) : 'not run';
    out.push({ at: st.text, s: sym(`.op ${st.op}`, detail, SymbolKind.Event, st.text, st.text) });
  }
  out.sort((a, b) => cmp(a.at.start, b.at.start));
  return out.map((o) => o.s);
}

/** From a block's directive line through its `.end`/`.endraw` line. */
export function blockRange(ctx: DocContext, head: TextRange): TextRange {
  const d = ctx.syntax.directiveOf(head.start.line);
  if (d !== '.chunk' && d !== '.raw') return head;
  const last = blockEndLine(ctx, head.start.line);
  const end = { line: last, character: ctx.lines.lineEnd(last) - ctx.lines.starts[last] };
  return cmp(end, head.end) > 0 ? { start: head.start, end } : head;
}

const zero: TextRange = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };

function cover(ranges: Range[]): Range | undefined {
  if (!ranges.length) return undefined;
  let start = ranges[0].start;
  let end = ranges[0].end;
  for (const r of ranges) {
    if (cmp(r.start, start) < 0) start = r.start;
    if (cmp(r.end, end) > 0) end = r.end;
  }
  return { start, end };
}
