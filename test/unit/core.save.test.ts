// The emulated save side (docs/format.md §9): every SaveContinue status, every refusal, the stream
// it writes (sequences, CRCs, CONTINUES, END), and the save ⇄ restore round trip.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  analyze,
  decodeBinary,
  decodeDocument,
  EmulatedSave,
  FLAG_CONTINUES,
  FLAG_FINAL,
  ntSuccess,
  readHeader,
  RestoreSession,
  saveSourceFromState,
  saveSourceOf,
  saveWithBufferSize,
  STATUS,
  type ChannelState,
} from '../../core/src';
import { comparable, randomChannelState, saveThenRestore } from './helpers/channelStates';
import { prng } from './helpers/prng';

const SAMPLES = join(__dirname, '..', '..', '..', 'samples');
const S = STATUS;

/** The channel state restored from samples/good.vmbhex (chunks of 96, 176, 192, 88 and 48 bytes). */
function goodState() {
  const doc = decodeDocument('good.vmbhex', readFileSync(join(SAMPLES, 'good.vmbhex')));
  const session = new RestoreSession(doc);
  assert.equal(session.runToEnd().status, S.STATUS_SUCCESS);
  return session.channel;
}

test('saving the restored good sample writes samples/good.vmbstate byte for byte', () => {
  const run = saveWithBufferSize(saveSourceOf(goodState()), 0x10000);
  assert.deepEqual(
    run.calls.map((c) => c.status),
    [S.STATUS_SUCCESS],
  );
  assert.deepEqual(Buffer.from(run.stream), readFileSync(join(SAMPLES, 'good.vmbstate')));
  assert.deepEqual(
    run.chunks.map((c) => c.bytes.length),
    [96, 176, 192, 88, 48],
  );
});

test('SaveContinue packs whole chunks: BUFFER_OVERFLOW while more remain, SUCCESS on the last', () => {
  const save = new EmulatedSave(saveSourceOf(goodState()));
  assert.equal(save.saveBegin().status, S.STATUS_SUCCESS);
  const a = save.saveContinue(300); // 96 + 176 fit, 192 does not
  assert.equal(a.status, S.STATUS_BUFFER_OVERFLOW);
  assert.equal(ntSuccess(a.status), false, 'BUFFER_OVERFLOW is a warning: NT_SUCCESS is FALSE, yet progress');
  assert.deepEqual([a.bytesFilled, a.bytesRequired, a.written, a.writtenTotal], [272, 192, [0, 1], 2]);
  const b = save.saveContinue(300); // 192 + 88 = 280
  assert.deepEqual([b.status, b.bytesFilled, b.bytesRequired, b.written], [S.STATUS_BUFFER_OVERFLOW, 280, 48, [2, 3]]);
  const c = save.saveContinue(300);
  assert.deepEqual([c.status, c.bytesFilled, c.bytesRequired, c.written], [S.STATUS_SUCCESS, 48, 0, [4]]);
  assert.equal(save.phase, 'Saved');
  assert.deepEqual(save.saveEnd(), { unwritten: 0, phase: 'Ended' });
});

test('SaveContinue returns BUFFER_TOO_SMALL with BytesRequired when the next chunk does not fit, and a bigger buffer continues', () => {
  const save = new EmulatedSave(saveSourceOf(goodState()));
  save.saveBegin();
  const small = save.saveContinue(95);
  assert.deepEqual(
    [small.status, small.bytesFilled, small.bytesRequired, small.written],
    [S.STATUS_BUFFER_TOO_SMALL, 0, 96, []],
  );
  assert.deepEqual([save.saveContinue(0).status, save.saveContinue(0).bytesRequired], [S.STATUS_BUFFER_TOO_SMALL, 96]);
  assert.equal(save.saveContinue(96).status, S.STATUS_BUFFER_OVERFLOW);
  const mid = save.saveContinue(100); // the OFFER is 176
  assert.deepEqual([mid.status, mid.bytesRequired], [S.STATUS_BUFFER_TOO_SMALL, 176]);
  assert.equal(save.saveContinue(1000).status, S.STATUS_SUCCESS);
});

test('refusals: before SaveBegin, after SaveEnd, after SUCCESS, SaveBegin twice, NULL buffer and channel', () => {
  const ch = goodState();
  const save = new EmulatedSave(saveSourceOf(ch));
  const before = save.saveContinue(1000);
  assert.deepEqual([before.status, before.refused?.code], [S.STATUS_INVALID_DEVICE_STATE, 'SAVE-NOT-BEGUN']);
  assert.equal(save.saveEnd().refused?.code, 'SAVE-NOT-BEGUN');
  save.saveBegin();
  const again = save.saveBegin();
  assert.deepEqual([again.status, again.refused?.code], [S.STATUS_INVALID_DEVICE_STATE, 'SAVE-BEGUN']);
  const nullBuf = save.saveContinue(1000, null);
  assert.deepEqual(
    [nullBuf.status, nullBuf.refused?.code, nullBuf.writtenTotal],
    [S.STATUS_INVALID_PARAMETER_2, 'ARG-BUFFER', 0],
  );
  assert.equal(save.saveContinue(1000).status, S.STATUS_SUCCESS);
  const done = save.saveContinue(1000);
  assert.deepEqual([done.status, done.refused?.code], [S.STATUS_INVALID_DEVICE_STATE, 'SAVE-DONE']);
  save.saveEnd();
  const after = save.saveContinue(1000);
  assert.deepEqual([after.status, after.refused?.code], [S.STATUS_INVALID_DEVICE_STATE, 'SAVE-ENDED']);
  assert.equal(save.saveEnd().refused?.code, 'SAVE-ENDED');
  // A new save may begin after SaveEnd.
  assert.equal(save.saveBegin().status, S.STATUS_SUCCESS);
  const nullChannel = new EmulatedSave({ ...saveSourceOf(ch), handle: 'null' });
  assert.deepEqual(
    [nullChannel.saveBegin().status, nullChannel.saveBegin().refused?.code],
    [S.STATUS_INVALID_PARAMETER_1, 'ARG-CHANNEL'],
  );
});

test('SaveEnd after BUFFER_OVERFLOW reports the unwritten chunks (the driver gave up: SAVE-INCOMPLETE)', () => {
  const save = new EmulatedSave(saveSourceOf(goodState()));
  save.saveBegin();
  assert.equal(save.saveContinue(300).status, S.STATUS_BUFFER_OVERFLOW);
  assert.deepEqual(save.saveEnd(), { unwritten: 3, phase: 'Ended' });
});

test('refusals for a channel in the wrong state: Started, restore in progress or failed, nothing restored', () => {
  const ch = goodState();
  const src = saveSourceOf(ch);
  for (const [over, words] of [
    [{ lifecycle: 'Started' as const }, 'Started'],
    [{ phase: 'InProgress' as const }, 'InProgress'],
    [{ phase: 'Failed' as const }, 'Failed'],
    [{ state: { ...src.state, offer: undefined } }, 'offer'],
  ] as const) {
    const r = new EmulatedSave({ ...src, ...over }).saveBegin();
    assert.equal(r.status, S.STATUS_INVALID_DEVICE_STATE);
    assert.equal(r.refused?.code, 'SAVE-STATE');
    assert.match(r.refused!.message, new RegExp(words));
  }
  for (const lifecycle of ['Disabled', 'Enabled', 'Paused'] as const)
    assert.equal(new EmulatedSave({ ...src, lifecycle }).saveBegin().status, S.STATUS_SUCCESS);
});

test('records over MaxPayloadLength are split with CONTINUES; sequences, CRCs, FINAL and the stream CRC check out', () => {
  const state = randomChannelState(prng(7));
  state.begin!.maxPayloadLength = 64;
  const run = saveWithBufferSize(saveSourceFromState(state), 1 << 20);
  const heads = run.chunks.map((c) => readHeader(c.bytes, 0));
  heads.forEach((h, i) => assert.equal(h.sequence, i));
  assert.ok(heads.every((h) => h.payloadLength <= 64));
  assert.ok(
    heads.some((h) => h.flags & FLAG_CONTINUES),
    'the 140-byte OFFER is split at 64',
  );
  assert.deepEqual(
    heads.map((h) => h.flags & FLAG_FINAL),
    heads.map((_, i) => (i === heads.length - 1 ? FLAG_FINAL : 0)),
  );
  // The static decoder finds nothing wrong with the stream, and a whole-file restore succeeds.
  const a = analyze(decodeBinary(run.stream, { buffering: 'whole' }));
  assert.deepEqual(
    a.problems.filter((p) => p.severity === 'error'),
    [],
  );
  assert.equal(a.outcome.status, S.STATUS_SUCCESS);
});

/** Deep equality that compares byte arrays by content. */
function sameState(a: ChannelState, b: ChannelState): void {
  assert.deepEqual(b, a);
}

test('round trip property: random states × random buffer sizes; restore gives the state back, MORE…MORE, SUCCESS (3000 cases)', () => {
  const rand = prng(13);
  let cases = 0;
  for (let i = 0; i < 300; i++) {
    const state = randomChannelState(rand);
    const chunks = saveWithBufferSize(saveSourceFromState(state), 1 << 24).chunks;
    const biggest = Math.max(...chunks.map((c) => c.bytes.length));
    for (let k = 0; k < 10; k++) {
      const size = biggest + Math.floor(rand() * (k < 5 ? 200 : 4000));
      const { run, channel, restoreStatuses } = saveThenRestore(state, size);
      const saveStatuses = run.calls.map((c) => c.status);
      assert.deepEqual(saveStatuses, [
        ...saveStatuses.slice(0, -1).map(() => S.STATUS_BUFFER_OVERFLOW),
        S.STATUS_SUCCESS,
      ]);
      assert.deepEqual(restoreStatuses, [
        ...restoreStatuses.slice(0, -1).map(() => S.STATUS_MORE_PROCESSING_REQUIRED),
        S.STATUS_SUCCESS,
      ]);
      assert.ok(run.calls.every((c) => c.bytesFilled <= size));
      sameState(comparable(state, chunks.length), saveSourceOf(channel).state);
      cases++;
    }
  }
  assert.equal(cases, 3000);
});

test('a buffer below the largest chunk: BUFFER_TOO_SMALL on the call that reaches that chunk, BytesRequired its size', () => {
  const rand = prng(99);
  for (let i = 0; i < 200; i++) {
    const state = randomChannelState(rand);
    const chunks = saveWithBufferSize(saveSourceFromState(state), 1 << 24).chunks;
    const sizes = chunks.map((c) => c.bytes.length);
    const biggest = Math.max(...sizes);
    const size = 32 + Math.floor(rand() * (biggest - 32));
    const run = saveWithBufferSize(saveSourceFromState(state), size);
    const last = run.calls[run.calls.length - 1];
    assert.equal(last.status, S.STATUS_BUFFER_TOO_SMALL);
    assert.equal(last.bytesRequired, sizes[last.writtenTotal]);
    assert.ok(sizes[last.writtenTotal] > size);
    assert.ok(sizes.slice(0, last.writtenTotal).every((n) => n <= size));
  }
});

test('SaveContinue with a caller buffer writes the chunks into it, back to back from offset 0', () => {
  const save = new EmulatedSave(saveSourceOf(goodState()));
  save.saveBegin();
  const buf = new Uint8Array(300).fill(0xee);
  const r = save.saveContinue(300, buf);
  const good = readFileSync(join(SAMPLES, 'good.vmbstate'));
  assert.deepEqual(Buffer.from(buf.subarray(0, r.bytesFilled)), good.subarray(0, 272));
  assert.ok(
    buf.subarray(272).every((b) => b === 0xee),
    'bytes past BytesFilled are untouched',
  );
  assert.throws(() => save.saveContinue(300, new Uint8Array(10)), /buffer holds 10 bytes, SaveBufferSize is 300/);
});
