// The shortcuts that keep whole-document semantic tokens and formatting fast on large files
// (hex rows handled without lexing: semanticTokens.ts hexRowToken, formatting.ts canonicalHexRow)
// give exactly what lexing every line gives, on rows of every shape and around problems; the
// semantic tokens delta and range formatting agree with their whole-document counterparts.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildContext } from '../../server/src/context';
import { formatText } from '../../server/src/formatting';
import { semanticTokens } from '../../server/src/semanticTokens';
import { DEFAULT_SETTINGS } from '../../protocol/src';
import type { SemanticTokens, SemanticTokensDelta, TextEdit } from 'vscode-languageserver';
import { fixture, LspClient } from './helpers/lspClient';
import { prng } from './helpers/prng';

const base = fixture('test/fixtures/lsp/base.vmbhex').text;

/** A row of hex in one of the shapes files hold: canonical, upper case, tabs, odd spacing, long, grouped, commented. */
function row(rand: () => number): string {
  const n = 1 + Math.floor(rand() * 20);
  const pairs = Array.from({ length: n }, () =>
    Math.floor(rand() * 256)
      .toString(16)
      .padStart(2, '0'),
  );
  const indent = ['  ', '  ', '  ', '    ', '\t', '   ', ' '][Math.floor(rand() * 7)];
  switch (Math.floor(rand() * 8)) {
    case 0:
      return indent + pairs.join(' ').toUpperCase();
    case 1:
      return indent + pairs.join('  ');
    case 2:
      return indent + pairs.join('');
    case 3:
      return indent + pairs.join(' ') + '  # note';
    case 4:
      return indent + pairs.join(' ') + ' ';
    case 5:
      return indent + 'Data: ' + pairs.join(' ');
    default:
      return indent + pairs.slice(0, 16).join(' ');
  }
}

function largeText(seed: number): string {
  const rand = prng(seed);
  const parts = [base];
  for (let c = 0; c < 12; c++) {
    const rows = Array.from({ length: 20 + Math.floor(rand() * 60) }, () => row(rand));
    // Some blocks get a wrong CRC option (a problem on their bytes) or a wrong length.
    const opt = c % 4 === 1 ? ' crc=0x1' : c % 4 === 2 ? ' len=3' : '';
    parts.push(`.call\n.chunk 0x8001${opt}\n${rows.join('\n')}\n.end\n`);
    if (c % 5 === 3) parts.push(rows.slice(0, 3).join('\n') + '\n'); // rows outside any block
  }
  return parts.join('\n');
}

for (const seed of [1, 2, 3]) {
  test(`hex-row shortcuts equal lexing every line: tokens and formatting (seed ${seed})`, () => {
    const text = largeText(seed);
    const ctx = buildContext('file:///large.vmbhex', 1, text, DEFAULT_SETTINGS);
    const fast = semanticTokens(ctx);
    const lexed = semanticTokens(ctx, undefined, true);
    assert.deepEqual(fast.data, lexed.data);
    // The shortcut was taken and the problem modifier appears (the comparison is not vacuous).
    assert.ok(fast.data.length > 500, `${fast.data.length / 5} tokens`);
    const mods = new Set(fast.data.filter((_, i) => i % 5 === 4));
    assert.ok(
      [...mods].some((m) => m & 16),
      'a token with the problem modifier',
    );
    const range = { start: { line: 40, character: 0 }, end: { line: 140, character: 0 } };
    assert.deepEqual(semanticTokens(ctx, range).data, semanticTokens(ctx, range, true).data);
    assert.deepEqual(formatText(ctx), formatText(ctx, true));
  });
}

test('semantic tokens delta: the edit applied to the previous tokens gives the new full tokens', async () => {
  const c = await LspClient.start();
  try {
    const uri = 'file:///large/delta.vmbhex';
    const text = largeText(4);
    await c.open(uri, text);
    const doc = { textDocument: { uri } };
    const first = await c.request<SemanticTokens>('textDocument/semanticTokens/full', doc);
    assert.ok(first.resultId, 'full tokens carry a result id');
    // A label added on a hex row: its tokens change, the rest stays.
    const line = text.split('\n').findIndex((l, i) => i > 60 && /^ {2}[0-9a-f]{2} [0-9a-f]{2}/.test(l));
    const v = await c.change(uri, [
      { range: { start: { line, character: 2 }, end: { line, character: 2 } }, text: 'X: ' },
    ]);
    await c.diagnosticsFor(uri, v);
    const delta = await c.request<SemanticTokensDelta>('textDocument/semanticTokens/full/delta', {
      ...doc,
      previousResultId: first.resultId,
    });
    assert.ok(delta.edits && delta.edits.length === 1, 'one edit');
    const data = [...first.data];
    for (const e of delta.edits) data.splice(e.start, e.deleteCount, ...(e.data ?? []));
    const fresh = await c.request<SemanticTokens>('textDocument/semanticTokens/full', doc);
    assert.deepEqual(data, fresh.data);
    assert.ok(delta.edits[0].deleteCount + (delta.edits[0].data?.length ?? 0) < first.data.length / 10, 'a small edit');
    // An unknown previous id: the whole tokens.
    const whole = await c.request<SemanticTokens>('textDocument/semanticTokens/full/delta', {
      ...doc,
      previousResultId: 'nope',
    });
    assert.deepEqual(whole.data, fresh.data);
  } finally {
    await c.stop();
  }
});

test('range formatting: the whole-document edits on the range lines, checked on the blocks around them', async () => {
  const c = await LspClient.start();
  try {
    const uri = 'file:///large/range.vmbhex';
    const text = largeText(5);
    await c.open(uri, text);
    const options = { tabSize: 2, insertSpaces: true };
    const whole = await c.request<TextEdit[]>('textDocument/formatting', { textDocument: { uri }, options });
    assert.ok(whole.length > 20, `${whole.length} edits for the whole document`);
    const range = { start: { line: 80, character: 0 }, end: { line: 160, character: 0 } };
    const part = await c.request<TextEdit[]>('textDocument/rangeFormatting', { textDocument: { uri }, range, options });
    const expected = whole.filter((e) => e.range.start.line >= 80 && e.range.start.line < 160);
    assert.ok(expected.length > 0);
    assert.deepEqual(part, expected);
    // A range of lines already formatted: nothing to do.
    const clean = text.split('\n').findIndex((l) => l === '.end');
    const none = await c.request<TextEdit[]>('textDocument/rangeFormatting', {
      textDocument: { uri },
      range: { start: { line: clean, character: 0 }, end: { line: clean, character: 4 } },
      options,
    });
    assert.deepEqual(none, []);
  } finally {
    await c.stop();
  }
});
