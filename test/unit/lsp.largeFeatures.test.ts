// The shortcuts that keep whole-document semantic tokens and formatting fast on large files
// (hex rows handled without lexing: semanticTokens.ts hexRowToken, formatting.ts canonicalHexRow)
// give exactly what lexing every line gives, on rows of every shape and around problems.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildContext } from '../../server/src/context';
import { formatText } from '../../server/src/formatting';
import { semanticTokens } from '../../server/src/semanticTokens';
import { DEFAULT_SETTINGS } from '../../protocol/src';
import { fixture } from './helpers/lspClient';
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
