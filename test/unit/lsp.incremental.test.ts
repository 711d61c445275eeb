// Incremental analysis in the language server (docs/language-server.md, "Incremental analysis"):
// edits applied to the held version (textChanges.ts) give the same text and line index as the
// editor's, a digit edit is decoded by reusing the previous version, and diagnostics after a
// sequence of edits through the LSP equal those of a fresh open of the final text.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { LineIndex } from '../../core/src';
import { buildContext, buildContextEdited } from '../../server/src/context';
import { diagnosticsFor } from '../../server/src/diagnostics';
import { applyEdits, type OffsetEdit } from '../../server/src/textChanges';
import { DEFAULT_SETTINGS } from '../../protocol/src';
import { fixture, LspClient } from './helpers/lspClient';
import { prng } from './helpers/prng';

/** Diagnostics with the document's URI (in related locations) written as `URI`. */
const sameUri = (d: unknown, uri: string) => JSON.stringify(d).split(JSON.stringify(uri)).join('"URI"');

const base = fixture('test/fixtures/lsp/base.vmbhex').text;

const CHARS = ['0', '7', 'a', 'F', ' ', ':', '#', '\n', '\r\n', '\r', '.', 'x', ''];

/** A random edit of `src`: mostly one hex digit changed in place, sometimes anything. */
function randomEdit(rand: () => number, src: string): OffsetEdit {
  const at = Math.floor(rand() * (src.length + 1));
  if (rand() < 0.6) {
    const from = src.indexOf('0', at);
    if (from >= 0) return { start: from, end: from + 1, text: '0123456789abcdef'[Math.floor(rand() * 16)] };
  }
  const del = rand() < 0.5 ? 0 : Math.floor(rand() * 12);
  const ins = Array.from({ length: Math.floor(rand() * 3) }, () => CHARS[Math.floor(rand() * CHARS.length)]).join('');
  return { start: at, end: Math.min(src.length, at + del), text: ins };
}

test('applyEdits gives the text and line index a fresh scan gives, CRLF edges included', () => {
  const rand = prng(1414);
  let text = base.replace(/\n/g, (m) => (rand() < 0.3 ? '\r\n' : m));
  let starts = new LineIndex(text).starts.slice();
  for (let i = 0; i < 500; i++) {
    const batch = Array.from({ length: 1 + Math.floor(rand() * 3) }, () => randomEdit(rand, text));
    let expected = text;
    for (const e of batch) {
      e.end = Math.min(e.end, expected.length);
      e.start = Math.min(e.start, e.end);
      expected = expected.slice(0, e.start) + e.text + expected.slice(e.end);
    }
    const r = applyEdits(text, starts, batch);
    assert.equal(r.text, expected, `edit ${i}`);
    assert.deepEqual(r.lines.starts, new LineIndex(expected).starts, `line starts after edit ${i}`);
    text = r.text;
    starts = r.lines.starts;
  }
  assert.throws(() => applyEdits('abc', [0], [{ start: 2, end: 9, text: '' }]), /does not fit/);
});

test('a digit edit is analysed by reusing the previous version, with the diagnostics of a fresh analysis', () => {
  const ctx = buildContext('file:///a.vmbhex', 1, base, DEFAULT_SETTINGS);
  const at = base.indexOf('SubchannelIndex: u16:0') + 'SubchannelIndex: u16:'.length;
  const edited = applyEdits(ctx.text, ctx.lines.starts, [{ start: at, end: at + 1, text: '7' }]);
  const next = buildContextEdited(ctx, 2, edited);
  assert.equal(next.incremental, true);
  const fresh = buildContext('file:///a.vmbhex', 2, edited.text, DEFAULT_SETTINGS);
  assert.equal(fresh.incremental, false);
  assert.deepEqual(diagnosticsFor(next), diagnosticsFor(fresh));
  // A line added: decoded from scratch, still equal.
  const again = applyEdits(next.text, next.lines.starts, [{ start: at, end: at, text: '\n' }]);
  const third = buildContextEdited(next, 3, again);
  assert.equal(third.incremental, false);
  assert.deepEqual(
    diagnosticsFor(third),
    diagnosticsFor(buildContext('file:///a.vmbhex', 3, again.text, DEFAULT_SETTINGS)),
  );
});

test('diagnostics after a sequence of edits through the LSP equal a fresh open of the final text', async () => {
  // Everything in a worker, where edits are sent as offset edits to the held version.
  const c = await LspClient.start({ workerThreshold: 0 });
  try {
    const uri = 'file:///incremental/edited.vmbhex';
    await c.open(uri, base);
    const rand = prng(77);
    let text = base;
    for (let i = 0; i < 40; i++) {
      // LSP ranges in the text as the edits before them left it (several per change now and then).
      const changes = Array.from({ length: i % 7 === 3 ? 3 : 1 }, () => {
        const e = randomEdit(rand, text);
        const lines = new LineIndex(text);
        const range = { start: lines.positionAt(e.start), end: lines.positionAt(e.end) };
        text = text.slice(0, e.start) + e.text + text.slice(e.end);
        return { range, text: e.text };
      });
      const v = await c.change(uri, changes);
      // Most versions are waited for; some follow at once, so edits queue behind a running analysis.
      if (i % 5 !== 4) {
        const got = await c.diagnosticsFor(uri, v);
        if (i % 8 === 0) {
          const fresh = `file:///incremental/fresh${i}.vmbhex`;
          assert.equal(sameUri(got, uri), sameUri(await c.open(fresh, text), fresh), `after edit ${i}`);
          await c.close(fresh);
        }
      }
    }
    const final = await c.diagnosticsFor(uri);
    const finalUri = 'file:///incremental/final.vmbhex';
    assert.equal(sameUri(final, uri), sameUri(await c.open(finalUri, text), finalUri));
    const hover = (u: string) =>
      c.request('textDocument/hover', { textDocument: { uri: u }, position: { line: 5, character: 4 } });
    assert.deepEqual(await hover(uri), await hover(finalUri));
  } finally {
    await c.stop();
  }
});
