// The `vmbstate` command line, run in-process through main() with captured output.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { runCli } from './helpers/cli';

const ROOT = join(__dirname, '..', '..', '..');
const S = (p: string) => join(ROOT, 'samples', p);

const run = runCli;

test('check: a clean file and fixtures whose .expect lines hold exit 0', () => {
  const r = run('check', S('good.vmbhex'), S('malformed/bad-payload-crc.vmbhex'), S('good.vmbstate'));
  assert.equal(r.code, 0, r.out + r.err);
  assert.match(r.out, /good\.vmbhex: 0 error\(s\), 0 warning\(s\); restore ends with STATUS_SUCCESS \(0x00000000\)/);
  assert.match(
    r.out,
    /bad-payload-crc\.vmbhex: 0 error\(s\), 0 warning\(s\); restore ends with STATUS_CRC_ERROR \(0xC000003F\)/,
  );
  assert.doesNotMatch(r.out, /info:/, 'information lines only with --verbose');
  assert.match(run('check', '--verbose', S('malformed/bad-payload-crc.vmbhex')).out, /:27:14: info: \[CRC-PAYLOAD\]/);
});

test('check: a broken binary exits 1 with compiler-style locations (row:column) and byte offsets', () => {
  const r = run('check', S('malformed/bit-flip.vmbstate'));
  assert.equal(r.code, 1);
  assert.match(
    r.out,
    /bit-flip\.vmbstate:31:5: error: \[CRC-PAYLOAD\] PayloadCrc32c is 0x8BA415C1, the payload's CRC-32C is 0x4496FB31\. → restore call 4 returns STATUS_CRC_ERROR \(0xC000003F\)\. \(bytes 0x01E4\.\.0x01E8\)/,
  );
});

test('check --json gives every file with its problems and outcome', () => {
  const r = run('check', '--json', S('malformed/cut-mid-chunk.vmbstate'), S('good.vmbhex'));
  assert.equal(r.code, 1);
  const j = JSON.parse(r.out) as {
    files: { file: string; outcome: string; errors: number; problems: { code: string; location: string }[] }[];
  };
  assert.deepEqual(
    j.files.map((f) => [f.outcome, f.errors]),
    [
      ['STATUS_INVALID_BUFFER_SIZE (0xC0000206)', 1],
      ['STATUS_SUCCESS (0x00000000)', 0],
    ],
  );
  assert.equal(j.files[0].problems[0].code, 'SIZE-PARTIAL');
});

test('dump prints the tree and the restore trace with the NT_SUCCESS trap spelled out', () => {
  const r = run('dump', S('good.vmbhex'));
  assert.equal(r.code, 0);
  assert.match(r.out, /text form, 600 bytes, 3 restore call\(s\), 5 chunk\(s\)/);
  assert.match(r.out, /StreamCrc32c +@0x0250 +0xD2BA1A25/);
  assert.match(
    r.out,
    /call 1 +\[BEGIN OFFER\] +→ STATUS_MORE_PROCESSING_REQUIRED \(0xC0000016\) +NT_SUCCESS=FALSE \(yet progress/,
  );
  assert.match(r.out, /Outcome: STATUS_SUCCESS/);
  const j = JSON.parse(run('dump', '--json', '--buffering', 'whole', S('good.vmbstate')).out) as {
    calls: unknown[];
    outcome: { statusName: string };
  };
  assert.equal(j.calls.length, 1);
  assert.equal(j.outcome.statusName, 'STATUS_SUCCESS');
});

test('convert: binary → text → binary is byte-identical; text with errors is refused', () => {
  const dir = mkdtempSync(join(tmpdir(), 'vmbstate-cli-'));
  try {
    assert.equal(run('convert', S('malformed/bit-flip.vmbstate'), join(dir, 'a.vmbhex')).code, 0);
    assert.equal(run('convert', join(dir, 'a.vmbhex'), join(dir, 'b.vmbstate')).code, 0);
    assert.deepEqual(readFileSync(join(dir, 'b.vmbstate')), readFileSync(S('malformed/bit-flip.vmbstate')));
    writeFileSync(join(dir, 'bad.vmbhex'), '.chunk BEGIN\n  u16:70000\n');
    const r = run('convert', join(dir, 'bad.vmbhex'), join(dir, 'c.vmbstate'));
    assert.equal(r.code, 1);
    assert.match(r.err, /bad\.vmbhex:1:1: error: \[TEXT-BLOCK\] \.chunk without \.end at end of file/);
    assert.match(r.err, /bad\.vmbhex:2:7: error: \[TEXT-RANGE\] u16 value 70000 out of range 0\.\.65535/);
    assert.match(r.err, /nothing written/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('bad usage and unreadable files get one clear line and exit 2, never a stack trace', () => {
  for (const [args, msg] of [
    [['frob'], /unknown command 'frob'/],
    [['check'], /check needs at least one file/],
    [['dump', 'a', 'b'], /dump takes exactly one file/],
    [['check', '--buffering', 'lots', 'x'], /--buffering takes chunk, whole or a byte count, not "lots"/],
    [['dump', join(ROOT, 'nope.vmbstate')], /nope\.vmbstate: cannot read: no such file/],
    [['dump', join(ROOT, 'samples')], /samples: cannot read: is a directory/],
  ] as const) {
    const r = run(...args);
    assert.equal(r.code, 2, args.join(' '));
    assert.match(r.err, msg);
    assert.doesNotMatch(r.err, /\n\s+at /);
  }
  assert.match(run('--help').out, /Usage: vmbstate <command>/);
});

test('the bundled CLI stops quietly when its output pipe closes early', () => {
  const cli = join(ROOT, 'dist', 'cli.js');
  const r = spawnSync('bash', ['-c', `node "${cli}" dump "${S('good.vmbhex')}" | head -1`], { encoding: 'utf8' });
  assert.equal(r.stdout.trim().split('\n').length, 1);
  assert.doesNotMatch(r.stderr, /EPIPE|Error/);
});
