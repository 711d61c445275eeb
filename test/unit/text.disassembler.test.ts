// The disassembler's canonical text: exact output for the design example, header options only
// where stored ≠ computed (with notes), `auto` only where it reproduces the stored value,
// `.raw` for whatever a `.chunk` block cannot reproduce, and call grouping.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CHUNK_TYPES, crc32c, encodeChunk, FLAG_FINAL, assembleText, disassemble } from '../../core/src';
import { beginPayload, concat, endPayload, exampleChunks, exampleStream, gpadlPayload } from './helpers/example';

/** disassemble(exampleStream(), { buffering: { size: 300 } }), character for character. */
const GOLDEN = `# vmbstate hex-annotated text (.vmbhex), disassembled from 600 bytes: 5 chunk block(s), 0 raw block(s), 3 restore call(s).
# Assembling this text gives back the same bytes. Header options appear only where a stored value differs from the computed one.
.stream version=1.0 maxpayload=0x10000

.call  # call 1 @ 0x00000000, 272 bytes
# chunk 1 @ 0x00000000, 96 bytes
.chunk BEGIN
  InterfaceType: guid:{ba6163d9-04a1-4d29-b605-72e2ffb1dc7f}
  InterfaceInstance: guid:{11111111-2222-3333-4444-555555555555}
  SubchannelIndex: u16:0
  Reserved: u16:0
  VmbusVersion: u32:0x50000  # 5.0 (Windows 10 RS3.1)
  FeatureFlags: u32:0
  ChunkCount: u32:auto  # = 5
  MaxPayloadLength: u32:0x10000
  Reserved: u32:0
  CreationTime: u64:0  # FILETIME
.end
# chunk 2 @ 0x00000060, 176 bytes
.chunk OFFER
  ChannelId: u32:17
  ConnectionId: u32:17
  MonitorId: u8:255  # none
  MonitorAllocated: u8:0  # no
  IsDedicated: u16:0
  OfferFlags: u16:0
  MmioMegabytes: u16:0
  MmioMegabytesOptional: u16:0
  Reserved: u16:0
  UserDefined: zero:120
.end

.call  # call 2 @ 0x00000110, 280 bytes
# chunk 3 @ 0x00000110, 192 bytes
.chunk CHANNEL_STATE
  State: u8:2  # Open
  HasOpenParams: u8:1  # yes
  HasReopenParams: u8:0  # no
  Reserved: u8:0
  Reserved: u32:0
  # OpenParams
    OpenId: u32:1
    RingGpadlId: u32:0xE001
    TargetVp: u32:0
    DownstreamPageOffset: u32:2
    OpenFlags: u16:0
    EventFlag: u16:0
    GuestConnectionId: u32:0
    HasGuestSignal: u8:0  # no
    Reserved: zero:7
    UserData: zero:120
.end
# chunk 4 @ 0x000001D0, 88 bytes
.chunk GPADL
  GpadlId: u32:0xE001
  ChannelId: u32:17
  State: u8:2  # Accepted
  Reserved: u8:0
  RangeCount: u16:1
  RangeBufferWords: u32:auto  # = 5
  # Range0
    ByteCount: u32:0x4000
    ByteOffset: u32:0
    Pfn0: u64:0x1000
    Pfn1: u64:0x1001
    Pfn2: u64:0x1002
    Pfn3: u64:0x1003
.end

.call  # call 3 @ 0x00000228, 48 bytes
# chunk 5 @ 0x00000228, 48 bytes
.chunk END
  ChunkCount: u32:auto  # = 5
  EndFlags: u32:1
  StreamCrc32c: u32:auto  # = 0xD2BA1A25
  Reserved: u32:0
.end
`;

function lines(text: string): string[] {
  return text.split('\n');
}

function same(bin: Uint8Array, text: string): void {
  const a = assembleText(text);
  assert.deepEqual(a.problems, []);
  assert.deepEqual(a.bytes, bin);
}

test('canonical text of the design example (3 calls of ≤ 300 bytes)', () => {
  const bin = exampleStream();
  const text = disassemble(bin, { buffering: { size: 300 } });
  assert.equal(text, GOLDEN);
  same(bin, text);
  assert.deepEqual(
    assembleText(text).calls.map((c) => c.bytes.start),
    [0, 272, 552],
  );
});

test('call grouping: one chunk per call needs no .call; whole file is one .call', () => {
  const bin = exampleStream();
  const perChunk = disassemble(bin);
  assert.equal(lines(perChunk).filter((l) => l.startsWith('.call')).length, 0);
  assert.equal(assembleText(perChunk).calls.length, 5);
  // Same blocks as the golden text, only without the .call lines.
  const body = (t: string) =>
    lines(t)
      .slice(1)
      .filter((x) => x !== '' && !x.startsWith('.call'));
  assert.deepEqual(body(perChunk), body(GOLDEN));
  const whole = disassemble(bin, { buffering: 'whole' });
  assert.deepEqual(
    lines(whole).filter((l) => l.startsWith('.call')),
    ['.call  # call 1 @ 0x00000000, 600 bytes'],
  );
  same(bin, whole);
});

test('auto only where it reproduces the stored value; otherwise the value and the computed one', () => {
  const c = exampleChunks();
  c[0] = encodeChunk({ type: CHUNK_TYPES.BEGIN, sequence: 0, payload: beginPayload(9) });
  c[3] = encodeChunk({
    type: CHUNK_TYPES.GPADL,
    sequence: 3,
    payload: (() => {
      const p = gpadlPayload();
      p[12] = 4;
      return p;
    })(),
  });
  c[4] = encodeChunk({ type: CHUNK_TYPES.END, sequence: 4, flags: FLAG_FINAL, payload: endPayload(5, 0x1234) });
  const bin = concat(c);
  const text = disassemble(bin);
  const l = lines(text);
  assert.ok(l.includes('  ChunkCount: u32:9  # computed 5'));
  assert.ok(l.includes('  RangeBufferWords: u32:4  # computed 5'));
  assert.ok(l.includes('  ChunkCount: u32:auto  # = 5'));
  assert.ok(l.includes(`  StreamCrc32c: u32:0x1234  # computed 0x${crc32c(bin, 0, 552).toString(16).toUpperCase()}`));
  same(bin, text);
});

test('header options appear only where stored ≠ computed, each with its computed value', () => {
  const note = encodeChunk({
    type: CHUNK_TYPES.NOTE,
    sequence: 5,
    payload: new TextEncoder().encode('hi'),
    padByte: 0xaa,
    headerCrc: 1,
    payloadCrc: 9,
    magic: 0x43534256,
    flags: 0x103,
    reserved0: 2,
    reserved1: 7,
    versionMinor: 1,
  });
  const small = encodeChunk({
    type: CHUNK_TYPES.NOTE,
    sequence: 6,
    payload: new Uint8Array(0),
    headerSize: 16,
    versionMinor: 1,
  });
  const unknown = encodeChunk({ type: 0x4321, sequence: 9, payload: Uint8Array.of(1, 2, 3), versionMinor: 2 });
  const bin = concat([note, small, unknown]);
  const l = lines(disassemble(bin));
  assert.ok(l.includes('.stream version=1.1 maxpayload=0x10000'));
  assert.ok(
    l.includes(
      '.chunk NOTE seq=5 flags=0x0103 crc=0x00000009 hcrc=0x00000001 pad=0xAA reserved0=2 reserved1=7  # computed seq=0 flags=0 crc=0xF59DD9C2 hcrc=0x07B7E3B1 pad=0x00 reserved0=0 reserved1=0',
    ),
    l.join('\n'),
  );
  assert.ok(l.includes('.chunk NOTE hsize=16  # computed hsize=32'));
  assert.ok(l.includes('.chunk 0x4321 seq=9 version=1.2  # computed seq=7 version=1.1'));
  assert.ok(l.includes('  Fragment: 68 69  # record fragment (CONTINUES)'));
  assert.ok(l.includes('  Data: 01 02 03  # unknown chunk type: raw bytes'));
  same(bin, disassemble(bin));
});

test('what a .chunk block cannot reproduce becomes .raw with offsets: junk, partial chunks, header extensions, uneven padding', () => {
  const good = exampleChunks();
  const ext = encodeChunk({
    type: CHUNK_TYPES.NOTE,
    sequence: 5,
    payload: Uint8Array.of(1),
    headerSize: 40,
    versionMinor: 1,
  });
  ext[33] = 7; // a non-zero header extension byte
  const pad = encodeChunk({ type: CHUNK_TYPES.NOTE, sequence: 6, payload: Uint8Array.of(1) });
  pad[39] = 9; // padding 00 .. 00 09
  const junk = Uint8Array.of(0xde, 0xad, 0xbe, 0xef);
  const bin = concat([good[0], ext, pad, junk, good[1].subarray(0, 100)]);
  const text = disassemble(bin, { buffering: 'whole' });
  const l = lines(text);
  assert.ok(l.includes('# raw @ 0x00000060, 48 bytes: NOTE chunk whose header extension is not zero'), text);
  assert.ok(l.includes('# raw @ 0x00000090, 40 bytes: NOTE chunk with uneven padding bytes'), text);
  assert.ok(
    l.some((x) => /^# raw @ 0x000000B8, 104 bytes: /.test(x)),
    text,
  );
  assert.ok(l.includes('  de ad be ef 56 42 53 43 20 01 00 00 02 00 00 00  # 0x000000B8'), text);
  assert.ok(l.includes('  00 00 00 00 00 00 00 00                          # 0x00000118'), text);
  same(bin, text);
  const partial = disassemble(good[1].subarray(0, 100));
  assert.ok(
    lines(partial).includes('# raw @ 0x00000000, 100 bytes: partial OFFER chunk: the buffer ends inside it'),
    partial,
  );
  assert.ok(
    lines(disassemble(good[1].subarray(0, 20))).includes(
      '# raw @ 0x00000000, 20 bytes: partial chunk header: 20 of 32 bytes',
    ),
  );
});

test('long zero runs fold into zero:N; long byte fields are rows of 16 under their label', () => {
  const payload = new Uint8Array(16 + 200 + 40);
  new DataView(payload.buffer).setUint32(8, 200, true);
  new DataView(payload.buffer).setUint32(12, 40, true);
  payload.fill(0x11, 16, 32);
  payload[16 + 199] = 0x22;
  const chunk = encodeChunk({ type: CHUNK_TYPES.PACKET, sequence: 0, payload });
  const l = lines(disassemble(concat([chunk, new Uint8Array(100)])));
  const at = l.indexOf('  LibState:  # VmbPacketRestore data');
  assert.ok(at > 0, l.join('\n'));
  assert.deepEqual(l.slice(at + 1, at + 4), [
    '    11 11 11 11 11 11 11 11 11 11 11 11 11 11 11 11',
    '    zero:176',
    '    00 00 00 00 00 00 00 22',
  ]);
  assert.ok(l.includes('  VspState: zero:40  # EvtVmbChannelRestorePacket data'));
  assert.ok(l.includes('  zero:96  # 0x00000120'));
  same(concat([chunk, new Uint8Array(100)]), lines(disassemble(concat([chunk, new Uint8Array(100)]))).join('\n'));
});

test('NOTE text is written as utf8 literals when the bytes are exact UTF-8, else as hex', () => {
  const text = 'line "1"\n\ttab ü € 😀 \u2028 \\ # // end';
  const note = encodeChunk({ type: CHUNK_TYPES.NOTE, sequence: 0, payload: new TextEncoder().encode(text) });
  const l = lines(disassemble(note));
  assert.ok(l.includes('  Text: utf8:"line \\"1\\"\\n"'), l.join('\n'));
  assert.ok(l.includes('    utf8:"\\ttab ü € 😀 \\u2028 \\\\ # // end"'), l.join('\n'));
  same(note, l.join('\n'));
  const bad = encodeChunk({ type: CHUNK_TYPES.NOTE, sequence: 0, payload: Uint8Array.of(0x61, 0xff) });
  assert.ok(lines(disassemble(bad)).includes('  Text: 61 ff'));
});

test('empty input: the header and .stream only, which assemble to nothing', () => {
  const text = disassemble(new Uint8Array(0));
  assert.deepEqual(lines(text).slice(2), ['.stream version=1.0 maxpayload=0x10000', '']);
  assert.equal(assembleText(text).bytes.length, 0);
});
