// Structural limits (docs/format.md §8.1): the word bound of a directive line, the chunk limit
// of the decoder and the assembler, the step limit of a text, and the memory an analysis keeps.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import {
  analyze,
  CHUNK_TYPES,
  concatBytes,
  decodeBinary,
  encodeChunk,
  MAX_CHUNKS,
  MAX_DIRECTIVE_WORDS,
  MAX_STEPS,
  STATUS,
  text,
  type Problem,
} from '../../core/src';
import { scanTokens } from '../../core/src/text/lexer';
import { beginPayload } from './helpers/example';

const codes = (ps: Problem[]) => ps.map((p) => p.code);
const count = (ps: Problem[], code: string) => ps.filter((p) => p.code === code).length;

// ---- directive words ----

test('lexer: with a maximum, the tokens past it are one pair spanning the rest of the line', () => {
  const line = 'a bb "c d" e # f';
  const b: number[] = [];
  scanTokens(line, 0, line.length, b, 2);
  assert.deepEqual(b, [0, 1, 2, 4, 5, 12], 'a, bb, then "c d" through e');
  scanTokens(line, 0, line.length, b);
  assert.deepEqual(b, [0, 1, 2, 4, 5, 10, 11, 12], 'no maximum: every token');
  scanTokens(line, 0, line.length, b, 4);
  assert.deepEqual(b, [0, 1, 2, 4, 5, 10, 11, 12], 'no more tokens than the maximum: nothing spans');
});

test('parser: 1,000 options on one line report the first 64 words and one TEXT-OPTION for the rest', () => {
  const src = `.stream${' version=1.0'.repeat(1000)}\n`;
  const a = text.assembleText(src);
  const opt = a.problems.filter((p) => p.code === 'TEXT-OPTION');
  assert.equal(MAX_DIRECTIVE_WORDS, 64);
  assert.equal(opt.filter((p) => /given twice/.test(p.message)).length, 63, 'words 2..64 repeat the first');
  const rest = opt.filter((p) => /too many words/.test(p.message));
  assert.equal(rest.length, 1);
  assert.match(rest[0].message, /at most 64 after its name; the rest of the line is ignored/);
  // The skipped words run from word 65 (column 7 + 64 * 12 + 1) to the end of the line.
  assert.deepEqual(rest[0].text, {
    start: { line: 0, character: 7 + 64 * 12 + 1 },
    end: { line: 0, character: src.length - 1 },
  });
  assert.equal(a.problems.length, 64);
});

test('parser: an injected word bound; a line within it is read whole', () => {
  const a = text.assembleText('.call size=1 size=2 size=3 size=4\n', { maxDirectiveWords: 2 });
  assert.deepEqual(
    a.problems.map((p) => p.message),
    [
      'option size given twice',
      'too many words on this line: a directive takes at most 2 after its name; the rest of the line is ignored',
    ],
  );
  assert.deepEqual(a.problems[1].text, { start: { line: 0, character: 20 }, end: { line: 0, character: 33 } });
  assert.deepEqual(codes(text.assembleText('.call size=1 size=2\n', { maxDirectiveWords: 2 }).problems), [
    'TEXT-OPTION',
  ]);
});

test('parser: bytes outside a block on an endless line are one TEXT-BLOCK over the whole line', () => {
  const src = `${'00 '.repeat(5000)}\n`;
  const a = text.assembleText(src);
  assert.deepEqual(codes(a.problems), ['TEXT-BLOCK']);
  assert.deepEqual(a.problems[0].text, { start: { line: 0, character: 0 }, end: { line: 0, character: 3 * 5000 - 1 } });
});

// ---- chunk limit, binary ----

/** n 32-byte chunks of an unknown optional type, after a BEGIN when `begin` is set. */
function tinyStream(n: number, begin: boolean): Uint8Array {
  const parts: Uint8Array[] = [];
  if (begin) parts.push(encodeChunk({ type: CHUNK_TYPES.BEGIN, payload: beginPayload(), sequence: 0 }));
  for (let i = 0; i < n; i++)
    parts.push(encodeChunk({ type: 0xf000, payload: new Uint8Array(0), sequence: parts.length }));
  return concatBytes(parts);
}

test('decoder: past maxChunks the rest is one unframed item, one LIMIT-CHUNKS, and no call runs from it on', () => {
  const bytes = tinyStream(9, true);
  const doc = decodeBinary(bytes, { maxChunks: 4 });
  assert.equal(doc.chunks.length, 4);
  const last = doc.calls[doc.calls.length - 1];
  assert.equal(doc.calls.length, 5, 'four calls of one chunk, one of the rest');
  assert.deepEqual(
    last.items.map((i) => i.kind),
    ['raw'],
  );
  const rest = { start: doc.chunks[3].bytes.end, end: bytes.length };
  assert.deepEqual(last.items[0].bytes, rest);
  assert.equal(count(doc.problems, 'LIMIT-CHUNKS'), 1);
  const p = doc.problems.find((x) => x.code === 'LIMIT-CHUNKS')!;
  assert.equal(p.severity, 'error');
  assert.match(
    p.message,
    /more than 4 chunks: vmbstate frames at most 4 per document .* The remaining 192 byte\(s\) are neither framed nor restored/,
  );
  assert.deepEqual(p.related?.[0].bytes, rest);
  assert.deepEqual(doc.cut, { code: 'LIMIT-CHUNKS', at: rest.start, call: 4 });
  assert.equal(doc.steps.length, 4, 'the call of the unframed rest is not run');
  const a = analyze(doc);
  assert.equal(a.trace.length, 4);
  // The restore was still going: the outcome is END_OF_FILE because of the limit, not EOF-TRUNCATED.
  assert.equal(a.outcome.status, STATUS.STATUS_END_OF_FILE);
  assert.equal(a.outcome.code, 'LIMIT-CHUNKS');
  assert.equal(count(a.problems, 'EOF-TRUNCATED'), 0);
  assert.equal(count(a.problems, 'LIMIT-CHUNKS'), 1);
  // Within the limit nothing changes.
  const whole = decodeBinary(bytes, { maxChunks: 10 });
  assert.equal(whole.chunks.length, 10);
  assert.equal(whole.cut, undefined);
  assert.equal(count(analyze(whole).problems, 'EOF-TRUNCATED'), 1);
});

test('decoder: a restore decided before the limit keeps its outcome; one whole-buffer call holding the limit never runs', () => {
  const bytes = tinyStream(9, false);
  const a = analyze(decodeBinary(bytes, { maxChunks: 4 }));
  assert.equal(a.outcome.code, 'SEQ-FIRST');
  assert.deepEqual(
    codes(a.problems).filter((c) => c !== 'WARN-OPTIONAL-TYPE'),
    ['SEQ-FIRST', 'STATE-FAILED', 'LIMIT-CHUNKS'],
  );
  const w = analyze(decodeBinary(bytes, { maxChunks: 4, buffering: 'whole' }));
  assert.equal(w.doc.calls.length, 1);
  assert.equal(w.trace.length, 0);
  assert.equal(w.outcome.code, 'LIMIT-CHUNKS');
  assert.equal(MAX_CHUNKS, 262_144);
  assert.equal(MAX_STEPS, MAX_CHUNKS + 1);
});

// ---- chunk and step limits, text ----

test('text: past maxChunks .chunk blocks one TEXT-LIMIT stops the reading; the restore stops there without EOF-TRUNCATED', () => {
  const src = '.chunk NOTE\n.end\n'.repeat(10);
  const doc = text.decodeText(src, { maxChunks: 4 });
  assert.equal(doc.chunks.length, 4);
  const lim = doc.problems.filter((p) => p.code === 'TEXT-LIMIT');
  assert.equal(lim.length, 1);
  assert.match(
    lim[0].message,
    /^more than 4 \.chunk blocks: vmbstate reads at most 4 chunks per document .*; this line and the rest of the text are not read$/,
  );
  assert.deepEqual(lim[0].text, { start: { line: 8, character: 0 }, end: { line: 8, character: 11 } });
  assert.equal(doc.cut?.code, 'TEXT-LIMIT');
  const a = analyze(doc);
  assert.equal(a.outcome.code, 'SEQ-FIRST', 'the first NOTE fails the restore');
  assert.equal(count(a.problems, 'EOF-TRUNCATED'), 0);
});

test('text: a .raw block of many chunks meets the decoder limit (LIMIT-CHUNKS), as a binary does', () => {
  const hex = Array.from(tinyStream(6, true), (b) => b.toString(16).padStart(2, '0')).join(' ');
  const doc = text.decodeText(`.raw\n${hex}\n.endraw\n`, { maxChunks: 3 });
  assert.equal(doc.chunks.length, 3);
  assert.equal(count(doc.problems, 'LIMIT-CHUNKS'), 1);
  assert.equal(doc.steps.length, 0, 'the one call holds the limit');
  const a = analyze(doc);
  assert.equal(a.outcome.code, 'LIMIT-CHUNKS');
  assert.equal(count(a.problems, 'EOF-TRUNCATED'), 0);
});

test('text: past maxSteps restore calls and .op lines one TEXT-LIMIT stops the reading', () => {
  const doc = text.decodeText('.call\n.op Enable\n.call\n.chunk NOTE\n.end\n.call\n', { maxSteps: 3 });
  assert.equal(doc.steps.length, 3);
  const lim = doc.problems.filter((p) => p.code === 'TEXT-LIMIT');
  assert.equal(lim.length, 1);
  assert.match(lim[0].message, /^more than 3 restore calls and \.op operations: vmbstate reads at most 3 per document/);
  assert.equal(lim[0].text?.start.line, 5);
  // A block outside any call opens one: it counts as a step too.
  const implicit = text.decodeText('.chunk NOTE\n.end\n.chunk NOTE\n.end\n', { maxSteps: 1 });
  assert.equal(implicit.steps.length, 1, 'both blocks share the implicit call');
  const split = text.decodeText('.chunk NOTE\n.end\n.op Enable\n.chunk NOTE\n.end\n', { maxSteps: 2 });
  assert.deepEqual(
    codes(split.problems).filter((c) => c === 'TEXT-LIMIT'),
    ['TEXT-LIMIT'],
  );
});

// ---- memory an analysis keeps ----

/** Heap in use after a full collection (gc exposed for this process, as `node --expose-gc` would). */
function heapAfterGc(): number {
  setFlagsFromString('--expose-gc');
  const gc = runInNewContext('gc') as () => void;
  gc();
  gc();
  return process.memoryUsage().heapUsed;
}

test('memory: a 1 MB text of NOTE pairs and a 10 MB option line keep less than 200 MB of heap', () => {
  const MB = 1024 * 1024;
  const notes = '.chunk NOTE\n.end\n'.repeat(MB / 16);
  const options = `.stream${' version=1.0'.repeat((10 * MB) / 12)}\n`;
  const before = heapAfterGc();
  // Kept alive until measured: the document, its trace and problems, as a language server keeps them.
  const kept = [analyze(text.decodeText(notes)), analyze(text.decodeText(options))];
  const grown = heapAfterGc() - before;
  assert.equal(kept[0].doc.chunks.length, MB / 16);
  assert.equal(kept[1].problems.filter((p) => p.code === 'TEXT-OPTION').length, 64);
  // About 130 MB: ~2 KB per text chunk (4.7 KB before the nodes shared their accessors).
  assert.ok(grown < 200 * MB, `heap grew by ${Math.round(grown / MB)} MB`);
});

// ---- source segments ----

test('parser: past maxSegments the bytes of field lines join the previous segment of their block', () => {
  const src = '.raw\n00\nu8:1\n02 03\n# c\nzero:2\n.endraw\n.raw\n05\n.endraw\n';
  const seg = (s: {
    bytes: { start: number; end: number };
    text: { start: { line: number; character: number }; end: { line: number; character: number } };
  }) =>
    `${s.bytes.start}-${s.bytes.end} ${s.text.start.line}:${s.text.start.character}-${s.text.end.line}:${s.text.end.character}`;
  const full = text.assembleText(src);
  assert.deepEqual(full.sourceMap.map(seg), [
    '0-1 1:0-1:2',
    '1-2 2:0-2:4',
    '2-4 3:0-3:5',
    '4-6 5:0-5:6',
    '6-7 8:0-8:2',
  ]);
  const capped = text.assembleText(src, { maxSegments: 2 });
  assert.deepEqual(capped.bytes, full.bytes, 'the same bytes');
  // The second segment grows over lines 2-5; the next block's first bytes join nothing before them.
  assert.deepEqual(capped.sourceMap.map(seg), ['0-1 1:0-1:2', '1-6 2:0-5:6', '6-7 8:0-8:2']);
  assert.deepEqual(capped.problems, []);
});
