// `vmbstate sweep` and the core sweep it prints (docs/format.md §8.9): distinct packings only,
// outcomes per size range, the smallest working buffer, the save side's BUFFER_TOO_SMALL sizes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { decodeBinary, packSpans, STATUS, statusName, sweepBufferSizes } from '../../core/src';
import { runCli } from './helpers/cli';

const ROOT = join(__dirname, '..', '..', '..');
const S = (p: string) => join(ROOT, 'samples', p);
const bytesOf = (p: string) => new Uint8Array(readFileSync(S(p)));

const run = runCli;

/** Every size's calls as the decoder cuts them, as a string, to compare packings by brute force. */
const cutAt = (bytes: Uint8Array, n: number) =>
  decodeBinary(bytes, { buffering: { size: n } })
    .calls.map((c) => `${c.bytes.start}-${c.bytes.end}`)
    .join(',');

test('sweep visits exactly the sizes where the packing changes (brute force over every size of the samples)', () => {
  for (const name of [
    'good.vmbstate',
    'malformed/bit-flip.vmbstate',
    'malformed/cut-mid-chunk.vmbstate',
    'malformed/not-a-stream.vmbstate',
  ]) {
    const bytes = bytesOf(name);
    const r = sweepBufferSizes(bytes);
    const starts: number[] = [];
    let prev = '';
    for (let n = 1; n <= bytes.length; n++) {
      const cut = cutAt(bytes, n);
      if (cut !== prev) starts.push(n);
      prev = cut;
    }
    assert.deepEqual(
      r.packings.map((p) => p.from),
      starts,
      name,
    );
    for (const p of r.packings) assert.equal(cutAt(bytes, p.to), cutAt(bytes, p.from), `${name} ${p.from}–${p.to}`);
  }
  assert.deepEqual(packSpans([96, 176, 192, 88, 48], 280), [[0, 1], [2, 3], [4]]);
});

test('sweep of the good sample: SUCCESS at every size, smallest working buffer 192, save BUFFER_TOO_SMALL below it', () => {
  const r = sweepBufferSizes(bytesOf('good.vmbstate'));
  assert.deepEqual([r.min, r.max, r.largestChunk, r.smallestWorking], [1, 600, 192, 192]);
  assert.deepEqual(
    r.packings.map((p) => [p.from, p.to, p.calls.length]),
    [
      [1, 135, 5],
      [136, 271, 4],
      [272, 279, 3],
      [280, 327, 3],
      [328, 463, 2],
      [464, 551, 2],
      [552, 599, 2],
      [600, 600, 1],
    ],
  );
  assert.deepEqual(r.ranges, [{ from: 1, to: 600, outcome: STATUS.STATUS_SUCCESS, packings: 8 }]);
  assert.deepEqual(r.changes, []);
  assert.equal(r.save?.identical, true);
  assert.deepEqual(
    r.save?.ranges.map((x) => [x.from, x.to, statusName(x.status), x.calls, x.bytesRequired]),
    [
      [1, 95, 'STATUS_BUFFER_TOO_SMALL', 1, 96],
      [96, 175, 'STATUS_BUFFER_TOO_SMALL', 2, 176],
      [176, 191, 'STATUS_BUFFER_TOO_SMALL', 3, 192],
      [192, 271, 'STATUS_SUCCESS', 4, undefined],
      [272, 327, 'STATUS_SUCCESS', 3, undefined],
      [328, 599, 'STATUS_SUCCESS', 2, undefined],
      [600, 600, 'STATUS_SUCCESS', 1, undefined],
    ],
  );
});

test('sweep of a broken stream: the status is the same at every size, the failing call and committed chunks are not', () => {
  const r = sweepBufferSizes(bytesOf('malformed/bit-flip.vmbstate'));
  assert.equal(r.ranges.length, 1);
  assert.equal(r.ranges[0].code, 'CRC-PAYLOAD');
  assert.equal(r.smallestWorking, undefined);
  assert.equal(r.save, undefined);
  assert.deepEqual(
    r.packings.map((p) => [p.decidingCall, p.committedChunks]),
    [
      [4, 3],
      [4, 3],
      [3, 3],
      [2, 2],
      [2, 2],
      [2, 3],
      [1, 0],
      [1, 0],
    ],
  );
});

test('sweep --min/--max bound the sizes; a packing cut by --max ends there', () => {
  const r = sweepBufferSizes(bytesOf('good.vmbstate'), { min: 200, max: 300 });
  assert.deepEqual(
    r.packings.map((p) => [p.from, p.to]),
    [
      [200, 271],
      [272, 279],
      [280, 300],
    ],
  );
  assert.equal(r.smallestWorking, 200);
  const capped = sweepBufferSizes(bytesOf('good.vmbstate'), { maxPackings: 2 });
  assert.deepEqual([capped.packings.length, capped.stoppedAt], [2, 271]);
});

test('CLI sweep: table, outcome line, smallest working buffer and the save side', () => {
  const r = run('sweep', S('good.vmbstate'));
  assert.equal(r.code, 0, r.err);
  assert.match(r.out, /600 bytes, 5 chunk\(s\), largest 192 bytes; buffer sizes 1–600: 8 distinct packing\(s\)/);
  assert.match(r.out, /^ {2}272–279 +3 +STATUS_SUCCESS +call 3 +5$/m);
  assert.match(r.out, /outcome: STATUS_SUCCESS at every size/);
  assert.match(r.out, /smallest working buffer: 192 bytes/);
  assert.match(r.out, /writes this stream byte for byte/);
  assert.match(r.out, /^ {2}176–191 +3 +STATUS_BUFFER_TOO_SMALL, BytesRequired 192$/m);
});

test('CLI sweep --json: the documented shape, statuses by name', () => {
  const r = run('sweep', '--json', '--min', '96', '--max', '200', S('good.vmbhex'));
  assert.equal(r.code, 0, r.err);
  const j = JSON.parse(r.out);
  assert.deepEqual(Object.keys(j), [
    'file',
    'form',
    'min',
    'max',
    'streamBytes',
    'chunks',
    'largestChunk',
    'packings',
    'ranges',
    'changes',
    'smallestWorking',
    'save',
    'stoppedAt',
  ]);
  assert.equal(j.form, 'text');
  assert.deepEqual(j.packings[0], {
    from: 96,
    to: 135,
    calls: [96, 176, 192, 88, 48],
    largestCall: 192,
    statuses: [...Array(4).fill('STATUS_MORE_PROCESSING_REQUIRED'), 'STATUS_SUCCESS'],
    outcome: 'STATUS_SUCCESS',
    code: null,
    decidingCall: 5,
    committedChunks: 5,
  });
  assert.deepEqual(j.ranges, [{ from: 96, to: 200, outcome: 'STATUS_SUCCESS', code: null, packings: 2 }]);
  assert.deepEqual(j.save.ranges[0], {
    from: 96,
    to: 175,
    status: 'STATUS_BUFFER_TOO_SMALL',
    calls: 2,
    bytesRequired: 176,
  });
  assert.equal(j.smallestWorking, 192);
  assert.equal(j.stoppedAt, null);
});

test('CLI sweep: usage errors name the option', () => {
  assert.match(run('sweep').err, /sweep takes exactly one file/);
  assert.match(run('sweep', '--min', '0', S('good.vmbstate')).err, /--min must be a whole number of bytes from 1/);
  assert.match(
    run('sweep', '--min', '300', '--max', '200', S('good.vmbstate')).err,
    /--min 300 is larger than --max 200/,
  );
  assert.match(run('check', '--max', '20', S('good.vmbstate')).err, /--min and --max are options of sweep/);
  assert.equal(run('sweep', '--max', 'x', S('good.vmbstate')).code, 2);
  assert.equal(run('sweep', S('no-such-file.vmbstate')).code, 2);
});

test('sweep of a chunk after END: the outcome depends on the packing (END packed with it fails, alone it succeeds)', () => {
  const bytes = bytesOf('sweep/chunk-after-final.vmbstate');
  const r = sweepBufferSizes(bytes);
  assert.deepEqual(
    r.ranges.map((x) => [x.from, x.to, statusName(x.outcome), x.code]),
    [
      [1, 95, 'STATUS_SUCCESS', undefined],
      [96, 135, 'STATUS_REQUEST_OUT_OF_SEQUENCE', 'SEQ-AFTER-FINAL'],
      [136, 183, 'STATUS_SUCCESS', undefined],
      [184, 327, 'STATUS_REQUEST_OUT_OF_SEQUENCE', 'SEQ-AFTER-FINAL'],
      [328, 375, 'STATUS_SUCCESS', undefined],
      [376, 599, 'STATUS_REQUEST_OUT_OF_SEQUENCE', 'SEQ-AFTER-FINAL'],
      [600, 647, 'STATUS_SUCCESS', undefined],
      [648, 648, 'STATUS_REQUEST_OUT_OF_SEQUENCE', 'SEQ-AFTER-FINAL'],
    ],
  );
  assert.equal(r.changes.length, 7);
  assert.deepEqual(r.changes[0], {
    at: 96,
    from: 'STATUS_SUCCESS',
    to: 'STATUS_REQUEST_OUT_OF_SEQUENCE (SEQ-AFTER-FINAL)',
  });
  assert.equal(
    r.smallestWorking,
    328,
    'the first size from 192 on whose packing keeps END apart from the chunk after it',
  );
  // The save side runs on the state a succeeding packing restored: the saved stream has no chunk after END.
  assert.equal(r.save?.identical, false);
  assert.equal(r.save?.chunks.length, 5);
  const out = run('sweep', S('sweep/chunk-after-final.vmbstate')).out;
  assert.match(out, /^outcome changes at 96: STATUS_SUCCESS → STATUS_REQUEST_OUT_OF_SEQUENCE \(SEQ-AFTER-FINAL\)$/m);
  assert.match(out, /writes a different stream/);
});

test('sweep stops at its chunk-restore budget and says where', () => {
  const r = sweepBufferSizes(bytesOf('good.vmbstate'), { maxChunkRestores: 12 });
  assert.deepEqual([r.packings.length, r.stoppedAt], [2, 271]);
  assert.match(run('sweep', S('good.vmbstate'), '--max', '600').out, /8 distinct packing/);
});
