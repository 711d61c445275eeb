// diffStreams: a structural diff of two decoded saved-state documents (docs/compare.md). Linear in
// the records: matching is one map lookup per record, payloads are compared as bytes, and field
// trees are built only for pairs whose bytes differ.

import { analyze, type Analysis } from '../analyze';
import type { SavedStateDocument } from '../model';
import { formatStatus, statusName } from '../ntstatus';
import { PairComparer } from './fields';
import { align } from './match';
import { buildSide, type Side } from './records';
import { compareCalls, stopOf } from './restore';
import type { DiffOptions, DiffRow, DiffStop, DiffSummary, SideSummary, StreamDiff } from './types';

/** A document, or its analysis when the caller already ran one (the restore is not run twice). */
export type DiffInput = SavedStateDocument | Analysis;

const asAnalysis = (x: DiffInput): Analysis => ('doc' in x && 'trace' in x ? x : analyze(x as SavedStateDocument));

function sideSummary(side: Side, an: Analysis): SideSummary {
  const stop = stopOf(side, an);
  return {
    form: side.doc.form,
    size: side.doc.bytes.length,
    records: side.records.length,
    calls: side.doc.calls.length,
    outcome: statusName(an.outcome.status) ?? formatStatus(an.outcome.status),
    ...(stop ? { stop } : {}),
  };
}

export function diffStreams(a: DiffInput, b: DiffInput, options: DiffOptions = {}): StreamDiff {
  const ta = asAnalysis(a);
  const tb = asAnalysis(b);
  const sa = buildSide(ta.doc);
  const sb = buildSide(tb.doc);
  const comparer = new PairComparer(sa, sb);
  const summary: DiffSummary = {
    same: 0,
    changed: 0,
    onlyA: 0,
    onlyB: 0,
    reordered: 0,
    contentChanges: 0,
    framing: {},
    framingTotal: 0,
    callsDiffering: 0,
  };
  const rows: DiffRow[] = [];
  const differences: DiffStop[] = [];
  for (const x of align(sa, sb)) {
    const key = (x.a ?? x.b)!.key;
    const type = (x.a ?? x.b)!.type;
    const row = rows.length;
    if (!x.a || !x.b) {
      const only = x.a ? 'onlyA' : 'onlyB';
      summary[only]++;
      rows.push({ key, type, kind: only, ...(x.a ? { a: x.a.ref } : { b: x.b!.ref }), changes: [], framingCount: 0 });
      differences.push({ row });
      continue;
    }
    const all = comparer.compare(x.a, x.b);
    let content = 0;
    for (const c of all) {
      if (c.kind === 'content') content++;
      else {
        const name = c.path.slice(c.path.lastIndexOf('.') + 1);
        summary.framing[name] = (summary.framing[name] ?? 0) + 1;
      }
    }
    const framingCount = all.length - content;
    summary.framingTotal += framingCount;
    summary.contentChanges += content;
    const changes = options.framing ? all : all.filter((c) => c.kind === 'content');
    const kind = content ? 'changed' : 'same';
    summary[kind]++;
    if (x.reordered) summary.reordered++;
    rows.push({
      key,
      type,
      kind,
      a: x.a.ref,
      b: x.b.ref,
      ...(x.reordered ? { reordered: true } : {}),
      changes,
      framingCount,
    });
    if (x.reordered && !changes.length) differences.push({ row });
    changes.forEach((_, change) => differences.push({ row, change }));
  }
  const { calls, first } = compareCalls(sa, ta, sb, tb);
  summary.callsDiffering = calls.filter((c) => !c.same).length;
  const A = sideSummary(sa, ta);
  const B = sideSummary(sb, tb);
  const whole = !A.stop && !B.stop;
  const equivalent =
    whole &&
    summary.changed === 0 &&
    summary.onlyA === 0 &&
    summary.onlyB === 0 &&
    summary.reordered === 0 &&
    summary.callsDiffering === 0 &&
    A.outcome === B.outcome;
  return {
    a: A,
    b: B,
    rows,
    differences,
    calls,
    ...(first !== undefined ? { firstDivergentCall: first } : {}),
    summary,
    identical: equivalent && summary.framingTotal === 0,
    equivalent,
  };
}
