// The compare view's pure model (client/src/editor/model/compareView.ts): the lines drawn from a
// StreamDiff, folding of equal records, the stop of each difference, calls side by side, and the
// next/previous order and keys.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decodeBinary, diffStreams } from '../../core/src';
import {
  buildCompareView,
  foldSame,
  keyDirection,
  MAX_VIEW_LINES,
  outcomeText,
  stepStop,
} from '../../client/src/editor/model/compareView';
import { compareSamples } from './helpers/compareSamples';

const labels = { a: 'good.vmbstate', b: 'changed.vmbstate' };

function sampleView() {
  const { good, changed } = compareSamples();
  const d = diffStreams(decodeBinary(good), decodeBinary(changed));
  return { d, v: buildCompareView(d, labels) };
}

test('sample pair: folded equal records, the changed GPADL with its change, the packet only in B', () => {
  const { d, v } = sampleView();
  const shown = v.lines.map((l) =>
    l.kind === 'same'
      ? `… ${l.count}`
      : l.kind === 'row'
        ? `${l.key} ${l.rowKind}${l.stop !== undefined ? ` stop ${l.stop}` : ''}`
        : `  ${l.path}: ${l.a} → ${l.b} stop ${l.stop}`,
  );
  assert.deepEqual(shown, [
    '… 3',
    'GPADL 0xE001 same',
    'GPADL 0xE002 changed',
    '  Range0.Pfn1: 0x0000000000002001 (8193) → 0x0000000000002101 (8449) stop 0',
    'PACKET 0x0000000000000001 same',
    'PACKET 0x0000000000000002 same',
    'PACKET 0x0000000000000003 onlyB stop 1',
    'END same',
  ]);
  // Every difference of the diff has a line, in order, and that line carries its stop.
  assert.equal(v.stops.length, d.differences.length);
  v.stops.forEach((line, i) => assert.equal((v.lines[line] as { stop?: number }).stop, i));
  assert.equal(v.cut, 0);
  const packet = v.lines[6]!;
  assert.ok(
    packet.kind === 'row' && packet.a === undefined && packet.b === '#8, call 8, 0x300',
    JSON.stringify(packet),
  );
  assert.equal(v.result, 'different');
  assert.match(v.summary, /^1 changed, 0 only in A, 1 only in B, 0 reordered, 7 the same; 7 framing difference/);
  assert.match(v.a.detail, /^binary, 816 bytes, 8 record\(s\)/);
});

test('calls side by side: the first divergence marked, equal calls folded', () => {
  const { v } = sampleView();
  assert.equal(v.firstDivergentCall, 7);
  assert.deepEqual(
    v.calls.map((c) => ('a' in c ? `${c.call + 1}: ${c.a} | ${c.b}${c.first ? ' first' : ''}` : `… ${c.count}`)),
    [
      '… 6',
      '7: STATUS_MORE_PROCESSING_REQUIRED | STATUS_MORE_PROCESSING_REQUIRED',
      '8: STATUS_SUCCESS | STATUS_MORE_PROCESSING_REQUIRED first',
      '9: (no such call) | STATUS_SUCCESS',
    ],
  );
  assert.equal(
    outcomeText({
      status: 0xc000003f,
      statusName: 'STATUS_CRC_ERROR',
      code: 'CRC-PAYLOAD',
      on: 'GPADL 0xE001',
      bytes: { start: 0, end: 1 },
    }),
    'STATUS_CRC_ERROR, CRC-PAYLOAD on GPADL 0xE001',
  );
});

test('identical streams: no stops, nothing but one fold, result identical', () => {
  const { good } = compareSamples();
  const v = buildCompareView(diffStreams(decodeBinary(good), decodeBinary(good)), labels);
  assert.equal(v.result, 'identical');
  assert.deepEqual(v.stops, []);
  assert.deepEqual(v.lines, [{ kind: 'same', count: 8, fromRow: 0 }]);
  assert.equal(stepStop(undefined, v.stops.length, 1), undefined);
});

test('a side that stopped decoding says where, and is never shown as identical', () => {
  const { good } = compareSamples();
  const cut = good.slice(0, good.length - 5);
  const v = buildCompareView(diffStreams(decodeBinary(good), decodeBinary(cut)), labels);
  assert.ok(v.b.stop?.startsWith('decoding stopped at 0x'), v.b.stop);
  assert.notEqual(v.result, 'identical');
});

test('foldSame keeps one equal item around each difference and folds longer runs', () => {
  const xs = [0, 0, 0, 1, 0, 0, 0, 0, 1, 0];
  const out = foldSame(
    xs.map((x, i) => ({ x, i })),
    (o) => o.x === 0,
    (count, from) => `fold ${count}@${from}`,
  );
  assert.deepEqual(
    out.map((o) => (typeof o === 'string' ? o : o.i)),
    ['fold 2@0', 2, 3, 4, 'fold 2@5', 7, 8, 9],
  );
  assert.deepEqual(
    foldSame(
      [],
      () => true,
      () => 'f',
    ),
    [],
  );
});

test('a huge diff is cut at MAX_VIEW_LINES and counts the differences it leaves out', () => {
  const { good, changed } = compareSamples();
  const d = diffStreams(decodeBinary(good), decodeBinary(changed));
  // Repeat the changed row far past the cut (the model only reads rows and differences).
  const rows = Array.from({ length: MAX_VIEW_LINES }, () => d.rows[4]!);
  const big = { ...d, rows, differences: rows.map((_, row) => ({ row, change: 0 })) };
  const v = buildCompareView(big, labels);
  assert.equal(v.lines.length, MAX_VIEW_LINES);
  assert.equal(v.stops.length + v.cut, big.differences.length);
  assert.equal(v.cut, MAX_VIEW_LINES / 2);
});

test('stepStop wraps both ways and starts at the first (next) or last (previous)', () => {
  assert.equal(stepStop(undefined, 3, 1), 0);
  assert.equal(stepStop(undefined, 3, -1), 2);
  assert.equal(stepStop(0, 3, 1), 1);
  assert.equal(stepStop(2, 3, 1), 0);
  assert.equal(stepStop(0, 3, -1), 2);
  assert.equal(stepStop(7, 3, 1), 0, 'a stale index restarts');
  assert.equal(stepStop(0, 0, 1), undefined);
});

test('keys: n and F7 next, p and Shift+F7 previous, others none', () => {
  assert.equal(keyDirection('n', false), 1);
  assert.equal(keyDirection('F7', false), 1);
  assert.equal(keyDirection('p', false), -1);
  assert.equal(keyDirection('F7', true), -1);
  assert.equal(keyDirection('N', true), undefined);
  assert.equal(keyDirection('Enter', false), undefined);
});
