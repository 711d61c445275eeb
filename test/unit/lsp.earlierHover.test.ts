// Hover while an edit is being analysed (docs/language-server.md, "Hover during re-analysis"):
// a hover on a line the edits did not touch is answered from the last analysed version without
// waiting; one on an edited line, or after an edit that added a line, waits for the new version.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Hover } from 'vscode-languageserver/node';
import { fixture, LspClient } from './helpers/lspClient';

const base = fixture('test/fixtures/lsp/base.vmbhex').text;
const lines = base.split('\n');
/** `StreamCrc32c: u32:auto` in the END chunk: its hover shows the CRC of the bytes before it. */
const crcLine = lines.findIndex((l) => l.includes('StreamCrc32c'));
const crcAt = { line: crcLine, character: lines[crcLine].indexOf('StreamCrc32c: u32:auto') + 19 };
/** `SubchannelIndex: u16:0` in the BEGIN chunk: the digit edited. */
const subLine = lines.findIndex((l) => l.includes('SubchannelIndex'));
const subDigit = lines[subLine].indexOf('u16:0') + 4;
const subAt = { line: subLine, character: subDigit };

const text = (h: Hover | null) => JSON.stringify(h?.contents ?? null);

for (const [where, options] of [
  ['the server thread', {}],
  ['a worker', { workerThreshold: 0 }],
] as const) {
  test(`in ${where}: a hover during a pending re-analysis answers from the previous analysis on untouched lines`, async () => {
    const c = await LspClient.start(options);
    try {
      const uri = `file:///earlier/${where.replace(/ /g, '-')}.vmbhex`;
      await c.open(uri, base);
      const hover = (position: { line: number; character: number }) =>
        c.request<Hover | null>('textDocument/hover', { textDocument: { uri }, position });
      const crcBefore = await hover(crcAt);
      assert.ok(crcBefore, 'the StreamCrc32c line has a hover');

      const v2 = await c.change(uri, [
        { range: { start: subAt, end: { line: subLine, character: subDigit + 1 } }, text: '7' },
      ]);
      // Sent before the new version's analysis (its pause after an edit is 100 ms here).
      const [crcDuring, subDuring] = await Promise.all([hover(crcAt), hover(subAt)]);
      await c.diagnosticsFor(uri, v2);
      const crcAfter = await hover(crcAt);
      const subAfter = await hover(subAt);

      // The untouched line: the previous analysis's answer (the CRC of the old bytes)…
      assert.equal(text(crcDuring), text(crcBefore));
      // …which the new analysis changes: the answer did come from the previous version.
      assert.notEqual(text(crcAfter), text(crcBefore), 'the edit changes the CRC the hover shows');
      // The edited line waited for the new version.
      assert.equal(text(subDuring), text(subAfter));
      assert.match(text(subAfter), /7/);

      // A line added above: line numbers moved, so no hover is answered from the earlier version.
      const v3 = await c.change(uri, [
        { range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, text: '# added\n' },
      ]);
      const moved = { line: crcAt.line + 1, character: crcAt.character };
      const movedDuring = await hover(moved);
      await c.diagnosticsFor(uri, v3);
      assert.equal(text(movedDuring), text(await hover(moved)));
      assert.equal(text(movedDuring), text(crcAfter));
    } finally {
      await c.stop();
    }
  });
}

test('in a worker: a hover sent while the worker runs an edit is answered from the previous version before the edit ends', async () => {
  // The test hook makes each of the edit's two steps in the worker take 400 ms (worker.ts).
  process.env.VMBSTATE_TEST_SLOW_EDIT_MS = '400';
  const c = await LspClient.start({ workerThreshold: 0 }).finally(() => delete process.env.VMBSTATE_TEST_SLOW_EDIT_MS);
  try {
    const uri = 'file:///earlier/mid-edit.vmbhex';
    await c.open(uri, base);
    const hover = (position: { line: number; character: number }) =>
      c.request<Hover | null>('textDocument/hover', { textDocument: { uri }, position });
    const crcBefore = await hover(crcAt);
    const order: string[] = [];
    const v2 = await c.change(uri, [
      { range: { start: subAt, end: { line: subLine, character: subDigit + 1 } }, text: '7' },
    ]);
    const analysed = c.diagnosticsFor(uri, v2).then(() => order.push('new diagnostics'));
    // The edit goes to the worker after a pause of 5 ms (an incremental analysis is expected):
    // 150 ms later the worker is in the edit's first step.
    await new Promise((r) => setTimeout(r, 150));
    const during = await hover(crcAt);
    order.push('hover');
    await analysed;
    assert.deepEqual(order, ['hover', 'new diagnostics'], 'the hover did not wait for the edit to end');
    assert.equal(text(during), text(crcBefore), 'answered from the previous version, not a partly edited one');
    assert.notEqual(text(await hover(crcAt)), text(crcBefore), 'the new version shows another CRC');
    // A hover on the edited line sent while the edit runs waits for it and shows the new value.
    const v3 = await c.change(uri, [
      { range: { start: subAt, end: { line: subLine, character: subDigit + 1 } }, text: '5' },
    ]);
    await new Promise((r) => setTimeout(r, 150));
    const onEdited = await hover(subAt);
    assert.match(text(onEdited), /5/);
    assert.equal(c.diagnostics.get(uri)?.at(-1)?.version, v3, 'answered once the new version was analysed');
  } finally {
    await c.stop();
  }
});
