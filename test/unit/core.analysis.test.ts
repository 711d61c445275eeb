// How an analysis reports (docs/format.md §4): one error per root cause, the run's outcome,
// one finding per run of identical refusals, linear time, and bounded problem lists.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  analyze,
  CHUNK_TYPES,
  concatBytes,
  decodeBinary,
  encodeChunk,
  MAX_COLLECTED_PROBLEMS,
  STATUS,
  statusName,
  text,
  type Problem,
} from '../../core/src';
import { beginPayload, exampleChunks } from './helpers/example';
import { DESIGN_EXAMPLE } from './helpers/textForm';

const [BEGIN, OFFER] = DESIGN_EXAMPLE.split('.end\n').map((s, i, a) => (i < a.length - 1 ? s + '.end\n' : s));
const BEGIN_BLOCK = BEGIN.slice(BEGIN.indexOf('.chunk BEGIN'));
const OFFER_BLOCK = OFFER.slice(OFFER.indexOf('.chunk OFFER'));
const HEAD = '.stream version=1.0 maxpayload=0x10000\n';

const check = (src: string) => analyze(text.decodeText(src));
const errors = (ps: Problem[]) => ps.filter((p) => p.severity === 'error').map((p) => p.code);

// ---- one root cause, one error ----

test('FRAME-LENGTH does not also report SIZE-PARTIAL for the same chunk: it is related information', () => {
  const src = `${HEAD}.call\n${BEGIN_BLOCK}${OFFER_BLOCK.replace('.chunk OFFER', '.chunk OFFER len=65537')}.expect STATUS_DATA_ERROR diag=FRAME-LENGTH\n.expect-end STATUS_DATA_ERROR diag=FRAME-LENGTH\n`;
  const a = check(src);
  assert.deepEqual(errors(a.problems), [], 'a fixture whose .expect lines hold checks clean');
  assert.deepEqual(
    a.problems.map((p) => p.code),
    ['FRAME-LENGTH'],
  );
  const related = a.problems[0].related ?? [];
  assert.ok(
    related.some((r) => r.message.includes('[SIZE-PARTIAL]') && r.text),
    JSON.stringify(related),
  );
});

test('a NOTE inside a split OFFER fails SEQ-CONTINUATION; the broken record does not also report CONTENT-LENGTH', () => {
  const [first, rest] = [OFFER_BLOCK.split('\n').slice(0, 3).join('\n'), OFFER_BLOCK.split('\n').slice(3).join('\n')];
  const src = `${HEAD}.call\n${BEGIN_BLOCK}${first.replace('.chunk OFFER', '.chunk OFFER flags=CONTINUES')}\n.end\n.chunk NOTE\n  utf8:"hello"\n.end\n.chunk OFFER\n${rest}.expect STATUS_REQUEST_OUT_OF_SEQUENCE diag=SEQ-CONTINUATION\n.expect-end STATUS_REQUEST_OUT_OF_SEQUENCE\n`;
  const a = check(src);
  assert.deepEqual(a.outcome.code, 'SEQ-CONTINUATION');
  assert.deepEqual(errors(a.problems), []);
  assert.ok(!a.problems.some((p) => p.code === 'CONTENT-LENGTH'), JSON.stringify(a.problems.map((p) => p.code)));
  // The decoder reads the NOTE as a chunk of its own and the tail as a fragment of the OFFER record.
  const [, offer1, note, offer2] = a.doc.chunks;
  assert.equal(note.payloadFields[0]?.name, 'Text');
  assert.equal(offer2.payloadFields[0]?.note, 'record fragment (CONTINUES)');
  assert.equal(offer1.payloadFields[0]?.note, 'record fragment (CONTINUES)');
});

test('independent problems on other chunks stay errors', () => {
  const src = `${HEAD}.call\n${BEGIN_BLOCK}${OFFER_BLOCK.replace('.chunk OFFER', '.chunk OFFER len=65537')}.expect STATUS_DATA_ERROR\n.call\n.chunk NOTE crc=0x1\n  utf8:"x"\n.end\n`;
  const a = check(src);
  assert.deepEqual(errors(a.problems), ['STATE-FAILED', 'CRC-PAYLOAD']);
});

test('binary: the first error in check order on a chunk is the one error; the rest are related', () => {
  const chunks = exampleChunks();
  // BEGIN with a reserved header byte and a wrong header CRC: CRC-HEADER comes first.
  const bad = encodeChunk({
    type: CHUNK_TYPES.BEGIN,
    payload: beginPayload(),
    sequence: 0,
    reserved0: 1,
    headerCrc: 1,
  });
  const a = analyze(decodeBinary(concatBytes([bad, ...chunks.slice(1)])));
  const onBegin = a.problems.filter((p) => p.chunk === 0);
  assert.deepEqual(
    onBegin.map((p) => p.code),
    ['CRC-HEADER'],
  );
  assert.ok(onBegin[0].related?.some((r) => r.message.includes('[FRAME-RESERVED]')));
  assert.equal(statusName(a.outcome.status), 'STATUS_CRC_ERROR');
});

// ---- the run's outcome ----

test('a refused call does not decide the outcome: ARG-SIZE0 then SEQ-FIRST ends with SEQ-FIRST', () => {
  const src = `${HEAD}.call size=0\n${BEGIN_BLOCK}.expect STATUS_INVALID_PARAMETER_3 diag=ARG-SIZE0\n.call\n${OFFER_BLOCK}.expect STATUS_REQUEST_OUT_OF_SEQUENCE diag=SEQ-FIRST\n.expect-end STATUS_REQUEST_OUT_OF_SEQUENCE diag=SEQ-FIRST\n`;
  const a = check(src);
  assert.equal(statusName(a.outcome.status), 'STATUS_REQUEST_OUT_OF_SEQUENCE');
  assert.equal(a.outcome.code, 'SEQ-FIRST');
  assert.equal(a.outcome.call, 1);
  assert.deepEqual(errors(a.problems), []);
});

test('only refused calls: the restore never started, STATUS_END_OF_FILE (EOF-TRUNCATED)', () => {
  const a = check(
    `${HEAD}.call buffer=null\n${BEGIN_BLOCK}.expect STATUS_INVALID_PARAMETER_2\n.expect-end STATUS_END_OF_FILE diag=EOF-TRUNCATED\n`,
  );
  assert.equal(statusName(a.outcome.status), 'STATUS_END_OF_FILE');
  assert.equal(a.outcome.code, 'EOF-TRUNCATED');
  assert.deepEqual(errors(a.problems), []);
  assert.match(a.problems.find((p) => p.code === 'EOF-TRUNCATED')!.message, /every call was refused/);
});

test('STATE-NOCALLBACKS fails the restore and decides the outcome', () => {
  const sample = readFileSync(
    join(__dirname, '..', '..', '..', 'samples', 'malformed', 'packet-without-callbacks.vmbhex'),
    'utf8',
  );
  const a = check(`${sample}.call\n.chunk NOTE\n.end\n`);
  const calls = a.trace.filter((t) => t.kind === 'call');
  assert.deepEqual(
    calls.map((t) => t.kind === 'call' && t.failure?.code),
    [undefined, 'STATE-NOCALLBACKS', 'STATE-FAILED'],
  );
  assert.equal(a.outcome.code, 'STATE-NOCALLBACKS');
  assert.equal(a.outcome.call, 1);
});

test('after Cleanup a later success decides; without one the earlier failure still does', () => {
  const body = DESIGN_EXAMPLE.slice(DESIGN_EXAMPLE.indexOf('.call'))
    .replace(/\.expect .*\n/g, '')
    .replace('.chunk BEGIN', '.chunk BEGIN seq=0')
    .replace('EndFlags: u32:1', 'EndFlags: u32:0');
  const broken = `.call\n${BEGIN_BLOCK.replace('.chunk BEGIN', '.chunk BEGIN seq=3')}`;
  const ok = analyze(text.decodeText(`${HEAD}${broken}.op Cleanup\n${body}`));
  assert.equal(statusName(ok.outcome.status), 'STATUS_SUCCESS');
  const firstCall = body.slice(0, body.indexOf('.call', 1));
  const partial = analyze(text.decodeText(`${HEAD}${broken}.op Cleanup\n${firstCall}`));
  assert.equal(partial.outcome.code, 'SEQ-FIRST');
  assert.equal(partial.outcome.call, 0);
});

// ---- runs of identical refusals ----

test('STATE-FAILED on every call after a failure is one finding naming the calls', () => {
  const n = 50;
  const a = check(`${HEAD}${`.call\n.chunk NOTE\n.end\n`.repeat(n)}`);
  const refused = a.problems.filter((p) => p.code === 'STATE-FAILED');
  assert.equal(refused.length, 1);
  assert.match(refused[0].message, new RegExp(`^Restore calls 2–${n} \\(${n - 1} calls\\) are all refused: `));
  assert.equal(refused[0].text?.start.line, 4, 'on the .call line of call 2');
  assert.equal(refused[0].related?.[0].text?.start.line, 1 + 3 * (n - 1), 'related: the last call');
  assert.equal(a.trace.length, n, 'the trace still has every call');
});

// ---- linear time ----

/** Best of `runs` timings of f, in ms. */
function best(f: () => void, runs: number): number {
  let t = Infinity;
  for (let i = 0; i < runs; i++) {
    const t0 = process.hrtime.bigint();
    f();
    t = Math.min(t, Number(process.hrtime.bigint() - t0) / 1e6);
  }
  return t;
}

/**
 * Time for 4N over time for N: about 4 when linear, 16 when quadratic. A loaded machine can stall
 * one measurement, so a ratio at or above 8 is measured again (up to three times) and the lowest
 * kept: a quadratic cost stays near 16 on every attempt.
 */
function growth(make: (n: number) => () => void, n: number): number {
  make(n)(); // warm up
  let ratio = Infinity;
  for (let attempt = 0; attempt < 3 && ratio >= 8; attempt++) {
    const small = best(make(n), 3);
    const large = best(make(4 * n), 3);
    ratio = Math.min(ratio, large / Math.max(small, 1));
  }
  return ratio;
}

test('linear: N empty .call lines (each refused ARG-SIZE0)', () => {
  const ratio = growth((n) => {
    const src = '.call\n'.repeat(n);
    return () => assert.ok(check(src).problems.length > 0);
  }, 6000);
  assert.ok(ratio < 8, `4N took ${ratio.toFixed(1)}× as long as N`);
});

test('linear: a binary whose BEGIN is broken, so every later call is refused STATE-FAILED', () => {
  const ratio = growth((n) => {
    const parts = [encodeChunk({ type: CHUNK_TYPES.BEGIN, payload: beginPayload(), sequence: 0, headerCrc: 1 })];
    for (let i = 1; i < n; i++)
      parts.push(encodeChunk({ type: CHUNK_TYPES.NOTE, payload: new Uint8Array(8), sequence: i }));
    const bytes = concatBytes(parts);
    return () => assert.ok(analyze(decodeBinary(bytes)).problems.length > 0);
  }, 6000);
  assert.ok(ratio < 8, `4N took ${ratio.toFixed(1)}× as long as N`);
});

test('linear: a record split over N calls (one fragment per call)', () => {
  const ratio = growth((n) => {
    const parts = [encodeChunk({ type: CHUNK_TYPES.BEGIN, payload: beginPayload(0), sequence: 0 })];
    for (let i = 1; i <= n; i++)
      parts.push(
        encodeChunk({
          type: CHUNK_TYPES.NOTE,
          payload: new Uint8Array([0x41]),
          sequence: i,
          flags: i < n ? 0x0002 : 0,
        }),
      );
    const bytes = concatBytes(parts);
    return () => assert.equal(statusName(analyze(decodeBinary(bytes)).outcome.status), 'STATUS_END_OF_FILE');
  }, 6000);
  assert.ok(ratio < 8, `4N took ${ratio.toFixed(1)}× as long as N`);
});

// ---- bounded problem lists ----

const more = (ps: Problem[]) => ps.filter((p) => p.code === 'MORE-PROBLEMS');

test('text parser: repeated options past the cap are counted in one MORE-PROBLEMS', () => {
  const src = `.call size=1${' size=1'.repeat(MAX_COLLECTED_PROBLEMS + 5)}\n`;
  // One line reports every repeat only with the word bound (MAX_DIRECTIVE_WORDS) lifted.
  const unbounded = { maxDirectiveWords: Infinity };
  const asm = text.assembleText(src, unbounded);
  assert.equal(asm.problems.length, MAX_COLLECTED_PROBLEMS + 1);
  const m = more(asm.problems);
  assert.equal(m.length, 1);
  assert.deepEqual(m[0].omitted, { count: 5, errors: 5, warnings: 0 });
  assert.equal(m[0].severity, 'error');
  assert.match(m[0].message, /^5 more problem\(s\) not listed \(5 error\(s\)\)/);
  assert.ok(m[0].text, 'shown where the first one left out is');
  // The analysis keeps the cap and the count (the restore's SIZE-OVERRUN adds one more).
  const a = analyze(text.decodeText(src, unbounded));
  assert.equal(a.problems.length, MAX_COLLECTED_PROBLEMS + 1);
  assert.equal(more(a.problems)[0].omitted?.count, 6);
});

test('decoder and analysis: a lowered cap keeps the first problems and counts the rest', () => {
  const parts = [encodeChunk({ type: CHUNK_TYPES.BEGIN, payload: beginPayload(), sequence: 0 })];
  for (let i = 1; i <= 40; i++)
    parts.push(encodeChunk({ type: CHUNK_TYPES.NOTE, payload: new Uint8Array(8), sequence: i, reserved1: 1 }));
  const doc = decodeBinary(concatBytes(parts), { buffering: 'whole', maxProblems: 10 });
  assert.equal(doc.problems.length, 11);
  assert.deepEqual(more(doc.problems)[0].omitted, { count: 30, errors: 30, warnings: 0 });
  const a = analyze(doc, { maxProblems: 5 });
  assert.equal(a.problems.length, 6);
  assert.equal(a.problems[0].code, 'FRAME-RESERVED');
  assert.deepEqual(
    more(a.problems)[0].omitted,
    { count: 35, errors: 35, warnings: 0 },
    'the restore failure on chunk 1 is the decoder problem there, counted once',
  );
});

test('MORE-PROBLEMS is a warning when only warnings were left out', () => {
  const parts = [encodeChunk({ type: CHUNK_TYPES.BEGIN, payload: beginPayload(), sequence: 0 })];
  for (let i = 1; i <= 12; i++) parts.push(encodeChunk({ type: 0x8123, payload: new Uint8Array(8), sequence: i }));
  const doc = decodeBinary(concatBytes(parts), { buffering: 'whole', maxProblems: 4 });
  doc.expectEnd = { status: STATUS.STATUS_END_OF_FILE }; // EOF-TRUNCATED is then information
  const a = analyze(doc, { maxProblems: 4 });
  assert.deepEqual(
    more(a.problems)[0].omitted,
    { count: 9, errors: 0, warnings: 8 },
    '8 warnings the decoder left out (not counted twice), and EOF-TRUNCATED as information',
  );
  const m = more(a.problems)[0];
  assert.equal(m.severity, 'warning', JSON.stringify(a.problems.map((p) => [p.code, p.severity])));
});

test('MORE-PROBLEMS is information when only information was left out: a long passing fixture checks clean', () => {
  const a = check(
    '.call\n.expect STATUS_INVALID_PARAMETER_3 diag=ARG-SIZE0\n'.repeat(20) + '.expect-end STATUS_END_OF_FILE\n',
  );
  assert.deepEqual(errors(a.problems), []);
  const capped = analyze(
    text.decodeText(
      '.call\n.expect STATUS_INVALID_PARAMETER_3 diag=ARG-SIZE0\n'.repeat(20) + '.expect-end STATUS_END_OF_FILE\n',
    ),
    { maxProblems: 5 },
  );
  const m = more(capped.problems)[0];
  assert.equal(m.severity, 'info');
  assert.deepEqual(m.omitted, { count: 16, errors: 0, warnings: 0 });
});

test('20 MB-style input: thousands of .chunk NOTE/.end pairs build a bounded list', () => {
  const a = analyze(text.decodeText('.chunk NOTE reserved0=1\n.end\n'.repeat(300), { maxProblems: 50 }), {
    maxProblems: 50,
  });
  assert.equal(a.problems.length, 51);
  assert.equal(more(a.problems).length, 1);
});
