// What text → binary keeps (docs/format.md §8.4): bufferingThatReproduces against the decoder's
// own packing, and the note the convert command shows.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { bufferingThatReproduces, describeTextToBinary, reproduces } from '../../core/src/conversion';
import { decodeBinary, assembleText, type Buffering } from '../../core/src';
import { ROOT } from './helpers/lspClient';
import { prng } from './helpers/prng';
import { proposeTextName } from '../../client/src/convertTargets';

const base = readFileSync(join(ROOT, 'test/fixtures/lsp/base.vmbhex'), 'utf8');
const spansOf = (bytes: Uint8Array, b: Buffering) =>
  decodeBinary(bytes, { buffering: b }).calls.map((c) => c.items.map((i) => i.bytes.end - i.bytes.start));

test('bufferingThatReproduces: chunk, whole, the smallest power of two that works, else the smallest size, else none', () => {
  assert.equal(bufferingThatReproduces([[96], [176], [48]]), 'chunk');
  assert.equal(bufferingThatReproduces([[96, 176, 48]]), 'whole');
  assert.equal(bufferingThatReproduces([]), 'chunk', 'no call: any buffering gives none');
  // The LSP fixture's calls: 96+176, 192+88, 48. N ≥ 280 (the largest call of two chunks) and N < 272+192, N < 280+48.
  assert.deepEqual(bufferingThatReproduces([[96, 176], [192, 88], [48]]), { size: 280 });
  assert.deepEqual(
    bufferingThatReproduces([[100, 100], [150], [64, 64]]),
    { size: 200 },
    'N in [200, 213]: no power of two',
  );
  assert.equal(
    bufferingThatReproduces([[100, 100], [40], [64, 64]]),
    undefined,
    'N ≥ 104 would pack 40 and 64 together',
  );
  assert.deepEqual(bufferingThatReproduces([[32, 32], [200]]), { size: 64 }, 'a power of two when one fits');
  // A lone chunk larger than N still gets a buffer of its own.
  assert.deepEqual(bufferingThatReproduces([[40, 40], [5000], [40, 40]]), { size: 128 });
  // A small call before a big one: packing would have put the next chunk in it.
  assert.equal(bufferingThatReproduces([[96], [176, 192]]), undefined);
  assert.equal(bufferingThatReproduces([[96, 176], []]), undefined);
});

test("bufferingThatReproduces agrees with the decoder: the size it gives cuts the real stream into the text's calls", () => {
  const a = assembleText(base);
  const textCalls = a.calls.map((c) => {
    const spans: number[] = [];
    for (const k of a.chunks)
      if (k.bytes.start >= c.bytes.start && k.bytes.end <= c.bytes.end) spans.push(k.bytes.end - k.bytes.start);
    return spans;
  });
  const b = bufferingThatReproduces(textCalls)!;
  assert.deepEqual(spansOf(a.bytes, b), textCalls);
  assert.ok(reproduces(textCalls, b));
  assert.ok(
    !reproduces(textCalls, 'chunk') &&
      !reproduces(textCalls, 'whole') &&
      !reproduces(textCalls, { size: 279 }) &&
      !reproduces(textCalls, { size: 328 }),
  );
  assert.deepEqual(spansOf(a.bytes, { size: 327 }), textCalls, 'every size in [280, 327] works');
});

test('reproduces() matches the greedy packing for random chunk sizes and sizes', () => {
  const r = prng(7);
  const rand = (n: number) => Math.floor(r() * n);
  for (let round = 0; round < 500; round++) {
    const chunks = Array.from({ length: 1 + rand(8) }, () => 32 + 8 * rand(40));
    const n = 1 + rand(700);
    // The decoder's rule (docs/format.md §4): a chunk joins the buffer while the total stays ≤ N.
    const calls: number[][] = [];
    let cur: number[] = [];
    let size = 0;
    for (const c of chunks) {
      if (cur.length && size + c > n) {
        calls.push(cur);
        cur = [];
        size = 0;
      }
      cur.push(c);
      size += c;
    }
    calls.push(cur);
    assert.ok(reproduces(calls, { size: n }), `${JSON.stringify(calls)} at ${n}`);
    const b = bufferingThatReproduces(calls);
    assert.ok(b !== undefined && reproduces(calls, b), `${JSON.stringify(calls)}: ${JSON.stringify(b)}`);
  }
});

test('describeTextToBinary: what the binary keeps and drops, and the buffering that keeps the calls', () => {
  const a = assembleText(base);
  const chunk = describeTextToBinary(base, a.calls, a.bytes, 'chunk');
  assert.equal(
    chunk.message,
    'The binary keeps the bytes only: 3 calls become 5 one-chunk calls under vmbstate.binary.buffering = chunk (vmbstate.binary.buffering = size, vmbstate.binary.bufferSize = 280 would keep them); 3 .expect and 1 comment line are not kept.',
  );
  assert.equal(chunk.keepsCalls, false);
  assert.deepEqual(chunk.offer, { size: 280 });
  const kept = describeTextToBinary(base, a.calls, a.bytes, { size: 300 });
  assert.equal(
    kept.message,
    'The binary keeps the bytes, and its 3 calls come back as written under vmbstate.binary.buffering = size, vmbstate.binary.bufferSize = 300; 3 .expect and 1 comment line are not kept.',
  );
  assert.equal(kept.keepsCalls, true);
  assert.equal(kept.offer, undefined);
  // A call the binary can never hold: buffer=null.
  const nul = base.replace('.call\n.chunk END', '.call buffer=null\n.chunk END');
  const an = assembleText(nul);
  assert.match(
    describeTextToBinary(nul, an.calls, an.bytes, 'chunk').message,
    /3 calls become 5 one-chunk calls .* \(no buffering can: a call has buffer=null or size=, or bytes that are not whole chunks\)/,
  );
  // One chunk per call, no directives: everything is kept.
  const bare = '.chunk NOTE\n  utf8:"x"\n.end\n';
  const ab = assembleText(bare);
  assert.equal(
    describeTextToBinary(bare, ab.calls, ab.bytes, 'chunk').message,
    'The binary keeps the bytes, and its 1 call comes back as written under vmbstate.binary.buffering = chunk.',
  );
});

test('binary → text proposes NAME.vmbhex when free, else NAME.from-binary.vmbhex, then numbered variants', async () => {
  const taken = (names: string[]) => async (n: string) => names.includes(n);
  assert.deepEqual(await proposeTextName('good.vmbstate', taken([])), { name: 'good.vmbhex', besideTaken: false });
  assert.deepEqual(await proposeTextName('good.vmbstate', taken(['good.vmbhex'])), {
    name: 'good.from-binary.vmbhex',
    besideTaken: true,
  });
  assert.deepEqual(
    await proposeTextName('good.bin', taken(['good.vmbhex', 'good.from-binary.vmbhex', 'good.from-binary-2.vmbhex'])),
    { name: 'good.from-binary-3.vmbhex', besideTaken: true },
  );
  assert.deepEqual(await proposeTextName('dump', taken(['dump.vmbhex'])), {
    name: 'dump.from-binary.vmbhex',
    besideTaken: true,
  });
});
