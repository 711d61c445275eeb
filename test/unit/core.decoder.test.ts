import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyze, decodeBinary, type ChunkNode, type FieldNode, type SavedStateDocument } from '../../core/src';
import { exampleStream } from './helpers/example';
import { mutate, prng, randomBytes } from './helpers/prng';

const leaves = (fs: FieldNode[]): FieldNode[] => fs.flatMap((f) => (f.children ? leaves(f.children) : [f]));

/** Every byte belongs to exactly one item, and every chunk's fields tile its header and payload. */
function assertCoverage(doc: SavedStateDocument) {
  let at = 0;
  for (const call of doc.calls) {
    for (const it of call.items) {
      assert.equal(it.bytes.start, at, `item at ${at}`);
      assert.ok(it.bytes.end > it.bytes.start || doc.bytes.length === 0);
      at = it.bytes.end;
    }
  }
  assert.equal(at, doc.bytes.length);
  for (const c of doc.chunks) {
    let p = c.bytes.start;
    for (const f of [...leaves(c.headerFields), ...leaves(c.payloadFields)]) {
      assert.equal(f.bytes.start, p, `chunk ${c.index} field ${f.name}`);
      p = f.bytes.end;
    }
    if (c.header && c.headerFields.length)
      assert.equal(p, c.payloadBytes.end, `chunk ${c.index} fields end at payload end`);
  }
}

test('the example decodes to 5 chunks with named fields, no problems', () => {
  const doc = decodeBinary(exampleStream());
  assert.deepEqual(
    doc.chunks.map((c) => c.typeName),
    ['BEGIN', 'OFFER', 'CHANNEL_STATE', 'GPADL', 'END'],
  );
  assert.deepEqual(
    doc.chunks.map((c) => c.bytes.end - c.bytes.start),
    [96, 176, 192, 88, 48],
  );
  assert.deepEqual(doc.problems, []);
  const begin = doc.chunks[0];
  assert.equal(begin.header!.headerCrc, 0xd0add70d);
  assert.equal(begin.header!.payloadCrc, 0x09a238f0);
  const f = (c: ChunkNode, name: string) => leaves(c.payloadFields).find((x) => x.name === name)!;
  assert.equal(f(begin, 'InterfaceType').value, 'ba6163d9-04a1-4d29-b605-72e2ffb1dc7f');
  assert.equal(f(begin, 'VmbusVersion').note, '5.0 (Windows 10 RS3.1)');
  assert.equal(f(doc.chunks[2], 'State').note, 'Open');
  assert.equal(f(doc.chunks[3], 'Pfn3').value, 0x1003n);
  assert.equal(doc.chunks[4].headerFields.find((x) => x.name === 'Flags')!.note, 'FINAL');
  assertCoverage(doc);
});

test('golden header and payload CRCs of the design example', () => {
  const doc = decodeBinary(exampleStream());
  assert.deepEqual(
    doc.chunks.map((c) => c.header!.headerCrc),
    [0xd0add70d, 0xfbfe3e15, 0x2637372f, 0x0d78530e, 0xa4bca882],
  );
  assert.deepEqual(
    doc.chunks.map((c) => c.header!.payloadCrc),
    [0x09a238f0, 0xd95df84a, 0x9286d166, 0x8ba415c1, 0x64d103b9],
  );
  const end = doc.chunks[4];
  assert.equal(leaves(end.payloadFields).find((f) => f.name === 'StreamCrc32c')!.value, 0xd2ba1a25);
  assert.deepEqual(
    [...exampleStream().subarray(0, 32)],
    [
      0x56, 0x42, 0x53, 0x43, 0x20, 0x01, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x40, 0x00, 0x00,
      0x00, 0xf0, 0x38, 0xa2, 0x09, 0x00, 0x00, 0x00, 0x00, 0x0d, 0xd7, 0xad, 0xd0,
    ],
  );
});

test('buffering: whole file, one chunk per call, and SaveContinue-style packing', () => {
  const b = exampleStream();
  assert.equal(decodeBinary(b, { buffering: 'whole' }).calls.length, 1);
  assert.equal(decodeBinary(b, { buffering: 'chunk' }).calls.length, 5);
  const packed = decodeBinary(b, { buffering: { size: 280 } });
  assert.deepEqual(
    packed.calls.map((c) => [c.bytes.start, c.bytes.end]),
    [
      [0, 272],
      [272, 552],
      [552, 600],
    ],
  );
});

test('a wrong CRC is reported on the CRC field with the computed value', () => {
  const b = exampleStream();
  b[96 + 32 + 3] ^= 0xff; // OFFER payload
  const doc = decodeBinary(b);
  const p = doc.problems.find((x) => x.code === 'CRC-PAYLOAD')!;
  assert.deepEqual(p.bytes, { start: 96 + 20, end: 96 + 24 });
  assert.match(p.message, /PayloadCrc32c is 0xD95DF84A, the payload's CRC-32C is 0x[0-9A-F]{8}/);
  assert.ok(doc.chunks[1].headerFields.find((f) => f.name === 'PayloadCrc32c')!.note!.startsWith('computed 0x'));
  const a = analyze(doc);
  const merged = a.problems.filter((x) => x.code === 'CRC-PAYLOAD');
  assert.equal(merged.length, 1, 'decoder and restore findings merge');
  assert.match(merged[0].message, /restore call 2 returns STATUS_CRC_ERROR \(0xC000003F\)/);
});

test('junk before, between and after chunks becomes raw nodes; framing resumes at the next magic', () => {
  const good = exampleStream();
  const b = new Uint8Array(8 + good.length + 5);
  b.fill(0xee, 0, 8);
  b.set(good, 8);
  b.fill(0x11, 8 + good.length);
  const doc = decodeBinary(b, { buffering: 'whole' });
  const items = doc.calls[0].items;
  assert.equal(items[0].kind, 'raw');
  assert.deepEqual(items[0].bytes, { start: 0, end: 8 });
  assert.equal(doc.chunks.length, 6, '5 chunks and a 5-byte partial header');
  assert.equal(doc.problems.find((p) => p.code === 'SIZE-HEADER')!.bytes!.start, 608);
  assertCoverage(doc);
});

test('an empty file decodes to no calls and the restore reports EOF-TRUNCATED', () => {
  const doc = decodeBinary(new Uint8Array(0));
  assert.equal(doc.calls.length, 0);
  const a = analyze(doc);
  assert.equal(a.problems[0].code, 'EOF-TRUNCATED');
  assert.match(a.problems[0].message, /no restore call/);
});

test('property: random and mutated streams never throw, keep byte coverage, and analyze', () => {
  const rand = prng(20261125);
  const good = exampleStream();
  for (let i = 0; i < 3000; i++) {
    const input = i % 3 === 0 ? randomBytes(rand, Math.floor(rand() * 700)) : mutate(rand, good);
    for (const buffering of ['chunk', 'whole', { size: 1 + Math.floor(rand() * 400) }] as const) {
      const doc = decodeBinary(input, { buffering });
      assertCoverage(doc);
      const a = analyze(doc);
      assert.ok(a.trace.length === doc.calls.length);
    }
  }
});
