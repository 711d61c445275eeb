// Folding ranges from the directives alone (no analysis needed): each `.call` up to the next
// call or `.op`, each `.chunk` … `.end` and `.raw` … `.endraw` block, and runs of comment lines.

import { FoldingRangeKind, type FoldingRange } from 'vscode-languageserver';
import type { DocContext } from './context';

export function foldingRanges(ctx: DocContext): FoldingRange[] {
  const out: FoldingRange[] = [];
  const n = ctx.lines.lineCount;
  let call: number | undefined;
  let lastContent = -1;
  let block: { start: number; closer: string } | undefined;
  let comments: number | undefined;
  const closeCall = (end: number) => {
    if (call !== undefined && end > call) out.push({ startLine: call, endLine: end });
    call = undefined;
  };
  const text = ctx.text;
  for (let l = 0; l < n; l++) {
    const start = ctx.lines.starts[l];
    const end = ctx.lines.lineEnd(l);
    let p = start;
    while (p < end && (text.charCodeAt(p) === 32 || text.charCodeAt(p) === 9)) p++;
    const c = text.charCodeAt(p);
    const isComment = p < end && (c === 35 || (c === 47 && text.charCodeAt(p + 1) === 47));
    if (isComment) {
      comments ??= l;
      continue;
    }
    if (comments !== undefined) {
      if (l - 1 > comments) out.push({ startLine: comments, endLine: l - 1, kind: FoldingRangeKind.Comment });
      comments = undefined;
    }
    if (p >= end) continue;
    const d = c === 46 ? ctx.syntax.directiveOf(l) : undefined;
    if (d && block && d === block.closer) {
      if (l > block.start) out.push({ startLine: block.start, endLine: l });
      block = undefined;
    } else if (d === '.chunk' || d === '.raw') {
      block = { start: l, closer: d === '.chunk' ? '.end' : '.endraw' };
    } else if (d === '.call' || d === '.op') {
      closeCall(lastContent);
      if (d === '.call') call = l;
    }
    lastContent = l;
  }
  if (comments !== undefined && n - 1 > comments)
    out.push({ startLine: comments, endLine: n - 1, kind: FoldingRangeKind.Comment });
  closeCall(lastContent);
  return out.sort((a, b) => a.startLine - b.startLine || b.endLine - a.endLine);
}
