// A large analysis reaches the saved-state editor's webview in two steps (client/src/editor/model/
// liteAnalysis.ts): a small summary (outcome, every problem, the first calls of the tree, the first
// and last trace rows), then the whole tree without fields when the webview asks. Checked on a
// stream of many calls: what the summary keeps, that it is small, and that the webview builds a tree
// from either.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyze, decodeBinary, toWire, type WireAnalysis } from '../../core/src';
import {
  liteAnalysis,
  summaryAnalysis,
  SUMMARY_CALLS,
  SUMMARY_TRACE_HEAD,
  SUMMARY_TRACE_TAIL,
} from '../../client/src/editor/model/liteAnalysis';
import { buildTree } from '../../client/src/editor/webview/tree';
import { traceRows } from '../../client/src/editor/webview/annotations';
import { fromTreeTable, toTreeTable, type TreeTable } from '../../client/src/editor/model/treeTable';
import { exampleStream } from './clientFixtures';

/** The example's analysis with its calls and trace repeated `n` times (a stand-in for a stream of many calls). */
function manyCalls(n: number, junk = false): WireAnalysis {
  const e = exampleStream();
  e[128] ^= 1; // a problem (a failed call, then refused ones), which the summary must keep
  const b = junk ? Uint8Array.from([...e.subarray(0, 96), 1, 2, 3, 4, 5, 6, 7, 8, ...e.subarray(96)]) : e; // unframed bytes after BEGIN
  const one = toWire(analyze(decodeBinary(b)), { fieldsAbove: 0 });
  const calls = Array.from({ length: n }, (_, k) =>
    one.calls.map((c) => ({ ...c, index: c.index + k * one.calls.length })),
  ).flat();
  const trace = Array.from({ length: n }, () => one.trace).flat();
  return { ...one, calls, trace };
}

test('analysis summary: outcome and problems whole, the first calls and trace rows, counts of the rest, no fields', () => {
  const full = manyCalls(100);
  const s = summaryAnalysis(full);
  assert.deepEqual(s.outcome, full.outcome);
  assert.deepEqual(s.problems, full.problems);
  assert.ok(s.problems.length > 0);
  assert.deepEqual(s.partial, { calls: full.calls.length, trace: full.trace.length });
  assert.deepEqual(s.calls, liteAnalysis(full).calls.slice(0, SUMMARY_CALLS));
  assert.deepEqual(s.trace, [...full.trace.slice(0, SUMMARY_TRACE_HEAD), ...full.trace.slice(-SUMMARY_TRACE_TAIL)]);
  assert.deepEqual(s.steps, []);
  for (const c of s.calls)
    for (const i of c.items) if (i.kind === 'chunk') assert.deepEqual([i.headerFields, i.payloadFields], [[], []]);
  assert.ok(
    JSON.stringify(s).length * 5 < JSON.stringify(liteAnalysis(full)).length,
    'the summary is a small part of the tree',
  );
  // The webview builds its first tree page from the summary, the whole tree from the lite analysis.
  assert.equal(buildTree(s).roots.length, SUMMARY_CALLS);
  assert.equal(buildTree(liteAnalysis(full)).roots.length, full.calls.length);
});

test('analysis summary: a short trace is kept whole', () => {
  const full = manyCalls(2);
  const s = summaryAnalysis(full);
  assert.deepEqual(s.trace, full.trace);
  assert.equal(s.calls.length, full.calls.length);
});

/** What the webview shows of a tree: each node's id, label, description, range and severity. */
function shownTree(a: WireAnalysis) {
  const t = buildTree(a);
  return {
    nodes: [...t.byId.values()].map((n) => [n.id, n.label, n.description, n.start, n.end, n.severity ?? '']),
    segments: t.segments,
    chunkStarts: t.chunkStarts,
    fieldsMissing: [...(t.fieldsMissing ?? [])],
  };
}

test('tree table: the webview builds the same tree and trace from the table as from the paged analysis, at a fraction of the size', () => {
  const full = manyCalls(60, true);
  assert.ok(
    full.calls.some((c) => c.items.some((i) => i.kind === 'raw')),
    'the fixture has unframed bytes',
  );
  assert.ok(
    full.trace.some((e) => e.kind === 'call' && e.failure),
    'the fixture has a failed call',
  );
  const lite = liteAnalysis(full);
  const table = toTreeTable(full);
  const { partial: _omits, ...summary } = summaryAnalysis(full);
  const rebuilt = { ...summary, ...fromTreeTable(JSON.parse(JSON.stringify(table)) as TreeTable) };
  assert.deepEqual(shownTree(rebuilt), shownTree(lite));
  assert.deepEqual(traceRows(rebuilt), traceRows(full));
  // Fields are built on demand from the rebuilt chunk as from the analysis's own (host: chunkFields).
  assert.ok(JSON.stringify(table).length * 4 < JSON.stringify(lite).length, 'the table is a fraction of the JSON');
});
