// What keeps a large document's hovers and edits fast (docs/language-server.md, "How it stays
// responsive"): byteAt from one chunk block's segments equals the whole-map look-up, the pause
// before an analysis follows the expected cost of that analysis, and the edit log tells whether
// the edits since a version can be analysed incrementally.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { byteOffsetAt, disassemble, assembleText, LineIndex } from '../../core/src';
import { DEFAULT_SETTINGS } from '../../protocol/src';
import { buildContext } from '../../server/src/context';
import { EditLog } from '../../server/src/editLog';
import {
  analysisPause,
  hoverHold,
  HOVER_QUIET_MS,
  MAX_HOVER_HOLD_MS,
  MAX_EDIT_PAUSE_MS,
  MIN_EDIT_PAUSE_MS,
  MIN_FULL_PAUSE_MS,
  SMALL_TEXT_PAUSE_MS,
} from '../../server/src/analysisPause';
import { LspClient, ROOT } from './helpers/lspClient';
import { filesUnder } from './helpers/files';

test('byteAt from one chunk block equals the whole-map look-up at every position of every sample', () => {
  const texts = [
    ...filesUnder(join(ROOT, 'samples'), '.vmbhex'),
    ...filesUnder(join(ROOT, 'test/fixtures'), '.vmbhex'),
  ].map((f) => readFileSync(f, 'utf8'));
  // Hex rows of many chunks, as the disassembler writes them (the bulk of a large document).
  texts.push(disassemble(assembleText(readFileSync(join(ROOT, 'test/fixtures/lsp/base.vmbhex'), 'utf8')).bytes));
  let compared = 0;
  let defined = 0;
  for (const src of texts) {
    const ctx = buildContext('file:///a.vmbhex', 1, src, DEFAULT_SETTINGS);
    for (let line = 0; line < ctx.lines.lineCount; line++) {
      const len = ctx.lines.lineEnd(line) - ctx.lines.starts[line];
      for (let character = 0; character <= len; character++) {
        const at = { line, character };
        const whole = byteOffsetAt(ctx.doc, at, ctx.lines);
        assert.equal(ctx.byteAt(at), whole, `${src.slice(0, 40)}… ${line}:${character}`);
        compared++;
        if (whole !== undefined) defined++;
      }
    }
  }
  assert.ok(compared > 10_000 && defined > 5_000, `${compared} positions, ${defined} with a byte`);
});

test('the pause before an analysis follows the expected cost of that analysis', () => {
  // An edit a worker can apply to the version it holds: short, even right after a long full analysis.
  assert.equal(analysisPause({ size: 10e6, incrementalExpected: true, lastFullMs: 500 }), MIN_EDIT_PAUSE_MS);
  assert.equal(analysisPause({ size: 10e6, incrementalExpected: true, lastIncrementalMs: 40, lastFullMs: 500 }), 10);
  assert.equal(
    analysisPause({ size: 10e6, incrementalExpected: true, lastIncrementalMs: 400, lastFullMs: 500 }),
    MAX_EDIT_PAUSE_MS,
  );
  // From scratch: half the last full analysis, within 250 ms–1 s; a small text 100 ms.
  assert.equal(analysisPause({ size: 10e6, incrementalExpected: false, lastIncrementalMs: 20, lastFullMs: 800 }), 400);
  assert.equal(analysisPause({ size: 10e6, incrementalExpected: false, lastFullMs: 0 }), MIN_FULL_PAUSE_MS);
  assert.equal(analysisPause({ size: 1000, incrementalExpected: false, lastFullMs: 0 }), SMALL_TEXT_PAUSE_MS);
});

test('hovers answered from the earlier version hold the next analysis back until they pause, within a bound', () => {
  assert.equal(hoverHold(100, undefined, 100), 0, 'no hover: the analysis starts when its pause ends');
  assert.equal(hoverHold(100, 100 - HOVER_QUIET_MS, 100), 0, 'the last hover is old enough');
  assert.equal(hoverHold(100, 97, 100), HOVER_QUIET_MS - 3, 'a hover 3 ms ago: wait until it is quiet');
  assert.equal(hoverHold(100 + MAX_HOVER_HOLD_MS - 2, 100 + MAX_HOVER_HOLD_MS - 3, 100), 2, 'never past the bound');
  assert.equal(hoverHold(100 + MAX_HOVER_HOLD_MS, 100 + MAX_HOVER_HOLD_MS, 100), 0, 'the bound reached: start');
});

test('the edit log tells whether every change since a version kept its lines', () => {
  const log = new EditLog();
  const uri = 'file:///a.vmbhex';
  let doc = TextDocument.create(uri, 'vmbhex', 1, 'a\nb\nc\n');
  log.reset(uri, 1);
  assert.equal(log.linesKept(uri, 1), false, 'no change since: nothing to analyse incrementally');
  doc = log.update(
    doc,
    [{ range: { start: { line: 1, character: 0 }, end: { line: 1, character: 1 } }, text: 'x' }],
    2,
  );
  assert.equal(log.linesKept(uri, 1), true);
  assert.equal(log.untouched(uri, 1, 0), true);
  assert.equal(log.untouched(uri, 1, 1), false);
  doc = log.update(
    doc,
    [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, text: 'y\n' }],
    3,
  );
  assert.equal(log.linesKept(uri, 1), false, 'a line was added since version 1');
  assert.equal(log.linesKept(uri, 2), false, 'and since version 2');
  assert.equal(log.untouched(uri, 2, 2), false);
  doc = log.update(
    doc,
    [{ range: { start: { line: 2, character: 0 }, end: { line: 2, character: 1 } }, text: 'z' }],
    4,
  );
  assert.equal(log.linesKept(uri, 3), true);
  assert.equal(log.linesKept(uri, 0), false, 'a version before the log');
  assert.equal(doc.getText(), 'y\na\nz\nc\n');
});

test("warm() scans the line index in slices that equal LineIndex's, CRLF across a slice edge included", () => {
  // `\r\n` straddles the first 1 MiB step; a lone `\r` and `\n` follow.
  const head = '.chunk NOTE\r\n  Text: utf8:"x"\r\n.end\r\n# ';
  const pad = 'x'.repeat((1 << 20) - head.length - 1);
  const src = head + pad + '\r\n# a\rb\n' + '# more\r\n'.repeat(40_000);
  const ctx = buildContext('file:///a.vmbhex', 1, src, DEFAULT_SETTINGS);
  let slices = 0;
  while (ctx.warm(0, false, false) === 'more') slices++;
  assert.ok(slices >= 1, `${slices} slices`);
  assert.deepEqual(ctx.lines.starts, new LineIndex(src).starts);
  assert.equal(ctx.lines.starts.includes(1 << 20), false, 'the \\r\\n pair is one line break');
  // Without a \r (found with indexOf), a \n right at a step's edge and after it.
  const lf = '# x\n'.repeat(700_000) + '#'.repeat(1 << 20) + '\n\n# end';
  const lfCtx = buildContext('file:///b.vmbhex', 1, lf, DEFAULT_SETTINGS);
  while (lfCtx.warm(0, false, false) === 'more');
  assert.deepEqual(lfCtx.lines.starts, new LineIndex(lf).starts);
  // A scan begun by warm() and finished by the first request that needs the lines.
  const half = buildContext('file:///c.vmbhex', 1, lf, DEFAULT_SETTINGS);
  assert.equal(half.warm(0, false, false), 'more');
  assert.deepEqual(half.lines.starts, lfCtx.lines.starts);
});

test('LineIndex finds the same lines with and without a \\r in the text', () => {
  const lf = 'a\n\nbc\n';
  assert.deepEqual(new LineIndex(lf).starts, [0, 2, 3, 6]);
  assert.deepEqual(new LineIndex(lf.replace(/\n/g, '\r\n')).starts, [0, 3, 5, 9]);
  assert.deepEqual(new LineIndex('a\rb\nc').starts, [0, 2, 4]);
  assert.deepEqual(new LineIndex('').starts, [0]);
});

test('a spare worker is started at initialize and taken by the first document analysed in a worker', async () => {
  const starts = (c: LspClient) => c.logs.filter((l) => /analysis worker started/.test(l));
  const small = '.chunk NOTE\n  Text: utf8:"hi"\n.end\n';
  const c = await LspClient.start({ workerThreshold: 0 });
  try {
    // Started before any document is opened.
    await c.until(() => (starts(c).length ? true : undefined), 20_000, 'the spare worker');
    assert.deepEqual(starts(c), ['analysis worker started (1 of at most 2 alive)']);
    await c.open('file:///virtual/spare.vmbhex', small);
    assert.ok(c.logs.some((l) => /spare\.vmbhex: analysed in a worker thread/.test(l)));
    assert.equal(starts(c).length, 1, 'the document took the spare: no second thread for it');
  } finally {
    await c.stop();
  }
  const off = await LspClient.start({ workerThreshold: 0, spareWorker: false });
  try {
    await new Promise((r) => setTimeout(r, 300));
    assert.deepEqual(starts(off), [], 'no worker before a document needs one');
    await off.open('file:///virtual/nospare.vmbhex', small);
    assert.equal(starts(off).length, 1);
  } finally {
    await off.stop();
  }
});
