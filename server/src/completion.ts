// Completion by context: directives and whole-chunk snippets at the start of a line; chunk
// types, statuses and operations as directive arguments; `key=` options and their values
// (`diag=` offers the diagnostic codes); inside a `.chunk` block the field labels of its type
// (next expected first), typed literal prefixes, and enum values after `Label: u8:`.

import {
  CompletionItemKind,
  InsertTextFormat,
  MarkupKind,
  type CompletionItem,
  type CompletionList,
  type CompletionParams,
  type Range,
} from 'vscode-languageserver';
import { DIAGNOSTICS, STATUS, statusHex, statusMeaning, type StatusName, type CallNode } from '../../core/src';
import type { DocContext } from './context';
import {
  CHUNK_TYPE_LIST,
  chunkSnippet,
  chunkTypeDoc,
  DIRECTIVES,
  directiveDoc,
  NOT_RETURNED_BY_RESTORE,
  PAYLOAD_LAYOUTS,
  type LayoutField,
} from './knowledge';
import { LITERAL_PREFIXES, type LineSyntax } from './syntax';
import { userLayoutFields } from './userFieldCompletion';

const AUTO_LABELS: Record<string, string[]> = {
  ChunkCount: ['BEGIN', 'END'],
  StreamCrc32c: ['END'],
  RangeBufferWords: ['GPADL'],
};

const PREFIX_DOCS: Record<string, string> = {
  u8: 'unsigned 8-bit',
  u16: 'unsigned 16-bit little-endian',
  u32: 'unsigned 32-bit little-endian',
  u64: 'unsigned 64-bit little-endian',
  i8: 'signed 8-bit',
  i16: 'signed 16-bit little-endian',
  i32: 'signed 32-bit little-endian',
  i64: 'signed 64-bit little-endian',
  be16: 'unsigned 16-bit big-endian',
  be32: 'unsigned 32-bit big-endian',
  be64: 'unsigned 64-bit big-endian',
  guid: 'GUID {xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx}, Windows layout (16 bytes)',
  zero: 'zero:N — N zero bytes',
  fill: 'fill:N:0xAA — N bytes of one value',
  utf8: 'utf8:"…" — UTF-8 text, JSON escapes',
  utf16: 'utf16:"…" — UTF-16LE text, JSON escapes',
};

function rangeOf(ctx: DocContext, start: number, end: number): Range {
  return { start: ctx.lines.positionAt(start), end: ctx.lines.positionAt(end) };
}

function directiveItems(ctx: DocContext, start: number, end: number, inBlock: boolean): CompletionItem[] {
  const range = rangeOf(ctx, start, end);
  const items: CompletionItem[] = DIRECTIVES.map((d, i) => ({
    label: d.name,
    kind: CompletionItemKind.Keyword,
    detail: d.signature,
    documentation: { kind: MarkupKind.Markdown, value: d.doc },
    sortText: `0${String(i).padStart(2, '0')}`,
    textEdit: { range, newText: d.name },
  }));
  if (!inBlock) {
    CHUNK_TYPE_LIST.forEach((t, i) =>
      items.push({
        label: `.chunk ${t} …`,
        kind: CompletionItemKind.Snippet,
        detail: `Whole ${t} chunk`,
        documentation: chunkTypeDoc(t),
        filterText: `.chunk ${t}`,
        sortText: `1${String(i).padStart(2, '0')}`,
        insertTextFormat: InsertTextFormat.Snippet,
        textEdit: { range, newText: chunkSnippet(t) },
      }),
    );
  }
  return items;
}

/**
 * Statuses for `.expect`/`.expect-end`: the one the call (or the run) actually returned first
 * and preselected, then STATUS_SUCCESS and STATUS_MORE_PROCESSING_REQUIRED, the rest in table
 * order, and last the statuses a restore never returns. Typed text matches the name with or
 * without its `STATUS_` prefix, so `SUCC` finds STATUS_SUCCESS before STATUS_CRC_ERROR.
 */
function statusItems(range: Range, actual: number | undefined): CompletionItem[] {
  const names = Object.keys(STATUS) as StatusName[];
  const actualName = actual === undefined ? undefined : names.find((n) => STATUS[n] === actual >>> 0);
  return names.map((n, i) => {
    const rank =
      n === actualName
        ? 0
        : n === 'STATUS_SUCCESS'
          ? 1
          : n === 'STATUS_MORE_PROCESSING_REQUIRED'
            ? 2
            : NOT_RETURNED_BY_RESTORE.includes(n)
              ? 9
              : 5;
    const short = n.replace(/^STATUS_/, '');
    return {
      label: n,
      kind: CompletionItemKind.EnumMember,
      detail: n === actualName ? `${statusHex(STATUS[n])} · returned here` : statusHex(STATUS[n]),
      documentation: NOT_RETURNED_BY_RESTORE.includes(n)
        ? `${statusMeaning(STATUS[n])} (Never returned by the emulated restore.)`
        : statusMeaning(STATUS[n]),
      filterText: `${short} ${n}`,
      sortText: `${rank}${String(i).padStart(2, '0')}`,
      ...(n === actualName ? { preselect: true } : {}),
      textEdit: { range, newText: n },
    };
  });
}

/** What the call an `.expect` on `line` asserts returned (the run's outcome for `.expect-end`); undefined when it never ran. */
function actualStatus(ctx: DocContext, line: number, directive: string): number | undefined {
  if (directive === '.expect-end') return ctx.analysis.outcome.status;
  // The call this `.expect` belongs to: the one whose text holds the line, else the last one before it.
  let call: CallNode | undefined;
  for (const c of ctx.doc.calls) {
    if (c.expect?.text?.start.line === line || (c.text && c.text.start.line <= line && line <= c.text.end.line)) {
      call = c;
      break;
    }
    if (c.text && c.text.start.line < line) call = c;
  }
  return call ? ctx.callTrace(call.index)?.status : undefined;
}

function argumentItems(ctx: DocContext, s: LineSyntax, start: number, end: number): CompletionItem[] {
  const name = s.directive!.text.toLowerCase();
  const range = rangeOf(ctx, start, end);
  if (name === '.expect' || name === '.expect-end') return statusItems(range, actualStatus(ctx, s.line, name));
  if (name === '.chunk')
    return CHUNK_TYPE_LIST.map((t) => ({
      label: t,
      kind: CompletionItemKind.EnumMember,
      documentation: chunkTypeDoc(t),
      textEdit: { range, newText: t },
    }));
  const args = directiveDoc(name)?.args?.() ?? [];
  return args.map((a) => ({ label: a, kind: CompletionItemKind.EnumMember, textEdit: { range, newText: a } }));
}

function optionItems(ctx: DocContext, s: LineSyntax, start: number, end: number): CompletionItem[] {
  const doc = directiveDoc(s.directive!.text);
  if (!doc) return [];
  const used = new Set(
    s.args.filter((a) => a.key && !(a.start <= end && end <= a.end)).map((a) => a.key!.toLowerCase()),
  );
  const range = rangeOf(ctx, start, end);
  return doc.options
    .filter((o) => !used.has(o.key.toLowerCase()))
    .map((o) => ({
      label: `${o.key}=`,
      kind: CompletionItemKind.Property,
      documentation: o.doc,
      textEdit: { range, newText: `${o.key}=` },
      ...(o.values || o.key === 'diag'
        ? { command: { title: 'Suggest values', command: 'editor.action.triggerSuggest' } }
        : {}),
    }));
}

function optionValueItems(
  ctx: DocContext,
  s: LineSyntax,
  key: string,
  valueStart: number,
  cursor: number,
): CompletionItem[] {
  const doc = directiveDoc(s.directive!.text);
  const k = key.toLowerCase();
  if (k === 'diag') {
    return DIAGNOSTICS.map((d) => ({
      label: d.code,
      kind: CompletionItemKind.EnumMember,
      detail: d.status ?? 'finding',
      documentation: d.title,
      textEdit: { range: rangeOf(ctx, valueStart, cursor), newText: d.code },
    }));
  }
  const o = doc?.options.find((x) => x.key.toLowerCase() === k);
  if (!o?.values) return [];
  let from = valueStart;
  let values = o.values;
  if (k === 'flags') {
    // After `FINAL|`, offer the remaining flag names for the part being typed.
    const typed = ctx.text.slice(valueStart, cursor);
    const bar = typed.lastIndexOf('|');
    if (bar >= 0) {
      from = valueStart + bar + 1;
      values = ['FINAL', 'CONTINUES'];
    }
  }
  const range = rangeOf(ctx, from, cursor);
  return values.map((v) => ({ label: v, kind: CompletionItemKind.EnumMember, textEdit: { range, newText: v } }));
}

function layoutOf(ctx: DocContext, line: number): { type?: string; fields: LayoutField[] } {
  const chunkLine = ctx.syntax.enclosingChunk(line);
  const type = chunkLine?.args.find((a) => !a.key)?.text.toUpperCase();
  // After the built-in fields, those of the user schema that decodes this chunk type (userFieldCompletion.ts).
  return { type, fields: [...((type && PAYLOAD_LAYOUTS[type]) || []), ...userLayoutFields(ctx, type)] };
}

/** Labels written so far in the block, to put the next expected one first. */
function labelsBefore(ctx: DocContext, line: number, cursor: number): string[] {
  const labels: string[] = [];
  const chunkLine = ctx.syntax.enclosingChunk(line);
  if (!chunkLine) return labels;
  for (let l = chunkLine.line + 1; l <= line; l++) {
    for (const t of ctx.syntax.line(l).body)
      if (t.kind === 'label' && t.end <= cursor) labels.push(t.text.slice(0, -1));
  }
  return labels;
}

function labelItems(ctx: DocContext, line: number, start: number, cursor: number): CompletionItem[] {
  const { type, fields } = layoutOf(ctx, line);
  if (!type) return [];
  const written = labelsBefore(ctx, line, start);
  // The next field: the one after the last written label in layout order.
  let next = 0;
  for (const w of written) {
    const i = fields.findIndex((f, k) => k >= next && f.label === w);
    if (i >= 0) next = i + 1;
  }
  const range = rangeOf(ctx, start, cursor);
  const seen = new Set<string>();
  const items: CompletionItem[] = [];
  fields.forEach((f, i) => {
    if (seen.has(f.label) && f.label !== 'Reserved') return;
    seen.add(f.label);
    const order = i >= next ? i - next : 100 + i;
    const value = f.type === 'bytes' ? '' : ` ${f.type}:\${1:${f.sample.replace(/[$}\\]/g, (c) => '\\' + c)}}`;
    items.push({
      label: `${f.label}:`,
      kind: CompletionItemKind.Field,
      detail: `${type} · ${f.type === 'bytes' ? 'bytes' : f.type}`,
      ...(f.doc ? { documentation: f.doc } : {}),
      // Labels sort before literal prefixes ('1…') and `.end` ('2…'), the next expected label first.
      sortText: '0' + String(order).padStart(3, '0'),
      preselect: i === next,
      filterText: f.label,
      insertTextFormat: InsertTextFormat.Snippet,
      textEdit: { range, newText: `${f.label}:${value}` },
    });
  });
  return items;
}

function prefixItems(ctx: DocContext, start: number, cursor: number, preferred?: string): CompletionItem[] {
  const range = rangeOf(ctx, start, cursor);
  return LITERAL_PREFIXES.map((p, i) => ({
    label: `${p}:`,
    kind: CompletionItemKind.TypeParameter,
    detail: PREFIX_DOCS[p],
    sortText: p === preferred ? '0000' : '1' + String(i + 1).padStart(3, '0'),
    preselect: p === preferred,
    textEdit: { range, newText: `${p}:` },
    ...(p === 'guid' || p === 'utf8' || p === 'utf16' || p === 'zero' || p === 'fill'
      ? {}
      : { command: { title: 'Suggest values', command: 'editor.action.triggerSuggest' } }),
  }));
}

function valueItems(
  ctx: DocContext,
  line: number,
  label: string | undefined,
  prefix: string,
  valueStart: number,
  cursor: number,
): CompletionItem[] {
  const { type, fields } = layoutOf(ctx, line);
  const f = fields.find((x) => x.label === label);
  const range = rangeOf(ctx, valueStart, cursor);
  const items: CompletionItem[] = [];
  if (f?.values) {
    for (const [v, name] of Object.entries(f.values)) {
      const n = Number(v);
      const text = n > 0xffff ? '0x' + n.toString(16).toUpperCase().padStart(8, '0') : String(n);
      items.push({
        label: text,
        kind: CompletionItemKind.EnumMember,
        detail: name,
        filterText: text,
        textEdit: { range, newText: text },
      });
    }
  }
  if (label && type && AUTO_LABELS[label]?.includes(type) && /^u(8|16|32|64)$/.test(prefix)) {
    items.push({
      label: 'auto',
      kind: CompletionItemKind.Keyword,
      detail: `computed ${label}`,
      sortText: '000',
      textEdit: { range, newText: 'auto' },
    });
  }
  return items;
}

export function completion(ctx: DocContext, params: CompletionParams): CompletionList {
  const list = (items: CompletionItem[]): CompletionList => ({ isIncomplete: false, items });
  const pos = params.position;
  if (pos.line < 0 || pos.line >= ctx.lines.lineCount) return list([]);
  const cursor = ctx.lines.offsetAt(pos);
  const s = ctx.syntax.line(pos.line);
  if (s.comment && cursor > s.comment.start) return list([]);
  const before = ctx.text.slice(s.start, cursor);
  const trigger = params.context?.triggerCharacter;
  // The token being typed: from the last space before the cursor.
  const ws = Math.max(before.lastIndexOf(' '), before.lastIndexOf('\t'));
  const tokStart = s.start + ws + 1;
  const word = ctx.text.slice(tokStart, cursor);
  const inBlock = !!ctx.syntax.enclosingChunk(pos.line) || insideRaw(ctx, pos.line);

  if (s.kind === 'directive' && cursor > s.directive!.end) {
    const eq = word.indexOf('=');
    if (eq >= 0) return list(optionValueItems(ctx, s, word.slice(0, eq), tokStart + eq + 1, cursor));
    const positional = s.args.filter((a) => !a.key && a.end < tokStart).length;
    const doc = directiveDoc(s.directive!.text);
    const items: CompletionItem[] = [];
    if (doc?.args && positional === 0) items.push(...argumentItems(ctx, s, tokStart, cursor));
    if (!doc?.args || positional > 0 || word === '')
      items.push(
        ...(doc?.args && positional === 0 && word === '' && trigger === ' '
          ? []
          : optionItems(ctx, s, tokStart, cursor)),
      );
    return list(items);
  }
  if (trigger === ' ') return list([]);
  if (/^\s*\.?[A-Za-z-]*$/.test(before) && (before.trim().startsWith('.') || !inBlock)) {
    return list(
      before.trim() === '' || before.trim().startsWith('.') ? directiveItems(ctx, tokStart, cursor, inBlock) : [],
    );
  }
  if (!inBlock) return list([]);
  // Inside a block.
  const lit = /^([A-Za-z][A-Za-z0-9]*):(.*)$/.exec(word);
  if (lit && (LITERAL_PREFIXES as readonly string[]).includes(lit[1])) {
    const label = lastLabel(s, tokStart);
    return list(valueItems(ctx, pos.line, label, lit[1], tokStart + lit[1].length + 1, cursor));
  }
  const prevLabel = previousTokenIsLabel(s, tokStart);
  const items: CompletionItem[] = [];
  if (prevLabel !== undefined) {
    const f = layoutOf(ctx, pos.line).fields.find((x) => x.label === prevLabel);
    items.push(...prefixItems(ctx, tokStart, cursor, f?.type === 'bytes' ? undefined : f?.type));
  } else {
    if (ctx.syntax.enclosingChunk(pos.line)) items.push(...labelItems(ctx, pos.line, tokStart, cursor));
    items.push(...prefixItems(ctx, tokStart, cursor));
    if (before.trim() === '')
      items.push(
        ...directiveItems(ctx, tokStart, cursor, true)
          .filter((i) => i.label === '.end' || i.label === '.endraw')
          .map((i) => ({ ...i, sortText: '2' + i.sortText })),
      );
  }
  return list(items);
}

function insideRaw(ctx: DocContext, line: number): boolean {
  for (let l = line; l >= 0 && line - l < 100_000; l--) {
    const d = ctx.syntax.directiveOf(l);
    if (!d) continue;
    if (d === '.raw') return l !== line;
    if (d === '.endraw' || d === '.end' || d === '.chunk' || d === '.call') return false;
  }
  return false;
}

function lastLabel(s: LineSyntax, before: number): string | undefined {
  let label: string | undefined;
  for (const t of s.body) if (t.end <= before && t.kind === 'label') label = t.text.slice(0, -1);
  return label;
}

function previousTokenIsLabel(s: LineSyntax, before: number): string | undefined {
  const prev = s.body.filter((t) => t.end <= before).pop();
  return prev?.kind === 'label' ? prev.text.slice(0, -1) : undefined;
}
