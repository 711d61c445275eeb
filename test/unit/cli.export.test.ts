// `vmbstate export --lang c|rust|python`: the generated test data compiles (cc -std=c11 -Wall
// -Werror, rustc -D warnings) and runs (python3), and each language reads back the same calls.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { runCli } from './helpers/cli';
import { analyze, decodeDocument, exportPlan, identifierStem } from '../../core/src';

const ROOT = join(__dirname, '..', '..', '..');
const S = (p: string) => join(ROOT, 'samples', p);

const run = runCli;

// A good run, ops between calls, a NULL buffer, BufferSize 0 on a full buffer, a buffer cut short by size=.
const SAMPLES = [
  'good.vmbhex',
  'malformed/enabled-channel.vmbhex',
  'malformed/null-buffer.vmbhex',
  'malformed/empty-buffer.vmbhex',
  'generated/size-partial.vmbhex',
];

/** What every language's reader prints, one line per call, from the core plan. */
function expectedLines(sample: string): string[] {
  const plan = exportPlan(analyze(decodeDocument(sample, readFileSync(S(sample)))), sample);
  return plan.calls.map((c) => {
    const sum = c.buffer ? c.buffer.reduce((a, b) => (a + b) % 65521, 0) : -1;
    const status = (c.status >>> 0).toString(16).toUpperCase().padStart(8, '0');
    return `${c.number} ${c.buffer ? c.buffer.length : -1} ${sum} ${c.bufferSize} ${status} ${c.statusName} ${c.ntSuccess ? 1 : 0} ${c.diagnostic ?? '-'} ${c.opsBefore.join('+') || '-'}`;
  });
}

const has = (cmd: string) => spawnSync(cmd, ['--version'], { encoding: 'utf8' }).status === 0;

function exportTo(dir: string, lang: string, sample: string, name: string): string {
  const out = join(dir, name);
  const r = run('export', '--lang', lang, S(sample), '-o', out);
  assert.equal(r.code, 0, r.err);
  return out;
}

test('export --lang c: compiles with cc -std=c11 -Wall -Werror, alone and included, and reads back the calls', (t) => {
  if (!has('cc')) return t.skip('no C compiler (cc) on this machine');
  const dir = mkdtempSync(join(tmpdir(), 'vmbstate-export-c-'));
  try {
    for (const sample of SAMPLES) {
      const id = identifierStem(sample.split('/').pop()!);
      exportTo(dir, 'c', sample, 'data.h');
      const alone = spawnSync('cc', ['-std=c11', '-Wall', '-Werror', '-x', 'c', '-c', 'data.h', '-o', 'data.o'], {
        cwd: dir,
        encoding: 'utf8',
      });
      assert.equal(alone.status, 0, `${sample}: ${alone.stderr}`);
      writeFileSync(
        join(dir, 'main.c'),
        `#include <stdio.h>
#include "data.h"
int main(void) {
    size_t n = 0;
    const VMBSTATE_RESTORE_CALL *calls = ${id}_restore_calls(&n);
    for (size_t i = 0; i < n; i++) {
        const VMBSTATE_RESTORE_CALL *c = &calls[i];
        long sum = -1;
        if (c->Buffer != NULL) { sum = 0; for (uint32_t k = 0; k < c->BufferLength; k++) sum = (sum + c->Buffer[k]) % 65521; }
        if (((int32_t)c->ExpectedStatus >= 0) != c->ExpectedNtSuccess) return 2;
        printf("%u %ld %ld %u %08X %s %d %s %s\\n", (unsigned)c->Number, c->Buffer ? (long)c->BufferLength : -1L, sum,
               (unsigned)c->BufferSize, (unsigned)c->ExpectedStatus, c->ExpectedStatusName, c->ExpectedNtSuccess,
               c->Diagnostic ? c->Diagnostic : "-", c->OpsBefore ? c->OpsBefore : "-");
    }
    return ${id.toUpperCase()}_CALL_COUNT == n ? 0 : 3;
}
`,
      );
      const build = spawnSync('cc', ['-std=c11', '-Wall', '-Werror', 'main.c', '-o', 'main'], {
        cwd: dir,
        encoding: 'utf8',
      });
      assert.equal(build.status, 0, `${sample}: ${build.stderr}`);
      const exe = spawnSync(join(dir, 'main'), { encoding: 'utf8' });
      assert.equal(exe.status, 0, sample);
      assert.deepEqual(
        exe.stdout
          .trimEnd()
          .split('\n')
          .map((l) => l.replace(/ (\S+)$/, (_m, ops: string) => ` ${ops.replace(/ /g, '+')}`)),
        expectedLines(sample),
        sample,
      );
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('export --lang rust: compiles with rustc -D warnings and reads back the calls', (t) => {
  if (!has('rustc')) return t.skip('no Rust compiler (rustc) on this machine');
  const dir = mkdtempSync(join(tmpdir(), 'vmbstate-export-rust-'));
  try {
    for (const sample of SAMPLES) {
      const id = identifierStem(sample.split('/').pop()!).toUpperCase();
      exportTo(dir, 'rust', sample, 'data.rs');
      const lib = spawnSync(
        'rustc',
        ['--edition', '2021', '--crate-type', 'lib', '-D', 'warnings', 'data.rs', '--out-dir', dir],
        { cwd: dir, encoding: 'utf8' },
      );
      assert.equal(lib.status, 0, `${sample}: ${lib.stderr}`);
      writeFileSync(
        join(dir, 'main.rs'),
        `mod data { include!("data.rs"); }
fn main() {
    for c in data::${id}_CALLS.iter() {
        let (len, sum) = match c.buffer { Some(b) => (b.len() as i64, b.iter().fold(0i64, |a, &x| (a + x as i64) % 65521)), None => (-1, -1) };
        assert_eq!((c.expected_status as i32) >= 0, c.expected_nt_success);
        let ops = if c.ops_before.is_empty() { "-".to_string() } else { c.ops_before.join("+") };
        println!("{} {} {} {} {:08X} {} {} {} {}", c.number, len, sum, c.buffer_size, c.expected_status, c.expected_status_name,
                 c.expected_nt_success as i32, c.diagnostic.unwrap_or("-"), ops);
    }
    let _ = data::${id}_OUTCOME_STATUS;
}
`,
      );
      const build = spawnSync('rustc', ['--edition', '2021', '-D', 'warnings', 'main.rs', '-o', 'main'], {
        cwd: dir,
        encoding: 'utf8',
      });
      assert.equal(build.status, 0, `${sample}: ${build.stderr}`);
      const exe = spawnSync(join(dir, 'main'), { encoding: 'utf8' });
      assert.equal(exe.status, 0, sample + exe.stderr);
      assert.deepEqual(exe.stdout.trimEnd().split('\n'), expectedLines(sample), sample);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('export --lang python: runs with python3 and reads back the calls', (t) => {
  if (!has('python3')) return t.skip('no python3 on this machine');
  const dir = mkdtempSync(join(tmpdir(), 'vmbstate-export-py-'));
  try {
    for (const sample of SAMPLES) {
      exportTo(dir, 'python', sample, 'data.py');
      writeFileSync(
        join(dir, 'main.py'),
        `import data
for c in data.CALLS:
    n, s = (-1, -1) if c.buffer is None else (len(c.buffer), sum(c.buffer) % 65521)
    assert ((c.expected_status & 0x80000000) == 0) == c.expected_nt_success
    print(c.number, n, s, c.buffer_size, "%08X" % c.expected_status, c.expected_status_name, int(c.expected_nt_success), c.diagnostic or "-", "+".join(c.ops_before) or "-")
`,
      );
      const exe = spawnSync('python3', ['main.py'], { cwd: dir, encoding: 'utf8' });
      assert.equal(exe.status, 0, `${sample}: ${exe.stderr}`);
      assert.deepEqual(exe.stdout.trimEnd().split('\n'), expectedLines(sample), sample);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('export: standard output without -o, names made identifiers, usage errors', () => {
  const r = run('export', '--lang', 'python', S('good.vmbhex'));
  assert.equal(r.code, 0);
  assert.match(
    r.out,
    /^"""\nTest data exported by `vmbstate export --lang python` from good\.vmbhex: 3 restore call\(s\)\./,
  );
  assert.match(
    r.out,
    /expected_status=0xC0000016,\n {8}expected_status_name="STATUS_MORE_PROCESSING_REQUIRED",\n {8}expected_nt_success=False,/,
  );
  assert.equal(identifierStem('9 bad*/name.vmbhex'), 'vmbstate_9_bad_name');
  assert.match(run('export', S('good.vmbhex')).err, /export needs --lang c, rust or python/);
  assert.match(run('export', '--lang', 'go', S('good.vmbhex')).err, /--lang takes c, rust, python, not 'go'/);
  assert.equal(run('export', '--lang', 'c').code, 2);
});
