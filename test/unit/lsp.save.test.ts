// Save fixtures in the editor (docs/format.md §9.5): the language server reports the save side's
// problems on the save lines, and hovers document the save directives.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { LspClient } from './helpers/lspClient';

const GOOD = readFileSync(join(__dirname, '..', '..', '..', 'samples', 'good.vmbhex'), 'utf8');

describe('save fixtures in the language server', () => {
  let c: LspClient;
  before(async () => {
    c = await LspClient.start();
  });
  after(() => c.stop());

  test('the loop mistake without unwritten= is a SAVE-INCOMPLETE error on the .save-end line', async () => {
    const lines = GOOD.split('\n').length;
    const diags = await c.open(
      'file:///virtual/save-loop.vmbhex',
      `${GOOD}\n.save-begin\n.save bufsize=300\n.expect STATUS_BUFFER_OVERFLOW\n.save-end\n`,
    );
    const d = diags.find((x) => x.code === 'SAVE-INCOMPLETE');
    assert.ok(d, diags.map((x) => x.code).join(', '));
    assert.equal(d.severity, 1);
    assert.equal(d.range.start.line, lines + 3);
    assert.match(d.message, /3 of 5 chunk\(s\) were never written/);
  });

  test('hover on .save explains the statuses', async () => {
    const uri = 'file:///virtual/save-hover.vmbhex';
    const lines = GOOD.split('\n').length;
    await c.open(uri, `${GOOD}\n.save-begin\n.save bufsize=300\n`);
    const h = await c.request<{ contents: { value: string } } | null>('textDocument/hover', {
      textDocument: { uri },
      position: { line: lines + 1, character: 2 },
    });
    assert.match(h?.contents.value ?? '', /VmbChannelSaveContinue/);
  });
});
