// The sweep view's pure side (client/src/editor/model/sweepView.ts): bars per packing, their
// kinds and labels, the summary lines, the save strip, and Step Restore only for binaries.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { sweepBufferSizes } from '../../core/src';
import { buildSweepView } from '../../client/src/editor/model/sweepView';

const S = (p: string) => new Uint8Array(readFileSync(join(__dirname, '..', '..', '..', 'samples', p)));

test('sweep view of the good sample: 8 bars, all success, lenient below 192, the save strip and its labels', () => {
  const v = buildSweepView(sweepBufferSizes(S('good.vmbstate')), { label: 'good.vmbstate', form: 'binary' });
  assert.equal(v.title, 'Buffer sizes: good.vmbstate');
  assert.equal(v.detail, '600 bytes, 5 chunk(s), largest 192 bytes; sizes 1–600: 8 distinct packing(s)');
  assert.deepEqual(
    v.bars.map((b) => [b.from, b.to, b.calls, b.kind, b.lenient]),
    [
      [1, 135, 5, 'success', true],
      [136, 271, 4, 'success', true],
      [272, 279, 3, 'success', false],
      [280, 327, 3, 'success', false],
      [328, 463, 2, 'success', false],
      [464, 551, 2, 'success', false],
      [552, 599, 2, 'success', false],
      [600, 600, 1, 'success', false],
    ],
  );
  assert.match(
    v.bars[2].label,
    /^Buffer sizes 272–279: 3 restore call\(s\), ends with STATUS_SUCCESS, decided by call 3, 5 chunk\(s\) committed$/,
  );
  assert.deepEqual(v.summary, [
    'Restore ends with STATUS_SUCCESS at every size.',
    'Smallest working buffer: 192 bytes.',
  ]);
  assert.deepEqual(
    v.save?.map((s) => [s.from, s.to, s.kind]),
    [
      [1, 95, 'error'],
      [96, 175, 'error'],
      [176, 191, 'error'],
      [192, 271, 'success'],
      [272, 327, 'success'],
      [328, 599, 'success'],
      [600, 600, 'success'],
    ],
  );
  assert.match(v.save![2].label, /SaveContinue call 3 returns STATUS_BUFFER_TOO_SMALL, BytesRequired 192/);
  assert.equal(v.canStep, true);
});

test('sweep view of a broken stream and of a text: error bars, no save strip, no stepping for text', () => {
  const v = buildSweepView(sweepBufferSizes(S('malformed/bit-flip.vmbstate')), { label: 'x', form: 'text' });
  assert.ok(v.bars.every((b) => b.kind === 'error' && b.code === 'CRC-PAYLOAD'));
  assert.equal(v.save, undefined);
  assert.match(v.saveNote, /not run/);
  assert.equal(v.canStep, false);
  assert.match(v.stepNote!, /convert it to binary/);
  assert.match(v.summary[1], /No size in this range restores/);
});
