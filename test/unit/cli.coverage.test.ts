// `vmbstate coverage DIR…`: the codes and statuses fixtures assert, `--require`, and the samples
// folder at full coverage of the codes a fixture can express (samples/generated is mutate's output).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from './helpers/cli';
import { ASSERTED_WITHOUT_STATUS, DIAGNOSTICS, EXPRESSIBLE_CODES, notExpressible } from '../../core/src';

const ROOT = join(__dirname, '..', '..', '..');
const S = (p: string) => join(ROOT, 'samples', p);

const run = runCli;

interface CoverageJson {
  fixtures: number;
  expects: number;
  covered: number;
  expressible: number;
  codes: { code: string; status: string | null; fixtures: string[]; assertions: number }[];
  statuses: { status: string; fixtures: string[]; assertions: number }[];
  missing: string[];
}

test('coverage: the expressible codes are those with a status and SAVE-INCOMPLETE; no warning is one', () => {
  assert.deepEqual(
    EXPRESSIBLE_CODES,
    DIAGNOSTICS.filter((d) => d.status !== null || ASSERTED_WITHOUT_STATUS[d.code] !== undefined).map((d) => d.code),
  );
  // SAVE-INCOMPLETE has no status: `.save-end unwritten=N` is the one line that asserts it.
  assert.deepEqual(Object.keys(ASSERTED_WITHOUT_STATUS), ['SAVE-INCOMPLETE']);
  assert.ok(EXPRESSIBLE_CODES.includes('SAVE-TOO-SMALL') && EXPRESSIBLE_CODES.includes('SAVE-NOT-BEGUN'));
  // Every other code without a status says why it cannot be asserted.
  for (const d of DIAGNOSTICS.filter((x) => x.status === null && x.code !== 'SAVE-INCOMPLETE'))
    assert.ok(notExpressible(d.code), d.code);
  for (const w of DIAGNOSTICS.filter((d) => d.severity === 'warning'))
    assert.ok(!EXPRESSIBLE_CODES.includes(w.code), `${w.code} is a warning`);
  assert.ok(EXPRESSIBLE_CODES.includes('STATE-OPEN-MISMATCH') && EXPRESSIBLE_CODES.includes('CONTENT-MONITOR'));
});

test('coverage: samples/ asserts every code a fixture can express; --require all passes', () => {
  const r = run('coverage', '--json', '--require', 'all', S(''));
  assert.equal(r.code, 0, r.err);
  const j = JSON.parse(r.out) as CoverageJson;
  assert.equal(j.covered, EXPRESSIBLE_CODES.length);
  assert.equal(j.expressible, EXPRESSIBLE_CODES.length);
  assert.deepEqual(j.missing, []);
  const gpadlDup = j.codes.find((c) => c.code === 'CONTENT-GPADL-DUP')!;
  assert.deepEqual(gpadlDup.fixtures, [S('generated/content-gpadl-dup.vmbhex')]);
  // One edit of good-packets (an Open channel) cannot make CONTENT-GPADL-REVOKED: the hand-written sample asserts it.
  const revoked = j.codes.find((c) => c.code === 'CONTENT-GPADL-REVOKED')!;
  assert.deepEqual(revoked.fixtures, [S('malformed/gpadl-revoked.vmbhex')]);
  // STATE-FAILED is asserted on the calls after a failure in many fixtures.
  assert.ok(j.codes.find((c) => c.code === 'STATE-FAILED')!.assertions > 40);
  assert.ok(j.statuses.some((s) => s.status === 'STATUS_VID_SAVED_STATE_INCOMPATIBLE'));
  // The save codes: a save call's .expect diag=, and .save-end unwritten=N for SAVE-INCOMPLETE.
  const fixturesOf = (code: string) => j.codes.find((c) => c.code === code)!.fixtures;
  assert.deepEqual(fixturesOf('SAVE-INCOMPLETE'), [S('save/loop-mistake.vmbhex')]);
  assert.equal(j.codes.find((c) => c.code === 'SAVE-INCOMPLETE')!.status, null);
  assert.deepEqual(fixturesOf('SAVE-TOO-SMALL'), [S('save/too-small.vmbhex')]);
  assert.deepEqual(fixturesOf('SAVE-NOT-BEGUN'), [S('save/continue-without-begin.vmbhex')]);
  assert.deepEqual(fixturesOf('SAVE-STATE'), [
    S('save/save-after-failed-restore.vmbhex'),
    S('save/save-started.vmbhex'),
  ]);
  // Save statuses that only a save call returns are in the status table too.
  assert.ok(j.statuses.some((s) => s.status === 'STATUS_BUFFER_OVERFLOW'));
});

test('coverage: a save fixture asserts its save calls; .save-end unwritten=0 asserts no code', () => {
  const dir = mkdtempSync(join(tmpdir(), 'vmbstate-coverage-save-'));
  try {
    const good = readFileSync(S('good.vmbhex'), 'utf8');
    writeFileSync(
      join(dir, 'a.vmbhex'),
      `${good}\n.save-begin\n.expect STATUS_SUCCESS\n.save bufsize=4096\n.expect STATUS_SUCCESS\n.save-end unwritten=0\n`,
    );
    writeFileSync(
      join(dir, 'b.vmbhex'),
      `${good}\n.save-begin\n.save bufsize=300\n.expect STATUS_BUFFER_OVERFLOW\n.save-end unwritten=3\n`,
    );
    const r = run('coverage', '--json', '--require', 'save-incomplete', dir);
    assert.equal(r.code, 0, r.err);
    const j = JSON.parse(r.out) as CoverageJson;
    const good1 = (good.match(/^\.expect /gm) ?? []).length;
    // a: its restore .expect lines and 2 save .expect lines; b: 1 save .expect and the unwritten= line.
    assert.equal(j.expects, 2 * good1 + 2 + 2);
    const incomplete = j.codes.find((c) => c.code === 'SAVE-INCOMPLETE')!;
    assert.deepEqual([incomplete.fixtures, incomplete.assertions], [[join(dir, 'b.vmbhex')], 1]);
    assert.deepEqual(
      j.statuses.find((s) => s.status === 'STATUS_BUFFER_OVERFLOW'),
      { status: 'STATUS_BUFFER_OVERFLOW', fixtures: [join(dir, 'b.vmbhex')], assertions: 1 },
    );
    const text = run('coverage', dir).out;
    assert.match(text, /^SAVE-INCOMPLETE +— +1 +\S*b\.vmbhex$/m);
    assert.match(text, /\(\d+ \.expect\/\.expect-end\/\.save-end unwritten= line\(s\)\)$/m);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('coverage: the malformed samples alone miss codes; --require names them and exits 1', () => {
  const r = run('coverage', '--require', 'all', S('malformed'));
  assert.equal(r.code, 1);
  assert.match(r.out, /^SIZE-HEADER +STATUS_INVALID_BUFFER_SIZE +0 +\(none\)$/m);
  assert.match(r.out, /^CRC-PAYLOAD +STATUS_CRC_ERROR +1 +\S*malformed\/bad-payload-crc\.vmbhex$/m);
  assert.match(r.out, /^STATUS_MORE_PROCESSING_REQUIRED +\d+ +\d+$/m);
  const malformed = readdirSync(S('malformed')).filter((f) => f.endsWith('.vmbhex')).length;
  assert.match(
    r.out,
    new RegExp(
      `^coverage: \\d+/${EXPRESSIBLE_CODES.length} codes a fixture can express are asserted by ${malformed} fixture\\(s\\)`,
      'm',
    ),
  );
  assert.match(r.err, /no fixture asserts SIZE-HEADER, SIZE-OVERRUN, FRAME-RESERVED, .* \(--require\)/);
  assert.equal(run('coverage', '--require', 'crc-payload,SEQ-GAP', S('malformed')).code, 0, 'codes in any case');
  assert.equal(run('coverage', '--require', 'SIZE-HEADER', S('malformed')).code, 1);
});

test('coverage: a bad --require or a missing folder is a usage error (exit 2)', () => {
  const bad = run('coverage', '--require', 'CRC-PAYLOD', S('malformed'));
  assert.equal(bad.code, 2);
  assert.match(bad.err, /--require: 'CRC-PAYLOD' is not a diagnostic code/);
  assert.match(
    run('coverage', '--require', 'WARN-OPTIONAL-TYPE', S('')).err,
    /no fixture can assert WARN-OPTIONAL-TYPE: a warning/,
  );
  const missing = run('coverage', join(ROOT, 'no-such-folder'));
  assert.equal(missing.code, 2);
  assert.match(missing.err, /no-such-folder: cannot read: no such file or folder/);
});

test('coverage: counts a file once per code, .expect-end too, and ignores binaries and other files', () => {
  const dir = mkdtempSync(join(tmpdir(), 'vmbstate-coverage-'));
  try {
    mkdirSync(join(dir, 'sub'));
    const good = readFileSync(S('good.vmbhex'), 'utf8');
    writeFileSync(
      join(dir, 'sub', 'a.vmbhex'),
      good.replace('.expect STATUS_SUCCESS', '.expect STATUS_SUCCESS\n.expect-end STATUS_SUCCESS'),
    );
    writeFileSync(join(dir, 'b.vmbhex'), readFileSync(S('malformed/sequence-gap.vmbhex')));
    writeFileSync(join(dir, 'c.vmbstate'), readFileSync(S('good.vmbstate')));
    writeFileSync(join(dir, 'notes.txt'), '.expect STATUS_CRC_ERROR diag=CRC-PAYLOAD\n');
    const j = JSON.parse(run('coverage', '--json', dir).out) as CoverageJson;
    assert.equal(j.fixtures, 2);
    assert.equal(j.expects, 4 + 4);
    const gap = j.codes.find((c) => c.code === 'SEQ-GAP')!;
    assert.deepEqual([gap.fixtures.length, gap.assertions], [1, 2], '.expect and .expect-end of one file');
    assert.deepEqual(
      j.statuses.find((s) => s.status === 'STATUS_SUCCESS'),
      { status: 'STATUS_SUCCESS', fixtures: [join(dir, 'sub', 'a.vmbhex')], assertions: 2 },
    );
    assert.equal(j.codes.find((c) => c.code === 'CRC-PAYLOAD')!.fixtures.length, 0);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('samples/generated is what `vmbstate mutate samples/good-packets.vmbhex` writes today', () => {
  const dir = mkdtempSync(join(tmpdir(), 'vmbstate-generated-'));
  try {
    assert.equal(run('mutate', S('good-packets.vmbhex'), dir).code, 0);
    const files = readdirSync(dir).sort();
    assert.deepEqual(readdirSync(S('generated')).sort(), files);
    // The quoted failure message may be reworded without regenerating; everything else must match.
    const body = (t: string) => t.replace(/^# Why it fails: .*$/m, '');
    for (const f of files)
      assert.equal(
        body(readFileSync(S(`generated/${f}`), 'utf8')),
        body(readFileSync(join(dir, f), 'utf8')),
        `${f}: run \`node dist/cli.js mutate samples/good-packets.vmbhex samples/generated\``,
      );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
