// Incremental decoding (core/src/text/incremental.ts): after random edit sequences, the document
// decoded by reusing the previous one, and its analysis, always equal a from-scratch decode.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  analyze,
  decodeTextDocument,
  decodeTextEdited,
  decodeTextKeeping,
  disassemble,
  assembleText,
  byteOffsetAt,
  LineIndex,
  textRangeForBytes,
  type SavedStateDocument,
  sourceMapReplaced,
  type SourceSegment,
  type TextDecodeState,
} from '../../core/src';
import { ROOT } from './helpers/lspClient';
import { prng } from './helpers/prng';

const base = readFileSync(join(ROOT, 'test/fixtures/lsp/base.vmbhex'), 'utf8');
const good = readFileSync(join(ROOT, 'samples/good.vmbhex'), 'utf8');
const hexRows = disassemble(assembleText(base).bytes);

/** Everything a consumer reads of a document and its analysis, as JSON (bytes as hex). */
export function snapshot(doc: SavedStateDocument): string {
  const a = analyze(doc);
  const fields = doc.chunks.map((c) => [c.headerFields, c.payloadFields]);
  return JSON.stringify(
    { doc, fields, problems: a.problems, outcome: a.outcome, trace: a.trace },
    (_k, v: unknown) =>
      v instanceof Uint8Array ? Buffer.from(v).toString('hex') : typeof v === 'bigint' ? `${v}n` : v,
    1,
  );
}

/** The first lines where two snapshots differ, for a readable failure. */
function firstDifference(a: string, b: string): string {
  const x = a.split('\n');
  const y = b.split('\n');
  const i = x.findIndex((l, k) => l !== y[k]);
  return `line ${i}: incremental ${x.slice(Math.max(0, i - 3), i + 3).join(' ')} | scratch ${y.slice(Math.max(0, i - 3), i + 3).join(' ')}`;
}

const CHARS = ['0', '7', 'a', 'F', 'z', ' ', ':', '"', '#', 'x', '\n', '.'];

/** One random edit: a range of the text and what replaces it. */
function randomEdit(rand: () => number, src: string): { at: number; del: number; ins: string } {
  const lines = src.split('\n');
  const line = Math.floor(rand() * lines.length);
  let at = 0;
  for (let i = 0; i < line; i++) at += lines[i].length + 1;
  const len = lines[line].length;
  const col = Math.floor(rand() * (len + 1));
  const pick = () => CHARS[Math.floor(rand() * CHARS.length)];
  const digits = [...lines[line]].flatMap((ch, k) => (/[0-9a-fA-F]/.test(ch) ? [k] : []));
  if (rand() < 0.5 && digits.length) {
    // A value changed in place, the edit the incremental path is for.
    const k = digits[Math.floor(rand() * digits.length)];
    return { at: at + k, del: 1, ins: '0123456789abcdef'[Math.floor(rand() * 16)] };
  }
  switch (Math.floor(rand() * 6)) {
    case 0: // another hex digit: the same bytes' length
      return { at: at + col, del: col < len ? 1 : 0, ins: '0123456789abcdef'[Math.floor(rand() * 16)] };
    case 1:
      return { at: at + col, del: col < len ? 1 : 0, ins: pick() };
    case 2:
      return { at: at + col, del: 0, ins: pick() };
    case 3:
      return { at: at + col, del: col < len ? 1 : 0, ins: '' };
    case 4: // a whole line replaced by another of the document
      return { at, del: len, ins: lines[Math.floor(rand() * lines.length)] };
    default: // a comment at the end of the line
      return { at: at + len, del: 0, ins: '  # note' };
  }
}

for (const [name, source] of [
  ['base.vmbhex', base],
  ['good.vmbhex', good],
  ['hex rows', hexRows],
] as const) {
  test(`incremental decode equals a from-scratch decode after random edits (${name})`, () => {
    const rand = prng(name.length * 7919);
    const channel = { packetCallbacks: true };
    let text = source;
    let { state, doc }: { state: TextDecodeState; doc: SavedStateDocument } = decodeTextKeeping(text, channel);
    // The restore session kept as the server keeps it, resumed after each incremental decode.
    let session = analyze(doc, { keepSession: true }).session;
    let reused = 0;
    let resumed = 0;
    const edits = 400;
    for (let i = 0; i < edits; i++) {
      // Back to the source now and then: random edits pile up into a text with no blocks left.
      if (i % 25 === 0) text = source;
      const e = randomEdit(rand, text);
      const next = text.slice(0, e.at) + e.ins + text.slice(e.at + e.del);
      const lines = new LineIndex(next);
      const oldLines = new LineIndex(text);
      const fromLine = oldLines.positionAt(e.at).line;
      const sameLines = lines.lineCount === oldLines.lineCount;
      const toLine = lines.positionAt(e.at + e.ins.length).line;
      // Every other edit in place (the previous state is consumed, as the server's worker does).
      const inPlace = i % 2 === 0;
      // The source map's look-up tables exist before the edit: an in-place edit must keep them true.
      const probes = Array.from({ length: 4 }, () => Math.floor(rand() * Math.max(1, doc.bytes.length)));
      for (const b of probes) textRangeForBytes(doc, { start: b, end: b + (b % 2 ? 40 : 3000) });
      byteOffsetAt(doc, { line: 3, character: 4 });
      const inc =
        sameLines && i % 25 !== 0 ? decodeTextEdited(state, next, lines, fromLine, toLine, inPlace) : undefined;
      const scratch = decodeTextDocument(next, { channel });
      if (inc) {
        reused++;
        const [x, y] = [snapshot(inc.doc), snapshot(scratch)];
        if (x !== y) assert.fail(`edit ${i} (${JSON.stringify(e)}) differs: ${firstDifference(x, y)}`);
        for (const b of probes) {
          const r = { start: b, end: b + (b % 2 ? 40 : 3000) };
          assert.deepEqual(textRangeForBytes(inc.doc, r), textRangeForBytes(scratch, r), `edit ${i}: bytes ${b}`);
        }
        for (let line = fromLine - 1; line <= toLine + 1; line++) {
          for (let character = 0; character < 12; character += 3) {
            const at = { line, character };
            assert.equal(byteOffsetAt(inc.doc, at), byteOffsetAt(scratch, at), `edit ${i}: ${line}:${character}`);
          }
        }
        // The restore resumed from the previous version's session equals one run from the start.
        const again = analyze(inc.doc, {
          keepSession: true,
          ...(session ? { resume: { session, changedFrom: inc.changedFrom } } : {}),
        });
        if (session && again.session === session) resumed++;
        const fresh = analyze(scratch);
        // Keys sorted: a resumed trace's problems got their text ranges in an earlier pass (same values, other key order).
        const json = (a: typeof fresh) =>
          JSON.stringify({ p: a.problems, o: a.outcome, t: a.trace, s: a.save }, (_k, v: unknown) =>
            v && typeof v === 'object' && !Array.isArray(v)
              ? Object.fromEntries(Object.entries(v).sort(([x], [y]) => (x < y ? -1 : x > y ? 1 : 0)))
              : v,
          );
        const [r, f] = [json(again), json(fresh)];
        if (r !== f) assert.fail(`edit ${i} (${JSON.stringify(e)}): resumed restore differs: ${firstDifference(r, f)}`);
        session = again.session;
        state = inc.state;
        doc = inc.doc;
      } else {
        ({ state, doc } = decodeTextKeeping(next, channel));
        session = analyze(doc, { keepSession: true }).session;
      }
      text = next;
    }
    // The property is not vacuous: a good share of the edits took the incremental path.
    assert.ok(reused >= edits / 10, `only ${reused} of ${edits} edits were decoded incrementally`);
    assert.ok(resumed >= reused / 2, `only ${resumed} of ${reused} incremental decodes resumed the restore`);
  });
}

test('an edit outside one block, or one that changes a payload length, is decoded from scratch', () => {
  const { state } = decodeTextKeeping(base);
  const at = (t: string) => new LineIndex(t);
  // `.chunk OFFER` line edited: not inside a block's field lines.
  const t1 = base.replace('.chunk OFFER', '.chunk OFFER seq=1');
  const l1 = base.split('\n').findIndex((l) => l.startsWith('.chunk OFFER'));
  assert.equal(decodeTextEdited(state, t1, at(t1), l1, l1), undefined);
  // u32:0 → u16:0 inside BEGIN: the payload is two bytes shorter.
  const t2 = base.replace('SubchannelIndex: u16:0', 'SubchannelIndex: u8:0 ');
  const l2 = base.split('\n').findIndex((l) => l.includes('SubchannelIndex'));
  assert.equal(decodeTextEdited(state, t2, at(t2), l2, l2), undefined);
  // Same length: reused, and equal to a decode from scratch.
  const t3 = base.replace('SubchannelIndex: u16:0', 'SubchannelIndex: u16:7');
  const inc = decodeTextEdited(state, t3, at(t3), l2, l2);
  assert.ok(inc);
  assert.equal(snapshot(inc.doc), snapshot(decodeTextDocument(t3)));
});

test('segments replaced in place: the source map look-ups follow (sourceMapReplaced)', () => {
  // 300 one-byte segments, one per line; the look-up tables are built by a wide query first.
  const seg = (i: number, endLine = i) => ({
    bytes: { start: i, end: i + 1 },
    text: { start: { line: i, character: 2 }, end: { line: endLine, character: 4 } },
  });
  const map: SourceSegment[] = Array.from({ length: 300 }, (_, i) => seg(i));
  const doc = { sourceMap: map };
  const wide = { start: 10, end: 200 };
  assert.equal(textRangeForBytes(doc, wide)?.end.line, 199);
  // Segment 100's text now ends on line 250 (as a multi-line piece could): the union reaches it.
  map[100] = seg(100, 250);
  sourceMapReplaced(map, 100, 101, true);
  assert.deepEqual(textRangeForBytes(doc, wide), textRangeForBytes({ sourceMap: [...map] }, wide));
  assert.equal(textRangeForBytes(doc, wide)?.end.line, 250);
});
