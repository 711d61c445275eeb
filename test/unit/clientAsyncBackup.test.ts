// Hot exit's backup write (client/src/atomicWrite.ts writeFileAtomicAsync, used by the saved-state
// editor's BinaryDocument.backup) in plain Node on a real folder: the pieces land in order, the
// extension host's event loop keeps running during a large write, a cancellation stops it and
// leaves the target as it was, a failure names the file and leaves nothing behind.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ASYNC_WRITE_SLICE, writeFileAtomicAsync, WriteCancelledError } from '../../client/src/atomicWrite';

function withDir(run: (dir: string) => Promise<void>): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'vmbstate-backup-'));
  return run(dir).finally(() => rmSync(dir, { recursive: true, force: true }));
}

/** Pieces of a document after edits: a large view over the file as read and small inserted runs. */
function pieces(): Uint8Array[] {
  const big = new Uint8Array(2 * ASYNC_WRITE_SLICE + 12345);
  for (let i = 0; i < big.length; i++) big[i] = (i * 7) & 0xff;
  return [Uint8Array.of(1, 2, 3), big.subarray(5), Uint8Array.of(0xab), big.subarray(0, 5)];
}

const joined = (ps: Uint8Array[]) => Buffer.concat(ps.map((p) => Buffer.from(p.buffer, p.byteOffset, p.length)));

test('writeFileAtomicAsync writes the pieces in order in slices, and the event loop runs meanwhile', () =>
  withDir(async (dir) => {
    const target = join(dir, 'backup.vmbstate');
    writeFileSync(target, 'old');
    const ps = pieces();
    let ticks = 0;
    const timer = setInterval(() => ticks++, 0);
    let asked = 0;
    try {
      await writeFileAtomicAsync(target, ps, () => (asked++, false));
    } finally {
      clearInterval(timer);
    }
    assert.ok(readFileSync(target).equals(joined(ps)));
    assert.deepEqual(readdirSync(dir), ['backup.vmbstate'], 'no temporary file left');
    // Asked before each slice (the big piece is three slices): a cancellation is seen mid-write.
    assert.ok(asked >= 6, `the cancellation was asked ${asked} times`);
    assert.ok(ticks > 0, 'timers ran while the file was written (no synchronous write of the whole document)');
  }));

test('writeFileAtomicAsync: a cancellation mid-write leaves the target as it was and removes the temporary file', () =>
  withDir(async (dir) => {
    const target = join(dir, 'backup.vmbstate');
    writeFileSync(target, 'old backup');
    let asked = 0;
    await assert.rejects(
      writeFileAtomicAsync(target, pieces(), () => ++asked > 3),
      (e: unknown) => e instanceof WriteCancelledError && /backup\.vmbstate: the write was cancelled/.test(e.message),
    );
    assert.equal(readFileSync(target, 'utf8'), 'old backup');
    assert.deepEqual(readdirSync(dir), ['backup.vmbstate']);
    // Cancelled before it starts: nothing is created.
    const fresh = join(dir, 'new.vmbstate');
    await assert.rejects(
      writeFileAtomicAsync(fresh, pieces(), () => true),
      WriteCancelledError,
    );
    assert.deepEqual(readdirSync(dir), ['backup.vmbstate']);
  }));

test('writeFileAtomicAsync: a failure names the file, says it was not changed and leaves nothing behind', () =>
  withDir(async (dir) => {
    await assert.rejects(
      writeFileAtomicAsync(join(dir, 'missing', 'b.vmbstate'), [Uint8Array.of(1)]),
      /missing[/\\]b\.vmbstate: cannot write: .*ENOENT.*the file was not changed/,
    );
    // The target is a folder: the rename fails after the write; the temporary file is removed.
    const folder = join(dir, 'f.vmbstate');
    mkdirSync(folder);
    await assert.rejects(writeFileAtomicAsync(folder, [Uint8Array.of(1)]), /f\.vmbstate: cannot write/);
    assert.deepEqual(readdirSync(dir), ['f.vmbstate']);
  }));
