// Framing rules of docs/format.md §2 and §4: a header longer (or shorter) than its version allows,
// bytes that cannot be framed in a binary file, and an empty binary file.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  analyze,
  CHUNK_TYPES,
  crc32c,
  decodeBinary,
  defaultChannelConfig,
  EmulatedChannel,
  encodeChunk,
  FLAG_FINAL,
  headerCrc,
  OFF,
  statusName,
  decodeText,
  disassemble,
  assembleText,
  type Buffering,
  type SavedStateDocument,
} from '../../core/src';
import {
  beginPayload,
  channelStatePayload,
  concat,
  endPayload,
  exampleStream,
  gpadlPayload,
  offerPayload,
} from './helpers/example';
import { DESIGN_EXAMPLE } from './helpers/textForm';

const errors = (doc: SavedStateDocument) => doc.problems.filter((p) => p.severity === 'error').map((p) => p.code);
const statuses = (doc: SavedStateDocument) =>
  analyze(doc).trace.map((t) => (t.kind === 'call' ? statusName(t.status) : t.op));
const M = 'STATUS_MORE_PROCESSING_REQUIRED';

/** The example stream with OFFER's header written as `headerSize` bytes (CRC over them) and version 1.`minor`. */
function streamWithOfferHeader(headerSize: number, minor = 0): Uint8Array {
  const v = { versionMinor: minor };
  const c = [
    encodeChunk({ type: CHUNK_TYPES.BEGIN, sequence: 0, payload: beginPayload(), ...v }),
    encodeChunk({ type: CHUNK_TYPES.OFFER, sequence: 1, payload: offerPayload(), headerSize, ...v }),
    encodeChunk({ type: CHUNK_TYPES.CHANNEL_STATE, sequence: 2, payload: channelStatePayload(), ...v }),
    encodeChunk({ type: CHUNK_TYPES.GPADL, sequence: 3, payload: gpadlPayload(), ...v }),
  ];
  c.push(
    encodeChunk({
      type: CHUNK_TYPES.END,
      sequence: 4,
      flags: FLAG_FINAL,
      payload: endPayload(5, crc32c(concat(c))),
      ...v,
    }),
  );
  return concat(c);
}

test('a 1.0 header of HeaderSize 40: CRC over its 40 bytes, framed as 40 bytes, one FRAME-HSIZE and nothing else', () => {
  const b = streamWithOfferHeader(40);
  const doc = decodeBinary(b);
  assert.deepEqual(errors(doc), ['FRAME-HSIZE']);
  const offer = doc.chunks[1];
  assert.deepEqual(offer.headerBytes, { start: 96, end: 136 });
  assert.deepEqual(offer.bytes, { start: 96, end: 96 + 40 + 144 });
  assert.deepEqual(
    doc.chunks.map((c) => c.typeName),
    ['BEGIN', 'OFFER', 'CHANNEL_STATE', 'GPADL', 'END'],
    'the next chunk is found after the 40-byte header',
  );
  assert.equal(offer.computedHeaderCrc, offer.header!.headerCrc);
  assert.deepEqual(statuses(doc), [
    M,
    'STATUS_DATA_ERROR',
    'STATUS_INVALID_DEVICE_STATE',
    'STATUS_INVALID_DEVICE_STATE',
    'STATUS_INVALID_DEVICE_STATE',
  ]);
  const call2 = analyze(doc).trace[1];
  assert.equal(call2.kind === 'call' && call2.failure?.code, 'FRAME-HSIZE');
});

test('the emulator reports the same first failure, FRAME-HSIZE, for 1.0 with 40 and 1.1 with 36', () => {
  for (const [size, minor] of [
    [40, 0],
    [36, 1],
    [16, 0],
    [48, 0],
  ] as const) {
    const b = streamWithOfferHeader(size, minor);
    const ch = new EmulatedChannel(defaultChannelConfig());
    const first = ch.restoreFromBuffer(b.subarray(0, 96), 96);
    assert.equal(statusName(first.status), M, `${size}/${minor}: BEGIN`);
    const span = Math.max(size, 32) + 144;
    const r = ch.restoreFromBuffer(b.subarray(96, 96 + span), span, 96);
    assert.equal(r.failure?.code, 'FRAME-HSIZE', `HeaderSize ${size} in 1.${minor}`);
    assert.deepEqual(errors(decodeBinary(b)), ['FRAME-HSIZE'], `decoder, HeaderSize ${size} in 1.${minor}`);
  }
});

test('a 1.1 header of HeaderSize 40 is valid; one the buffer cuts short is SIZE-HEADER', () => {
  const b = streamWithOfferHeader(40, 1);
  const doc = decodeBinary(b);
  assert.deepEqual(errors(doc), []);
  assert.deepEqual(statuses(doc), [M, M, M, M, 'STATUS_SUCCESS']);
  const cut = decodeBinary(b.subarray(0, 96 + 36));
  assert.deepEqual(errors(cut), ['SIZE-HEADER']);
  assert.deepEqual(statuses(cut), [M, 'STATUS_INVALID_BUFFER_SIZE']);
});

test('an invalid HeaderSize whose bytes are not all there: CRC over the 32 bytes present, then FRAME-HSIZE', () => {
  const chunk = encodeChunk({ type: CHUNK_TYPES.BEGIN, sequence: 0, payload: new Uint8Array(0), headerSize: 200 });
  const b = chunk.subarray(0, 40);
  const dv = new DataView(b.buffer, b.byteOffset);
  dv.setUint32(OFF.headerCrc, headerCrc(b, 0, 32), true);
  const ch = new EmulatedChannel(defaultChannelConfig());
  assert.equal(ch.restoreFromBuffer(b, 40).failure?.code, 'FRAME-HSIZE');
  assert.equal(errors(decodeBinary(b))[0], 'FRAME-HSIZE');
});

test('text form: `.chunk … hsize=40` decodes to exactly one FRAME-HSIZE; `version=1.1 hsize=40` in a 1.1 stream to none', () => {
  const bad = decodeText(
    DESIGN_EXAMPLE.replace('.chunk OFFER', '.chunk OFFER hsize=40').replace(
      '.expect STATUS_MORE_PROCESSING_REQUIRED',
      '.expect STATUS_DATA_ERROR diag=FRAME-HSIZE',
    ),
  );
  assert.deepEqual(errors(bad), ['FRAME-HSIZE']);
  assert.equal(bad.chunks[1].bytes.end - bad.chunks[1].bytes.start, 40 + 144);
  const good = decodeText(
    DESIGN_EXAMPLE.replace('.stream version=1.0', '.stream version=1.1').replace(
      '.chunk OFFER',
      '.chunk OFFER version=1.1 hsize=40',
    ),
  );
  assert.deepEqual(errors(good), []);
  assert.equal(analyze(good).outcome.status, 0);
});

test('disassembly reproduces streams with long, short and odd HeaderSizes byte for byte', () => {
  for (const [size, minor] of [
    [40, 0],
    [36, 1],
    [40, 1],
    [16, 0],
    [255, 0],
  ] as const) {
    const b = streamWithOfferHeader(size, minor);
    const text = disassemble(b);
    assert.match(
      text,
      new RegExp(`\\.chunk OFFER[^\\n]* hsize=${size}\\b`),
      `HeaderSize ${size} is a .chunk option, not .raw`,
    );
    const back = assembleText(text);
    assert.deepEqual(back.problems, []);
    assert.deepEqual(Buffer.from(back.bytes).equals(Buffer.from(b)), true, `HeaderSize ${size} in 1.${minor}`);
  }
});

// ---- binary files: bytes that cannot be framed ----

/** BEGIN, then 40 junk bytes, then the rest of the example. */
function junkAfterBegin(): Uint8Array {
  const g = exampleStream();
  return concat([g.subarray(0, 96), new Uint8Array(40).fill(0xee), g.subarray(96)]);
}

const cuts = (doc: SavedStateDocument) => doc.calls.map((c) => [c.bytes.start, c.bytes.end]);

test('--buffering chunk: bad magic begins a call that runs to the end; the calls before are unaffected', () => {
  const doc = decodeBinary(junkAfterBegin());
  assert.deepEqual(cuts(doc), [
    [0, 96],
    [96, 640],
  ]);
  assert.deepEqual(statuses(doc), [M, 'STATUS_DATA_ERROR']);
  const a = analyze(doc);
  assert.equal(a.trace[1].kind === 'call' && a.trace[1].failure?.code, 'FRAME-MAGIC');
});

test('--buffering N: the same rule; whole chunks before the bad bytes are packed as before', () => {
  const g = exampleStream();
  const b = concat([g.subarray(0, 272), new Uint8Array(16).fill(0x11), g.subarray(272)]);
  const doc = decodeBinary(b, { buffering: { size: 4096 } });
  assert.deepEqual(cuts(doc), [
    [0, 272],
    [272, 616],
  ]);
  assert.deepEqual(statuses(doc), [M, 'STATUS_DATA_ERROR']);
  const small = decodeBinary(junkAfterBegin(), { buffering: { size: 100 } });
  assert.deepEqual(
    cuts(small),
    [
      [0, 96],
      [96, 640],
    ],
    'the last call may exceed N: it holds everything after the bad bytes',
  );
});

test('a header cut short begins a call of its own under chunk and N buffering', () => {
  const g = exampleStream();
  const b = g.subarray(0, 552 + 20);
  for (const buffering of ['chunk', { size: 4096 }] as Buffering[]) {
    const doc = decodeBinary(b, { buffering });
    assert.deepEqual(doc.calls[doc.calls.length - 1].bytes, { start: 552, end: 572 }, JSON.stringify(buffering));
    assert.equal(statuses(doc).at(-1), 'STATUS_INVALID_BUFFER_SIZE');
    assert.equal(statuses(doc).at(-2), M);
  }
});

test('junk before the first chunk makes one call of the whole file under every buffering', () => {
  const b = concat([new Uint8Array(8).fill(0xee), exampleStream()]);
  for (const buffering of ['chunk', 'whole', { size: 280 }] as Buffering[]) {
    const doc = decodeBinary(b, { buffering });
    assert.deepEqual(cuts(doc), [[0, 608]], JSON.stringify(buffering));
    assert.deepEqual(statuses(doc), ['STATUS_DATA_ERROR']);
  }
});

test('an empty binary input holds no call under every buffering: EOF-TRUNCATED, STATUS_END_OF_FILE', () => {
  for (const buffering of ['chunk', 'whole', { size: 64 }] as Buffering[]) {
    const doc = decodeBinary(new Uint8Array(0), { buffering });
    assert.equal(doc.calls.length, 0, JSON.stringify(buffering));
    const a = analyze(doc);
    assert.equal(statusName(a.outcome.status), 'STATUS_END_OF_FILE');
    assert.deepEqual(
      a.problems.map((p) => p.code),
      ['EOF-TRUNCATED'],
    );
  }
});

test('disassembly of unframable bytes keeps the calls and the bytes', () => {
  for (const buffering of ['chunk', { size: 100 }] as Buffering[]) {
    const b = junkAfterBegin();
    const text = disassemble(b, { buffering });
    const back = decodeText(text);
    assert.deepEqual(
      back.problems.filter((p) => p.code.startsWith('TEXT-')),
      [],
    );
    assert.ok(Buffer.from(back.bytes).equals(Buffer.from(b)));
    assert.deepEqual(cuts(back), cuts(decodeBinary(b, { buffering })));
  }
});
