// Paged analysis (docs/binary-editor.md, "Paged analysis"): above `fieldsAbove` chunks the wire
// analysis carries no field tree it would have to build, and wireChunkFields builds any chunk's
// from the bytes exactly as the full analysis has it (fragments, broken CRCs, cut chunks included).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  analyze,
  concatBytes,
  decodeBinary,
  encodeChunk,
  FLAG_CONTINUES,
  toWire,
  wireChunkFields,
  type WireChunk,
} from '../../core/src';
import { exampleStream } from './helpers/example';

const ROOT = join(__dirname, '..', '..', '..');
const chunksOf = (w: ReturnType<typeof toWire>) =>
  w.calls.flatMap((c) => c.items).filter((i): i is WireChunk => i.kind === 'chunk');

function streams(): [string, Uint8Array][] {
  const flipped = exampleStream();
  flipped[128] ^= 1; // OFFER payload CRC
  const cut = exampleStream().subarray(0, 300); // the third chunk ends early
  // A record split by CONTINUES: two fragments of a NOTE, then the example's END-less rest.
  const fragments = concatBytes([
    encodeChunk({ type: 0x8001, sequence: 0, flags: FLAG_CONTINUES, payload: new Uint8Array(24).fill(65) }),
    encodeChunk({ type: 0x8001, sequence: 1, payload: new Uint8Array(8).fill(66) }),
  ]);
  return [
    ['example', exampleStream()],
    ['payload bit flip', flipped],
    ['cut mid chunk', cut],
    ['CONTINUES fragments', fragments],
    ['bit-flip.vmbstate', readFileSync(join(ROOT, 'samples/malformed/bit-flip.vmbstate'))],
    ['cut-mid-chunk.vmbstate', readFileSync(join(ROOT, 'samples/malformed/cut-mid-chunk.vmbstate'))],
  ];
}

test('a paged wire analysis builds no field tree, and wireChunkFields gives every chunk its full trees', () => {
  for (const [name, bytes] of streams()) {
    const full = chunksOf(toWire(analyze(decodeBinary(bytes))));
    const a = analyze(decodeBinary(bytes));
    const paged = toWire(a, { fieldsAbove: 0 });
    // Nothing was built on the document's chunks (the trees are the cost of a large analysis).
    for (const c of a.doc.chunks) {
      const payloadSettled = Object.getOwnPropertyDescriptor(c, 'payloadFields');
      // Trees the decoder settles itself (a fragment's, an empty one) are sent; none is built.
      if (payloadSettled)
        assert.ok(!c.header || !c.complete || c.payloadFields.length <= 1, `${name}: chunk ${c.index}`);
      assert.equal(
        Object.getOwnPropertyDescriptor(c, 'headerFields') === undefined,
        !!c.header,
        `${name}: chunk ${c.index} header tree`,
      );
    }
    const lite = chunksOf(paged);
    assert.equal(lite.length, full.length);
    for (let i = 0; i < full.length; i++) {
      if (lite[i].header) assert.deepEqual(lite[i].headerFields, [], `${name}: chunk ${i} header tree left out`);
      const { fieldsOmitted: _, ...rest } = lite[i];
      assert.deepEqual({ ...rest, headerFields: full[i].headerFields, payloadFields: full[i].payloadFields }, full[i]);
      assert.deepEqual(
        wireChunkFields(bytes, lite[i]),
        { headerFields: full[i].headerFields, payloadFields: full[i].payloadFields },
        `${name}: chunk ${i}`,
      );
    }
    // Below the threshold nothing is left out.
    assert.deepEqual(toWire(analyze(decodeBinary(bytes)), { fieldsAbove: 1e6 }), toWire(analyze(decodeBinary(bytes))));
  }
});

test('a paged wire analysis of many chunks is a fraction of the full one', () => {
  const many = concatBytes(
    Array.from({ length: 300 }, (_, i) =>
      encodeChunk({ type: 0x8001, sequence: i, payload: new TextEncoder().encode(`note ${i}`.padEnd(64, '.')) }),
    ),
  );
  const full = JSON.stringify(toWire(analyze(decodeBinary(many))));
  const paged = JSON.stringify(toWire(analyze(decodeBinary(many)), { fieldsAbove: 100 }));
  assert.ok(paged.length < full.length / 2, `paged ${paged.length} vs full ${full.length} characters`);
});
