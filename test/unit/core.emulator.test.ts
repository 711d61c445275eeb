// The design's golden status sequences (§6), run through the emulated VmbChannelRestoreFromBuffer.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  analyze,
  CHUNK_TYPES,
  crc32c,
  decodeBinary,
  decodeCalls,
  EmulatedChannel,
  encodeChunk,
  FLAG_FINAL,
  FLAG_CONTINUES,
  ntSuccess,
  RestoreSession,
  STATUS,
  statusName,
  defaultChannelConfig,
  type CallLayout,
  type ChannelConfig,
} from '../../core/src';
import {
  beginPayload,
  channelStatePayload,
  concat,
  endPayload,
  exampleChunks,
  exampleStream,
  gpadlPayload,
  offerPayload,
  IFACE,
  INSTANCE,
} from './helpers/example';

const S = STATUS;

function run(bytes: Uint8Array, cuts: [number, number][], channel: Partial<ChannelConfig> = {}) {
  const layout: CallLayout[] = cuts.map(([start, end]) => ({ bytes: { start, end } }));
  const doc = decodeCalls(bytes, layout, 'binary', { channel });
  const session = new RestoreSession(doc);
  const outcome = session.runToEnd();
  const calls = session.trace.filter((t) => t.kind === 'call');
  return {
    statuses: calls.map((c) => statusName(c.status)),
    codes: calls.map((c) => c.failure?.code),
    outcome,
    calls,
    doc,
  };
}

/** Offsets of the example's calls: [BEGIN OFFER] [CHANNEL_STATE GPADL] [END]. */
const THREE: [number, number][] = [
  [0, 272],
  [272, 552],
  [552, 600],
];

test('good stream in 3 calls → MORE, MORE, SUCCESS', () => {
  const r = run(exampleStream(), THREE);
  assert.deepEqual(r.statuses, [
    'STATUS_MORE_PROCESSING_REQUIRED',
    'STATUS_MORE_PROCESSING_REQUIRED',
    'STATUS_SUCCESS',
  ]);
  assert.equal(r.outcome.status, S.STATUS_SUCCESS);
  assert.deepEqual(r.outcome.findings, []);
});

test('whole file in one call → SUCCESS; one chunk per call → MORE ×4, SUCCESS', () => {
  const bytes = exampleStream();
  assert.equal(bytes.length, 600);
  assert.deepEqual(run(bytes, [[0, 600]]).statuses, ['STATUS_SUCCESS']);
  const doc = decodeBinary(bytes);
  assert.equal(doc.calls.length, 5);
  const a = analyze(doc);
  assert.deepEqual(
    a.trace.map((t) => (t.kind === 'call' ? statusName(t.status) : t.op)),
    [...Array(4).fill('STATUS_MORE_PROCESSING_REQUIRED'), 'STATUS_SUCCESS'],
  );
  assert.deepEqual(a.problems, []);
});

test('STATUS_MORE_PROCESSING_REQUIRED is progress although NT_SUCCESS is false', () => {
  assert.equal(S.STATUS_MORE_PROCESSING_REQUIRED, 0xc0000016);
  assert.equal(ntSuccess(S.STATUS_MORE_PROCESSING_REQUIRED), false);
  assert.equal(ntSuccess(S.STATUS_SUCCESS), true);
  assert.equal(ntSuccess(S.STATUS_BUFFER_OVERFLOW), false);
  const r = run(exampleStream(), THREE);
  assert.equal(r.calls[0].ntSuccess, false);
  assert.equal(r.calls[0].failure, undefined);
  assert.equal(r.calls[0].phase, 'InProgress');
});

test('call 2 short by 8 bytes → MORE, INVALID_BUFFER_SIZE with SIZE-PARTIAL on the GPADL length field', () => {
  const r = run(exampleStream(), [
    [0, 272],
    [272, 544],
  ]);
  assert.deepEqual(r.statuses, ['STATUS_MORE_PROCESSING_REQUIRED', 'STATUS_INVALID_BUFFER_SIZE']);
  assert.equal(r.codes[1], 'SIZE-PARTIAL');
  assert.deepEqual(r.calls[1].failure!.bytes, { start: 464 + 16, end: 464 + 20 });
});

test('GPADL payload bit flip → MORE, CRC_ERROR with CRC-PAYLOAD', () => {
  const b = exampleStream();
  b[464 + 32 + 20] ^= 0x04;
  const r = run(b, THREE);
  assert.deepEqual(r.statuses, ['STATUS_MORE_PROCESSING_REQUIRED', 'STATUS_CRC_ERROR', 'STATUS_INVALID_DEVICE_STATE']);
  assert.deepEqual(r.codes, [undefined, 'CRC-PAYLOAD', 'STATE-FAILED']);
  assert.deepEqual(r.calls[1].failure!.bytes, { start: 464 + 20, end: 464 + 24 });
});

test('bad magic on OFFER fails the first call as a whole: DATA_ERROR, nothing applied', () => {
  const b = exampleStream();
  b[96] = 0x57;
  const r = run(b, THREE);
  assert.deepEqual(r.statuses.slice(0, 1), ['STATUS_DATA_ERROR']);
  assert.equal(r.codes[0], 'FRAME-MAGIC');
  assert.equal(r.calls[0].phase, 'Failed');
});

test('major version 2 → REVISION_MISMATCH', () => {
  const c = exampleChunks();
  c[0] = encodeChunk({ type: CHUNK_TYPES.BEGIN, sequence: 0, payload: beginPayload(), versionMajor: 2 });
  const r = run(concat(c), THREE);
  assert.equal(r.statuses[0], 'STATUS_REVISION_MISMATCH');
  assert.equal(r.codes[0], 'VER-MAJOR');
});

test('CHANNEL_STATE dropped → MORE, OUT_OF_SEQUENCE (SEQ-GAP), then INVALID_DEVICE_STATE (STATE-FAILED)', () => {
  const c = exampleChunks();
  const b = concat([c[0], c[1], c[3], c[4]]);
  const r = run(b, [
    [0, 272],
    [272, 360],
    [360, 408],
  ]);
  assert.deepEqual(r.statuses, [
    'STATUS_MORE_PROCESSING_REQUIRED',
    'STATUS_REQUEST_OUT_OF_SEQUENCE',
    'STATUS_INVALID_DEVICE_STATE',
  ]);
  assert.deepEqual(r.codes, [undefined, 'SEQ-GAP', 'STATE-FAILED']);
  assert.equal(r.outcome.status, S.STATUS_REQUEST_OUT_OF_SEQUENCE);
});

test('call 1 resent → MORE, OUT_OF_SEQUENCE', () => {
  const b = exampleStream();
  const twice = concat([b.subarray(0, 272), b.subarray(0, 272)]);
  const r = run(twice, [
    [0, 272],
    [272, 544],
  ]);
  assert.deepEqual(r.statuses, ['STATUS_MORE_PROCESSING_REQUIRED', 'STATUS_REQUEST_OUT_OF_SEQUENCE']);
  assert.equal(r.codes[1], 'SEQ-DUPLICATE');
});

test('END twice in call 3 → MORE, MORE, OUT_OF_SEQUENCE (SEQ-AFTER-FINAL); all-or-nothing leaves restore unfinished', () => {
  const c = exampleChunks();
  const end2 = encodeChunk({ type: CHUNK_TYPES.END, sequence: 5, flags: FLAG_FINAL, payload: endPayload(6, 0, 0) });
  const b = concat([...c, end2]);
  const r = run(b, [
    [0, 272],
    [272, 552],
    [552, 648],
  ]);
  assert.deepEqual(r.statuses, [
    'STATUS_MORE_PROCESSING_REQUIRED',
    'STATUS_MORE_PROCESSING_REQUIRED',
    'STATUS_REQUEST_OUT_OF_SEQUENCE',
  ]);
  assert.equal(r.codes[2], 'SEQ-AFTER-FINAL');
  assert.equal(r.calls[2].phase, 'Failed');
});

test('a call after SUCCESS → INVALID_DEVICE_STATE (STATE-DONE), restore stays finished', () => {
  const b = exampleStream();
  const r = run(concat([b, b.subarray(552)]), [...THREE, [600, 648]]);
  assert.deepEqual(r.statuses.slice(2), ['STATUS_SUCCESS', 'STATUS_INVALID_DEVICE_STATE']);
  assert.equal(r.codes[3], 'STATE-DONE');
  assert.equal(r.outcome.status, S.STATUS_SUCCESS);
});

test('stream cut after call 2 → MORE, MORE, then the harness reports EOF-TRUNCATED (STATUS_END_OF_FILE)', () => {
  const r = run(exampleStream().subarray(0, 552), THREE.slice(0, 2));
  assert.deepEqual(r.statuses, ['STATUS_MORE_PROCESSING_REQUIRED', 'STATUS_MORE_PROCESSING_REQUIRED']);
  assert.equal(r.outcome.status, S.STATUS_END_OF_FILE);
  assert.equal(r.outcome.findings[0].code, 'EOF-TRUNCATED');
});

test('argument checks: NULL channel, NULL buffer, size 0 → INVALID_PARAMETER_1/2/3 and no state change', () => {
  const b = exampleStream();
  const nullChannel = new EmulatedChannel({ ...defaultChannelConfig(), handle: 'null' });
  assert.equal(nullChannel.restoreFromBuffer(b, 600).status, S.STATUS_INVALID_PARAMETER_1);
  const ch = new EmulatedChannel(defaultChannelConfig());
  assert.equal(ch.restoreFromBuffer(null, 600).status, S.STATUS_INVALID_PARAMETER_2);
  assert.equal(ch.restoreFromBuffer(b, 0).status, S.STATUS_INVALID_PARAMETER_3);
  assert.equal(ch.phase, 'Idle');
  assert.equal(ch.restoreFromBuffer(b, 600).status, S.STATUS_SUCCESS);
});

test('enabled channel refuses restore (STATE-ENABLED); Disable then restore works; Cleanup clears a failure', () => {
  const b = exampleStream();
  const ch = new EmulatedChannel({ ...defaultChannelConfig(), state: 'Enabled' });
  const r = ch.restoreFromBuffer(b, 600);
  assert.equal(r.status, S.STATUS_INVALID_DEVICE_STATE);
  assert.equal(r.failure!.code, 'STATE-ENABLED');
  assert.equal(ch.operation('Cleanup').ok, false);
  assert.equal(ch.operation('Disable').ok, true);
  const bad = b.slice();
  bad[0] = 0;
  assert.equal(ch.restoreFromBuffer(bad, 600).status, S.STATUS_DATA_ERROR);
  assert.equal(ch.restoreFromBuffer(b, 600).failure!.code, 'STATE-FAILED');
  assert.equal(ch.operation('Cleanup').ok, true);
  assert.equal(ch.restoreFromBuffer(b, 600).status, S.STATUS_SUCCESS);
});

test('BufferSize smaller than the buffer limits what restore sees; larger is SIZE-OVERRUN', () => {
  const b = exampleStream();
  const ch = new EmulatedChannel(defaultChannelConfig());
  assert.equal(ch.restoreFromBuffer(b, 272).status, S.STATUS_MORE_PROCESSING_REQUIRED);
  const ch2 = new EmulatedChannel(defaultChannelConfig());
  const r = ch2.restoreFromBuffer(b.subarray(0, 96), 200);
  assert.equal(r.failure!.code, 'SIZE-OVERRUN');
  assert.equal(r.status, S.STATUS_INVALID_BUFFER_SIZE);
});

test('header CRC, stream CRC, chunk counts, identity and VMBus version are checked', () => {
  const c = exampleChunks();
  const hcrc = c[1].slice();
  hcrc[28] ^= 1;
  assert.equal(run(concat([c[0], hcrc, ...c.slice(2)]), [[0, 600]]).codes[0], 'CRC-HEADER');

  const badStream = encodeChunk({
    type: CHUNK_TYPES.END,
    sequence: 4,
    flags: FLAG_FINAL,
    payload: endPayload(5, 0x12345678),
  });
  const r1 = run(concat([...c.slice(0, 4), badStream]), THREE);
  assert.deepEqual([r1.statuses[2], r1.codes[2]], ['STATUS_CRC_ERROR', 'CRC-STREAM']);

  const badCount = encodeChunk({ type: CHUNK_TYPES.END, sequence: 4, flags: FLAG_FINAL, payload: endPayload(4, 0, 0) });
  assert.deepEqual(run(concat([...c.slice(0, 4), badCount]), THREE).codes[2], 'CONTENT-CHUNKCOUNT');

  const ok = run(exampleStream(), [[0, 600]], {
    interfaceType: IFACE,
    interfaceInstance: INSTANCE,
    subchannelIndex: 0,
  });
  assert.equal(ok.statuses[0], 'STATUS_SUCCESS');
  const id = run(exampleStream(), [[0, 600]], { interfaceInstance: '00000000-0000-0000-0000-000000000001' });
  assert.deepEqual([id.statuses[0], id.codes[0]], ['STATUS_INVALID_PARAMETER', 'CONTENT-IDENTITY']);

  const v = concat([
    encodeChunk({ type: CHUNK_TYPES.BEGIN, sequence: 0, payload: beginPayload(5, 0x00070000) }),
    ...c.slice(1),
  ]);
  assert.deepEqual(run(v, [[0, 600]]).codes[0], 'VER-VMBUS');
  const vid = run(v, [[0, 600]], { profile: 'vid' });
  assert.equal(vid.statuses[0], 'STATUS_VID_SAVED_STATE_INCOMPATIBLE');
});

test('GPADL cross-checks: wrong channel, duplicate id, ring GPADL not Accepted', () => {
  const c = exampleChunks();
  const build = (gpadls: Uint8Array[]) => {
    const chunks = [
      c[0].slice(),
      c[1],
      c[2],
      ...gpadls.map((p, i) => encodeChunk({ type: CHUNK_TYPES.GPADL, sequence: 3 + i, payload: p })),
    ];
    const n = chunks.length + 1;
    chunks[0] = encodeChunk({ type: CHUNK_TYPES.BEGIN, sequence: 0, payload: beginPayload(n) });
    chunks.push(
      encodeChunk({
        type: CHUNK_TYPES.END,
        sequence: n - 1,
        flags: FLAG_FINAL,
        payload: endPayload(n, crc32c(concat(chunks))),
      }),
    );
    const b = concat(chunks);
    return run(b, [[0, b.length]]);
  };
  assert.equal(build([gpadlPayload(0xe001, 18)]).codes[0], 'CONTENT-GPADL-CHANNEL');
  assert.equal(build([gpadlPayload(), gpadlPayload()]).codes[0], 'CONTENT-GPADL-DUP');
  assert.equal(build([gpadlPayload(0xe001, 17, 1)]).codes[0], 'CONTENT-RING-GPADL');
  assert.equal(build([gpadlPayload(0xe002)]).codes[0], 'CONTENT-RING-GPADL');
  assert.equal(build([gpadlPayload(), gpadlPayload(0xe002)]).statuses[0], 'STATUS_SUCCESS');
});

test('order and first-chunk rules: OFFER first → SEQ-FIRST; GPADL before CHANNEL_STATE → SEQ-ORDER', () => {
  const c = exampleChunks();
  const offerFirst = encodeChunk({ type: CHUNK_TYPES.OFFER, sequence: 0, payload: offerPayload() });
  assert.equal(run(offerFirst, [[0, offerFirst.length]]).codes[0], 'SEQ-FIRST');
  const g = encodeChunk({ type: CHUNK_TYPES.GPADL, sequence: 2, payload: gpadlPayload() });
  const b = concat([c[0], c[1], g]);
  assert.equal(run(b, [[0, b.length]]).codes[0], 'SEQ-ORDER');
});

test('unknown mandatory type → NOT_SUPPORTED; unknown optional type is skipped with a warning', () => {
  const c = exampleChunks();
  const mand = encodeChunk({ type: 0x0042, sequence: 2, payload: new Uint8Array(8) });
  assert.deepEqual(run(concat([c[0], c[1], mand]), [[0, 96 + 176 + 40]]).codes[0], 'UNSUP-TYPE');
  const opt = encodeChunk({ type: 0x9000, sequence: 2, payload: new Uint8Array(8) });
  const rest = [
    encodeChunk({ type: CHUNK_TYPES.CHANNEL_STATE, sequence: 3, payload: channelStatePayload() }),
    encodeChunk({ type: CHUNK_TYPES.GPADL, sequence: 4, payload: gpadlPayload() }),
  ];
  const all = [encodeChunk({ type: CHUNK_TYPES.BEGIN, sequence: 0, payload: beginPayload(6) }), c[1], opt, ...rest];
  all.push(
    encodeChunk({ type: CHUNK_TYPES.END, sequence: 5, flags: FLAG_FINAL, payload: endPayload(6, crc32c(concat(all))) }),
  );
  const b = concat(all);
  const r = run(b, [[0, b.length]]);
  assert.equal(r.statuses[0], 'STATUS_SUCCESS');
  assert.equal(r.calls[0].warnings[0].code, 'WARN-OPTIONAL-TYPE');
});

test('PACKET chunks need packet callbacks (STATE-NOCALLBACKS); duplicate TransactionId is CONTENT-TXID-DUP; CONTINUES joins a record', () => {
  const c = exampleChunks();
  const pkt = (seq: number, txid: bigint, flags = 0) => {
    const p = new Uint8Array(16 + 4);
    new DataView(p.buffer).setBigUint64(0, txid, true);
    new DataView(p.buffer).setUint32(8, 4, true);
    return encodeChunk({ type: CHUNK_TYPES.PACKET, sequence: seq, payload: p, flags });
  };
  const withPackets = (pkts: Uint8Array[], channel: Partial<ChannelConfig> = {}) => {
    const n = 4 + pkts.length + 1;
    const all = [
      encodeChunk({ type: CHUNK_TYPES.BEGIN, sequence: 0, payload: beginPayload(n) }),
      c[1],
      c[2],
      c[3],
      ...pkts,
    ];
    all.push(
      encodeChunk({
        type: CHUNK_TYPES.END,
        sequence: n - 1,
        flags: FLAG_FINAL,
        payload: endPayload(n, crc32c(concat(all))),
      }),
    );
    const b = concat(all);
    return run(b, [[0, b.length]], channel);
  };
  assert.equal(withPackets([pkt(4, 1n)]).statuses[0], 'STATUS_SUCCESS');
  assert.equal(withPackets([pkt(4, 1n)], { packetCallbacks: false }).codes[0], 'STATE-NOCALLBACKS');
  assert.equal(withPackets([pkt(4, 1n), pkt(5, 1n)]).codes[0], 'CONTENT-TXID-DUP');
  // A 20-byte PACKET record split in two chunks: 12 bytes flagged CONTINUES, then 8.
  const p = new Uint8Array(20);
  new DataView(p.buffer).setBigUint64(0, 9n, true);
  new DataView(p.buffer).setUint32(8, 4, true);
  const frag1 = encodeChunk({
    type: CHUNK_TYPES.PACKET,
    sequence: 4,
    payload: p.subarray(0, 12),
    flags: FLAG_CONTINUES,
  });
  const frag2 = encodeChunk({ type: CHUNK_TYPES.PACKET, sequence: 5, payload: p.subarray(12) });
  assert.equal(withPackets([frag1, frag2]).statuses[0], 'STATUS_SUCCESS');
  assert.equal(withPackets([frag1]).codes[0], 'SEQ-CONTINUATION');
});

test('resource limits → INSUFFICIENT_RESOURCES (RES-LIMIT)', () => {
  const c = exampleChunks();
  const all = [
    encodeChunk({ type: CHUNK_TYPES.BEGIN, sequence: 0, payload: beginPayload(0) }),
    c[1],
    c[2],
    encodeChunk({ type: CHUNK_TYPES.GPADL, sequence: 3, payload: gpadlPayload(1) }),
    encodeChunk({ type: CHUNK_TYPES.GPADL, sequence: 4, payload: gpadlPayload(2) }),
  ];
  const b = concat(all);
  const r = run(b, [[0, b.length]], { limits: { gpadls: 1 } });
  assert.deepEqual([r.statuses[0], r.codes[0]], ['STATUS_INSUFFICIENT_RESOURCES', 'RES-LIMIT']);
});

test('sequence failures point at the other chunk: the earlier copy, the FINAL chunk, the last restored chunk', () => {
  const b = exampleStream();
  const dup = run(concat([b.subarray(0, 272), b.subarray(0, 272)]), [
    [0, 272],
    [272, 544],
  ]);
  assert.deepEqual(dup.calls[1].failure!.related, [
    { message: 'Sequence 0 was restored here', bytes: { start: 0, end: 32 } },
  ]);
  const c = exampleChunks();
  const end2 = encodeChunk({ type: CHUNK_TYPES.END, sequence: 5, flags: FLAG_FINAL, payload: endPayload(6, 0, 0) });
  const after = run(concat([...c, end2]), [[0, 648]]);
  assert.deepEqual(after.calls[0].failure!.related, [{ message: 'The FINAL chunk', bytes: { start: 552, end: 584 } }]);
  const gap = run(concat([c[0], c[1], c[3], c[4]]), [
    [0, 272],
    [272, 360],
  ]);
  assert.deepEqual(gap.calls[1].failure!.related, [
    { message: 'The last chunk restored (sequence 1)', bytes: { start: 96, end: 128 } },
  ]);
});
