// Round-trip properties of the text form on random and mutated inputs (seeded, reproducible):
// assemble(disassemble(bin)) == bin for any bytes, the disassembly is canonical (idempotent),
// keeps the call layout, and decodeText never throws whatever the text.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  CHUNK_TYPES,
  decodeBinary,
  encodeChunk,
  assembleText,
  decodeText,
  disassemble,
  LineIndex,
  type Buffering,
  type SavedStateDocument,
} from '../../core/src';
import { concat, exampleStream } from './helpers/example';
import { mutate, prng, randomBytes } from './helpers/prng';
import { DESIGN_EXAMPLE } from './helpers/textForm';

const SAMPLE = readFileSync(join(__dirname, '..', '..', '..', 'samples', 'good.vmbhex'), 'utf8');
const TYPES = Object.values(CHUNK_TYPES);

function roundTrip(bin: Uint8Array, buffering: Buffering | undefined, what: string): string {
  const text = disassemble(bin, { buffering });
  const a = assembleText(text);
  assert.deepEqual(a.problems, [], `${what}: the disassembly does not assemble cleanly\n${text}`);
  assert.ok(Buffer.from(a.bytes).equals(Buffer.from(bin)), `${what}: bytes differ after the round trip\n${text}`);
  assert.equal(disassemble(a.bytes, { buffering }), text, `${what}: disassembly is not idempotent`);
  // The calls the text lays out are the calls decodeBinary cuts.
  const want = decodeBinary(bin, { buffering }).calls.map((c) => c.bytes);
  assert.deepEqual(
    a.calls.map((c) => c.bytes),
    want,
    `${what}: call layout differs`,
  );
  return text;
}

function pickBuffering(rand: () => number): Buffering | undefined {
  const r = rand();
  return r < 0.5 ? undefined : r < 0.7 ? 'whole' : { size: 1 + Math.floor(rand() * 400) };
}

/** Chunks with random types, payloads and deliberately broken header fields, junk between them. */
function chunkSoup(rand: () => number): Uint8Array {
  const parts: Uint8Array[] = [];
  const n = Math.floor(rand() * 6);
  for (let i = 0; i < n; i++) {
    const pick = <T>(xs: T[]) => xs[Math.floor(rand() * xs.length)];
    const maybe = <T>(v: T) => (rand() < 0.15 ? v : undefined);
    const type = rand() < 0.85 ? pick(TYPES) : Math.floor(rand() * 0x10000);
    const payload = rand() < 0.3 ? new Uint8Array(Math.floor(rand() * 80)) : randomBytes(rand, Math.floor(rand() * 80));
    const c = encodeChunk({
      type,
      payload,
      sequence: rand() < 0.8 ? i : Math.floor(rand() * 2 ** 32),
      flags: rand() < 0.8 ? (type === CHUNK_TYPES.END ? 1 : 0) : Math.floor(rand() * 0x10000),
      magic: maybe(Math.floor(rand() * 2 ** 32)),
      headerSize: maybe(pick([0, 16, 31, 33, 40, 48, 255])),
      versionMajor: maybe(Math.floor(rand() * 3)),
      versionMinor: maybe(Math.floor(rand() * 3)),
      reserved0: maybe(Math.floor(rand() * 256)),
      payloadLength: maybe(Math.floor(rand() * 120)),
      payloadCrc: maybe(Math.floor(rand() * 2 ** 32)),
      reserved1: maybe(Math.floor(rand() * 2 ** 32)),
      headerCrc: maybe(Math.floor(rand() * 2 ** 32)),
      padByte: maybe(1 + Math.floor(rand() * 255)),
    });
    if (rand() < 0.1 && c.length > 33) c[32] ^= 0xff; // a header extension or payload byte
    if (rand() < 0.05 && c.length > 1) c[c.length - 1] ^= 0x5a; // uneven padding
    parts.push(c);
    if (rand() < 0.1) parts.push(randomBytes(rand, Math.floor(rand() * 20)));
  }
  const all = concat(parts);
  return rand() < 0.2 ? all.subarray(0, Math.floor(rand() * all.length)) : all;
}

test('round trip: random bytes', () => {
  const rand = prng(1);
  for (let i = 0; i < 800; i++)
    roundTrip(randomBytes(rand, Math.floor(rand() * 300)), pickBuffering(rand), `random #${i}`);
});

test('round trip: mutations of the design example stream', () => {
  const rand = prng(2);
  const good = exampleStream();
  roundTrip(good, undefined, 'example');
  for (let i = 0; i < 1000; i++) roundTrip(mutate(rand, good), pickBuffering(rand), `mutation #${i}`);
});

test('round trip: chunk soups with broken headers, odd header sizes, padding and junk', () => {
  const rand = prng(3);
  for (let i = 0; i < 1000; i++) roundTrip(chunkSoup(rand), pickBuffering(rand), `soup #${i}`);
});

test('round trip: edge inputs', () => {
  const cases: [string, Uint8Array][] = [
    ['empty', new Uint8Array(0)],
    ['one byte', Uint8Array.of(0x56)],
    ['bare magic', Uint8Array.of(0x56, 0x42, 0x53, 0x43)],
    ['32 zero bytes', new Uint8Array(32)],
    ['zeros', new Uint8Array(1000)],
    ['0xFF', new Uint8Array(100).fill(0xff)],
    [
      'huge PayloadLength',
      encodeChunk({ type: 5, sequence: 0, payload: new Uint8Array(8), payloadLength: 0xffffffff }),
    ],
    [
      'NOTE with UTF-8',
      encodeChunk({
        type: CHUNK_TYPES.NOTE,
        sequence: 0,
        payload: new TextEncoder().encode('line "1"\n\tzwei: ü € 😀 \u2028 \\ # // end'),
      }),
    ],
    [
      'NOTE with invalid UTF-8',
      encodeChunk({ type: CHUNK_TYPES.NOTE, sequence: 0, payload: Uint8Array.of(0x61, 0xff, 0xc3) }),
    ],
    [
      'NOTE with a BOM',
      encodeChunk({ type: CHUNK_TYPES.NOTE, sequence: 0, payload: Uint8Array.of(0xef, 0xbb, 0xbf, 0x41) }),
    ],
    [
      'long NOTE',
      encodeChunk({
        type: CHUNK_TYPES.NOTE,
        sequence: 0,
        payload: new TextEncoder().encode('x'.repeat(300) + '\n'.repeat(3)),
      }),
    ],
  ];
  for (const [what, bin] of cases) for (const b of [undefined, 'whole', { size: 64 }] as const) roundTrip(bin, b, what);
});

/** Source map invariants of any decoded text: byte-ordered, gap-free, all bytes covered, ranges inside the text. */
function checkDoc(doc: SavedStateDocument, text: string, what: string): void {
  const lines = new LineIndex(text);
  let at = 0;
  for (const s of doc.sourceMap ?? []) {
    assert.equal(s.bytes.start, at, `${what}: source map gap`);
    assert.ok(s.bytes.end > s.bytes.start, `${what}: empty segment`);
    at = s.bytes.end;
  }
  assert.equal(at, doc.bytes.length, `${what}: source map does not cover the bytes`);
  for (const p of doc.problems) {
    assert.ok(p.text, `${what}: problem without text range: ${p.code} ${p.message}`);
    assert.ok(
      p.text.start.line < lines.lineCount && p.text.end.line < lines.lineCount,
      `${what}: ${p.code} range outside the text`,
    );
    assert.notEqual(p.code, 'TEXT-INTERNAL', `${what}: ${p.message}`);
  }
}

test('decodeText never throws: random strings and token soups', () => {
  const rand = prng(4);
  const alphabet = ' \t\n\r#/."{}:=|-0123456789abcdefxABCDEFX_uizgtfnl\\ü😀\u2028';
  const words = [
    '.chunk',
    '.end',
    '.raw',
    '.endraw',
    '.call',
    '.op',
    '.expect',
    '.expect-end',
    '.truncate',
    '.stream',
    '.channel',
    'auto',
    'u8:',
    'u64:',
    'be32:',
    'i16:-',
    'zero:',
    'fill:3:',
    'utf8:"',
    'utf16:"',
    'guid:{',
    'seq=',
    'flags=FINAL',
    'hsize=',
    'buffer=null',
    'size=',
    'ChunkCount:',
    'StreamCrc32c:',
    'RangeBufferWords:',
    'BEGIN',
    'END',
    'GPADL',
    'STATUS_SUCCESS',
    '"',
    '\\u12',
    'ff',
    '0x',
    '\n',
  ];
  for (let i = 0; i < 600; i++) {
    let t = '';
    const n = Math.floor(rand() * 60);
    for (let k = 0; k < n; k++)
      t +=
        rand() < 0.5 ? alphabet[Math.floor(rand() * alphabet.length)] : words[Math.floor(rand() * words.length)] + ' ';
    const doc = decodeText(t);
    checkDoc(doc, t, `soup #${i}`);
    roundTrip(doc.bytes, undefined, `soup #${i} bytes`);
  }
});

test('decodeText never throws: mutations of the sample text; their bytes round-trip', () => {
  const rand = prng(5);
  const src = [SAMPLE, DESIGN_EXAMPLE];
  for (let i = 0; i < 1000; i++) {
    let t = src[i % 2];
    const n = 1 + Math.floor(rand() * 6);
    for (let k = 0; k < n; k++) {
      const at = Math.floor(rand() * t.length);
      const r = rand();
      if (r < 0.35) t = t.slice(0, at) + t.slice(at + 1 + Math.floor(rand() * 12));
      else if (r < 0.7) t = t.slice(0, at) + t.slice(Math.floor(rand() * t.length)).slice(0, 30) + t.slice(at);
      else t = t.slice(0, at) + String.fromCharCode(32 + Math.floor(rand() * 95)) + t.slice(at + 1);
    }
    const doc = decodeText(t);
    checkDoc(doc, t, `mutation #${i}`);
    roundTrip(doc.bytes, undefined, `mutation #${i} bytes`);
  }
});
