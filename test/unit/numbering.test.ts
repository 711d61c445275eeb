// One numbering in every view (docs/format.md §4 "Numbering"): the same chunk gets the same
// number, counted from 1, in the disassembly comment, `vmbstate dump`, the hover, the binary
// editor's tree and tooltip, the exported trace and Go to Offset.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Hover } from 'vscode-languageserver/node';
import { analyze, decodeBinary, disassemble, toWire } from '../../core/src';
import { renderDump } from '../../cli/src/dump';
import { parseGoToOffset } from '../../client/src/editor/model/navigate';
import { buildTree } from '../../client/src/editor/webview/tree';
import { describeOffset, indexProblems } from '../../client/src/editor/webview/annotations';
import { traceText } from '../../client/src/traceExport';
import { exampleStream } from './helpers/example';
import { LspClient } from './helpers/lspClient';

test('chunk 4 (the GPADL, seq 3) is "chunk 4" in the disassembly, dump, hover, tree, tooltip, trace and Go to Offset', async () => {
  const bytes = exampleStream();
  const doc = decodeBinary(bytes, { buffering: 'whole' });
  const gpadl = doc.chunks[3];
  assert.equal(gpadl.typeName, 'GPADL');
  assert.equal(gpadl.header?.sequence, 3);
  const at = gpadl.bytes.start;
  const hexAt = `0x${at.toString(16).toUpperCase().padStart(8, '0')}`;

  // Disassembly: `# chunk 4 @ 0x000001D0` right before its .chunk line; the one call is "call 1".
  const text = disassemble(bytes, { buffering: 'whole' });
  const lines = text.split('\n');
  const comment = lines.findIndex((l) => l.startsWith(`# chunk 4 @ ${hexAt}`));
  assert.ok(comment > 0, text);
  assert.match(lines[comment + 1], /^\.chunk GPADL/);
  assert.ok(
    lines.some((l) => l.startsWith('.call  # call 1 @ 0x00000000')),
    'calls count from 1 too',
  );

  // dump (for people): `chunk 4  GPADL  @0x1D0`.
  const a = analyze(doc);
  const dump = [...renderDump('x.vmbstate', a, false)];
  assert.ok(
    dump.some((l) => /^ {2}chunk 4 {2}GPADL {2}@/.test(l) && l.includes('seq 3')),
    dump.join('\n'),
  );
  assert.ok(!dump.some((l) => /^ {2}chunk 0 /.test(l)), 'no chunk 0 in the dump');

  // Binary editor: tree label and byte tooltip.
  const wire = toWire(a);
  const tree = buildTree(wire);
  assert.equal(tree.byId.get('k3')!.label, 'Chunk 4 GPADL');
  const tip = describeOffset(tree, indexProblems(wire.problems, bytes.length), at);
  assert.match(tip, /^Chunk 4 GPADL {2}seq 3 /m);

  // Exported trace: the one call examined chunks 1–5.
  assert.match(traceText(wire, 'x'), /chunks examined: chunk 1, chunk 2, chunk 3, chunk 4, chunk 5/);

  // Go to Offset: "chunk 4" lands on the GPADL (not on END, the 0-based 4).
  const targets = doc.chunks.map((c) => ({
    index: c.index,
    start: c.bytes.start,
    end: c.bytes.end,
    ...(c.header ? { sequence: c.header.sequence } : {}),
  }));
  const go = parseGoToOffset('chunk 4', { caret: 0, size: bytes.length, chunks: targets });
  assert.ok(go.ok && go.offset === at && go.chunk?.index === 3, JSON.stringify(go));

  // Hover on the disassembly's .chunk line, through the language server.
  const c = await LspClient.start();
  try {
    const uri = 'file:///numbering.vmbhex';
    await c.open(uri, text);
    const h = await c.request<Hover | null>('textDocument/hover', {
      textDocument: { uri },
      position: { line: comment + 1, character: 8 },
    });
    const value = (h?.contents as { value: string } | undefined)?.value ?? '';
    assert.match(value, /^\*\*chunk 4 GPADL\*\* — call 1/, value);
    assert.match(value, /seq 3 · PayloadLength/, 'the sequence is labelled seq');
  } finally {
    await c.stop();
  }
});

test('a chunk written as .raw keeps its number: the disassembly numbers chunks by the decoder, not by .chunk blocks', () => {
  const bytes = exampleStream().slice();
  bytes[268] = 1; // OFFER's padding uneven (1 0 0 0): .raw, yet still chunk 2
  const text = disassemble(bytes);
  assert.match(text, /\.raw\b/);
  assert.ok(!/# chunk 2 @/.test(text), 'chunk 2 is written as .raw');
  assert.match(text, /# chunk 3 @ 0x00000110, 192 bytes\n\.chunk CHANNEL_STATE/);
  assert.match(text, /# chunk 5 @ 0x00000228, 48 bytes\n\.chunk END/);
});
