// Binary editor navigation: Go to Offset input, Find Bytes input and the byte search, in plain Node.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decodeBinary } from '../../core/src';
import {
  findBytes,
  findBytesBackward,
  indexOfBytes,
  lastIndexOfBytes,
  parseFindPattern,
  parseGoToOffset,
  parseNumber,
  searchEndBackward,
  searchStart,
  type ChunkTarget,
} from '../../client/src/editor/model/navigate';
import { EXAMPLE_STARTS, exampleStream } from './clientFixtures';

const ctx = (caret = 0, size = 600, chunks?: ChunkTarget[]) => ({ caret, size, ...(chunks ? { chunks } : {}) });
const ok = (r: ReturnType<typeof parseGoToOffset>) => {
  assert.ok(r.ok, r.ok ? '' : r.message);
  return r;
};
const err = (r: ReturnType<typeof parseGoToOffset> | ReturnType<typeof parseFindPattern>) => {
  assert.ok(!r.ok, 'expected an error');
  return r.message;
};

test('parseNumber: decimal, 0x hex, underscores; rejects the rest', () => {
  assert.equal(parseNumber('1234'), 1234);
  assert.equal(parseNumber(' 0x4d2 '), 0x4d2);
  assert.equal(parseNumber('0X4D2'), 0x4d2);
  assert.equal(parseNumber('1_000'), 1000);
  for (const bad of ['', '0x', '12a', '-1', '1.5', 'abc', '0x1g', '99999999999999999999'])
    assert.equal(parseNumber(bad), undefined, bad);
});

test('Go to Offset: absolute decimal and hex select one byte', () => {
  assert.deepEqual(ok(parseGoToOffset('28', ctx())), { ok: true, offset: 28, start: 28, end: 29 });
  assert.deepEqual(ok(parseGoToOffset('0x1C', ctx())), { ok: true, offset: 28, start: 28, end: 29 });
  assert.equal(ok(parseGoToOffset('0', ctx())).offset, 0);
  assert.equal(ok(parseGoToOffset('599', ctx())).end, 600);
  // The end of the file (the insertion point) is allowed and selects nothing.
  assert.deepEqual(ok(parseGoToOffset('600', ctx())), { ok: true, offset: 600, start: 600, end: 600 });
});

test('Go to Offset: +N / -N are relative to the caret', () => {
  assert.equal(ok(parseGoToOffset('+16', ctx(100))).offset, 116);
  assert.equal(ok(parseGoToOffset('-0x10', ctx(100))).offset, 84);
  assert.equal(ok(parseGoToOffset('+ 4', ctx(100))).offset, 104);
  assert.match(err(parseGoToOffset('-101', ctx(100))), /out of range/);
  assert.match(err(parseGoToOffset('+501', ctx(100))), /out of range.*600 bytes/);
});

test('Go to Offset: out-of-range and malformed input get a clear message', () => {
  assert.match(
    err(parseGoToOffset('601', ctx())),
    /Offset 0x259 \(601\): out of range, the file has 600 bytes \(0x0–0x257; 0x258 is the end\)/,
  );
  assert.match(err(parseGoToOffset('0x1000', ctx())), /out of range/);
  assert.match(err(parseGoToOffset('5', ctx(0, 0))), /file is empty/);
  assert.match(err(parseGoToOffset('hello', ctx())), /"hello" is not an offset/);
  assert.match(err(parseGoToOffset('0xZZ', ctx())), /is not an offset/);
  assert.match(err(parseGoToOffset('', ctx())), /Type an offset/);
  assert.match(err(parseGoToOffset('12.5', ctx())), /is not an offset/);
});

test('Go to Offset: "chunk N" and "seq N" jump to a chunk of the example stream', () => {
  const b = exampleStream();
  const chunks: ChunkTarget[] = decodeBinary(b).chunks.map((c) => ({
    index: c.index,
    start: c.bytes.start,
    end: c.bytes.end,
    ...(c.header ? { sequence: c.header.sequence } : {}),
  }));
  const c = ctx(0, b.length, chunks);
  EXAMPLE_STARTS.forEach((start, i) => {
    // Typed numbers count from 1 (as the tree, the debugger and the disassembly do); index stays 0-based.
    const r = ok(parseGoToOffset(`chunk ${i + 1}`, c));
    assert.equal(r.offset, start);
    assert.deepEqual([r.start, r.end], [start, start + 1]);
    assert.equal(r.chunk?.index, i);
  });
  assert.equal(ok(parseGoToOffset('Chunk #0x2', c)).offset, EXAMPLE_STARTS[1]);
  const withSeq = chunks.find((x) => x.sequence === 3)!;
  assert.equal(ok(parseGoToOffset('seq 3', c)).offset, withSeq.start);
  assert.match(err(parseGoToOffset('chunk 9', c)), /no chunk 9: the chunks are numbered 1–5/);
  assert.match(err(parseGoToOffset('chunk 0', c)), /no chunk 0: the chunks are numbered 1–5/);
  assert.equal(ok(parseGoToOffset('chunk 5', c)).chunk?.index, 4, 'chunk 5 is the last (END), not past it');
  assert.match(err(parseGoToOffset('seq 77', c)), /No chunk has sequence 77/);
  assert.match(err(parseGoToOffset('chunk x', c)), /"x" is not a number/);
  assert.match(err(parseGoToOffset('chunk 0', ctx(0, 4, []))), /no chunks/);
});

test('Find pattern: hex bytes with any spacing and separators', () => {
  for (const input of ['56 42 53 43', '56425343', '  56  4253 43 ', '0x56, 0x42, 0x53, 0x43', '56-42:53;43']) {
    const p = parseFindPattern(input);
    assert.ok(p.ok, input);
    assert.deepEqual([...p.bytes], [0x56, 0x42, 0x53, 0x43]);
    assert.equal(p.display, '56 42 53 43');
  }
  assert.deepEqual([...(parseFindPattern('ff') as { bytes: Uint8Array }).bytes], [0xff]);
});

test('Find pattern: quoted strings, escapes and UTF-8', () => {
  const s = (x: string) => {
    const p = parseFindPattern(x);
    assert.ok(p.ok, p.ok ? '' : p.message);
    return [...p.bytes];
  };
  assert.deepEqual(s('"VBSC"'), [0x56, 0x42, 0x53, 0x43]);
  assert.deepEqual(s("'VB'"), [0x56, 0x42]);
  assert.deepEqual(s('"a b"'), [0x61, 0x20, 0x62]);
  assert.deepEqual(s('"\\x00\\n\\"\\\\"'), [0, 10, 0x22, 0x5c]);
  assert.deepEqual(s('"é"'), [0xc3, 0xa9]);
  assert.deepEqual(s('"😀"'), [0xf0, 0x9f, 0x98, 0x80]);
});

test('Find pattern: bad input gets a clear message', () => {
  assert.match(err(parseFindPattern('')), /Type hex bytes/);
  assert.match(err(parseFindPattern('56 4')), /3 hex digits is not a whole number of bytes/);
  assert.match(err(parseFindPattern('VBSC')), /"V" is not a hex digit.*quotes/);
  assert.match(err(parseFindPattern('"VBSC')), /no closing "/);
  assert.match(err(parseFindPattern('""')), /empty/);
  assert.match(err(parseFindPattern('"a\\q"')), /Unknown escape \\q/);
  assert.match(err(parseFindPattern('"a\\"')), /no closing|lone backslash/);
});

test('indexOfBytes: matches, bounds, overlaps, partial candidates', () => {
  const h = Uint8Array.from([1, 2, 1, 2, 3, 1, 2, 3, 4]);
  const n = (...x: number[]) => Uint8Array.from(x);
  assert.equal(indexOfBytes(h, n(1, 2, 3)), 2);
  assert.equal(indexOfBytes(h, n(1, 2, 3), 3), 5);
  assert.equal(indexOfBytes(h, n(1, 2, 3), 0, 2), -1); // a start must be in [from, to)
  assert.equal(indexOfBytes(h, n(1, 2, 3), 0, 3), 2); // the match may run past `to`
  assert.equal(indexOfBytes(h, n(3, 4)), 7);
  assert.equal(indexOfBytes(h, n(4, 5)), -1); // would run past the end
  assert.equal(indexOfBytes(h, n(9)), -1);
  assert.equal(indexOfBytes(h, n()), -1);
  assert.equal(indexOfBytes(new Uint8Array(0), n(1)), -1);
  const zeros = new Uint8Array(100);
  zeros[97] = 1;
  assert.equal(indexOfBytes(zeros, n(0, 0, 1)), 95);
});

test('findBytes: forward from the caret, wraps, reports not found', () => {
  const b = exampleStream();
  const magic = Uint8Array.from([0x56, 0x42, 0x53, 0x43]);
  assert.deepEqual(findBytes(b, magic, 0), { offset: 0, wrapped: false });
  assert.deepEqual(findBytes(b, magic, 1), { offset: EXAMPLE_STARTS[1], wrapped: false });
  assert.deepEqual(findBytes(b, magic, EXAMPLE_STARTS[4] + 1), { offset: 0, wrapped: true });
  assert.equal(findBytes(b, Uint8Array.from([0xde, 0xad, 0xbe, 0xef, 0x99]), 0), undefined);
  // A match that straddles the start offset is found when wrapping.
  const h = Uint8Array.from([9, 9, 1, 2, 3, 9]);
  assert.deepEqual(findBytes(h, Uint8Array.from([1, 2, 3]), 3), { offset: 2, wrapped: true });
});

test('searchStart: Find again moves past the selected match; otherwise starts at the caret', () => {
  const b = exampleStream();
  const magic = Uint8Array.from([0x56, 0x42, 0x53, 0x43]);
  assert.equal(searchStart(b, magic, { start: 0, end: 4, caret: 3 }), 1);
  assert.equal(findBytes(b, magic, searchStart(b, magic, { start: 0, end: 4, caret: 3 }))!.offset, EXAMPLE_STARTS[1]);
  assert.equal(searchStart(b, magic, { start: 10, end: 11, caret: 10 }), 10);
  assert.equal(searchStart(b, magic, { start: 0, end: 0, caret: 700 }), b.length);
});

test('findBytes on 100 MB: linear time, no match, candidate-dense data', () => {
  const big = new Uint8Array(100 * 1024 * 1024);
  const needle = Uint8Array.from([0x56, 0x42, 0x53, 0x43]);
  big.set(needle, big.length - 10);
  let t = Date.now();
  assert.deepEqual(findBytes(big, needle, 1), { offset: big.length - 10, wrapped: false });
  const sparse = Date.now() - t;
  assert.ok(sparse < 2000, `sparse search took ${sparse} ms`);
  // Every byte a candidate for the first needle byte.
  big.fill(0x56);
  t = Date.now();
  assert.equal(findBytes(big, needle, 0), undefined);
  const dense = Date.now() - t;
  assert.ok(dense < 10000, `dense search took ${dense} ms`);
});

test('Find Previous: lastIndexOfBytes and findBytesBackward search before the selection and wrap to the end', () => {
  const b = exampleStream();
  const magic = Uint8Array.from([0x56, 0x42, 0x53, 0x43]);
  assert.equal(lastIndexOfBytes(b, magic), EXAMPLE_STARTS[4]);
  assert.equal(lastIndexOfBytes(b, magic, 0, EXAMPLE_STARTS[4]), EXAMPLE_STARTS[3]);
  assert.equal(lastIndexOfBytes(b, magic, 1, EXAMPLE_STARTS[1]), -1, 'nothing starts in [1, 96)');
  assert.equal(lastIndexOfBytes(b, new Uint8Array()), -1);
  // From the selected second magic, the previous one is the first; from the first, it wraps to END's.
  const sel2 = { start: EXAMPLE_STARTS[1], end: EXAMPLE_STARTS[1] + 4, caret: EXAMPLE_STARTS[1] + 3 };
  assert.deepEqual(findBytesBackward(b, magic, searchEndBackward(sel2, b.length)), { offset: 0, wrapped: false });
  assert.deepEqual(findBytesBackward(b, magic, searchEndBackward({ start: 0, end: 4, caret: 3 }, b.length)), {
    offset: EXAMPLE_STARTS[4],
    wrapped: true,
  });
  assert.equal(findBytesBackward(b, Uint8Array.from([0xde, 0xad, 0xbe, 0xef, 0x99]), 300), undefined);
  // A match straddling the search bound still counts (it starts before it).
  const h = Uint8Array.from([9, 1, 2, 3, 9]);
  assert.deepEqual(findBytesBackward(h, Uint8Array.from([1, 2, 3]), 2), { offset: 1, wrapped: false });
});
