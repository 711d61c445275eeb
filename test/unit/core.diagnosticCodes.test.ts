// The diagnostic catalogue is a type: codes outside it do not compile. The `@ts-expect-error`
// lines are the proof — `npx tsc -p .` fails ("Unused '@ts-expect-error' directive") the day a
// misspelled code is accepted again.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  DIAGNOSTICS,
  diagnosticInfo,
  isDiagnosticCode,
  RESTORE_CODES,
  statusForCode,
  TEXT_CODES,
  type DiagnosticCode,
  type Problem,
} from '../../core/src';
import type { ChunkIssue, RestoreFinding } from '../../core/src';

test('a misspelled code does not compile where a DiagnosticCode is wanted', () => {
  // @ts-expect-error 'CRC-HEADR' is not a catalogued code
  const bad: DiagnosticCode = 'CRC-HEADR';
  // @ts-expect-error Problem.code is the catalogue's type
  const p: Problem = { code: 'SEQ-GAPP', message: '', severity: 'error' };
  // @ts-expect-error RestoreFinding.code too
  const f: RestoreFinding = { code: 'CONTENT-LENGHT', message: '', severity: 'error' };
  // @ts-expect-error ChunkIssue.code too
  const i: ChunkIssue = { code: 'FRAME-MAGI', message: '', severity: 'error', bytes: { start: 0, end: 0 } };
  const ok: Problem = { code: 'CRC-HEADER', message: '', severity: 'error' };
  const switchOn = (c: DiagnosticCode): number => {
    switch (c) {
      case 'CRC-HEADER':
        return 1;
      // @ts-expect-error a case label outside the catalogue is a type error in a switch on DiagnosticCode
      case 'CRC-HEADR':
        return 2;
      default:
        return 0;
    }
  };
  // @ts-expect-error a comparison with a code outside the catalogue has no overlap
  const compared = ok.code === 'TEXT-TOKN';
  assert.equal(switchOn(ok.code), 1);
  // At run time nothing stops the bad values; the type checker is the guard.
  assert.deepEqual(
    [bad, p.code, f.code, i.code, compared],
    ['CRC-HEADR', 'SEQ-GAPP', 'CONTENT-LENGHT', 'FRAME-MAGI', false],
  );
});

test('the catalogue is the union of the two tables, each code once, TEXT-* codes as non-status errors', () => {
  const codes = DIAGNOSTICS.map((d) => d.code);
  assert.equal(new Set(codes).size, codes.length, 'no code twice');
  assert.deepEqual([...codes].sort(), [...Object.keys(RESTORE_CODES), ...Object.keys(TEXT_CODES)].sort());
  for (const c of Object.keys(TEXT_CODES)) assert.equal(diagnosticInfo(c)?.status, null, c);
  assert.equal(diagnosticInfo('WARN-OPTIONAL-TYPE')?.severity, 'warning');
  assert.ok(isDiagnosticCode('CRC-HEADER'));
  assert.ok(!isDiagnosticCode('CRC-HEADR'));
  assert.ok(!isDiagnosticCode(42));
  assert.equal(statusForCode('CRC-HEADER'), 0xc000003f);
});
