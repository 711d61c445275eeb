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
