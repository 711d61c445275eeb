// `vmbstate dump` holds one chunk's field trees at a time and `dump --json` streams: its output is
// one element per line, each line bounded by its own element, never one string for the stream.
// Shapes, not timings: what keeps memory bounded is that no tree is kept and no line grows with the input.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { analyze, concatBytes, decodeBinary, encodeChunk, transientFields } from '../../core/src';
import { main } from '../../cli/src/main';
import { renderDump } from '../../cli/src/dump';

/** `n` NOTE chunks of 40 bytes of text each: many chunks, each with a payload field tree. */
function manyNotes(n: number): Uint8Array {
  const chunks: Uint8Array[] = [];
  for (let i = 0; i < n; i++)
    chunks.push(
      encodeChunk({ type: 0x8001, sequence: i, payload: new TextEncoder().encode(`note ${i}`.padEnd(40, '.')) }),
    );
  return concatBytes(chunks);
}

async function runLines(...args: string[]): Promise<{ code: number; lines: string[] }> {
  const lines: string[] = [];
  const code = await main(
    args,
    (s) => lines.push(s),
    () => undefined,
  );
  return { code, lines };
}

test('dump reads field trees without keeping them on the chunks (one tree at a time)', () => {
  const a = analyze(decodeBinary(manyNotes(50)));
  let lines = 0;
  for (const _ of renderDump('x', a, true)) lines++;
  assert.ok(lines > 50 * 10, `the dump printed the trees (${lines} lines)`);
  for (const c of a.doc.chunks) {
    assert.equal(
      Object.getOwnPropertyDescriptor(c, 'payloadFields'),
      undefined,
      `chunk ${c.index} kept its payload tree`,
    );
    assert.equal(
      Object.getOwnPropertyDescriptor(c, 'headerFields'),
      undefined,
      `chunk ${c.index} kept its header tree`,
    );
  }
  // A tree read through the node is kept (what the editor and the server want), and then reused.
  const c = a.doc.chunks[3];
  const t = c.payloadFields;
  assert.ok(Object.getOwnPropertyDescriptor(c, 'payloadFields'));
  assert.equal(transientFields(c, 'payloadFields'), t);
});

test('dump --json: one element per line, each line parses alone, lines do not grow with the stream', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'vmbstate-dumpjson-'));
  try {
    const file = join(dir, 'notes.vmbstate');
    const chunks = 2000;
    writeFileSync(file, manyNotes(chunks));
    for (const fields of [true, false]) {
      const r = await runLines('dump', '--json', ...(fields ? [] : ['--no-fields']), file);
      assert.equal(r.code, 0);
      // The whole is one JSON object.
      const whole = JSON.parse(r.lines.join('\n')) as { calls: { items: unknown[] }[]; trace: unknown[] };
      assert.equal(whole.calls.length, chunks);
      // Element lines: a chunk, call head, step, problem or trace entry, with at most a trailing comma.
      let chunkLines = 0;
      for (const line of r.lines) {
        assert.ok(line.length < 4096, `a line of ${line.length} characters: lines must not grow with the stream`);
        if (!line.startsWith('{"kind":"chunk"')) continue;
        chunkLines++;
        const el = JSON.parse(line.replace(/,$/, '')) as Record<string, unknown>;
        assert.equal('headerFields' in el, false, 'header values are in `header`');
        assert.equal('payloadFields' in el, fields, `payloadFields ${fields ? 'with' : 'without'} --no-fields`);
      }
      assert.equal(chunkLines, chunks, 'every chunk on a line of its own');
      assert.ok(r.lines.length >= 4 * chunks, 'call heads, chunks, steps and trace entries each on their own lines');
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
