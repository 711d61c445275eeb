// Binary editor model: byte edits, undo/redo, field edits and quick fixes, in plain Node.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyze, decodeBinary, CHUNK_TYPES, encodeChunk, OFF, STATUS } from '../../core/src';
import {
  applyEdit,
  ByteStore,
  deleteBytes,
  EditError,
  insertBytes,
  invertEdit,
  overwriteBytes,
  parseHexBytes,
} from '../../client/src/editor/model/bytes';
import { editField, encodeFieldValue, parseInteger } from '../../client/src/editor/model/fieldValue';
import {
  chunkRanges,
  fixChunkCount,
  fixesFor,
  fixFinalFlags,
  fixPayloadLength,
  recomputeAllCrcs,
  recomputeHeaderCrc,
  recomputePayloadCrc,
  recomputeStreamCrc,
  renumberSequences,
  runQuickFix,
  setFinal,
} from '../../client/src/editor/model/quickFixes';
import {
  byteRangeToLineRange,
  offsetToPosition,
  positionToOffset,
  rowCount,
} from '../../client/src/editor/model/positions';
import { EXAMPLE_STARTS, exampleStream } from './clientFixtures';

const codes = (b: Uint8Array) =>
  decodeBinary(b)
    .problems.filter((p) => p.severity === 'error')
    .map((p) => p.code);
const outcome = (b: Uint8Array) => analyze(decodeBinary(b)).outcome.status;
const errorCodes = (b: Uint8Array) =>
  analyze(decodeBinary(b))
    .problems.filter((p) => p.severity === 'error')
    .map((p) => p.code);
const u32 = (b: Uint8Array, at: number) => new DataView(b.buffer, b.byteOffset).getUint32(at, true);

test('example fixture is the design example: 600 bytes, golden header CRC, restores with SUCCESS', () => {
  const b = exampleStream();
  assert.equal(b.length, 600);
  assert.equal(u32(b, OFF.headerCrc), 0xd0add70d);
  assert.deepEqual(
    chunkRanges(b).map((c) => c.start),
    EXAMPLE_STARTS,
  );
  assert.deepEqual(errorCodes(b), []);
  assert.equal(outcome(b), STATUS.STATUS_SUCCESS);
});

test('overwrite, insert and delete are undone by their inverse', () => {
  const b = exampleStream();
  const orig = b.slice();
  for (const make of [
    (x: Uint8Array) => overwriteBytes(x, 10, [1, 2, 3]),
    (x: Uint8Array) => insertBytes(x, 96, [0xaa, 0xbb]),
    (x: Uint8Array) => deleteBytes(x, 0, 8),
    (x: Uint8Array) => overwriteBytes(x, 598, [9, 9, 9, 9]), // runs past the end: appends
  ]) {
    const e = make(b.slice());
    const after = applyEdit(b.slice(), e);
    const back = applyEdit(after, invertEdit(e));
    assert.deepEqual(back, orig, e.label);
  }
  assert.equal(applyEdit(b.slice(), overwriteBytes(b, 598, [9, 9, 9, 9])).length, 602);
  assert.equal(applyEdit(b.slice(), insertBytes(b, 600, [1])).length, 601);
  assert.throws(() => deleteBytes(b, 599, 2), EditError);
  assert.throws(() => insertBytes(b, 601, [1]), EditError);
});

test('ByteStore: undo/redo restore the bytes and the dirty state follows the saved point', () => {
  const s = new ByteStore(exampleStream());
  const orig = s.bytes.slice();
  assert.equal(s.dirty, false);
  const e1 = overwriteBytes(s.bytes, 0, [0x00]);
  s.apply(e1);
  assert.equal(s.bytes[0], 0);
  assert.equal(s.dirty, true);
  const e2 = insertBytes(s.bytes, 4, [1, 2, 3]);
  s.apply(e2);
  assert.equal(s.size, 603);
  s.markSaved();
  assert.equal(s.dirty, false);
  assert.equal(s.undo(e2), e2);
  assert.equal(s.dirty, true);
  assert.equal(s.size, 600);
  assert.equal(s.undo(e2), undefined, 'only the top edit can be undone');
  s.undo(e1);
  assert.deepEqual(s.bytes, orig);
  assert.equal(s.canUndo, false);
  s.redo(e1);
  s.redo(e2);
  assert.equal(s.dirty, false, 'redo back to the saved point is clean');
  assert.equal(s.canRedo, false);
  s.undo();
  s.apply(deleteBytes(s.bytes, 0, 1));
  assert.equal(s.canRedo, false, 'a new edit clears the redo list');
  assert.equal(s.dirty, true);
  s.reset(orig.slice());
  assert.equal(s.dirty, false);
  assert.equal(s.canUndo, false);
});

test('parseHexBytes accepts spaced, 0x-prefixed and dashed hex; rejects odd or non-hex input', () => {
  assert.deepEqual(parseHexBytes('56 42 53 43'), Uint8Array.from([0x56, 0x42, 0x53, 0x43]));
  assert.deepEqual(parseHexBytes('0x5642'), Uint8Array.from([0x56, 0x42]));
  assert.deepEqual(parseHexBytes('de-ad:BE,ef'), Uint8Array.from([0xde, 0xad, 0xbe, 0xef]));
  assert.equal(parseHexBytes('abc'), undefined);
  assert.equal(parseHexBytes('zz'), undefined);
  assert.equal(parseHexBytes(''), undefined);
});

test('field values: decimal, hex, negative, bounds, GUID, bytes, utf8', () => {
  assert.equal(parseInteger('17'), 17n);
  assert.equal(parseInteger('0x11'), 17n);
  assert.equal(parseInteger('65_536'), 65536n);
  assert.equal(parseInteger('1.5'), undefined);
  assert.deepEqual(encodeFieldValue('u32', 4, '0xE001'), Uint8Array.from([0x01, 0xe0, 0, 0]));
  assert.deepEqual(encodeFieldValue('u16', 2, '258'), Uint8Array.from([2, 1]));
  assert.deepEqual(encodeFieldValue('u8', 1, '-1'), Uint8Array.from([0xff]));
  assert.deepEqual(encodeFieldValue('u64', 8, '0x0102030405060708'), Uint8Array.from([8, 7, 6, 5, 4, 3, 2, 1]));
  assert.throws(() => encodeFieldValue('u8', 1, '256'), /does not fit/);
  assert.throws(() => encodeFieldValue('u32', 4, 'twelve'), /not an integer/);
  assert.deepEqual(
    encodeFieldValue('guid', 16, '{ba6163d9-04a1-4d29-b605-72e2ffb1dc7f}').slice(0, 4),
    Uint8Array.from([0xd9, 0x63, 0x61, 0xba]),
  );
  assert.throws(() => encodeFieldValue('guid', 16, 'nope'), /not a GUID/);
  assert.deepEqual(encodeFieldValue('bytes', 2, 'ff 00'), Uint8Array.from([0xff, 0]));
  assert.throws(() => encodeFieldValue('bytes', 3, 'ff 00'), /exactly 3/);
  assert.deepEqual(encodeFieldValue('utf8', 2, '"hi"'), Uint8Array.from([0x68, 0x69]));
  assert.throws(() => encodeFieldValue('group', 0, '1'), EditError);
});

test('editing a field in the tree writes its bytes; the header CRC problem it causes is fixed by Recompute header CRC', () => {
  const b = exampleStream();
  // OFFER ChannelId: OFFER at 96, payload at 128.
  const e = editField(b, { name: 'ChannelId', type: 'u32', start: 128, end: 132 }, '0x12');
  assert.equal(e.label, 'Set ChannelId');
  const after = applyEdit(b.slice(), e);
  assert.equal(u32(after, 128), 0x12);
  assert.ok(codes(after).includes('CRC-PAYLOAD'));
  const fixed = applyEdit(after, recomputePayloadCrc(after, 96)!);
  assert.ok(!codes(fixed).some((c) => c.startsWith('CRC-')), codes(fixed).join());
  // Sequence edit in a header breaks the header CRC only.
  const s2 = applyEdit(
    b.slice(),
    editField(b, { name: 'Sequence', type: 'u32', start: 96 + OFF.sequence, end: 96 + OFF.sequence + 4 }, '1'),
  );
  assert.deepEqual(s2, b, 'same value: bytes unchanged');
  const s3 = applyEdit(
    b.slice(),
    editField(b, { name: 'Flags', type: 'u16', start: 96 + OFF.flags, end: 96 + OFF.flags + 2 }, '0x100'),
  );
  assert.deepEqual(codes(s3), ['CRC-HEADER']);
  const s4 = applyEdit(s3, recomputeHeaderCrc(s3, 96)!);
  assert.deepEqual(codes(s4), []);
  assert.equal(recomputeHeaderCrc(s4, 96), undefined, 'nothing to fix');
});

test('Recompute all CRCs after a payload bit flip: no CRC problem, restore succeeds; undo brings the broken bytes back', () => {
  const b = exampleStream();
  b[464 + 32 + 33] ^= 0x01; // GPADL Pfn1
  assert.ok(errorCodes(b).includes('CRC-PAYLOAD'));
  const broken = b.slice();
  const e = recomputeAllCrcs(b, chunkRanges(b))!;
  const fixed = applyEdit(b.slice(), e);
  assert.ok(!errorCodes(fixed).some((c) => c.startsWith('CRC-')), errorCodes(fixed).join());
  assert.equal(outcome(fixed), STATUS.STATUS_SUCCESS);
  assert.deepEqual(b, broken, 'building the fix leaves the input untouched');
  assert.deepEqual(applyEdit(fixed, invertEdit(e)), broken);
});

test('Recompute stream CRC after editing an earlier chunk', () => {
  const b = exampleStream();
  b[128] = 18; // OFFER ChannelId
  b[464 + 32 + 4] = 18; // GPADL ChannelId
  let x = applyEdit(b, recomputePayloadCrc(b, 96)!);
  x = applyEdit(x, recomputePayloadCrc(x, 464)!);
  assert.deepEqual(errorCodes(x), ['CRC-STREAM']);
  const fixed = applyEdit(x, recomputeStreamCrc(x, chunkRanges(x), 552)!);
  assert.deepEqual(errorCodes(fixed), []);
  assert.equal(outcome(fixed), STATUS.STATUS_SUCCESS);
});

test('Fix PayloadLength after inserting bytes into a payload reframes the chunk and keeps the rest of the stream', () => {
  const b = exampleStream();
  // NOTE-like case: grow the OFFER's UserDefined by 4 bytes → framing breaks.
  const grown = applyEdit(b.slice(), insertBytes(b, 96 + 32 + 140, [1, 2, 3, 4]));
  assert.ok(errorCodes(grown).length > 0);
  const fixed = applyEdit(grown.slice(), fixPayloadLength(grown, 96)!);
  const ranges = chunkRanges(fixed);
  assert.equal(ranges.length, 5);
  assert.equal(u32(fixed, 96 + OFF.payloadLength), 144);
  assert.equal(ranges[2].start % 8, 0, 'next chunk 8-aligned again');
  // The record is genuinely 4 bytes too long (CONTENT-LENGTH), framing and CRCs are fine.
  const c = codes(fixed);
  assert.ok(!c.some((x) => x.startsWith('CRC-') || x.startsWith('FRAME-') || x.startsWith('SIZE-')), c.join());
  // A wrong PayloadLength with the record intact: the record's own length wins.
  const wrong = exampleStream();
  wrong[96 + OFF.payloadLength] = 200;
  const repaired = applyEdit(wrong.slice(), fixPayloadLength(wrong, 96)!);
  assert.deepEqual(repaired, exampleStream());
});

test('Renumber sequences, FINAL fixes and ChunkCount fix', () => {
  const b = exampleStream();
  const dup = b.slice();
  new DataView(dup.buffer).setUint32(272 + OFF.sequence, 1, true);
  let x = applyEdit(dup, recomputeHeaderCrc(dup, 272)!);
  assert.ok(errorCodes(x).includes('SEQ-DUPLICATE'));
  x = applyEdit(x, renumberSequences(x, EXAMPLE_STARTS)!);
  assert.deepEqual(x, exampleStream());
  assert.equal(renumberSequences(x, EXAMPLE_STARTS), undefined);

  const nf = applyEdit(b.slice(), setFinal(b, 552, false)!);
  assert.ok(codes(nf).includes('FRAME-FINAL'));
  assert.deepEqual(
    codes(nf).filter((c) => c.startsWith('CRC')),
    [],
  );
  assert.deepEqual(applyEdit(nf.slice(), setFinal(nf, 552, true)!), b);
  const extra = applyEdit(b.slice(), setFinal(b, 96, true)!);
  assert.deepEqual(applyEdit(extra.slice(), fixFinalFlags(extra, EXAMPLE_STARTS)!), b);

  const cc = b.slice();
  cc[552 + 32] = 7; // END ChunkCount
  const fixedCc = applyEdit(cc, recomputeAllCrcs(cc, chunkRanges(cc))!);
  assert.ok(errorCodes(fixedCc).includes('CONTENT-CHUNKCOUNT'));
  assert.deepEqual(applyEdit(fixedCc.slice(), fixChunkCount(fixedCc, chunkRanges(fixedCc))!), b);
});

test('fixesFor maps problem codes to fixes; runQuickFix dispatches', () => {
  assert.deepEqual(
    fixesFor({ code: 'CRC-HEADER' }, 96, 2).map((f) => f.id),
    ['headerCrc', 'allCrcs'],
  );
  assert.deepEqual(
    fixesFor({ code: 'FRAME-FINAL' }, 552, 0x7fff).map((f) => f.id),
    ['setFinal'],
  );
  assert.deepEqual(
    fixesFor({ code: 'FRAME-FINAL' }, 96, 2).map((f) => f.id),
    ['clearFinal'],
  );
  assert.deepEqual(
    fixesFor({ code: 'SEQ-GAP' }, 96, 2).map((f) => f.id),
    ['renumber'],
  );
  assert.deepEqual(fixesFor({ code: 'CONTENT-ENUM' }, 96, 2), []);
  const b = exampleStream();
  b[96 + OFF.headerCrc] ^= 1;
  const e = runQuickFix(b, { id: 'headerCrc', chunk: 96 }, chunkRanges(b))!;
  assert.deepEqual(applyEdit(b, e), exampleStream());
  assert.throws(() => runQuickFix(b, { id: 'payloadCrc' }, []), EditError);
});

test('diagnostic positions: line = row of 16 bytes, character = byte column', () => {
  assert.deepEqual(offsetToPosition(0x1c), { line: 1, character: 12 });
  assert.deepEqual(byteRangeToLineRange(0x1c, 0x20), {
    start: { line: 1, character: 12 },
    end: { line: 1, character: 16 },
  });
  assert.deepEqual(byteRangeToLineRange(14, 18), { start: { line: 0, character: 14 }, end: { line: 1, character: 2 } });
  assert.deepEqual(byteRangeToLineRange(600, 600), {
    start: { line: 37, character: 8 },
    end: { line: 37, character: 8 },
  });
  assert.equal(positionToOffset({ line: 2, character: 3 }), 35);
  assert.equal(rowCount(0), 1);
  assert.equal(rowCount(16), 2);
  assert.equal(rowCount(600), 38);
});

test('undo restores the original bytes when the document was read into a Node Buffer (slice is a view there)', () => {
  const store = new ByteStore(Buffer.from([1, 2, 3, 4, 5, 6]));
  store.apply(overwriteBytes(store.bytes, 2, [0xaa, 0xbb]));
  assert.deepEqual([...store.bytes], [1, 2, 0xaa, 0xbb, 5, 6]);
  store.undo();
  assert.deepEqual([...store.bytes], [1, 2, 3, 4, 5, 6]);
});

test('Recompute header CRC covers a header longer than its version allows, as the decoder does (format.md §2.1)', () => {
  const chunk = encodeChunk({ type: CHUNK_TYPES.BEGIN, sequence: 0, payload: new Uint8Array(64), headerSize: 40 });
  chunk[OFF.headerCrc] ^= 0xff;
  assert.deepEqual(codes(chunk).slice(0, 2), ['CRC-HEADER', 'FRAME-HSIZE']);
  const fixed = applyEdit(chunk.slice(), recomputeHeaderCrc(chunk, 0)!);
  assert.ok(!codes(fixed).includes('CRC-HEADER'), codes(fixed).join());
  assert.ok(codes(fixed).includes('FRAME-HSIZE'));
});
