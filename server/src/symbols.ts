// Document symbols: restore calls → chunks → fields (a Header group, then the payload fields,
// nested groups kept), plus `.op` steps and raw blocks, each with the text it was written with.

import { DocumentSymbol, SymbolKind, type Range } from 'vscode-languageserver';
import type { CallNode, ChunkNode, FieldNode, RawNode, TextRange } from '../../core/src/model';
import { cmp, type DocContext } from './context';
import { blockEndLine } from './textEdits';

/** Past this many symbols, chunks are listed without their fields (the outline of a 10 MB file stays usable). */
export const MAX_SYMBOLS = 20_000;

function clamp(r: Range, outer: Range): Range {
  const start = cmp(r.start, outer.start) < 0 ? outer.start : cmp(r.start, outer.end) > 0 ? outer.end : r.start;
  let end = cmp(r.end, outer.end) > 0 ? outer.end : r.end;
  if (cmp(end, start) < 0) end = start;
  return { start, end };
}

function sym(name: string, detail: string, kind: SymbolKind, range: TextRange, selection: TextRange, children?: DocumentSymbol[]): DocumentSymbol {
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
      const own = f.text ?? ctx.rangeForBytes(f.bytes) ?? parent;
      // `Name: u32:17`: the symbol spans label and literal and selects the label, when the label
      // names this field (or this group); `Range0: u32:0x4000` labels the group, not ByteCount.
      const l = f.text ? ctx.labelBefore(f.text) : undefined;
      const label = l && (f.type === 'group' || ctx.text.slice(ctx.lines.offsetAt(l.start), ctx.lines.offsetAt(l.end) - 1) === f.name) ? l : undefined;
      const range = clamp(label ? { start: label.start, end: own.end } : own, parent);
      const children = f.children?.length ? fieldSymbols(f.children, range) : undefined;
      list.push(sym(f.name, fieldDetail(f), f.type === 'group' ? SymbolKind.Struct : SymbolKind.Field, range, label ?? range, children));
    }
    return list;
  };

  const chunkSymbol = (c: ChunkNode, status: string): DocumentSymbol => {
    const head = ctx.firstLine(c.text ?? ctx.rangeForBytes(c.bytes) ?? zero);
    const range = blockRange(ctx, head);
    const h = c.header;
    const parts = [h ? `seq ${h.sequence}` : 'partial header', `${h ? h.payloadLength : c.payloadBytes.end - c.payloadBytes.start} B`];
    if (status) parts.push(status);
    budget--;
    let children: DocumentSymbol[] | undefined;
    if (budget > c.headerFields.length + c.payloadFields.length) {
      children = [];
      if (c.headerFields.length) {
        const hr = clamp(c.headerFields[0].text ?? head, range);
        children.push(sym('Header', `${c.headerBytes.end - c.headerBytes.start} B`, SymbolKind.Struct, hr, hr, fieldSymbols(c.headerFields, range)));
        budget--;
      }
      children.push(...fieldSymbols(c.payloadFields, range));
    }
    return sym(c.typeName, parts.join(' · '), SymbolKind.Class, range, head, children);
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
    return sym(`call ${c.index + 1}`, detail, SymbolKind.Function, range, ctx.firstLine(range), items.map((i) => ({ ...i, range: clamp(i.range, range), selectionRange: clamp(i.selectionRange, clamp(i.range, range)) })));
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
function blockRange(ctx: DocContext, head: TextRange): TextRange {
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
