// Every bundled sample restores with exactly the status sequence and diagnostic listed here,
// and its own .expect lines agree, so `vmbstate check samples/**` passes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyze, decodeDocument, statusName, text } from '../../core/src';

const ROOT = join(__dirname, '..', '..', '..', 'samples');
const M = 'MORE_PROCESSING_REQUIRED';
const F = 'INVALID_DEVICE_STATE/STATE-FAILED';

/** Per sample: each call's status (without STATUS_), with its diagnostic where it failed. */
const EXPECTED: Record<string, string[]> = {
  'good.vmbhex': [M, M, 'SUCCESS'],
  'good.vmbstate': [M, M, M, M, 'SUCCESS'],
  'malformed/partial-chunk.vmbhex': [M, 'INVALID_BUFFER_SIZE/SIZE-PARTIAL'],
  'malformed/bad-magic.vmbhex': ['DATA_ERROR/FRAME-MAGIC', F, F],
  'malformed/unknown-version.vmbhex': ['REVISION_MISMATCH/VER-MAJOR', F, F],
  'malformed/bad-payload-crc.vmbhex': [M, 'CRC_ERROR/CRC-PAYLOAD', F],
  'malformed/bad-header-crc.vmbhex': ['CRC_ERROR/CRC-HEADER', F, F],
  'malformed/sequence-gap.vmbhex': [M, 'REQUEST_OUT_OF_SEQUENCE/SEQ-GAP', F],
  'malformed/duplicate-call.vmbhex': [M, 'REQUEST_OUT_OF_SEQUENCE/SEQ-DUPLICATE'],
  'malformed/chunk-after-final.vmbhex': [M, M, 'REQUEST_OUT_OF_SEQUENCE/SEQ-AFTER-FINAL'],
  'malformed/call-after-success.vmbhex': [M, M, 'SUCCESS', 'INVALID_DEVICE_STATE/STATE-DONE'],
  'malformed/empty-buffer.vmbhex': [M, 'INVALID_PARAMETER_3/ARG-SIZE0', M, 'SUCCESS'],
  'malformed/null-buffer.vmbhex': ['INVALID_PARAMETER_2/ARG-BUFFER'],
  'malformed/null-channel.vmbhex': ['INVALID_PARAMETER_1/ARG-CHANNEL'],
  'malformed/truncated-stream.vmbhex': [M, M],
  'malformed/enabled-channel.vmbhex': ['INVALID_DEVICE_STATE/STATE-ENABLED', M, M, 'SUCCESS'],
  'malformed/bad-stream-crc.vmbhex': [M, M, 'CRC_ERROR/CRC-STREAM'],
  'malformed/chunk-count.vmbhex': [M, M, 'FILE_CORRUPT_ERROR/CONTENT-CHUNKCOUNT'],
  'malformed/gpadl-wrong-channel.vmbhex': [M, 'FILE_CORRUPT_ERROR/CONTENT-GPADL-CHANNEL', F],
  'malformed/ring-gpadl-missing.vmbhex': [M, M, 'FILE_CORRUPT_ERROR/CONTENT-RING-GPADL'],
  'malformed/unknown-mandatory-type.vmbhex': [M, 'NOT_SUPPORTED/UNSUP-TYPE', F],
  'malformed/identity-mismatch.vmbhex': ['INVALID_PARAMETER/CONTENT-IDENTITY', F, F],
  'malformed/packet-without-callbacks.vmbhex': [M, 'INVALID_DEVICE_STATE/STATE-NOCALLBACKS'],
  'malformed/vid-profile.vmbhex': ['VID_SAVED_STATE_INCOMPATIBLE/VER-VMBUS', F, F],
  'malformed/bit-flip.vmbstate': [M, M, M, 'CRC_ERROR/CRC-PAYLOAD', F],
  'malformed/cut-mid-chunk.vmbstate': [M, M, M, 'INVALID_BUFFER_SIZE/SIZE-PARTIAL'],
  'malformed/not-a-stream.vmbstate': ['DATA_ERROR/FRAME-MAGIC'],
  'malformed/header-too-long.vmbhex': ['DATA_ERROR/FRAME-HSIZE', F, F],
  'malformed/bad-ring.vmbhex': [M, 'FILE_CORRUPT_ERROR/CONTENT-ENUM', F],
  'after-restore.vmbhex': [M, M, 'SUCCESS'],
  'malformed/ring-shape.vmbhex': [M, M, 'FILE_CORRUPT_ERROR/CONTENT-RING-SHAPE'],
  'malformed/feature-flags.vmbhex': ['REVISION_MISMATCH/VER-FEATURES', F, F],
  'malformed/older-host.vmbhex': ['REVISION_MISMATCH/VER-VMBUS', F, F],
  'malformed/gpadl-revoked.vmbhex': [M, 'FILE_CORRUPT_ERROR/CONTENT-GPADL-REVOKED', F],
  'malformed/open-mismatch.vmbhex': [M, M, 'INVALID_DEVICE_STATE/STATE-OPEN-MISMATCH'],
  'malformed/monitor-mismatch.vmbhex': ['INVALID_PARAMETER/CONTENT-MONITOR-MISMATCH', F, F],
  'malformed/channel-id-zero.vmbhex': ['FILE_CORRUPT_ERROR/CONTENT-CHANNEL-ID', F, F],
  // Save fixtures (docs/format.md §9.5): the example restored, then saved (save statuses in core.saveText.test.ts).
  'save/good-save.vmbhex': [M, M, 'SUCCESS'],
  'save/too-small.vmbhex': [M, M, 'SUCCESS'],
  'save/loop-mistake.vmbhex': [M, M, 'SUCCESS'],
  // Save-call mistakes of a driver, one refusal each (SAVE-* in core.saveText.test.ts, coverage in cli.coverage.test.ts).
  'save/continue-without-begin.vmbhex': [M, M, 'SUCCESS'],
  'save/begin-twice.vmbhex': [M, M, 'SUCCESS'],
  'save/continue-after-end.vmbhex': [M, M, 'SUCCESS'],
  'save/continue-after-success.vmbhex': [M, M, 'SUCCESS'],
  'save/save-started.vmbhex': [M, M, 'SUCCESS'],
  // The restore fails, then the driver saves anyway: SaveBegin refuses (SAVE-STATE).
  'save/save-after-failed-restore.vmbhex': [M, 'CRC_ERROR/CRC-PAYLOAD', F],
  // The binary of malformed/chunk-after-final.vmbhex: one chunk per call, the chunk after END is a
  // call refused after SUCCESS; packed with END it fails (the sweep sample, docs/format.md §8.9).
  'sweep/chunk-after-final.vmbstate': [M, M, M, M, 'SUCCESS', 'INVALID_DEVICE_STATE/STATE-DONE'],
};

/** Codes of refused calls (docs/format.md §4): they change nothing and do not decide the outcome. */
const REFUSED = /\/(ARG-|STATE-(ENABLED|DONE|FAILED)$)/;

/** The outcome rule of docs/format.md §4: the last call that finished or failed the restore, else END_OF_FILE. */
function outcomeOf(seq: string[]): string {
  const deciding = seq.filter((s) => s === 'SUCCESS' || (s.includes('/') && !REFUSED.test(s)));
  return deciding.length ? deciding[deciding.length - 1].split('/')[0] : 'END_OF_FILE';
}

const files = [
  'good.vmbhex',
  'good.vmbstate',
  'after-restore.vmbhex',
  ...readdirSync(join(ROOT, 'malformed')).map((f) => `malformed/${f}`),
  ...readdirSync(join(ROOT, 'save')).map((f) => `save/${f}`),
  ...readdirSync(join(ROOT, 'sweep')).map((f) => `sweep/${f}`),
];

test('every sample on disk has an expected sequence here, and the reverse', () => {
  assert.deepEqual([...files].sort(), Object.keys(EXPECTED).sort());
});

for (const name of files) {
  test(`sample ${name}`, () => {
    const a = analyze(decodeDocument(name, readFileSync(join(ROOT, name))));
    const got = a.trace.flatMap((t) =>
      t.kind === 'call'
        ? [statusName(t.status)!.replace(/^STATUS_/, '') + (t.failure ? `/${t.failure.code}` : '')]
        : [],
    );
    assert.deepEqual(got, EXPECTED[name]);
    assert.equal(statusName(a.outcome.status), `STATUS_${outcomeOf(EXPECTED[name])}`);
    const expectations = a.trace.filter((t) => t.kind === 'call' && t.expect);
    if (name.endsWith('.vmbhex')) {
      assert.ok(expectations.length >= 1, 'text samples assert their statuses with .expect');
      assert.deepEqual(
        a.problems.filter((p) => p.severity === 'error'),
        [],
        'a fixture whose .expect lines hold checks clean',
      );
    } else if (name.startsWith('malformed/')) {
      assert.ok(
        a.problems.some((p) => p.severity === 'error' && p.status === a.outcome.status),
        'the failure is reported as an error with its status',
      );
    }
  });
}

test('samples/good.vmbstate is the binary of samples/good.vmbhex, and converts back byte for byte', () => {
  const bin = new Uint8Array(readFileSync(join(ROOT, 'good.vmbstate')));
  const asm = text.assembleText(readFileSync(join(ROOT, 'good.vmbhex'), 'utf8'));
  assert.deepEqual(asm.problems, []);
  assert.deepEqual(asm.bytes, bin);
  assert.deepEqual(text.assembleText(text.disassemble(bin)).bytes, bin);
});
