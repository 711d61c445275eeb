// RestoreSession.rewindTo (the debugger's time travel): rewinding to any step and replaying from
// there gives exactly the channel and trace of a fresh run stopped at that step, across failures,
// Cleanup, CONTINUES records split over calls and marks spaced more than one step apart.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import {
  CHUNK_TYPES,
  crc32c,
  decodeBinary,
  encodeChunk,
  FLAG_CONTINUES,
  FLAG_FINAL,
  RestoreSession,
  text,
  type SavedStateDocument,
} from '../../core/src';
import { beginPayload, concat, endPayload, exampleChunks, exampleStream } from './helpers/example';
import { REPO } from './helpers/debugFixtures';

/** Everything the channel holds, deep-copied (Maps, bigints and byte arrays included). */
const snapshot = (s: RestoreSession) =>
  structuredClone({
    lifecycle: s.channel.lifecycle,
    phase: s.channel.phase,
    state: s.channel.state,
    trace: s.trace,
    next: s.nextStep,
  });

/** A fresh run's snapshot before the chosen steps, then a rewindable run rewound to each in a scrambled order. */
function checkRewinds(doc: SavedStateDocument, order?: number[]): void {
  const n = doc.steps.length + 1;
  const steps = order ?? Array.from({ length: n }, (_, i) => (i * 7919) % n);
  const wanted = new Set(steps);
  const fresh = new RestoreSession(doc);
  const want = new Map<number, ReturnType<typeof snapshot>>();
  do if (wanted.has(fresh.nextStep)) want.set(fresh.nextStep, snapshot(fresh));
  while (fresh.step());
  const s = new RestoreSession(doc, { rewindable: true });
  s.runToEnd();
  for (const k of steps) {
    s.rewindTo(k);
    assert.deepEqual(snapshot(s), want.get(k), `rewound to step ${k} of ${n - 1}`);
  }
}

const GOOD = fs.readFileSync(path.join(REPO, 'samples/good.vmbhex'), 'utf8');

test('rewinding the sample to every step matches a fresh run there', () => {
  checkRewinds(text.decodeText(GOOD));
  checkRewinds(decodeBinary(exampleStream(), { buffering: 'chunk' }));
});

test('rewinding across a failure, a Cleanup and a second restore', () => {
  const broken = GOOD.replace('u64:0x1003', 'u64:0x1007').replace('.chunk GPADL', '.chunk GPADL crc=0x8BA415C1');
  assert.notEqual(broken, GOOD);
  const calls = GOOD.slice(GOOD.indexOf('.call'));
  const doc = text.decodeText(`${broken}\n.op Enable\n.op Disable\n.op Cleanup\n${calls}`);
  assert.ok(doc.steps.some((s) => s.kind === 'op' && s.op === 'Cleanup'));
  checkRewinds(doc);
});

test('rewinding inside a CONTINUES record split over two calls restores its fragments', () => {
  const c = exampleChunks();
  const p = new Uint8Array(20);
  new DataView(p.buffer).setBigUint64(0, 9n, true);
  new DataView(p.buffer).setUint32(8, 4, true);
  const all = [
    encodeChunk({ type: CHUNK_TYPES.BEGIN, sequence: 0, payload: beginPayload(7) }),
    c[1],
    c[2],
    c[3],
    encodeChunk({ type: CHUNK_TYPES.PACKET, sequence: 4, payload: p.subarray(0, 12), flags: FLAG_CONTINUES }),
    encodeChunk({ type: CHUNK_TYPES.PACKET, sequence: 5, payload: p.subarray(12) }),
  ];
  all.push(
    encodeChunk({ type: CHUNK_TYPES.END, sequence: 6, flags: FLAG_FINAL, payload: endPayload(7, crc32c(concat(all))) }),
  );
  const doc = decodeBinary(concat(all), { buffering: 'chunk', channel: { packetCallbacks: true } });
  const s = new RestoreSession(doc, { rewindable: true });
  s.runToEnd();
  const last = s.trace[s.trace.length - 1];
  assert.equal(last.kind === 'call' && last.statusName, 'STATUS_SUCCESS');
  // Step 5 ran the first fragment: rewound to just after it, the continuation holds that one fragment.
  s.rewindTo(5);
  assert.equal(s.channel.state.continuation?.parts.length, 1);
  checkRewinds(doc);
});

/** The example's first four chunks, `n` small PACKET chunks and END: n + 5 restore calls. */
function manyPackets(n: number): Uint8Array {
  const c = exampleChunks();
  const all = [encodeChunk({ type: CHUNK_TYPES.BEGIN, sequence: 0, payload: beginPayload(n + 5) }), c[1], c[2], c[3]];
  for (let i = 0; i < n; i++) {
    const p = new Uint8Array(20);
    new DataView(p.buffer).setBigUint64(0, BigInt(i + 1), true);
    new DataView(p.buffer).setUint32(8, 4, true);
    all.push(encodeChunk({ type: CHUNK_TYPES.PACKET, sequence: 4 + i, payload: p }));
  }
  const crc = crc32c(concat(all));
  all.push(encodeChunk({ type: CHUNK_TYPES.END, sequence: n + 4, flags: FLAG_FINAL, payload: endPayload(n + 5, crc) }));
  return concat(all);
}

test('a stream with more steps than marks (marks every few steps) rewinds exactly too', () => {
  const doc = decodeBinary(manyPackets(9000), { buffering: 'chunk', channel: { packetCallbacks: true } });
  assert.ok(doc.steps.length > 4096 * 2, `${doc.steps.length} steps`);
  checkRewinds(doc, [doc.steps.length - 3, 4097, 3, 8193, 4096, doc.steps.length, 0, 5000]);
});

test('rewindTo needs a rewindable session', () => {
  const s = new RestoreSession(text.decodeText(GOOD));
  s.runToEnd();
  assert.throws(() => s.rewindTo(0), /rewindable/);
});
