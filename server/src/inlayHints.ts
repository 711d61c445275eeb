// Inlay hints: decoded values where the text alone does not say them. Bare hex bytes get each
// field they complete (`Type=OFFER`, `Sequence=2`), enum values written as numbers get their
// name (`u8:2` → Open), `auto` literals get the value computed, and a `.chunk` line gets the
// sequence and payload length the assembler gave it.

import { InlayHintKind, type InlayHint, type Range } from 'vscode-languageserver';
import { hex, flagNames, type ChunkNode, type FieldNode } from '../../core/src';
import { fieldPathAt, type DocContext } from './context';
import type { LineSyntax } from './syntax';

const MAX_HINTS = 5000;

function shortValue(f: FieldNode): string | undefined {
  if (f.name === 'Magic' && f.type === 'bytes') return f.note === '"VBSC"' ? '"VBSC"' : 'bad magic';
  if (f.name === 'Flags' && typeof f.value === 'number') return flagNames(f.value).join('|') || 'none';
  switch (f.type) {
    case 'u8':
    case 'u16':
    case 'u32': {
      const v = f.value as number;
      if (/Crc32c$/.test(f.name))
        return hex(v, 8) + (f.expected !== undefined ? ` ≠ computed ${hex(f.expected, 8)}` : '');
      const n = v >= 0x10000 ? hex(v, 8) : `${v}`;
      return f.note && !f.note.startsWith('computed') && f.note !== 'unknown value' ? `${n} (${f.note})` : n;
    }
    case 'u64':
      return `${f.value}`;
    case 'guid':
      return `{${f.value}}`;
    case 'utf8':
      return JSON.stringify(f.value).slice(0, 40);
    default:
      return undefined;
  }
}

function leafFields(c: ChunkNode): FieldNode[] {
  const out: FieldNode[] = [];
  const walk = (fs: FieldNode[]) => {
    for (const f of fs) {
      if (f.children?.length) walk(f.children);
      else out.push(f);
    }
  };
  walk(c.headerFields);
  walk(c.payloadFields);
  return out;
}

function hexLineHints(ctx: DocContext, s: LineSyntax, out: InlayHint[]): void {
  const col = (o: number) => o - s.start;
  for (const t of s.body) {
    if (t.kind !== 'hex') continue;
    const at = ctx.byteAt({ line: s.line, character: col(t.start) });
    if (at === undefined) continue;
    const end = at + ((t.end - t.start) >> 1);
    const chunk = ctx.chunkAtByte(at) ?? ctx.chunkAtByte(end - 1);
    if (!chunk) continue;
    for (const f of leafFields(chunk)) {
      // A field is labelled where its last byte is written.
      const last = f.bytes.end - 1;
      if (last < at || last >= end) continue;
      const v = shortValue(f);
      if (v === undefined) continue;
      out.push({
        position: { line: s.line, character: col(t.end) },
        label: `${f.name}=${v}`,
        kind: InlayHintKind.Type,
        paddingLeft: true,
      });
    }
  }
}

function literalHints(ctx: DocContext, s: LineSyntax, out: InlayHint[]): void {
  const col = (o: number) => o - s.start;
  for (const t of s.body) {
    if (t.kind !== 'literal' || !t.prefix || !/^(u8|u16|u32|u64)$/.test(t.prefix)) continue;
    const at = ctx.byteAt({ line: s.line, character: col(t.valueStart!) });
    if (at === undefined) continue;
    const chunk = ctx.chunkAtByte(at);
    if (!chunk) continue;
    const path = fieldPathAt(chunk.payloadFields, at);
    const f = path[path.length - 1];
    if (!f || f.bytes.start !== at) continue;
    const isAuto = t.text.endsWith(':auto');
    let label: string | undefined;
    if (isAuto && typeof f.value === 'number') label = `= ${/Crc/.test(f.name) ? hex(f.value, 8) : f.value}`;
    else if (f.note && !f.note.startsWith('computed') && f.note !== 'unknown value' && f.note !== 'FILETIME')
      label = f.note;
    if (label)
      out.push({
        position: { line: s.line, character: col(t.end) },
        label,
        kind: InlayHintKind.Type,
        paddingLeft: true,
      });
  }
}

function chunkLineHint(ctx: DocContext, s: LineSyntax, out: InlayHint[]): void {
  const c = ctx.chunkAtLine(s.line);
  if (!c?.header || c.text?.start.line !== s.line) return;
  const end = s.args.length ? s.args[s.args.length - 1].end : s.directive!.end;
  out.push({
    position: { line: s.line, character: end - s.start },
    label: `seq ${c.header.sequence} · ${c.header.payloadLength} B`,
    kind: InlayHintKind.Type,
    paddingLeft: true,
  });
}

export function inlayHints(ctx: DocContext, range: Range): InlayHint[] {
  if (!ctx.settings.inlayHints.enabled) return [];
  const out: InlayHint[] = [];
  const from = Math.max(0, range.start.line);
  const to = Math.min(ctx.lines.lineCount - 1, range.end.line);
  for (let l = from; l <= to && out.length < MAX_HINTS; l++) {
    if (ctx.lines.lineEnd(l) - ctx.lines.starts[l] > 10_000) continue;
    const s = ctx.syntax.line(l, false);
    if (s.kind === 'directive') {
      if (s.directive!.text.toLowerCase() === '.chunk') chunkLineHint(ctx, s, out);
    } else if (s.kind === 'body') {
      hexLineHints(ctx, s, out);
      literalHints(ctx, s, out);
    }
  }
  return out.sort((a, b) => a.position.line - b.position.line || a.position.character - b.position.character);
}
