// Emulator fidelity (issue 17): restore rules taken from OpenVMM's VMBus server, and the
// corrections to rules vmbstate had wrong (docs/format.md §3, §4 "Evidence").
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CHUNK_TYPES, decodePayload, MESSAGE_TYPES, VMBUS_VERSIONS } from '../../core/src';
import { PayloadWriter } from './helpers/example';
import { BEGIN, codes, END, errors, GOOD, GPADL, MESSAGE, OFFER, outcome, run, STATE } from './helpers/fidelity';

test('the good stream of the fidelity helpers restores', () => {
  const a = run(GOOD());
  assert.equal(outcome(a), 'STATUS_SUCCESS');
  assert.deepEqual(codes(a.problems), []);
});

// A GPADL saved while its GpadlBody messages were arriving: RangeCount 2 announced, 3 words so far
// (the first range's header and 2 of its 4 page numbers).
const PARTIAL = 'u32:0x4000 u32:0  u64:0x2000 u64:0x2001';

test('an InProgress GPADL holds a partial range buffer: not validated, RangeCount stays the announced count', () => {
  const a = run([BEGIN(), OFFER(), STATE(), GPADL(), GPADL({ id: 0xe002, state: 0, count: 2, ranges: PARTIAL }), END]);
  assert.equal(outcome(a), 'STATUS_SUCCESS');
  assert.deepEqual(codes(a.problems), [], 'neither the decoder nor the restore reports CONTENT-GPA-RANGE');
  const g = a.doc.chunks[4];
  const rec = decodePayload(CHUNK_TYPES.GPADL, a.doc.bytes, g.payloadBytes.start, g.payloadBytes.end).record;
  assert.ok(rec && rec.type === 'GPADL');
  assert.equal(rec.v.rangeCount, 2);
  assert.equal(rec.v.ranges[0].pfns.length, 2, 'the page numbers received so far');
  // The same bytes as Offered are a broken GPADL.
  const offered = run([
    BEGIN(),
    OFFER(),
    STATE(),
    GPADL(),
    GPADL({ id: 0xe002, state: 1, count: 2, ranges: PARTIAL }),
    END,
  ]);
  assert.equal(outcome(offered), 'STATUS_FILE_CORRUPT_ERROR CONTENT-GPA-RANGE');
});

test('an InProgress GPADL still has its reserved field, id uniqueness, channel id and the ring check', () => {
  const reserved = GPADL({ id: 0xe002, state: 0, count: 2, ranges: PARTIAL }).replace(
    'Reserved: u8:0',
    'Reserved: u8:1',
  );
  assert.equal(
    outcome(run([BEGIN(), OFFER(), STATE(), GPADL(), reserved, END])),
    'STATUS_FILE_CORRUPT_ERROR CONTENT-RESERVED',
  );
  const dup = GPADL({ id: 0xe001, state: 0, count: 2, ranges: PARTIAL });
  assert.equal(
    outcome(run([BEGIN(), OFFER(), STATE(), GPADL(), dup, END])),
    'STATUS_FILE_CORRUPT_ERROR CONTENT-GPADL-DUP',
  );
  const other = GPADL({ id: 0xe002, channel: 18, state: 0, count: 2, ranges: PARTIAL });
  assert.equal(
    outcome(run([BEGIN(), OFFER(), STATE(), GPADL(), other, END])),
    'STATUS_FILE_CORRUPT_ERROR CONTENT-GPADL-CHANNEL',
  );
  const ring = GPADL({ state: 0, count: 1, ranges: PARTIAL });
  assert.equal(outcome(run([BEGIN(), OFFER(), STATE(), ring, END])), 'STATUS_FILE_CORRUPT_ERROR CONTENT-RING-GPADL');
  const none = GPADL({ id: 0xe002, state: 0, count: 0, ranges: '' });
  assert.equal(
    outcome(run([BEGIN(), OFFER(), STATE(), GPADL(), none, END])),
    'STATUS_FILE_CORRUPT_ERROR CONTENT-GPA-RANGE',
  );
});

test('a range whose ByteCount + ByteOffset passes 0xFFFFF000 is CONTENT-GPA-RANGE (overflow)', () => {
  const big = GPADL({ id: 0xe002, ranges: 'u32:0xFFFFF000 u32:1 u64:0' });
  const a = run([BEGIN(), OFFER(), STATE(), GPADL(), big, END]);
  assert.equal(outcome(a), 'STATUS_FILE_CORRUPT_ERROR CONTENT-GPA-RANGE');
  assert.match(errors(a)[0].message, /overflows/);
});

test('control message types 17–29 carry the VMBus names (PENDING_MESSAGE hovers and tree)', () => {
  const want: Record<number, string> = {
    17: 'UnloadComplete',
    18: 'OpenReservedChannel',
    19: 'CloseReservedChannel',
    20: 'CloseReservedResponse',
    21: 'TlConnectRequest',
    22: 'ModifyChannel',
    23: 'TlConnectResult',
    24: 'ModifyChannelResponse',
    25: 'ModifyConnection',
    26: 'ModifyConnectionResponse',
    27: 'Pause',
    28: 'PauseResponse',
    29: 'Resume',
  };
  for (const [type, name] of Object.entries(want)) {
    assert.equal(MESSAGE_TYPES[+type], name, `type ${type}`);
    const p = new PayloadWriter().u32(+type).u32(0).bytes();
    const f = decodePayload(CHUNK_TYPES.PENDING_MESSAGE, p, 0, p.length).fields;
    assert.equal(f[0].note, name, `tree note of type ${type}`);
  }
  const a = run([BEGIN(), OFFER(), STATE(), GPADL(), MESSAGE(23), END]);
  assert.equal(a.doc.chunks[4].payloadFields[0].note, 'TlConnectResult');
});

test('VMBus 5.0 and 5.1 are labelled as OpenVMM names them (Win10Rs3_1, Win10Rs4)', () => {
  assert.equal(VMBUS_VERSIONS[0x00050000], '5.0 (Windows 10 RS3.1)');
  assert.equal(VMBUS_VERSIONS[0x00050001], '5.1 (Windows 10 RS4)');
  assert.equal(VMBUS_VERSIONS[0x00040001], '4.1 (Windows 10 RS3.0)');
});
