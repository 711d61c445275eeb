// Text ↔ byte lookups: LineIndex (UTF-16 columns), decodeText's text ranges on calls, chunks,
// fields, raw nodes and problems, byteOffsetAt / textRangeForBytes, and their speed.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  byteOffsetAt,
  decodeText,
  LineIndex,
  textRangeForBytes,
  unionRange,
  type FieldNode,
  type SourceSegment,
} from '../../core/src';
import { prng } from './helpers/prng';
import { DESIGN_EXAMPLE, rng } from './helpers/textForm';

function field(fields: FieldNode[], ...path: string[]): FieldNode {
  let list = fields;
  let f: FieldNode | undefined;
  for (const name of path) {
    f = list.find((x) => x.name === name);
    assert.ok(f, `no field ${path.join('.')}`);
    list = f.children ?? [];
  }
  return f!;
}

test('LineIndex: \\n, \\r\\n and lone \\r end lines; columns count UTF-16 code units; out-of-range clamps', () => {
  const text = 'a\r\nbc\rd\n😀x';
  const li = new LineIndex(text);
  assert.deepEqual(li.starts, [0, 3, 6, 8]);
  assert.equal(li.lineCount, 4);
  assert.deepEqual(li.positionAt(1), { line: 0, character: 1 });
  assert.deepEqual(li.positionAt(4), { line: 1, character: 1 });
  assert.deepEqual(li.positionAt(10), { line: 3, character: 2 });
  assert.deepEqual(li.positionAt(99), { line: 3, character: 3 });
  assert.equal(li.offsetAt({ line: 3, character: 2 }), 10);
  assert.equal(text[li.offsetAt({ line: 3, character: 2 })], 'x');
  assert.equal(li.offsetAt({ line: 0, character: 50 }), 1); // clamped before \r\n
  assert.equal(li.offsetAt({ line: 9, character: 0 }), text.length);
  assert.equal(li.offsetAt({ line: -1, character: 0 }), 0);
  assert.deepEqual(
    [0, 1, 2, 3].map((l) => li.lineEnd(l)),
    [1, 5, 7, 11],
  );
  for (let o = 0; o <= text.length; o++) {
    const p = li.positionAt(o);
    if (text[o - 1] !== '\r' || text[o] !== '\n') assert.equal(li.offsetAt(p), o);
  }
});

test('decodeText: calls, chunks and fields carry the text that produced them', () => {
  const doc = decodeText(DESIGN_EXAMPLE);
  assert.deepEqual(doc.problems, []);
  assert.equal(doc.form, 'text');
  assert.equal(doc.text, DESIGN_EXAMPLE);
  assert.deepEqual(
    doc.calls.map((c) => rng(c.text)),
    ['1:0-15:39', '16:0-29:39', '30:0-34:22'],
  );
  assert.deepEqual(
    doc.chunks.map((c) => rng(c.text)),
    ['2:0-2:12', '10:0-10:12', '17:0-17:20', '23:0-23:12', '31:0-31:22'],
  );
  const [begin, , cs, gpadl, end] = doc.chunks;
  assert.equal(rng(field(begin.headerFields, 'Magic').text), '2:0-2:12');
  assert.equal(rng(field(begin.headerFields, 'Type').text), '2:7-2:12');
  assert.equal(rng(field(end.headerFields, 'Flags').text), '31:11-31:22');
  assert.equal(rng(field(begin.payloadFields, 'InterfaceType').text), '3:17-3:60');
  assert.equal(rng(field(begin.payloadFields, 'CreationTime').text), '8:16-8:21');
  // `Reserved: u8:0 u32:0` decodes as two fields, each on its own literal.
  const reserved = cs.payloadFields.filter((f) => f.name === 'Reserved');
  assert.deepEqual(
    reserved.map((f) => rng(f.text)),
    ['18:69-18:73', '18:74-18:79'],
  );
  // A group spans the literals of all its children.
  assert.equal(rng(field(cs.payloadFields, 'OpenParams').text), '19:10-21:20');
  assert.equal(rng(field(cs.payloadFields, 'OpenParams', 'HasGuestSignal').text), '20:80-20:84');
  assert.equal(rng(field(gpadl.payloadFields, 'Range0', 'Pfn2').text), '27:30-27:40');
  assert.equal(rng(field(end.payloadFields, 'StreamCrc32c').text), '32:52-32:60');
  assert.deepEqual(doc.expectEnd, undefined);
  assert.deepEqual(doc.steps, [
    { kind: 'call', call: 0 },
    { kind: 'call', call: 1 },
    { kind: 'call', call: 2 },
  ]);
  assert.deepEqual(
    doc.calls.map((c) => c.expect?.status),
    [0xc0000016, 0xc0000016, 0],
  );
});

test('decodeText: decoder problems point at the option, literal or directive behind their bytes', () => {
  const broken = DESIGN_EXAMPLE.replace('.chunk OFFER', '.chunk OFFER hcrc=0x1 crc=0x2').replace(
    'State: u8:2  Reserved',
    'State: u8:9  Reserved',
  );
  const doc = decodeText(broken);
  const at = (code: string) => doc.problems.filter((p) => p.code === code).map((p) => rng(p.text));
  assert.deepEqual(at('CRC-HEADER'), ['10:13-10:21']);
  assert.deepEqual(at('CRC-PAYLOAD'), ['10:22-10:29']);
  assert.deepEqual(at('CONTENT-ENUM'), ['24:49-24:53']);
  assert.ok(doc.problems.every((p) => p.text));
  // A finding inside a multi-byte literal points at that literal.
  const limit = decodeText('.chunk BEGIN seq=4\n zero:64\n.end\n');
  assert.deepEqual(
    limit.problems.filter((p) => p.code === 'CONTENT-LIMIT').map((p) => rng(p.text)),
    ['1:1-1:8'],
  );
});

test('decodeText: a truncated call reports SIZE-PARTIAL on the .chunk line, "buffer ends here" on the last byte kept', () => {
  const doc = decodeText('.call\n.chunk OFFER\n ChannelId: u32:17\n UserDefined: zero:136\n.end\n.truncate 0x70\n');
  const p = doc.problems.find((x) => x.code === 'SIZE-PARTIAL');
  assert.ok(p);
  assert.equal(rng(p.text), '1:0-1:12');
  assert.equal(rng(p.related?.[0].text), '3:14-3:22');
  assert.deepEqual(doc.calls[0].bytes, { start: 0, end: 176 - 0x70 });
});

test('decodeText: unframed bytes become raw nodes located on their literals; TEXT and decoder problems are merged', () => {
  const doc = decodeText('.raw\n  01 02 03 04\n  fill:36:5\n.endraw\n.raw\n u16:99999\n.endraw\n');
  assert.equal(doc.calls.length, 2);
  const raw = doc.calls[0].items[0];
  assert.equal(raw.kind, 'raw');
  assert.equal(rng(raw.text), '1:2-2:11');
  assert.deepEqual(
    doc.problems.map((p) => [p.code, rng(p.text)]),
    [
      ['TEXT-RANGE', '5:5-5:10'],
      ['FRAME-MAGIC', '1:2-1:13'],
      ['SIZE-HEADER', '5:1-5:10'],
    ],
  );
});

test('byteOffsetAt: exact byte inside hex runs, field start on literals, chunk start on the .chunk line', () => {
  const text = '.chunk NOTE seq=3 # c\n  T: 56 42 5343   u16:7\n.end\n';
  const doc = decodeText(text);
  const at = (line: number, character: number) => byteOffsetAt(doc, { line, character });
  assert.equal(at(0, 0), 0); // .chunk → Magic
  assert.equal(at(0, 8), 8); // NOTE → Type
  assert.equal(at(0, 13), 12); // seq=3 → Sequence
  assert.equal(at(0, 19), undefined); // comments produce no bytes
  assert.deepEqual(
    [5, 6, 8, 9, 11, 12, 13, 14].map((c) => at(1, c)),
    [32, 32, 33, 33, 34, 34, 35, 35],
  );
  assert.equal(at(1, 18), 36); // u16:7
  assert.equal(at(1, 23), 36); // just past the token end still counts
  assert.equal(at(1, 0), undefined); // indentation
  assert.equal(at(1, 2), undefined); // the label itself produces no bytes
  assert.equal(at(2, 0), undefined); // .end
  assert.equal(at(9, 0), undefined);
  // Without doc.text the whole hex run maps to its first byte.
  assert.equal(byteOffsetAt({ sourceMap: doc.sourceMap }, { line: 1, character: 13 }), 32);
  assert.equal(byteOffsetAt({}, { line: 0, character: 0 }), undefined);
});

test('textRangeForBytes: unions, empty ranges, nearest segment', () => {
  const doc = decodeText('.raw\n  01 02\n  u8:3\n.endraw\n');
  assert.equal(rng(textRangeForBytes(doc, { start: 0, end: 3 })), '1:2-2:6');
  assert.equal(rng(textRangeForBytes(doc, { start: 2, end: 3 })), '2:2-2:6');
  assert.equal(textRangeForBytes(doc, { start: 2, end: 2 }), undefined);
  assert.equal(rng(textRangeForBytes(doc, { start: 2, end: 2 }, true)), '2:2-2:6');
  assert.equal(rng(textRangeForBytes(doc, { start: 3, end: 3 }, true)), '2:2-2:6');
  assert.equal(textRangeForBytes(doc, { start: 7, end: 9 }), undefined);
  assert.equal(textRangeForBytes({}, { start: 0, end: 1 }, true), undefined);
});

/** A synthetic 10 MB map: 16-byte segments on consecutive lines, every 40th on a "directive" line far up. */
function bigMap(n: number): SourceSegment[] {
  const segs: SourceSegment[] = [];
  for (let i = 0; i < n; i++) {
    const line = i % 40 === 0 ? Math.floor(i / 40) : n + i;
    segs.push({
      bytes: { start: 16 * i, end: 16 * i + 16 },
      text: { start: { line, character: 2 }, end: { line, character: 49 } },
    });
  }
  return segs;
}

test('textRangeForBytes: block index agrees with a plain union on wide ranges', () => {
  const segs = bigMap(5000);
  const rand = prng(7);
  for (let k = 0; k < 300; k++) {
    const a = Math.floor(rand() * 16 * 5000);
    const b = a + Math.floor(rand() * 16 * 3000);
    let want;
    for (const s of segs) if (s.bytes.start < b && s.bytes.end > a) want = unionRange(want, s.text);
    assert.deepEqual(textRangeForBytes({ sourceMap: segs }, { start: a, end: b }), want);
  }
});

test('lookups stay fast on a 10 MB document (640k segments)', () => {
  const segs = bigMap(640_000);
  const doc = { sourceMap: segs };
  const rand = prng(8);
  byteOffsetAt(doc, { line: 0, character: 0 }); // builds the text-order index once
  const t0 = performance.now();
  for (let k = 0; k < 10_000; k++) {
    const line = 640_000 + 40 * Math.floor(rand() * 16_000) + 1 + Math.floor(rand() * 39);
    assert.equal(byteOffsetAt(doc, { line, character: 10 }), 16 * (line - 640_000));
    const a = Math.floor(rand() * 10_240_000);
    textRangeForBytes(doc, { start: a, end: a + Math.floor(rand() * 1_000_000) });
  }
  const ms = performance.now() - t0;
  assert.ok(ms < 2000, `10k lookups took ${ms.toFixed(0)} ms`);
});
