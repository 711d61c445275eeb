// The points docs/format.md left open, decided (issue 17): NOTE text that is not UTF-8, RING with
// both a length and an enum fault, unframable bytes under `--buffering N`, input ending at Cleanup.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  analyze,
  CHUNK_TYPES,
  decodeBinary,
  encodeChunk,
  FLAG_CONTINUES,
  inspectChunk,
  text,
  type Buffering,
} from '../../core/src';
import { concat, exampleChunks } from './helpers/example';
import { BEGIN, codes, GOOD, OFFER, outcome, run, warnings } from './helpers/fidelity';

test('NOTE text that is not valid UTF-8 warns (WARN-NOTE-UTF8) at the first bad byte and restores', () => {
  const note = '.chunk NOTE\n  Text: 68 69 ff 21\n.end';
  const a = run([BEGIN(), note, OFFER(), ...GOOD().slice(2)]);
  assert.equal(outcome(a), 'STATUS_SUCCESS');
  assert.deepEqual(codes(a.problems), ['WARN-NOTE-UTF8'], 'once: the decoder and the restore report one finding');
  const w = warnings(a)[0];
  assert.match(w.message, /not valid UTF-8 from payload offset 2 on/);
  const p = a.doc.chunks[1].payloadBytes.start;
  assert.deepEqual(w.bytes, { start: p + 2, end: p + 3 });
  // Valid text, empty text and a NOTE of any valid length: no finding.
  assert.deepEqual(
    codes(run([BEGIN(), '.chunk NOTE\n  utf8:"héllo ✓"\n.end', OFFER(), ...GOOD().slice(2)]).problems),
    [],
  );
  assert.deepEqual(codes(run([BEGIN(), '.chunk NOTE\n.end', OFFER(), ...GOOD().slice(2)]).problems), []);
});

test('a NOTE split by CONTINUES is checked once joined: a sequence cut between fragments is valid', () => {
  const c = exampleChunks();
  const f1 = encodeChunk({
    type: CHUNK_TYPES.NOTE,
    sequence: 1,
    flags: FLAG_CONTINUES,
    payload: Uint8Array.of(0xe2, 0x9c),
  });
  const f2 = encodeChunk({ type: CHUNK_TYPES.NOTE, sequence: 2, payload: Uint8Array.of(0x93) });
  const bad = encodeChunk({ type: CHUNK_TYPES.NOTE, sequence: 2, payload: Uint8Array.of(0x41) });
  const at = (second: Uint8Array) =>
    analyze(decodeBinary(concat([c[0], f1, second]), { buffering: 'chunk' })).trace.flatMap((t) =>
      t.kind === 'call' ? t.warnings.map((w) => w.code) : [],
    );
  assert.deepEqual(at(f2), [], 'E2 9C | 93 is ✓');
  assert.deepEqual(at(bad), ['WARN-NOTE-UTF8']);
});

test('RING with both a length and an enum fault: CONTENT-ENUM (Direction, offset 0) comes first', () => {
  const ring = (bytes: string) => `.chunk RING\n  ${bytes}\n.end`;
  const cases: [string, string][] = [
    ['short', 'u8:7 zero:7'],
    ['long', 'u8:7 zero:39'],
    ['1 byte', 'u8:7'],
  ];
  for (const [name, bytes] of cases) {
    const a = run([BEGIN(), ring(bytes), OFFER()]);
    assert.equal(outcome(a), 'STATUS_FILE_CORRUPT_ERROR CONTENT-ENUM', name);
    const first = a.problems.find((p) => p.severity === 'error')!;
    assert.equal(first.code, 'CONTENT-ENUM', name);
    assert.ok(
      first.related?.some((r) => r.message.includes('CONTENT-LENGTH')),
      `${name}: CONTENT-LENGTH is related information on it`,
    );
  }
  assert.equal(
    outcome(run([BEGIN(), ring(''), OFFER()])),
    'STATUS_FILE_CORRUPT_ERROR CONTENT-LENGTH',
    'no byte: length',
  );
});

test('unframable bytes under --buffering N: one call from them to the end, longer than N if need be', () => {
  const c = exampleChunks();
  const junk = new Uint8Array(100).fill(0x41);
  const b = concat([c[0], c[1], junk, c[2]]);
  const calls = (buffering: Buffering) => decodeBinary(b, { buffering }).calls.map((x) => [x.bytes.start, x.bytes.end]);
  const end = b.length;
  assert.deepEqual(calls({ size: 64 }), [
    [0, 96],
    [96, 272],
    [272, end],
  ]);
  assert.deepEqual(
    calls({ size: 4096 }),
    [
      [0, 272],
      [272, end],
    ],
    'not packed with the chunks before them; the valid chunk after them stays in their call',
  );
  const a = analyze(decodeBinary(b, { buffering: { size: 4096 } }));
  assert.deepEqual(
    a.trace.map((t) => (t.kind === 'call' ? `${t.statusName} ${t.failure?.code ?? ''}`.trim() : t.op)),
    ['STATUS_MORE_PROCESSING_REQUIRED', 'STATUS_DATA_ERROR FRAME-MAGIC'],
  );
});

test('an input that ends right after a Cleanup: EOF-TRUNCATED that names the Cleanup; a decided run stays decided', () => {
  const a = run([BEGIN(), OFFER(), '.op Cleanup']);
  assert.equal(outcome(a), 'STATUS_END_OF_FILE EOF-TRUNCATED');
  const eof = a.problems.find((p) => p.code === 'EOF-TRUNCATED')!;
  assert.match(eof.message, /ends right after \.op Cleanup \(step 3\): Cleanup dropped what restore call 2/);
  assert.equal(outcome(run([...GOOD(), '.op Cleanup'])), 'STATUS_SUCCESS');
  assert.equal(
    outcome(run([BEGIN(), OFFER(0), '.op Cleanup'])),
    'STATUS_FILE_CORRUPT_ERROR CONTENT-CHANNEL-ID',
    'a failure before the Cleanup still decides',
  );
  // Without the Cleanup the message is the usual one.
  assert.match(
    run([BEGIN(), OFFER()]).problems.find((p) => p.code === 'EOF-TRUNCATED')!.message,
    /still expects more chunks/,
  );
  // The text form of the same (END missing) is unaffected by comments after the Cleanup.
  const d = text.decodeText(`${BEGIN()}\n.op Cleanup\n# nothing more\n`);
  assert.equal(analyze(d).outcome.code, 'EOF-TRUNCATED');
});

test('WARN-NOTE-UTF8 agrees with a strict UTF-8 decoder on random text, and names the first bad byte', () => {
  const strict = new TextDecoder('utf-8', { fatal: true });
  const valid = (b: Uint8Array) => {
    try {
      strict.decode(b);
      return true;
    } catch {
      return false;
    }
  };
  const warnAt = (payload: Uint8Array) => {
    const chunk = encodeChunk({ type: CHUNK_TYPES.NOTE, sequence: 1, payload });
    const w = inspectChunk(chunk, 0, chunk.length, { maxPayload: 0x10000 }).issues.find(
      (i) => i.code === 'WARN-NOTE-UTF8',
    );
    return w ? w.bytes.start - 32 : -1;
  };
  let seed = 17;
  const rnd = () => ((seed = (seed * 1103515245 + 12345) >>> 0) >>> 16) & 0xff;
  const pool = [
    0x41, 0x7f, 0x80, 0xbf, 0xc0, 0xc2, 0xdf, 0xe0, 0xa0, 0xed, 0x9f, 0xef, 0xf0, 0x90, 0xf4, 0x8f, 0xf5, 0xff,
  ];
  for (let n = 0; n < 3000; n++) {
    const b = Uint8Array.from({ length: 1 + (rnd() % 7) }, () => pool[rnd() % pool.length]);
    assert.equal(warnAt(b) < 0, valid(b), `bytes ${Buffer.from(b).toString('hex')}`);
  }
  assert.equal(warnAt(Uint8Array.of(0xe2, 0x28, 0xa1)), 1, 'a byte that cannot continue');
  assert.equal(warnAt(Uint8Array.of(0x41, 0xe2, 0x9c)), 1, 'a sequence cut by the end: its lead byte');
  assert.equal(warnAt(Uint8Array.of(0xed, 0xa0, 0x80)), 1, 'a surrogate');
  assert.equal(warnAt(Uint8Array.of(0xc0, 0xaf)), 0, 'an overlong form');
  assert.equal(warnAt(Uint8Array.of(0xe2, 0x9c, 0x93)), -1);
});
