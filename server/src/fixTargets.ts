// What quick fixes work on: the Fix shape every family returns, and the look-ups they share (the
// chunk a problem is about, its `.chunk` line, a field by name) with the edit that writes a field.

import type { TextEdit } from 'vscode-languageserver';
import type { ChunkNode, FieldNode, FixKind, Problem } from '../../core/src';
import type { DocContext } from './context';
import type { LineSyntax } from './syntax';
import { edit, rewriteBytes } from './textEdits';

/** A fix as a family renders it; fixesFor (codeActions.ts) tags it with the fix kind it rendered. */
export interface Draft {
  title: string;
  edits: TextEdit[];
  preferred?: boolean;
}

/** A fix of core's table (core/src/fixes.ts): the kind it is an instance of, rendered as text edits. */
export interface Fix extends Draft {
  kind: FixKind;
}

export function opt<T>(x: T | undefined): T[] {
  return x === undefined ? [] : [x];
}

/** The chunk a problem is about. */
export function chunkOf(ctx: DocContext, p: Problem): ChunkNode | undefined {
  if (p.chunk !== undefined && ctx.doc.chunks[p.chunk]) return ctx.doc.chunks[p.chunk];
  return p.bytes ? ctx.chunkAtByte(p.bytes.start) : undefined;
}

/** The `.chunk` line that wrote a chunk's header, when a `.chunk` block wrote it. */
export function directiveOf(ctx: DocContext, c: ChunkNode | undefined): LineSyntax | undefined {
  if (!c?.text) return undefined;
  const s = ctx.syntax.line(c.text.start.line);
  return s.kind === 'directive' && s.directive!.text.toLowerCase() === '.chunk' ? s : undefined;
}

export function headerField(c: ChunkNode, name: string): FieldNode | undefined {
  return c.headerFields.find((f) => f.name === name);
}

const INT_PREFIX = /^(u8|u16|u32|u64|i8|i16|i32|i64|be16|be32|be64)$/;

/**
 * Edits that make a field hold a value: the value part of the typed literal (`u32:`, `guid:`)
 * that wrote exactly the field's bytes, else the bytes rewritten where they were written.
 */
export function writeField(ctx: DocContext, f: FieldNode, value: string, bytes: Uint8Array): TextEdit[] | undefined {
  const seg = (ctx.doc.sourceMap ?? []).find((x) => x.bytes.start === f.bytes.start && x.bytes.end === f.bytes.end);
  if (seg && seg.text.start.line === seg.text.end.line) {
    const t0 = ctx.lines.offsetAt(seg.text.start);
    const src = ctx.text.slice(t0, ctx.lines.offsetAt(seg.text.end));
    const m = /^([A-Za-z0-9]+):(.+)$/.exec(src);
    if (m && (INT_PREFIX.test(m[1]) || (m[1] === 'guid' && f.type === 'guid')))
      return [edit(ctx, t0 + m[1].length + 1, t0 + src.length, value)];
  }
  return rewriteBytes(ctx, f.bytes, bytes);
}

/** A field (searched through groups) by name, or by the byte it starts at. */
export function fieldIn(
  fs: FieldNode[],
  match: (f: FieldNode) => boolean,
  path: string[] = [],
): { f: FieldNode; path: string[] } | undefined {
  for (const f of fs) {
    if (match(f)) return { f, path };
    if (f.children) {
      const inner = fieldIn(f.children, match, [...path, f.name]);
      if (inner) return inner;
    }
  }
  return undefined;
}

export const named = (c: ChunkNode, name: string) => fieldIn(c.payloadFields, (f) => f.name === name && !f.children)?.f;

export const numOf = (f: FieldNode | undefined) => (typeof f?.value === 'number' ? f.value : undefined);
