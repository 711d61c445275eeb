// The saved-state editor's piece table (client/src/editor/model/pieceTable.ts) and the ByteStore
// over it: random edit sequences against a flat reference, and the cost model (an edit on a big
// document copies nothing: its pieces stay views over the file as read), not timings.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PieceTable } from '../../client/src/editor/model/pieceTable';
import {
  ByteStore,
  deleteBytes,
  insertBytes,
  overwriteBytes,
  type ByteEdit,
} from '../../client/src/editor/model/bytes';
import { lcgBelow as rng } from './helpers/prng';

/** The reference: the same splice on a plain array. */
function flatSplice(b: Uint8Array, offset: number, remove: number, ins: Uint8Array): Uint8Array {
  const out = new Uint8Array(b.length - remove + ins.length);
  out.set(b.subarray(0, offset));
  out.set(ins, offset);
  out.set(b.subarray(offset + remove), offset + ins.length);
  return out;
}

test('piece table: random splices, slices and flattening agree with a flat array', () => {
  for (let seed = 1; seed <= 40; seed++) {
    const r = rng(seed);
    let ref: Uint8Array = Uint8Array.from({ length: r(200) }, () => r(256));
    const t = new PieceTable(ref.slice());
    for (let step = 0; step < 150; step++) {
      const offset = r(ref.length + 1);
      const remove = r(Math.min(8, ref.length - offset) + 1);
      const kind = r(3);
      const ins = Uint8Array.from({ length: kind === 0 ? 0 : kind === 1 ? remove : r(6) }, () => r(256));
      t.splice(offset, remove, ins);
      ref = flatSplice(ref, offset, remove, ins);
      assert.equal(t.length, ref.length, `seed ${seed} step ${step}: length`);
      const a = r(ref.length + 1);
      const z = a + r(ref.length - a + 1);
      assert.deepEqual(t.slice(a, z), ref.slice(a, z), `seed ${seed} step ${step}: slice [${a}, ${z})`);
      // Now and then a reader wants the whole document (analysis): afterwards edits go on as before.
      if (r(10) === 0) assert.deepEqual(t.flat(), ref, `seed ${seed} step ${step}: flat`);
    }
    const joined = new Uint8Array(t.length);
    let at = 0;
    for (const c of t.chunks()) {
      joined.set(c, at);
      at += c.length;
    }
    assert.deepEqual(joined, ref, `seed ${seed}: the pieces in order are the document`);
    assert.deepEqual(t.slice(-5, 1e9), ref, 'a slice is clipped to the document');
  }
});

test('ByteStore: random overwrite/insert/delete with undo and redo equal the flat reference at every step', () => {
  for (let seed = 1; seed <= 20; seed++) {
    const r = rng(seed * 7);
    const original = Uint8Array.from({ length: 64 + r(64) }, () => r(256));
    const store = new ByteStore(original.slice());
    const history: Uint8Array[] = [original.slice()];
    const edits: ByteEdit[] = [];
    for (let step = 0; step < 100; step++) {
      const op = r(5);
      if (op === 3 && edits.length) {
        store.undo(edits.pop());
        history.pop();
      } else {
        const size = store.size;
        const offset = r(size + 1);
        const data = Array.from({ length: 1 + r(4) }, () => r(256));
        const e =
          op === 0 || size === 0 || offset === size
            ? insertBytes(store, offset, data)
            : op === 1
              ? overwriteBytes(store, offset, data)
              : deleteBytes(store, offset, Math.min(1 + r(4), size - offset));
        store.apply(e);
        edits.push(e);
        const prev = history[history.length - 1];
        const s = e.splices[0];
        history.push(flatSplice(prev, s.offset, s.removed.length, s.inserted));
      }
      assert.deepEqual(store.slice(0, store.size), history[history.length - 1], `seed ${seed} step ${step}`);
    }
    while (edits.length) store.undo(edits.pop());
    assert.deepEqual(store.bytes, original, `seed ${seed}: undoing everything gives the file back`);
  }
});

test('typing in insert mode on a 64 MB document copies nothing: the pieces stay views over the file as read', () => {
  const file = new Uint8Array(64 * 1024 * 1024);
  file[12345] = 0x42;
  const store = new ByteStore(file);
  for (let i = 0; i < 200; i++) store.apply(insertBytes(store, 1000 + i, [i & 0xff]));
  store.apply(deleteBytes(store, 5, 3));
  store.apply(overwriteBytes(store, 7, [1, 2]));
  // Every piece is either a view over the file's own memory or one of the few typed bytes.
  const pieces = store.pieces;
  let overFile = 0;
  for (const p of pieces) {
    if (p.buffer === file.buffer) overFile += p.length;
    else assert.ok(p.length <= 2, `a piece of ${p.length} bytes that is not the file: something copied the document`);
  }
  assert.equal(overFile, file.length - 3 - 2, 'all untouched bytes are still the file’s memory');
  assert.equal(store.size, file.length + 200 - 3);
  assert.equal(store.slice(12345 + 200 - 3, 12345 + 200 - 2)[0], 0x42);
  assert.deepEqual([...store.slice(1000 - 3, 1000 - 3 + 4)], [0, 1, 2, 3]);
});
