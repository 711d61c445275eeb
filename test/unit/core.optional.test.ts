// Optional chunks (docs/format.md §3, NOTE and RING) and the order of the content checks inside one
// payload (§4, check order): known optional types are validated, unknown ones are skipped.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  analyze,
  CHUNK_TYPES,
  decodeBinary,
  decodePayload,
  encodeChunk,
  statusName,
  decodeText,
  type SavedStateDocument,
} from '../../core/src';
import { beginPayload, concat, endPayload, PayloadWriter } from './helpers/example';

const M = 'STATUS_MORE_PROCESSING_REQUIRED';

function ring(direction: number, length = 32, reserved = 0): Uint8Array {
  const full = new PayloadWriter()
    .u8(direction)
    .u8(reserved)
    .u16(0)
    .u32(4)
    .u32(0)
    .u32(0)
    .u32(0)
    .u32(0)
    .u32(0)
    .u32(0)
    .bytes();
  return full.subarray(0, length);
}

/** BEGIN, then one optional chunk of `type`: each in its own call. */
function withOptional(type: number, payload: Uint8Array): SavedStateDocument {
  return decodeBinary(
    concat([
      encodeChunk({ type: CHUNK_TYPES.BEGIN, sequence: 0, payload: beginPayload(0) }),
      encodeChunk({ type, sequence: 1, payload }),
    ]),
  );
}

function secondCall(doc: SavedStateDocument): { status?: string; code?: string; warnings: string[] } {
  const t = analyze(doc).trace[1];
  if (t.kind !== 'call') throw new Error('no second call');
  return { status: statusName(t.status), code: t.failure?.code, warnings: t.warnings.map((w) => w.code) };
}

test('a well-formed RING and NOTE restore', () => {
  assert.deepEqual(secondCall(withOptional(CHUNK_TYPES.RING, ring(1))), { status: M, code: undefined, warnings: [] });
  assert.deepEqual(secondCall(withOptional(CHUNK_TYPES.NOTE, new TextEncoder().encode('saved by test'))), {
    status: M,
    code: undefined,
    warnings: [],
  });
});

test('a malformed RING fails the restore with its CONTENT-* code', () => {
  const cases: [string, Uint8Array, string][] = [
    ['Direction 7', ring(7), 'CONTENT-ENUM'],
    ['8 of its 32 bytes', ring(0, 8), 'CONTENT-LENGTH'],
    ['Reserved not zero', ring(0, 32, 5), 'CONTENT-RESERVED'],
    ['trailing bytes', concat([ring(0), new Uint8Array(8)]), 'CONTENT-LENGTH'],
  ];
  for (const [what, payload, code] of cases) {
    assert.deepEqual(
      secondCall(withOptional(CHUNK_TYPES.RING, payload)),
      { status: 'STATUS_FILE_CORRUPT_ERROR', code, warnings: [] },
      what,
    );
  }
});

test('a RING with Direction 7 that is also too short fails CONTENT-ENUM: checks run in field order', () => {
  const doc = withOptional(CHUNK_TYPES.RING, ring(7, 8));
  assert.equal(secondCall(doc).code, 'CONTENT-ENUM');
  assert.deepEqual(
    decodePayload(CHUNK_TYPES.RING, ring(7, 8), 0, 8, false).issues.map((i) => i.code),
    ['CONTENT-ENUM', 'CONTENT-LENGTH'],
  );
});

test('an unknown optional type is skipped with WARN-OPTIONAL-TYPE; its payload is not read', () => {
  const r = secondCall(withOptional(0x9000, Uint8Array.of(1, 2, 3)));
  assert.deepEqual(r, { status: M, code: undefined, warnings: ['WARN-OPTIONAL-TYPE'] });
});

test('text form: a RING in the stream, good and bad', () => {
  const fixture = (direction: number) => `.chunk BEGIN
  zero:32  SubchannelIndex: u16:0  Reserved: u16:0  VmbusVersion: u32:0x00050000  FeatureFlags: u32:0
  ChunkCount: u32:0  MaxPayloadLength: u32:0x10000  Reserved: u32:0  CreationTime: u64:0
.end
.chunk RING
  Direction: u8:${direction}  Reserved: zero:3  RingPageCount: u32:4  WriteIndex: u32:0  ReadIndex: u32:0
  InterruptMask: u32:0  PendingSendSize: u32:0  FeatureBits: u32:0  Reserved: u32:0
.end
`;
  assert.deepEqual(
    analyze(decodeText(fixture(0))).problems.map((p) => p.code),
    ['EOF-TRUNCATED'],
  );
  const bad = analyze(decodeText(fixture(7)));
  assert.equal(statusName(bad.outcome.status), 'STATUS_FILE_CORRUPT_ERROR');
  assert.equal(bad.problems.find((p) => p.code === 'CONTENT-ENUM')?.text?.start.line, 5);
});

test('content checks in field order: END EndFlags before a short payload, GPADL RangeCount before RangeBufferWords', () => {
  const end = endPayload(1, 0, 2).subarray(0, 8);
  assert.deepEqual(
    decodePayload(CHUNK_TYPES.END, end, 0, end.length, false).issues.map((i) => i.code),
    ['UNSUP-END-FLAGS', 'CONTENT-LENGTH'],
  );
  const gpadl = new PayloadWriter().u32(1).u32(17).u8(2).u8(0).u16(0).u32(7).bytes();
  assert.deepEqual(
    decodePayload(CHUNK_TYPES.GPADL, gpadl, 0, gpadl.length, false).issues.map((i) => i.code),
    ['CONTENT-GPA-RANGE', 'CONTENT-LENGTH'],
  );
});

test('content checks in field order: CHANNEL_STATE flags against the state before the reserved bytes and the blocks', () => {
  // Closed with HasOpenParams 1, Reserved 9, and no open-parameter block at all.
  const cs = new PayloadWriter().u8(0).u8(1).u8(0).u8(9).u32(0).bytes();
  assert.deepEqual(
    decodePayload(CHUNK_TYPES.CHANNEL_STATE, cs, 0, cs.length, false).issues.map((i) => i.code),
    ['CONTENT-OPEN-STATE', 'CONTENT-RESERVED', 'CONTENT-LENGTH'],
  );
});
