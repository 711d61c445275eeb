// diffStreams (core/src/diff): identity matching, alignment, field changes, framing, restore
// comparison and bad input (docs/compare.md).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  CHUNK_TYPES,
  concatBytes,
  crc32c,
  decodeBinary,
  decodeDocument,
  diffStreams,
  encodeChunk,
  FLAG_CONTINUES,
  FLAG_FINAL,
  type StreamDiff,
} from '../../core/src';
import { longestIncreasing } from '../../core/src/diff/match';
import {
  beginPayload,
  channelStatePayload,
  endPayload,
  gpadlPayload,
  offerPayload,
  PayloadWriter,
} from './helpers/example';
import { compareSamples } from './helpers/compareSamples';

const T = CHUNK_TYPES;
const ROOT = join(__dirname, '..', '..', '..');

function packet(txid: bigint, body = 'x'): Uint8Array {
  const v = new TextEncoder().encode(body);
  return concatBytes([new PayloadWriter().u64(txid).u32(0).u32(v.length).bytes(), v]);
}

/** A well-framed stream of these records (sequences, CRCs, END computed); `split` cuts a record into CONTINUES fragments of that many bytes. */
function stream(records: [number, Uint8Array, number?][]): Uint8Array {
  const chunks: Uint8Array[] = [];
  for (const [type, p, split] of [
    [T.BEGIN, beginPayload(0)] as [number, Uint8Array],
    [T.OFFER, offerPayload()] as [number, Uint8Array],
    [T.CHANNEL_STATE, channelStatePayload()] as [number, Uint8Array],
    ...records,
  ]) {
    if (!split) chunks.push(encodeChunk({ type, payload: p, sequence: chunks.length }));
    else
      for (let at = 0; at < p.length; at += split)
        chunks.push(
          encodeChunk({
            type,
            payload: p.subarray(at, at + split),
            sequence: chunks.length,
            flags: at + split < p.length ? FLAG_CONTINUES : 0,
          }),
        );
  }
  chunks.push(
    encodeChunk({
      type: T.END,
      sequence: chunks.length,
      flags: FLAG_FINAL,
      payload: endPayload(chunks.length + 1, crc32c(concatBytes(chunks))),
    }),
  );
  return concatBytes(chunks);
}

const diff = (a: Uint8Array, b: Uint8Array, framing = false): StreamDiff =>
  diffStreams(decodeBinary(a), decodeBinary(b), { framing });
const kinds = (d: StreamDiff) => d.rows.map((r) => `${r.key}:${r.kind}${r.reordered ? '+reordered' : ''}`);
const G = (id: number) => [T.GPADL, gpadlPayload(id)] as [number, Uint8Array];
const P = (id: bigint, body?: string) => [T.PACKET, packet(id, body)] as [number, Uint8Array];

test('identical streams: every record the same, no framing, identical and equivalent', () => {
  const s = stream([G(0xe001), P(1n)]);
  const d = diff(s, s.slice());
  assert.ok(d.identical && d.equivalent);
  assert.deepEqual(d.summary, {
    same: 6,
    changed: 0,
    onlyA: 0,
    onlyB: 0,
    reordered: 0,
    contentChanges: 0,
    framing: {},
    framingTotal: 0,
    callsDiffering: 0,
  });
  assert.deepEqual(d.differences, []);
  assert.equal(d.firstDivergentCall, undefined);
});

test('an inserted packet is only in B; later records still match by identity; shifted framing is hidden but counted', () => {
  const d = diff(stream([G(0xe001), P(1n), P(2n)]), stream([G(0xe001), P(1n), P(7n), P(2n)]));
  assert.deepEqual(kinds(d), [
    'BEGIN:same',
    'OFFER:same',
    'CHANNEL_STATE:same',
    'GPADL 0xE001:same',
    'PACKET 0x0000000000000001:same',
    'PACKET 0x0000000000000007:onlyB',
    'PACKET 0x0000000000000002:same',
    'END:same',
  ]);
  assert.equal(d.summary.onlyB, 1);
  assert.equal(
    d.summary.contentChanges,
    0,
    'Sequence, CRCs, ChunkCount and StreamCrc32c that follow the stream are framing',
  );
  assert.ok(
    d.summary.framing.Sequence >= 2 && d.summary.framing.StreamCrc32c === 1 && d.summary.framing.ChunkCount === 1,
    JSON.stringify(d.summary.framing),
  );
  assert.ok(
    d.rows.every((r) => r.changes.length === 0),
    'hidden without framing: true',
  );
  assert.ok(!d.identical && !d.equivalent);
  assert.deepEqual(d.differences, [{ row: 5 }]);
  // With framing: true the same changes are listed, classed as framing.
  const f = diff(stream([G(0xe001), P(1n), P(2n)]), stream([G(0xe001), P(1n), P(7n), P(2n)]), true);
  const end = f.rows.find((r) => r.key === 'END')!;
  assert.deepEqual(
    end.changes.map((c) => `${c.path}:${c.kind}`),
    ['Sequence:framing', 'PayloadCrc32c:framing', 'HeaderCrc32c:framing', 'ChunkCount:framing', 'StreamCrc32c:framing'],
  );
  assert.equal(f.summary.framingTotal, d.summary.framingTotal);
});

test('a deleted record is only in A; a record of B on the other side of the stream is reordered', () => {
  const d = diff(stream([G(0xe001), G(0xe002), P(1n), P(2n)]), stream([G(0xe002), G(0xe001), P(2n)]));
  assert.deepEqual(kinds(d).slice(3), [
    'GPADL 0xE001:same+reordered',
    'GPADL 0xE002:same',
    'PACKET 0x0000000000000001:onlyA',
    'PACKET 0x0000000000000002:same',
    'END:same',
  ]);
  assert.equal(d.summary.reordered, 1);
  assert.equal(d.summary.onlyA, 1);
  assert.ok(
    d.differences.some((s) => d.rows[s.row].reordered),
    'a reordered row is a place to navigate to',
  );
});

test('a changed field: path, old and new values, both byte ranges; a wrong CRC is content, not framing', () => {
  const a = stream([G(0xe001), P(1n, 'hello')]);
  const b = stream([[T.GPADL, gpadlPayload(0xe001, 18)], P(1n, 'jello')]);
  const d = diff(a, b);
  const g = d.rows.find((r) => r.key === 'GPADL 0xE001')!;
  assert.equal(g.kind, 'changed');
  assert.deepEqual(
    g.changes.map((c) => [c.path, c.old, c.new]),
    [['ChannelId', '0x00000011 (17)', '0x00000012 (18)']],
  );
  const da = decodeBinary(a);
  const at = da.chunks[3].payloadBytes.start + 4;
  assert.deepEqual(
    [g.changes[0].a, g.changes[0].b],
    [
      { start: at, end: at + 4 },
      { start: at, end: at + 4 },
    ],
  );
  const p = d.rows.find((r) => r.key.startsWith('PACKET'))!;
  assert.deepEqual(
    p.changes.map((c) => [c.path, c.old, c.new]),
    [['VspState', '5 bytes, at +0x0000: 68 65 6C 6C 6F', '5 bytes, at +0x0000: 6A 65 6C 6C 6F']],
  );
  // Break B's GPADL CRC: the difference is shown, and the restore comparison names the failure.
  const bad = b.slice();
  const gb = decodeBinary(b).chunks[3];
  bad[gb.headerBytes.start + 20] ^= 0xff;
  const d2 = diff(a, bad);
  assert.ok(
    d2.rows
      .find((r) => r.key === 'GPADL 0xE001')!
      .changes.some((c) => c.path === 'PayloadCrc32c' && c.kind === 'content'),
  );
  assert.equal(d2.firstDivergentCall, 3);
  const c = d2.calls[3];
  // PayloadCrc32c is inside the header CRC's bytes: the header check fails first.
  assert.deepEqual(
    [c.a!.statusName, c.b!.statusName, c.b!.code, c.b!.on],
    ['STATUS_MORE_PROCESSING_REQUIRED', 'STATUS_CRC_ERROR', 'CRC-HEADER', 'GPADL 0xE001'],
  );
});

test('duplicates: equal ids and same-type order-matched records pair by their order among equals', () => {
  const note = (s: string) => [T.NOTE, new TextEncoder().encode(s)] as [number, Uint8Array];
  const d = diff(
    stream([G(0xe001), P(5n, 'a'), P(5n, 'b'), note('one'), note('two')]),
    stream([G(0xe001), P(5n, 'a'), P(5n, 'c'), note('one'), note('2')]),
  );
  assert.deepEqual(kinds(d).slice(4, 8), [
    'PACKET 0x0000000000000005:same',
    'PACKET 0x0000000000000005 #2:changed',
    'NOTE #1:same',
    'NOTE #2:changed',
  ]);
  assert.deepEqual(
    d.rows[7].changes.map((c) => [c.path, c.old, c.new]),
    [['Text', '"two"', '"2"']],
  );
});

test('unknown optional types match by type and order, never across types', () => {
  const u = (type: number, s: string) => [type, new TextEncoder().encode(s)] as [number, Uint8Array];
  const d = diff(
    stream([u(0x9000, 'a'), u(0x9000, 'b'), u(0x9001, 'c')]),
    stream([u(0x9000, 'a'), u(0x9002, 'c'), u(0x9000, 'B')]),
  );
  assert.deepEqual(kinds(d).slice(3, 8), [
    '0x9000 #1:same',
    '0x9002 #1:onlyB',
    '0x9000 #2:changed',
    '0x9001 #1:onlyA',
    'END:same',
  ]);
  assert.deepEqual(
    d.rows[5].changes.map((c) => c.path),
    ['Data'],
    'B-only rows sit after the B record before them',
  );
});

test('a CONTINUES chain is one record, matched by the id in its joined payload; a different split is framing only', () => {
  const big = packet(9n, 'a packet record long enough to be split in fragments');
  const d = diff(stream([G(0xe001), [T.PACKET, big, 24]]), stream([G(0xe001), [T.PACKET, big, 40]]), true);
  const p = d.rows.find((r) => r.key === 'PACKET 0x0000000000000009')!;
  assert.equal(p.kind, 'same');
  assert.equal(p.a!.chunks.length, 3);
  assert.equal(p.b!.chunks.length, 2);
  assert.ok(p.changes.some((c) => c.path === '(fragments)' && c.kind === 'framing'));
  assert.ok(
    p.changes.every((c) => c.kind === 'framing'),
    JSON.stringify(p.changes),
  );
  // A changed byte in the second fragment is a field change of the joined record, placed in the stream.
  const changed = new Uint8Array(big);
  changed[30] ^= 1;
  const e = diff(stream([G(0xe001), [T.PACKET, big, 24]]), stream([G(0xe001), [T.PACKET, changed, 24]]));
  const q = e.rows.find((r) => r.key === 'PACKET 0x0000000000000009')!;
  assert.deepEqual(
    q.changes.map((c) => c.path),
    ['VspState'],
  );
  const frags = decodeBinary(stream([G(0xe001), [T.PACKET, big, 24]])).chunks.slice(4, 7);
  assert.deepEqual(
    q.changes[0].a,
    { start: frags[0].payloadBytes.start + 16, end: frags[2].payloadBytes.end },
    'joined offsets mapped back to the fragments in the stream',
  );
});

test('one side empty, or not a stream: never identical, and the side says where decoding stopped', () => {
  const s = stream([G(0xe001)]);
  const d = diff(new Uint8Array(0), s);
  assert.equal(d.summary.onlyB, 5);
  assert.equal(d.a.stop!.code, 'EMPTY');
  assert.ok(!d.identical && !d.equivalent);
  const both = diff(new Uint8Array(0), new Uint8Array(0));
  assert.ok(!both.identical, 'two empty inputs are not reported as equal streams');
  const junk = new TextEncoder().encode('this is not a saved state at all');
  const j = diff(junk, junk);
  assert.equal(j.a.stop!.code, 'FRAME-MAGIC');
  assert.ok(!j.identical);
  // Cut mid-chunk: what decodes before the cut is still compared.
  const cut = diff(s, s.subarray(0, s.length - 20));
  assert.equal(cut.b.stop!.code, 'SIZE-HEADER');
  assert.equal(cut.b.stop!.at, decodeBinary(s).chunks[4].bytes.start);
  assert.ok(cut.rows.slice(0, 4).every((r) => r.kind === 'same'));
});

test('text and binary forms of one stream: fields match, text ranges point at .vmbhex lines', () => {
  const bin = readFileSync(join(ROOT, 'samples', 'good.vmbstate'));
  const src = readFileSync(join(ROOT, 'samples', 'good.vmbhex'), 'utf8').replace(
    'ChannelId: u32:17  State: u8:2',
    'ChannelId: u32:17  State: u8:1',
  );
  const t = decodeDocument('x.vmbhex', new TextEncoder().encode(src));
  const d = diffStreams(decodeDocument('good.vmbstate', bin), t);
  const g = d.rows.find((r) => r.key === 'GPADL 0xE001')!;
  assert.deepEqual(
    g.changes.map((c) => [c.path, c.old, c.new]),
    [['State', '2 (Accepted)', '1 (Offered)']],
  );
  const line = src.split('\n').findIndex((l) => l.includes('State: u8:1'));
  assert.equal(g.changes[0].bText!.start.line, line);
  assert.equal(g.changes[0].aText, undefined, 'the binary side has no text');
  assert.equal(d.summary.framing['(call boundary)'], 2, 'the text cuts calls differently: framing');
});

test('the compare sample pair: one GPADL field changed, one packet added, first divergence at the added call', () => {
  const { good, changed } = compareSamples();
  assert.deepEqual(
    new Uint8Array(readFileSync(join(ROOT, 'samples', 'compare', 'good.vmbstate'))),
    good,
    'committed bytes are what the builder makes',
  );
  assert.deepEqual(new Uint8Array(readFileSync(join(ROOT, 'samples', 'compare', 'changed.vmbstate'))), changed);
  const d = diff(good, changed);
  assert.deepEqual(
    d.rows.filter((r) => r.kind !== 'same').map((r) => [r.key, r.kind, r.changes.map((c) => c.path).join()]),
    [
      ['GPADL 0xE002', 'changed', 'Range0.Pfn1'],
      ['PACKET 0x0000000000000003', 'onlyB', ''],
    ],
  );
  assert.equal(d.a.outcome, 'STATUS_SUCCESS');
  assert.equal(d.b.outcome, 'STATUS_SUCCESS');
  assert.equal(d.firstDivergentCall, 7);
  assert.equal(d.differences.length, 2);
  assert.doesNotThrow(() => JSON.parse(JSON.stringify(d)), 'plain data: no bigint, no cycles');
});

test('longestIncreasing keeps one longest increasing run', () => {
  assert.deepEqual([...longestIncreasing([0, 3, 1, 2, 4])].sort(), [0, 2, 3, 4]);
  assert.equal(longestIncreasing([]).size, 0);
  assert.equal(longestIncreasing([5, 4, 3]).size, 1);
});
