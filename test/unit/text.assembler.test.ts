// The .vmbhex assembler: the design's golden example, every literal and every directive.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  CHUNK_TYPES,
  crc32c,
  encodeChunk,
  FLAG_FINAL,
  readHeader,
  STATUS,
  assembleText,
  type AssembledText,
} from '../../core/src';
import { exampleStream } from './helpers/example';
import { DESIGN_EXAMPLE, hex, rng } from './helpers/textForm';

const SAMPLE = readFileSync(join(__dirname, '..', '..', '..', 'samples', 'good.vmbhex'), 'utf8');

function clean(text: string): AssembledText {
  const a = assembleText(text);
  assert.deepEqual(
    a.problems,
    [],
    `unexpected problems: ${a.problems.map((p) => `${p.code} ${rng(p.text)} ${p.message}`).join('; ')}`,
  );
  return a;
}

/** Bytes of a `.raw` block holding one field line. */
function raw(line: string): string {
  return hex(clean(`.raw\n${line}\n.endraw\n`).bytes);
}

test('design §7 example: 600 bytes, chunk sizes, call offsets, golden CRCs and first header bytes', () => {
  for (const text of [DESIGN_EXAMPLE, SAMPLE]) {
    const a = clean(text);
    assert.equal(a.bytes.length, 600);
    assert.deepEqual(
      a.chunks.map((c) => c.bytes.end - c.bytes.start),
      [96, 176, 192, 88, 48],
    );
    assert.deepEqual(
      a.calls.map((c) => c.bytes.start),
      [0, 272, 552],
    );
    assert.deepEqual(
      a.calls.map((c) => c.bytes.end),
      [272, 552, 600],
    );
    const headers = a.chunks.map((c) => readHeader(a.bytes, c.bytes.start));
    assert.deepEqual(
      headers.map((h) => h.headerCrc),
      [0xd0add70d, 0xfbfe3e15, 0x2637372f, 0x0d78530e, 0xa4bca882],
    );
    assert.deepEqual(
      headers.map((h) => h.payloadCrc),
      [0x09a238f0, 0xd95df84a, 0x9286d166, 0x8ba415c1, 0x64d103b9],
    );
    assert.deepEqual(
      headers.map((h) => h.sequence),
      [0, 1, 2, 3, 4],
    );
    assert.deepEqual(
      headers.map((h) => h.flags),
      [0, 0, 0, 0, FLAG_FINAL],
    );
    const dv = new DataView(a.bytes.buffer, a.bytes.byteOffset);
    assert.equal(dv.getUint32(552 + 32 + 8, true), 0xd2ba1a25);
    assert.equal(crc32c(a.bytes, 0, 552), 0xd2ba1a25);
    assert.equal(hex(a.bytes.subarray(0, 32)), '5642534320010000010000000000000040000000f038a209000000000dd7add0');
    // The independent encoder in helpers/example.ts builds the same stream.
    assert.deepEqual(a.bytes, exampleStream());
    assert.deepEqual(
      a.calls.map((c) => c.expect?.status),
      [STATUS.STATUS_MORE_PROCESSING_REQUIRED, STATUS.STATUS_MORE_PROCESSING_REQUIRED, STATUS.STATUS_SUCCESS],
    );
    assert.deepEqual(a.steps, [
      { kind: 'call', call: 0 },
      { kind: 'call', call: 1 },
      { kind: 'call', call: 2 },
    ]);
    assert.deepEqual(a.stream, { versionMajor: 1, versionMinor: 0, maxPayload: 0x10000 });
    assert.deepEqual(
      a.chunks.map((c) => c.type),
      [1, 2, 3, 4, 0x7fff],
    );
  }
});

test('the sample keeps the design example exactly: same bytes, calls, expectations', () => {
  const a = clean(DESIGN_EXAMPLE);
  const b = clean(SAMPLE);
  assert.deepEqual(b.bytes, a.bytes);
  assert.deepEqual(
    b.calls.map((c) => [c.bytes, c.expect?.status, c.bufferNull, c.size]),
    a.calls.map((c) => [c.bytes, c.expect?.status, c.bufferNull, c.size]),
  );
  assert.deepEqual(b.channel, a.channel);
});

test('source map: gap-free, byte-ordered, labels from the text, chunk text ranges', () => {
  const a = clean(DESIGN_EXAMPLE);
  let at = 0;
  for (const s of a.sourceMap) {
    assert.equal(s.bytes.start, at);
    assert.ok(s.bytes.end > s.bytes.start);
    at = s.bytes.end;
  }
  assert.equal(at, 600);
  const seg = (byte: number) => a.sourceMap.find((s) => s.bytes.start <= byte && byte < s.bytes.end)!;
  assert.equal(seg(0).label, 'Magic');
  assert.equal(rng(seg(0).text), '2:0-2:12'); // the whole .chunk BEGIN line
  assert.equal(rng(seg(8).text), '2:7-2:12'); // Type ← the TYPE token
  assert.equal(seg(32).label, 'InterfaceType');
  assert.equal(rng(seg(32).text), '3:17-3:60');
  assert.equal(seg(552 + 10).label, 'Flags');
  assert.equal(rng(seg(552 + 10).text), '31:11-31:22'); // flags=FINAL
  const crc = seg(552 + 32 + 8);
  assert.equal(crc.label, 'StreamCrc32c');
  assert.equal(rng(crc.text), '32:52-32:60');
  assert.equal(seg(272 + 32 + 5).label, 'Reserved'); // `Reserved: u8:0 u32:0`: both literals labelled
  assert.equal(seg(272 + 32 + 4).label, 'Reserved');
  assert.deepEqual(
    a.chunks.map((c) => rng(c.directive)),
    ['2:0-2:12', '10:0-10:12', '17:0-17:20', '23:0-23:12', '31:0-31:22'],
  );
  assert.deepEqual(
    a.chunks.map((c) => rng(c.text)),
    ['2:0-9:4', '10:0-14:4', '17:0-22:4', '23:0-28:4', '31:0-33:4'],
  );
  assert.deepEqual(
    a.calls.map((c) => rng(c.text)),
    ['1:0-15:39', '16:0-29:39', '30:0-34:22'],
  );
});

test('integer literals: widths, byte order, signed, decimal and hex, limits', () => {
  assert.equal(raw('u8:0 u8:255 u8:0xff u8:0x7'), '00ffff07');
  assert.equal(raw('u16:0x1234 u16:65535'), '3412ffff');
  assert.equal(raw('u32:0x12345678 u32:4294967295'), '78563412ffffffff');
  assert.equal(raw('u64:0x0102030405060708 u64:18446744073709551615'), '0807060504030201ffffffffffffffff');
  assert.equal(raw('i8:-1 i8:-128 i8:127 i8:0x80'), 'ff807f80');
  assert.equal(raw('i16:-2 i32:-1 i64:-9223372036854775808'), 'feffffffffff0000000000000080');
  assert.equal(raw('be16:0x1234 be32:0x12345678 be64:1'), '1234123456780000000000000001');
  assert.equal(raw('u32:-0'), '00000000');
});

test('byte literals: hex in any grouping, guid, zero, fill, utf8 and utf16 with escapes', () => {
  assert.equal(raw('56 42 53 43'), '56425343');
  assert.equal(raw('56425343 2001  0000'), '5642534320010000');
  assert.equal(raw('AbCdEf'), 'abcdef');
  assert.equal(raw('guid:{ba6163d9-04a1-4d29-b605-72e2ffb1dc7f}'), 'd96361baa104294db60572e2ffb1dc7f');
  assert.equal(raw('guid:ba6163d9-04a1-4d29-b605-72e2ffb1dc7f'), 'd96361baa104294db60572e2ffb1dc7f');
  assert.equal(raw('zero:3 zero:0 zero:0x2'), '0000000000');
  assert.equal(raw('fill:3:0xAA fill:2:7 fill:0:1'), 'aaaaaa0707');
  assert.equal(raw('utf8:"hé"'), '68c3a9');
  assert.equal(raw('utf8:"a b # c // d"'), '61206220232063202f2f2064');
  assert.equal(raw('utf8:"\\"\\\\\\/\\b\\f\\n\\r\\t\\u0041"'), '225c2f080c0a0d0941');
  assert.equal(raw('utf8:""'), '');
  assert.equal(raw('utf16:"A€"'), '4100ac20');
  assert.equal(raw('utf16:"\\ud83d\\ude00"'), '3dd800de');
  assert.equal(raw('utf16:"\\udc00"'), '00dc'); // a lone surrogate is kept as is
});

test('comments: # and // to end of line, not inside strings; blank lines and CRLF', () => {
  const a = clean(
    '# header\r\n.raw   // open\r\n  01 02 # two bytes\r\n  // nothing\r\n  utf8:"#//"   #x\r\n\r\n.endraw\r\n',
  );
  assert.equal(hex(a.bytes), '0102232f2f');
  assert.equal(rng(a.sourceMap[1].text), '4:2-4:12');
  assert.equal(hex(clean('.raw\r01\r.endraw').bytes), '01');
});

test('labels: several per line, carried to unlabelled lines of the same block, reset per block', () => {
  const a = clean('.raw\n  A: 01 02  B: u8:3\n  04 05\n  C:\n  06\n.endraw\n.raw\n  07\n.endraw\n');
  assert.deepEqual(
    a.sourceMap.map((s) => [hex(a.bytes.subarray(s.bytes.start, s.bytes.end)), s.label]),
    [
      ['0102', 'A'],
      ['03', 'B'],
      ['0405', 'B'],
      ['06', 'C'],
      ['07', undefined],
    ],
  );
});

test('.chunk header options: explicit values written as given, the rest computed', () => {
  const payload = Uint8Array.from([1, 2, 3]);
  const a = clean(
    '.chunk 0x8001 seq=7 flags=CONTINUES|0x100 len=9 crc=0x11223344 hcrc=0xAABBCCDD magic=0x12345678 version=1.2 hsize=40 pad=0xEE reserved0=5 reserved1=0x66\n 01 02 03\n.end\n',
  );
  const want = encodeChunk({
    type: 0x8001,
    payload,
    sequence: 7,
    flags: 0x102,
    payloadLength: 9,
    payloadCrc: 0x11223344,
    headerCrc: 0xaabbccdd,
    magic: 0x12345678,
    versionMajor: 1,
    versionMinor: 2,
    headerSize: 40,
    padByte: 0xee,
    reserved0: 5,
    reserved1: 0x66,
  });
  assert.deepEqual(a.bytes, want);
  assert.equal(a.bytes.length, 48);
  // Defaults: computed CRCs and length, version from .stream, FINAL on END only.
  const b = clean('.chunk NOTE\n utf8:"hi"\n.end\n.chunk end\n zero:16\n.end\n');
  assert.deepEqual(
    b.bytes.subarray(0, 40),
    encodeChunk({ type: CHUNK_TYPES.NOTE, sequence: 0, payload: Uint8Array.from([0x68, 0x69]) }),
  );
  assert.deepEqual(
    b.bytes.subarray(40),
    encodeChunk({ type: CHUNK_TYPES.END, sequence: 1, flags: FLAG_FINAL, payload: new Uint8Array(16) }),
  );
  const c = clean(
    '.stream version=1.3\n.chunk NOTE\n.end\n.chunk NOTE version=1.0 flags=0 seq=9\n.end\n.chunk RING\n.end\n.chunk END flags=none\n.end\n',
  );
  const hs = c.chunks.map((x) => readHeader(c.bytes, x.bytes.start));
  assert.deepEqual(
    hs.map((h) => [h.versionMajor, h.versionMinor, h.sequence, h.flags]),
    [
      [1, 3, 0, 0],
      [1, 0, 9, 0],
      [1, 3, 10, 0],
      [1, 3, 11, 0],
    ],
  );
  assert.equal(hs[2].type, CHUNK_TYPES.RING);
  assert.deepEqual(c.stream, { versionMajor: 1, versionMinor: 3, maxPayload: 0x10000 });
});

test('auto: ChunkCount counts .chunk blocks, StreamCrc32c covers the bytes before END, RangeBufferWords the payload after it', () => {
  const text = `.chunk BEGIN\n ChunkCount: u32:auto\n.end\n.raw\n 01 02 03\n.endraw\n.chunk GPADL\n RangeBufferWords: u32:auto zero:24\n.end\n.chunk END\n ChunkCount: u32:auto  StreamCrc32c: u32:auto\n.end\n`;
  const a = clean(text);
  const dv = new DataView(a.bytes.buffer, a.bytes.byteOffset);
  assert.equal(dv.getUint32(32, true), 3);
  assert.equal(dv.getUint32(40 + 3 + 32, true), 3);
  const end = a.chunks[2].bytes.start;
  assert.equal(dv.getUint32(end + 32, true), 3);
  assert.equal(dv.getUint32(end + 36, true), crc32c(a.bytes, 0, end));
  // Labels persist across lines, so a label alone on a line may carry auto below it.
  assert.equal(new DataView(clean('.chunk END\n ChunkCount:\n  u8:auto\n.end\n').bytes.buffer).getUint8(32), 1);
  // Other integer types work too.
  assert.equal(hex(clean('.chunk GPADL\n RangeBufferWords: be16:auto zero:16\n.end\n').bytes.subarray(32, 34)), '0002');
});

test('calls: .call opens a buffer until .call, .op or end; blocks outside any .call are calls of their own', () => {
  const a = clean(`.chunk NOTE
.end
.raw
 01
.endraw
.call buffer=null size=0x100
.chunk NOTE
.end
.raw
 02
.endraw
.expect STATUS_INVALID_PARAMETER_2 diag=ARG-BUFFER
.op Enable
.chunk NOTE
.end
.expect 0xC0000184
.call
.op disable
.call size=0
`);
  assert.deepEqual(
    a.calls.map((c) => [c.bytes.start, c.bytes.end, c.bufferNull ?? false, c.size]),
    [
      [0, 32, false, undefined],
      [32, 33, false, undefined],
      [33, 66, true, 0x100],
      [66, 98, false, undefined],
      [98, 98, false, undefined],
      [98, 98, false, 0],
    ],
  );
  assert.deepEqual(a.steps, [
    { kind: 'call', call: 0 },
    { kind: 'call', call: 1 },
    { kind: 'call', call: 2 },
    { kind: 'op', op: 'Enable', text: { start: { line: 12, character: 0 }, end: { line: 12, character: 10 } } },
    { kind: 'call', call: 3 },
    { kind: 'call', call: 4 },
    { kind: 'op', op: 'Disable', text: { start: { line: 17, character: 0 }, end: { line: 17, character: 11 } } },
    { kind: 'call', call: 5 },
  ]);
  assert.deepEqual(a.calls[2].expect, {
    status: STATUS.STATUS_INVALID_PARAMETER_2,
    diag: 'ARG-BUFFER',
    text: { start: { line: 11, character: 0 }, end: { line: 11, character: 50 } },
  });
  assert.equal(a.calls[3].expect?.status, 0xc0000184);
  assert.equal(rng(a.calls[2].text), '5:0-11:50');
  assert.equal(rng(a.calls[3].text), '13:0-15:18');
});

test('.truncate drops the tail of the current or previous call; later blocks continue after it', () => {
  const a = clean(
    '.call\n.chunk NOTE\n utf8:"abcdefgh"\n.end\n.truncate 8\n.raw\n 01\n.endraw\n.op Start\n.truncate 1\n.chunk NOTE\n.end\n.truncate 0\n',
  );
  assert.equal(a.bytes.length, 32 + 32);
  assert.deepEqual(
    a.calls.map((c) => c.bytes),
    [
      { start: 0, end: 32 },
      { start: 32, end: 64 },
    ],
  );
  assert.deepEqual(
    a.chunks.map((c) => c.bytes),
    [
      { start: 0, end: 32 },
      { start: 32, end: 64 },
    ],
  );
  assert.equal(a.sourceMap[a.sourceMap.length - 1].bytes.end, 64);
  const last = a.sourceMap.filter((s) => s.bytes.end <= 32);
  assert.equal(last[last.length - 1].bytes.end, 32);
  // A partial chunk: the call ends 8 bytes into the payload.
  const p = clean('.chunk OFFER\n zero:140\n.end\n.truncate 0x70\n');
  assert.equal(p.bytes.length, 176 - 0x70);
  assert.equal(readHeader(p.bytes, 0).payloadLength, 140);
});

test('.stream and .channel settings', () => {
  const a = clean(`.stream version=1.1 maxpayload=4096
.channel state=enabled interface={BA6163D9-04A1-4D29-B605-72E2FFB1DC7F} instance=11111111-2222-3333-4444-555555555555 subchannel=3
.channel packetCallbacks=no handle=null profile=VID maxGpadls=2 maxPackets=0x10 maxMessages=0
.channel maxGpadls=3
`);
  assert.deepEqual(a.stream, { versionMajor: 1, versionMinor: 1, maxPayload: 4096 });
  assert.deepEqual(a.channel, {
    state: 'Enabled',
    handle: 'null',
    packetCallbacks: false,
    profile: 'vid',
    interfaceType: 'ba6163d9-04a1-4d29-b605-72e2ffb1dc7f',
    interfaceInstance: '11111111-2222-3333-4444-555555555555',
    subchannelIndex: 3,
    limits: { gpadls: 3, packets: 16, messages: 0 },
  });
  assert.deepEqual(clean('').channel, {
    state: 'Disabled',
    handle: 'valid',
    packetCallbacks: true,
    profile: 'default',
  });
});

test('.expect-end and status spellings', () => {
  const a = clean('.chunk NOTE\n.end\n.expect status_success\n.expect-end STATUS_END_OF_FILE diag=eof-truncated\n');
  assert.equal(a.calls[0].expect?.status, 0);
  assert.deepEqual(a.expectEnd, {
    status: STATUS.STATUS_END_OF_FILE,
    diag: 'EOF-TRUNCATED',
    text: { start: { line: 3, character: 0 }, end: { line: 3, character: 49 } },
  });
  assert.equal(clean('.expect-end 0x1\n').expectEnd?.status, 1);
});

test('empty and comment-only texts assemble to nothing', () => {
  for (const t of ['', '\n\n', '# only a comment', '\ufeff# BOM first']) {
    const a = clean(t);
    assert.equal(a.bytes.length, 0);
    assert.deepEqual(a.calls, []);
  }
});
