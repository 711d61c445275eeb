// The webview's optimistic typed edits (client/src/editor/webview/optimisticEdits.ts) against the
// host's real document model (ByteStore): whatever prefix of the edits the host has applied,
// the bytes shown (the overlay over the host's bytes) are the bytes the host ends with; a refused
// edit rolls back to exactly what the host holds.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { OptimisticEdits, type PendingEdit } from '../../client/src/editor/webview/optimisticEdits';
import { ByteStore, deleteBytes, insertBytes, overwriteBytes } from '../../client/src/editor/model/bytes';
import { lcgBelow as rng } from './helpers/prng';

/** What the host does with an edit message (webviewEndpoint → EditorEdits). */
function hostApply(store: ByteStore, e: PendingEdit): void {
  if (e.kind === 'delete') store.apply(deleteBytes(store, e.offset, Math.min(e.length, store.size - e.offset)));
  else if (e.kind === 'insert') store.apply(insertBytes(store, e.offset, e.data));
  else store.apply(overwriteBytes(store, e.offset, e.data));
}

/** The bytes the webview shows: the overlay over the host's bytes (as state.ts shownByte reads them). */
function shown(edits: OptimisticEdits, store: ByteStore): number[] {
  const host = store.slice(0, store.size);
  const size = edits.size(store.size);
  return Array.from({ length: size }, (_, o) => {
    const b = edits.byte(o, (h) => (h >= 0 && h < host.length ? host[h] : undefined));
    assert.notStrictEqual(b, undefined, `byte ${o} of ${size} has no source`);
    return b!;
  });
}

test('optimistic edits: the bytes shown equal the host’s final bytes whatever the host has applied so far', () => {
  for (let seed = 1; seed <= 60; seed++) {
    const r = rng(seed);
    const initial = Uint8Array.from({ length: 1 + r(64) }, () => r(256));
    const host = new ByteStore(initial.slice());
    const final = new ByteStore(initial.slice()); // every edit applied at once: what the user typed
    const edits = new OptimisticEdits();
    const inFlight: PendingEdit[] = [];
    for (let step = 0; step < 80; step++) {
      const size = edits.size(host.size);
      const kind = r(size > 0 ? 3 : 2);
      const e =
        kind === 0
          ? edits.add({ kind: 'overwrite', offset: r(size + 1), data: [r(256)] })
          : kind === 1
            ? edits.add({ kind: 'insert', offset: r(size + 1), data: Array.from({ length: 1 + r(3) }, () => r(256)) })
            : edits.add({ kind: 'delete', offset: r(size), length: 1 + r(4) });
      hostApply(final, e);
      inFlight.push(e);
      // The host catches up with some of the edits sent (in order) and confirms the last it applied.
      if (r(3) === 0) {
        const n = r(inFlight.length + 1);
        for (const a of inFlight.splice(0, n)) hostApply(host, a);
        if (n) edits.confirm(inFlight.length ? inFlight[0]!.seq - 1 : e.seq);
      }
      assert.deepStrictEqual(shown(edits, host), [...final.slice(0, final.size)], `seed ${seed}, step ${step}`);
      assert.strictEqual(edits.edits.length, inFlight.length);
    }
    for (const a of inFlight.splice(0)) hostApply(host, a);
    edits.confirm(Infinity);
    assert.strictEqual(edits.edits.length, 0);
    assert.deepStrictEqual(shown(edits, host), [...host.slice(0, host.size)]);
  }
});

test('optimistic edits: a refused edit is rolled back; the later ones stay shown as the host will apply them', () => {
  const host = new ByteStore(Uint8Array.from([0x56, 0x42, 0x53, 0x43]));
  const edits = new OptimisticEdits();
  const a = edits.add({ kind: 'insert', offset: 0, data: [0xab] });
  const refused = edits.add({ kind: 'insert', offset: 1, data: [0x11, 0x22] });
  const c = edits.add({ kind: 'overwrite', offset: 0, data: [0xcd] });
  assert.deepStrictEqual(shown(edits, host), [0xcd, 0x11, 0x22, 0x56, 0x42, 0x53, 0x43]);
  hostApply(host, a);
  edits.confirm(a.seq);
  assert.deepStrictEqual(shown(edits, host), [0xcd, 0x11, 0x22, 0x56, 0x42, 0x53, 0x43]);
  // The host refuses the second edit (nothing changes there): it leaves the overlay.
  assert.strictEqual(edits.refuse(refused.seq), refused);
  assert.strictEqual(edits.size(host.size), 5);
  assert.deepStrictEqual(shown(edits, host), [0xcd, 0x56, 0x42, 0x53, 0x43]);
  hostApply(host, c);
  edits.confirm(c.seq);
  assert.strictEqual(edits.edits.length, 0);
  assert.deepStrictEqual(shown(edits, host), [...host.slice(0, host.size)]);
  assert.deepStrictEqual(shown(edits, host), [0xcd, 0x56, 0x42, 0x53, 0x43]);
  assert.strictEqual(edits.refuse(12345), undefined, 'refusing an unknown edit changes nothing');
});

test('optimistic edits: a byte whose host page is not loaded stays unknown, a typed one is known', () => {
  const edits = new OptimisticEdits();
  edits.add({ kind: 'insert', offset: 4, data: [0x7f] });
  const notLoaded = () => undefined;
  assert.strictEqual(edits.byte(4, notLoaded), 0x7f);
  assert.strictEqual(edits.byte(3, notLoaded), undefined);
  // Offsets after the insert read the host byte one before.
  assert.strictEqual(
    edits.byte(5, (h) => h),
    4,
  );
  // A confirmation covers every earlier edit too (the host applies them in the order sent).
  edits.add({ kind: 'overwrite', offset: 0, data: [1] });
  const last = edits.add({ kind: 'delete', offset: 0, length: 1 });
  edits.confirm(last.seq - 1);
  assert.deepStrictEqual(edits.edits, [last]);
});
