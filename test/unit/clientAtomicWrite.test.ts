// The extension's one write path (client/src/atomicWrite.ts) in plain Node: `file:` URIs through
// core's writeFileAtomic on a real folder, other schemes through an injected workspace fs.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  chmodSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeUriAtomic, type UriFileSystem, type UriLike } from '../../client/src/atomicWrite';
import { writeFileAtomic } from '../../core/src/node/files';

class FakeUri implements UriLike {
  constructor(
    readonly scheme: string,
    readonly path: string,
  ) {}
  get fsPath(): string {
    return this.path;
  }
  with(change: { path: string }): FakeUri {
    return new FakeUri(this.scheme, change.path);
  }
  toString(): string {
    return `${this.scheme}://${this.path}`;
  }
}

/** A remote file system in a Map, recording calls; `failOn` makes that operation throw. */
function fakeFs(failOn?: 'writeFile' | 'rename') {
  const files = new Map<string, Uint8Array>();
  const calls: string[] = [];
  const fs: UriFileSystem = {
    async writeFile(uri, content) {
      calls.push(`writeFile ${uri.path}`);
      if (failOn === 'writeFile') {
        files.set(uri.path, content.subarray(0, 1)); // a partial write, then the failure
        throw new Error('ENOSPC: no space left on device');
      }
      files.set(uri.path, content);
    },
    async rename(source, target, options) {
      calls.push(`rename ${source.path} -> ${target.path} overwrite=${options.overwrite}`);
      if (failOn === 'rename') throw new Error('EACCES');
      files.set(target.path, files.get(source.path)!);
      files.delete(source.path);
    },
    async delete(uri) {
      calls.push(`delete ${uri.path}`);
      files.delete(uri.path);
    },
  };
  return { fs, files, calls };
}

const bytes = (s: string) => new TextEncoder().encode(s);

test('other schemes: a hidden temporary sibling is written, then renamed over the target', async () => {
  const { fs, files, calls } = fakeFs();
  files.set('/w/a.vmbstate', bytes('old'));
  await writeUriAtomic(new FakeUri('vscode-remote', '/w/a.vmbstate'), bytes('new'), { fs });
  assert.deepEqual([...files.keys()], ['/w/a.vmbstate']);
  assert.equal(new TextDecoder().decode(files.get('/w/a.vmbstate')), 'new');
  assert.match(calls[0], /^writeFile \/w\/\.a\.vmbstate\.[0-9a-z]+\.tmp$/);
  assert.match(calls[1], /^rename \/w\/\.a\.vmbstate\.[0-9a-z]+\.tmp -> \/w\/a\.vmbstate overwrite=true$/);
});

test('other schemes: when the write or the rename fails, the target keeps its content and the temporary file is removed', async () => {
  for (const failOn of ['writeFile', 'rename'] as const) {
    const { fs, files, calls } = fakeFs(failOn);
    files.set('/w/a.vmbstate', bytes('old'));
    await assert.rejects(
      writeUriAtomic(new FakeUri('vscode-remote', '/w/a.vmbstate'), bytes('new'), { fs }),
      /a\.vmbstate: cannot write: .*the file was not changed/,
    );
    assert.deepEqual([...files.keys()], ['/w/a.vmbstate'], failOn);
    assert.equal(new TextDecoder().decode(files.get('/w/a.vmbstate')), 'old');
    assert.match(calls[calls.length - 1], /^delete \/w\/\.a\.vmbstate\..*\.tmp$/);
  }
});

test('file: URIs go through writeFileAtomic on disk: replaced whole, or untouched with no temporary file left', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'vmbstate-atomic-'));
  try {
    const { fs, calls } = fakeFs();
    const target = join(dir, 'a.vmbhex');
    writeFileSync(target, 'old');
    await writeUriAtomic(new FakeUri('file', target), bytes('new'), { fs });
    assert.equal(readFileSync(target, 'utf8'), 'new');
    assert.deepEqual(calls, [], 'the workspace fs is not used for file: URIs');
    // The target is a folder: the rename fails; nothing is left behind.
    const folder = join(dir, 'b.vmbstate');
    mkdirSync(folder);
    await assert.rejects(
      writeUriAtomic(new FakeUri('file', folder), bytes('x'), { fs }),
      /b\.vmbstate: cannot write: .*the file was not changed/,
    );
    assert.deepEqual(readdirSync(dir).sort(), ['a.vmbhex', 'b.vmbstate']);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('writeFileAtomic replaces the file a symbolic link names (the link stays) and keeps its permissions', () => {
  const dir = mkdtempSync(join(tmpdir(), 'vmbstate-atomic-'));
  try {
    const real = join(dir, 'real.vmbstate');
    const link = join(dir, 'link.vmbstate');
    writeFileSync(real, 'old');
    chmodSync(real, 0o600);
    symlinkSync(real, link);
    writeFileAtomic(link, [bytes('n'), 'ew']);
    assert.ok(lstatSync(link).isSymbolicLink());
    assert.equal(readFileSync(real, 'utf8'), 'new');
    assert.equal(statSync(real).mode & 0o777, 0o600);
    assert.deepEqual(readdirSync(dir).sort(), ['link.vmbstate', 'real.vmbstate']);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
