// docs/format.md is the single source of truth: its tables must say what the code does.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CHUNK_TYPES, DIAGNOSTICS, ntSuccess, STATUS, statusHex } from '../../core/src';

const doc = readFileSync(join(__dirname, '..', '..', '..', 'docs', 'format.md'), 'utf8');

function table(marker: string): string[][] {
  const start = doc.indexOf(`<!-- table:${marker} -->`);
  assert.ok(start >= 0, `docs/format.md has a ${marker} table`);
  const end = doc.indexOf('<!-- /table -->', start);
  return doc
    .slice(start, end)
    .split('\n')
    .filter((l) => l.startsWith('|') && !l.startsWith('|---'))
    .slice(1)
    .map((l) =>
      l
        .split(/(?<!\\)\|/)
        .slice(1, -1)
        .map((c) => c.trim()),
    );
}

test('every NTSTATUS in the code is in the docs with its value and NT_SUCCESS, and nothing else', () => {
  const rows = table('ntstatus');
  assert.deepEqual(rows.map((r) => r[0]).sort(), Object.keys(STATUS).sort());
  for (const [name, value, success] of rows) {
    assert.equal(value, statusHex(STATUS[name as keyof typeof STATUS]), name);
    assert.equal(success, ntSuccess(STATUS[name as keyof typeof STATUS]) ? 'TRUE' : 'FALSE', name);
  }
});

test('every diagnostic code is documented with the status it returns', () => {
  const rows = table('diagnostics');
  assert.deepEqual(rows.map((r) => r[0]).sort(), DIAGNOSTICS.map((d) => d.code).sort());
  for (const [code, status] of rows) {
    const d = DIAGNOSTICS.find((x) => x.code === code)!;
    assert.equal(status, d.status ?? '—', code);
  }
});

// Where each rule comes from (issue 17): Microsoft's KMCL contract, OpenVMM or Linux with the
// file and function, or "ours" with the reason; several sources are joined by "; ".
const EVIDENCE = [
  /^KMCL `[\w.]+\.h` `\w+`/,
  /^OpenVMM `[\w/]+\.rs` `[\w:!]+`/,
  /^Linux `[\w/]+\.[ch]` `\w+`/,
  /^ours: \S.{9,}/,
];

test('every diagnostic code names its evidence: KMCL, OpenVMM or Linux file and function, or ours with a reason', () => {
  const rows = table('diagnostics');
  assert.ok(rows.length > 0);
  for (const [code, , , evidence] of rows) {
    assert.ok(evidence, `${code} has an evidence cell`);
    for (const part of evidence.split('; ')) {
      assert.ok(
        EVIDENCE.some((re) => re.test(part)),
        `${code}: "${part}" is not KMCL/OpenVMM/Linux with file and function, nor "ours: reason"`,
      );
    }
  }
});

test('every chunk type is documented with its value', () => {
  for (const [name, value] of Object.entries(CHUNK_TYPES)) {
    const hex = '0x' + value.toString(16).toUpperCase().padStart(4, '0');
    assert.match(doc, new RegExp(`\\| ${hex} \\| ${name} \\|`), `${name} ${hex}`);
  }
});
