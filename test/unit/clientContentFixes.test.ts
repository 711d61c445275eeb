// Binary editor: resealed field edits and the content quick fixes, each applied to a stream with
// the problem and the result re-analysed with core's analyze(): the problem is gone, no new one.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  analyze,
  decodeBinary,
  CHUNK_TYPES,
  crc32c,
  encodeChunk,
  FLAG_FINAL,
  OFF,
  STATUS,
  toWire,
} from '../../core/src';
import { applyEdit, invertEdit } from '../../client/src/editor/model/bytes';
import { contentFixOffers } from '../../client/src/editor/model/contentFixes';
import { chunkRanges, runQuickFix } from '../../client/src/editor/model/quickFixes';
import { editFieldResealed } from '../../client/src/editor/model/reseal';
import { problemFixes } from '../../client/src/editor/problemFixes';
import {
  beginPayload,
  channelStatePayload,
  concat,
  endPayload,
  exampleStream,
  gpadlPayload,
  offerPayload,
  PayloadWriter,
} from './helpers/example';

type Part = { type: number; payload: Uint8Array; flags?: number };
const problemsOf = (b: Uint8Array, buffering: 'chunk' | 'whole' = 'chunk') =>
  analyze(decodeBinary(b, { buffering })).problems;
const errorCodes = (b: Uint8Array) =>
  problemsOf(b)
    .filter((p) => p.severity === 'error')
    .map((p) => p.code);
const outcome = (b: Uint8Array) => analyze(decodeBinary(b)).outcome.status;
const u32 = (b: Uint8Array, at: number) => new DataView(b.buffer, b.byteOffset).getUint32(at, true);

/** A stream of `parts` (sequences 0, 1, …) closed by a sealed END (ChunkCount, stream CRC), then `after` (sequences go on). */
function stream(parts: Part[], opts: { end?: boolean; after?: Part[] } = {}): Uint8Array {
  const c = parts.map((p, i) => encodeChunk({ type: p.type, sequence: i, payload: p.payload, flags: p.flags ?? 0 }));
  if (opts.end !== false)
    c.push(
      encodeChunk({
        type: CHUNK_TYPES.END,
        sequence: c.length,
        flags: FLAG_FINAL,
        payload: endPayload(parts.length + 1, crc32c(concat(c))),
      }),
    );
  for (const p of opts.after ?? []) c.push(encodeChunk({ type: p.type, sequence: c.length, payload: p.payload }));
  return concat(c);
}
const BEGIN = (n: number): Part => ({ type: CHUNK_TYPES.BEGIN, payload: beginPayload(n) });
const OFFER: Part = { type: CHUNK_TYPES.OFFER, payload: offerPayload(17) };
const CS = (ring = 0xe001): Part => ({ type: CHUNK_TYPES.CHANNEL_STATE, payload: channelStatePayload(ring) });
const GPADL = (id = 0xe001, channel = 17, state = 2): Part => ({
  type: CHUNK_TYPES.GPADL,
  payload: gpadlPayload(id, channel, state),
});
const PACKET = (tx: bigint): Part => ({
  type: CHUNK_TYPES.PACKET,
  payload: new PayloadWriter().u64(tx).u32(4).u32(0).u32(0xabcd).bytes(),
});

/** Apply the one fix offered for the first problem `code`; returns the fixed bytes and the offer's title. */
function applyOffered(
  b: Uint8Array,
  code: string,
  pick = 0,
  buffering: 'chunk' | 'whole' = 'chunk',
): { fixed: Uint8Array; title: string } {
  const p = problemsOf(b, buffering).find((x) => x.code === code);
  assert.ok(p, `the stream has ${code}: ${errorCodes(b).join()}`);
  const offers = contentFixOffers(b, chunkRanges(b), p);
  assert.ok(offers.length > pick, `a fix is offered for ${code}`);
  const before = b.slice();
  const e = runQuickFix(b, offers[pick], chunkRanges(b));
  assert.ok(e, 'the fix changes bytes');
  assert.deepEqual(b, before, 'building the fix leaves the input untouched');
  const fixed = applyEdit(b.slice(), e);
  assert.deepEqual(applyEdit(fixed.slice(), invertEdit(e)), before, 'one undo restores the bytes');
  return { fixed, title: offers[pick].title };
}

function assertClean(b: Uint8Array, code: string): void {
  assert.ok(!problemsOf(b).some((p) => p.code === code), `${code} is gone`);
  assert.deepEqual(errorCodes(b), [], 'no error remains');
  assert.equal(outcome(b), STATUS.STATUS_SUCCESS);
}

test('CONTENT-GPADL-CHANNEL: "Set ChannelId to 17 (the OFFER\'s ChannelId)" writes the OFFER\'s id and reseals', () => {
  const b = stream([BEGIN(5), OFFER, CS(), GPADL(0xe001, 18)]);
  const { fixed, title } = applyOffered(b, 'CONTENT-GPADL-CHANNEL');
  assert.equal(title, "Set ChannelId to 17 (the OFFER's ChannelId)");
  assertClean(fixed, 'CONTENT-GPADL-CHANNEL');
});

test('CONTENT-RING-GPADL: RingGpadlId becomes the Accepted GPADL; a ring GPADL not Accepted becomes Accepted', () => {
  const missing = stream([BEGIN(5), OFFER, CS(0xe002), GPADL(0xe001)]);
  const a = applyOffered(missing, 'CONTENT-RING-GPADL');
  assert.equal(a.title, 'Set RingGpadlId to 0x0000E001 (the Accepted GPADL)');
  assertClean(a.fixed, 'CONTENT-RING-GPADL');
  const offered = stream([BEGIN(5), OFFER, CS(0xe001), GPADL(0xe001, 17, 1)]);
  const b = applyOffered(offered, 'CONTENT-RING-GPADL');
  assert.equal(b.title, 'Set the State of GPADL 0x0000E001 to 2 (Accepted)');
  assertClean(b.fixed, 'CONTENT-RING-GPADL');
  // No Accepted GPADL to point at: nothing offered rather than a fix that cannot work.
  const none = stream([BEGIN(5), OFFER, CS(0xe002), GPADL(0xe001, 17, 1)]);
  const p = problemsOf(none).find((x) => x.code === 'CONTENT-RING-GPADL')!;
  assert.deepEqual(contentFixOffers(none, chunkRanges(none), p), []);
});

test('UNSUP-TYPE: the unknown mandatory type becomes optional (0x8000 | type); restore skips it', () => {
  const b = stream([BEGIN(6), OFFER, CS(), { type: 0x0042, payload: new Uint8Array(8) }, GPADL()]);
  const { fixed, title } = applyOffered(b, 'UNSUP-TYPE');
  assert.match(title, /^Make chunk type 0x0042 optional: 0x8042/);
  assertClean(fixed, 'UNSUP-TYPE');
  assert.ok(problemsOf(fixed).some((p) => p.code === 'WARN-OPTIONAL-TYPE'));
});

test('CONTENT-GPADL-DUP / CONTENT-TXID-DUP: deleting the duplicate renumbers, recounts and reseals the rest', () => {
  const g = stream([BEGIN(6), OFFER, CS(), GPADL(), GPADL()]);
  const a = applyOffered(g, 'CONTENT-GPADL-DUP');
  assert.equal(a.title, 'Delete the duplicate GPADL 0x0000E001 chunk');
  assert.equal(a.fixed.length, g.length - 88);
  assertClean(a.fixed, 'CONTENT-GPADL-DUP');
  const t = stream([BEGIN(7), OFFER, CS(), GPADL(), PACKET(5n), PACKET(5n)]);
  const b = applyOffered(t, 'CONTENT-TXID-DUP');
  assertClean(b.fixed, 'CONTENT-TXID-DUP');
  // BEGIN's ChunkCount 0 (unknown) stays 0.
  const z = stream([BEGIN(0), OFFER, CS(), GPADL(), GPADL()]);
  const c = applyOffered(z, 'CONTENT-GPADL-DUP');
  assertClean(c.fixed, 'CONTENT-GPADL-DUP');
  assert.equal(u32(c.fixed, 32 + 44), 0);
});

test('SEQ-AFTER-FINAL (the file as one restore call): the chunk after END is deleted', () => {
  const b = stream([BEGIN(5), OFFER, CS(), GPADL()], {
    after: [{ type: CHUNK_TYPES.NOTE, payload: new TextEncoder().encode('late') }],
  });
  const { fixed, title } = applyOffered(b, 'SEQ-AFTER-FINAL', 0, 'whole');
  assert.equal(title, 'Delete the NOTE chunk (sequence 5) after the FINAL chunk');
  assert.deepEqual(fixed, exampleStream());
  assertClean(fixed, 'SEQ-AFTER-FINAL');
});

test('EOF-TRUNCATED: a stream without END gets END appended (ChunkCount, stream CRC, FINAL); not offered when cut mid-chunk', () => {
  const full = exampleStream();
  const noEnd = full.slice(0, 552);
  const { fixed, title } = applyOffered(noEnd, 'EOF-TRUNCATED');
  assert.equal(title, 'Append the missing END chunk (FINAL)');
  assert.deepEqual(fixed, full, 'the appended END is the one the example ends with');
  assertClean(fixed, 'EOF-TRUNCATED');
  const cut = full.slice(0, 500);
  assert.deepEqual(contentFixOffers(cut, chunkRanges(cut), { code: 'EOF-TRUNCATED' }), []);
  assert.deepEqual(contentFixOffers(full, chunkRanges(full), { code: 'EOF-TRUNCATED' }), [], 'not when END is there');
});

test('field edits reseal: payload field, header field, GPADL ChannelId; one undo restores field and CRCs', () => {
  const b = exampleStream();
  const ranges = chunkRanges(b);
  // OFFER ConnectionId (payload +4): payload CRC, header CRC and END's stream CRC follow.
  const r = editFieldResealed(b, { name: 'ConnectionId', type: 'u32', start: 132, end: 136 }, '0x22', ranges)!;
  assert.deepEqual(r.sealed, ['payload CRC', 'header CRC', 'stream CRC']);
  assert.equal(r.edit.label, 'Set ConnectionId (resealed: payload CRC, header CRC, stream CRC)');
  const after = applyEdit(b.slice(), r.edit);
  assert.equal(u32(after, 132), 0x22);
  assert.deepEqual(errorCodes(after), []);
  assert.deepEqual(applyEdit(after.slice(), invertEdit(r.edit)), b);
  // A header field: the header CRC and the stream CRC.
  const h = editFieldResealed(
    b,
    { name: 'Flags', type: 'u16', start: 96 + OFF.flags, end: 96 + OFF.flags + 2 },
    '0x100',
    ranges,
  )!;
  assert.deepEqual(h.sealed, ['header CRC', 'stream CRC']);
  assert.deepEqual(errorCodes(applyEdit(b.slice(), h.edit)), []);
  // The case: a GPADL naming channel 18, set to 17 in the tree, leaves no problem at all.
  const wrong = stream([BEGIN(5), OFFER, CS(), GPADL(0xe001, 18)]);
  const g = editFieldResealed(
    wrong,
    { name: 'ChannelId', type: 'u32', start: 464 + 32 + 4, end: 464 + 32 + 8 },
    '17',
    chunkRanges(wrong),
  )!;
  const fixed = applyEdit(wrong.slice(), g.edit);
  assert.deepEqual(errorCodes(fixed), []);
  assert.equal(outcome(fixed), STATUS.STATUS_SUCCESS);
  // The same value again: nothing to do.
  assert.equal(
    editFieldResealed(
      fixed,
      { name: 'ChannelId', type: 'u32', start: 464 + 36, end: 464 + 40 },
      '17',
      chunkRanges(fixed),
    ),
    undefined,
  );
});

test('editing a seal itself writes it as typed and reseals only what covers it', () => {
  const b = exampleStream();
  const ranges = chunkRanges(b);
  const h = editFieldResealed(
    b,
    { name: 'HeaderCrc32c', type: 'u32', start: 96 + OFF.headerCrc, end: 96 + OFF.headerCrc + 4 },
    '0x12345678',
    ranges,
  )!;
  const x = applyEdit(b.slice(), h.edit);
  assert.equal(u32(x, 96 + OFF.headerCrc), 0x12345678);
  assert.deepEqual(
    errorCodes(x).filter((c) => c !== 'STATE-FAILED'),
    ['CRC-HEADER'],
    'the deliberately wrong header CRC stays; the stream CRC follows it',
  );
  const s = editFieldResealed(
    b,
    { name: 'StreamCrc32c', type: 'u32', start: 552 + 32 + 8, end: 552 + 32 + 12 },
    '0',
    ranges,
  )!;
  assert.deepEqual(s.sealed, ['payload CRC', 'header CRC']);
  assert.deepEqual(
    errorCodes(applyEdit(b.slice(), s.edit)).filter((c) => c !== 'STATE-FAILED'),
    ['CRC-STREAM'],
  );
  assert.throws(
    () => editFieldResealed(b, { name: 'ChannelId', type: 'u32', start: 128, end: 132 }, 'x', ranges),
    /not an integer/,
  );
});

test('problemFixes reads the document only when a problem has a content fix (a big edited binary is not flattened)', () => {
  const wireOf = (b: Uint8Array) => toWire(analyze(decodeBinary(b, { buffering: 'chunk' })));
  let reads = 0;
  const clean = exampleStream();
  assert.deepEqual(
    problemFixes(() => (reads++, clean), wireOf(clean)),
    {},
  );
  assert.equal(reads, 0, 'no problem with a content fix: the bytes are not asked for');
  const b = stream([BEGIN(6), OFFER, CS(), { type: 0x0042, payload: new Uint8Array(8) }, GPADL()]);
  const a = wireOf(b);
  const lazy = problemFixes(() => (reads++, b), a);
  assert.equal(reads, 1, 'asked once for all the problems');
  assert.ok(Object.keys(lazy).length > 0);
  assert.deepEqual(lazy, problemFixes(b, a));
});
