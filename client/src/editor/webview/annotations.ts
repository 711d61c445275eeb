// What the webview says about bytes and steps on top of the chunk tree (tree.ts): the problem index
// behind the hex view's marks, the hover text of a byte, and the rows of the restore trace. Pure;
// unit-tested.

import { isMoreProcessing, ntSuccessTrapBrief, runKind, type Problem, type WireAnalysis } from '../../../../core/src';
import { hex, nodePathAt, RANK, type TreeModel } from './tree';

export interface ProblemIndex {
  /** Problems with a byte range, sorted by start; empty ranges cover the byte before (end of file) or at their offset. */
  ranges: { start: number; end: number; severity: Problem['severity']; problem: Problem }[];
}

export function indexProblems(problems: readonly Problem[], size: number): ProblemIndex {
  const ranges: ProblemIndex['ranges'] = [];
  for (const p of problems) {
    if (!p.bytes) continue;
    let { start, end } = p.bytes;
    if (end <= start) {
      if (start >= size && size > 0) start = size - 1;
      end = start + 1;
    }
    // A call refused because an earlier one failed (STATE-FAILED) is a consequence, not a fault of
    // its bytes: marked lightly so the real fault stands out.
    const severity = p.code === 'STATE-FAILED' && p.severity === 'error' ? 'info' : p.severity;
    ranges.push({ start, end, severity, problem: p });
  }
  ranges.sort((a, b) => a.start - b.start);
  return { ranges };
}

/** Worst severity of the problems touching `offset`. */
export function severityAt(ix: ProblemIndex, offset: number): Problem['severity'] | undefined {
  let worst: Problem['severity'] | undefined;
  for (const r of ix.ranges) {
    if (r.start > offset) break;
    if (offset < r.end && (!worst || RANK[r.severity] > RANK[worst])) worst = r.severity;
  }
  return worst;
}

export function problemsAt(ix: ProblemIndex, offset: number): Problem[] {
  const out: Problem[] = [];
  for (const r of ix.ranges) {
    if (r.start > offset) break;
    if (offset < r.end) out.push(r.problem);
  }
  return out;
}

/** The hover text for a byte: where it is in the tree, the decoded field and value, and the problems on it. */
export function describeOffset(m: TreeModel, ix: ProblemIndex, offset: number, byte?: number): string {
  const lines: string[] = [];
  const b = byte === undefined ? '' : `  byte 0x${byte.toString(16).padStart(2, '0').toUpperCase()} (${byte})`;
  lines.push(`Offset ${hex(offset)} (${offset})${b}`);
  const path = nodePathAt(m, offset);
  if (path.length === 0) lines.push('Not part of any chunk');
  for (const n of path) {
    if (n.kind === 'call') lines.push(`${n.label}: ${n.description.split('  ')[0]}`);
    else if (n.kind === 'chunk') lines.push(`${n.label}  ${n.description.trim()}`);
    else if (n.kind === 'field' && n.field && n.field.type !== 'group')
      lines.push(`${n.field.name} (${n.field.type}) = ${n.field.display}${n.field.note ? `  — ${n.field.note}` : ''}`);
    else if (n.kind === 'field') lines.push(n.label);
    else if (n.kind === 'raw') lines.push(`Unframed bytes: ${n.description}`);
    else lines.push(n.label);
  }
  for (const p of problemsAt(ix, offset))
    lines.push(`${p.severity === 'error' ? '✖' : p.severity === 'warning' ? '⚠' : 'ℹ'} ${p.code}: ${p.message}`);
  return lines.join('\n');
}

export type Outcome = 'success' | 'progress' | 'failure' | 'op' | 'op-failed';

export interface TraceRow {
  step: number;
  label: string;
  status: string;
  outcome: Outcome;
  start?: number;
  end?: number;
  detail: string;
}

/** One row per step of the emulated restore, coloured by outcome (MORE_PROCESSING_REQUIRED is progress, not failure). */
export function traceRows(a: WireAnalysis): TraceRow[] {
  return a.trace.map((t) => {
    if (t.kind === 'op')
      return {
        step: t.step,
        label: `.op ${t.op}`,
        status: t.ok ? 'ok' : 'refused',
        outcome: t.ok ? 'op' : 'op-failed',
        detail: t.message,
      };
    const outcome: Outcome = t.status === 0 ? 'success' : isMoreProcessing(t.status) ? 'progress' : 'failure';
    const exp = t.expect ? (t.expect.ok ? '  (as expected)' : '  (NOT as expected)') : '';
    const detail = t.failure
      ? `${t.failure.code}: ${t.failure.message}`
      : isMoreProcessing(t.status)
        ? `NT_SUCCESS is FALSE, ${ntSuccessTrapBrief(t.status)}.`
        : t.status === 0
          ? 'Restore finished.'
          : '';
    return {
      step: t.step,
      label: `Call ${t.call + 1}`,
      status: t.statusName + exp,
      outcome: t.expect && !t.expect.ok ? 'failure' : outcome,
      start: t.bytes.start,
      end: t.bytes.end,
      detail,
    };
  });
}

export function outcomeClass(a: WireAnalysis): 'success' | 'failure' {
  return runKind(a.outcome.status) === 'success' ? 'success' : 'failure';
}

/** Trace rows rendered at first: the first ones, and the last ones (where the outcome is decided). */
export const TRACE_HEAD = 100;
export const TRACE_TAIL = 50;
/** Rows each "show more" adds after the first ones. */
export const TRACE_MORE = 500;

/**
 * Which of `total` trace rows the restore trace renders when `head` rows from the start are asked
 * for: [0, head) and the last TRACE_TAIL, with `hidden` rows between them behind a "show more" row.
 * A long trace (a 100 MB stream has 12,744 calls) would otherwise put every row in the DOM at once.
 */
export function traceWindow(total: number, head = TRACE_HEAD): { head: number; tailStart: number; hidden: number } {
  const h = Math.max(0, Math.min(head, total));
  const tailStart = Math.max(h, total - TRACE_TAIL);
  return { head: h, tailStart, hidden: tailStart - h };
}
