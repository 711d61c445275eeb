// `vmbstate diff` and `vmbstate textconv`: every output mode and exit status, and textconv as a
// real git diff driver (docs/compare.md).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { runCli } from './helpers/cli';

const ROOT = join(__dirname, '..', '..', '..');
const S = (p: string) => join(ROOT, 'samples', p);
const GOOD = S('compare/good.vmbstate');
const CHANGED = S('compare/changed.vmbstate');

const run = runCli;

test('diff: the changed field with its place in both files, the added packet, the restore side by side', () => {
  const r = run('diff', GOOD, CHANGED);
  assert.equal(r.code, 0, 'without --exit-code a diff that ran exits 0');
  assert.match(r.out, /good\.vmbstate:34:9: .*changed\.vmbstate:34:9: GPADL 0xE002: 1 change\(s\)/);
  assert.match(
    r.out,
    /good\.vmbstate:38:9: .*changed\.vmbstate:38:9: Range0\.Pfn1: 0x0000000000002001 \(8193\) → 0x0000000000002101 \(8449\)/,
  );
  assert.match(r.out, /changed\.vmbstate:49:1: PACKET 0x0000000000000003: only in B \(record 8, call 8\)/);
  assert.match(r.out, /call 8: STATUS_SUCCESS → STATUS_MORE_PROCESSING_REQUIRED {3}\(first divergence\)/);
  assert.match(
    r.out,
    /Summary: 1 changed, 0 only in A, 1 only in B, 0 reordered, 7 the same; 7 framing difference\(s\) \(.*Sequence.*\) hidden, --framing shows them/,
  );
  assert.doesNotMatch(r.out, /\[framing\]/);
  assert.match(r.out, /Result: different$/);
});

test('diff --framing lists the hidden differences; --exit-code: 1 different, 0 identical', () => {
  const f = run('diff', '--framing', '--exit-code', GOOD, CHANGED);
  assert.equal(f.code, 1);
  assert.match(
    f.out,
    /END: no content change\n[\s\S]*StreamCrc32c: 0x[0-9A-F]{8} \(\d+\) → 0x[0-9A-F]{8} \(\d+\) {2}\[framing\]/,
  );
  const same = run('diff', '--exit-code', GOOD, GOOD);
  assert.equal(same.code, 0, same.out);
  assert.match(same.out, /Result: identical$/);
  assert.equal(run('diff', GOOD, GOOD).code, 0);
});

test('diff --json: rows, differences, calls and the exit status, parseable as one object', () => {
  const r = run('diff', '--json', '--exit-code', GOOD, CHANGED);
  assert.equal(r.code, 1);
  const j = JSON.parse(r.out);
  assert.equal(j.result, 'different');
  assert.equal(j.exitCode, 1);
  assert.equal(j.a.file, GOOD);
  assert.deepEqual(
    j.differences.map((s: { row: number }) => j.rows[s.row].key),
    ['GPADL 0xE002', 'PACKET 0x0000000000000003'],
  );
  assert.equal(j.firstDivergentCall, 7);
  assert.equal(j.calls.length, 9);
});

test('diff: an unreadable side is diffed as empty, named, and exits 2; a broken side says where it stopped', () => {
  const dir = mkdtempSync(join(tmpdir(), 'vmbstate-diff-'));
  try {
    const r = run('diff', '--exit-code', GOOD, join(dir, 'missing.vmbstate'));
    assert.equal(r.code, 2);
    assert.match(r.err, /missing\.vmbstate/);
    assert.match(r.out, /Result: not comparable: .*missing\.vmbstate could not be read/);
    assert.match(r.out, /8 only in A/);
    const j = JSON.parse(run('diff', '--json', GOOD, join(dir, 'missing.vmbstate')).out);
    assert.equal(j.result, 'unreadable');
    assert.equal(j.b.stop.code, 'UNREADABLE');
    const cut = join(dir, 'cut.vmbstate');
    writeFileSync(cut, readFileSync(GOOD).subarray(0, 700));
    const c = run('diff', '--exit-code', GOOD, cut);
    assert.equal(c.code, 1, 'a side that stopped decoding is never reported as the same');
    assert.match(c.out, /cut\.vmbstate:\d+:\d+: B stopped decoding at byte 0x02[0-9A-F]{2}: \[SIZE-/);
    const junk = join(dir, 'junk.vmbstate');
    writeFileSync(junk, 'this is not a saved state, and it is long enough to hold a header');
    const both = run('diff', '--exit-code', junk, junk);
    assert.equal(both.code, 1);
    assert.match(both.out, /A stopped decoding at byte 0x0000: \[FRAME-MAGIC\]/);
    assert.match(
      both.out,
      /Result: no difference in what decodes, but not known to be the same: decoding stopped early$/,
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('diff and textconv usage errors exit 2', () => {
  assert.equal(run('diff', GOOD).code, 2);
  assert.match(run('diff', GOOD).err, /diff takes exactly two files/);
  assert.equal(run('textconv').code, 2);
  assert.equal(run('textconv', join(tmpdir(), 'no-such-file.vmbstate')).code, 2);
});

test('textconv: one field per line, no offsets, calls named by their records; a text and its binary agree', () => {
  const r = run('textconv', GOOD);
  assert.equal(r.code, 0);
  assert.match(r.out, /^ {2}chunk GPADL 0xE002\n {4}Flags: .*\n {4}GpadlId: 0x0000E002 \(57346\)$/m);
  assert.match(r.out, /^ {4}StreamCrc32c: \(right for this stream\)$/m);
  assert.match(r.out, /^ {2}call \[PACKET 0x0000000000000002\]: STATUS_MORE_PROCESSING_REQUIRED$/m);
  assert.doesNotMatch(r.out, /@0x|Sequence/, 'no stream offsets, no sequence numbers that shift');
  const t = run('textconv', S('good.vmbhex')).out;
  const b = run('textconv', S('good.vmbstate')).out;
  const records = (s: string) =>
    s
      .split('\nrestore\n')[0]
      .split('\n')
      .filter((l) => l !== 'call')
      .join('\n');
  assert.equal(records(t), records(b), 'same records and fields whatever the form (calls aside)');
});

test('textconv prints a framing value only when it is wrong, and the failing call names its record', () => {
  const r = run('textconv', S('malformed/bad-payload-crc.vmbhex')).out;
  assert.equal((r.match(/PayloadCrc32c:/g) ?? []).length, 1, r);
  assert.match(r, /^ {4}PayloadCrc32c: 0x8BA415C5 \(2342786501\) \(computed 0x8BA415C1\)$/m);
  assert.match(r, /^ {2}call \[CHANNEL_STATE, GPADL 0xE001\]: STATUS_CRC_ERROR, CRC-PAYLOAD on GPADL 0xE001$/m);
});

test('git diff with the textconv driver shows the changed field by name', (t) => {
  if (spawnSync('git', ['--version']).status !== 0) return t.skip('git is not installed');
  const dir = mkdtempSync(join(tmpdir(), 'vmbstate-git-'));
  try {
    const git = (...args: string[]) => {
      const r = spawnSync(
        'git',
        ['-c', 'user.name=t', '-c', 'user.email=t@example.com', '-c', 'commit.gpgsign=false', ...args],
        { cwd: dir, encoding: 'utf8' },
      );
      assert.equal(r.status, 0, r.stderr);
      return r.stdout;
    };
    git('init', '-q');
    writeFileSync(join(dir, '.gitattributes'), '*.vmbstate diff=vmbstate\n');
    // The compiled CLI, run by node: what `vmbstate textconv` is once installed.
    git(
      'config',
      'diff.vmbstate.textconv',
      `"${process.execPath}" "${join(ROOT, 'out', 'cli', 'src', 'main.js')}" textconv`,
    );
    copyFileSync(GOOD, join(dir, 'state.vmbstate'));
    git('add', '.');
    git('commit', '-q', '-m', 'good');
    copyFileSync(CHANGED, join(dir, 'state.vmbstate'));
    git('commit', '-q', '-am', 'changed');
    const d = git('diff', 'HEAD~1', 'HEAD', '--', 'state.vmbstate');
    assert.match(d, /^- {4}Range0\.Pfn1: 0x0000000000002001 \(8193\)$/m);
    assert.match(d, /^\+ {4}Range0\.Pfn1: 0x0000000000002101 \(8449\)$/m);
    assert.match(d, /^\+ {2}chunk PACKET 0x0000000000000003$/m);
    assert.doesNotMatch(d, /Binary files/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
