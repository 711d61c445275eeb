// Problems → LSP diagnostics: the problem's own text range (or its bytes mapped through the
// source map), our code, the NTSTATUS in the message, related locations, capped at maxProblems.

import { Diagnostic, DiagnosticSeverity, type DiagnosticRelatedInformation } from 'vscode-languageserver';
import { escapeControl, formatStatus, statusHex, type Problem } from '../../core/src';
import type { DocContext } from './context';

export const SOURCE = 'vmbstate';

/** What a diagnostic carries for the code actions (LSP `data`). */
export interface DiagnosticData {
  call?: number;
  chunk?: number;
  status?: number;
  bytes?: { start: number; end: number };
}

const SEVERITY = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  info: DiagnosticSeverity.Information,
} as const;

/** The message as published: control characters from quoted input escaped, the NTSTATUS appended. */
export function problemMessage(p: Problem): string {
  const message = escapeControl(p.message);
  if (p.status === undefined || message.includes(statusHex(p.status))) return message;
  return `${message} [${formatStatus(p.status)}]`;
}

export function toDiagnostic(ctx: DocContext, p: Problem): Diagnostic {
  const d = Diagnostic.create(
    ctx.problemRange(p),
    problemMessage(p),
    SEVERITY[p.severity] ?? DiagnosticSeverity.Error,
    p.code,
    SOURCE,
  );
  if (p.related?.length) {
    const related: DiagnosticRelatedInformation[] = [];
    for (const r of p.related) {
      const range =
        r.text ??
        ctx.rangeForBytes(r.bytes) ??
        (r.bytes ? ctx.problemRange({ code: p.code, message: '', severity: p.severity, bytes: r.bytes }) : undefined);
      if (range) related.push({ location: { uri: ctx.uri, range }, message: escapeControl(r.message) });
    }
    if (related.length) d.relatedInformation = related;
  }
  const data: DiagnosticData = {};
  if (p.call !== undefined) data.call = p.call;
  if (p.chunk !== undefined) data.chunk = p.chunk;
  if (p.status !== undefined) data.status = p.status;
  if (p.bytes) data.bytes = { start: p.bytes.start, end: p.bytes.end };
  if (Object.keys(data).length) d.data = data;
  return d;
}

/** At most maxProblems diagnostics, errors first when the cap bites, then in document order. */
export function diagnosticsFor(ctx: DocContext): Diagnostic[] {
  const max = ctx.settings.maxProblems;
  let problems = ctx.problems;
  if (problems.length > max) {
    const rank = { error: 0, warning: 1, info: 2 } as const;
    problems = problems
      .map((p, i) => ({ p, i }))
      .sort((a, b) => rank[a.p.severity] - rank[b.p.severity] || a.i - b.i)
      .slice(0, max)
      .sort((a, b) => a.i - b.i)
      .map((x) => x.p);
  }
  const out = problems.map((p) => toDiagnostic(ctx, p));
  if (isBlankDocument(ctx)) for (const d of out) if (d.code === 'EOF-TRUNCATED') softenEmpty(d);
  return out;
}

/**
 * A new, still empty document is not an error yet: its EOF-TRUNCATED ("no restore call") shows
 * as information with a hint on how to start, until the first directive or byte is written.
 * Only the editor does this; `vmbstate check` still fails an empty file.
 */
export function isBlankDocument(ctx: DocContext): boolean {
  if (ctx.doc.calls.length || ctx.doc.steps.length) return false;
  for (let l = 0; l < ctx.lines.lineCount; l++) {
    const k = ctx.syntax.line(l, false).kind;
    if (k !== 'blank' && k !== 'comment') return false;
  }
  return true;
}

function softenEmpty(d: Diagnostic): void {
  d.severity = DiagnosticSeverity.Information;
  d.message = `Nothing to restore yet: the document has no chunks. Type \`.\` for directives and whole-chunk snippets (\`.chunk BEGIN …\`). (${d.message})`;
}
