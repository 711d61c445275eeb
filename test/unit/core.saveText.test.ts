// Save fixtures in the text form (docs/format.md §9.5): `.save-begin`, `.save bufsize=N`,
// `.save-end [unwritten=N]` with `.expect`, the problems they report, and the bundled samples.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyze, decodeDocument, statusName, text, type Analysis } from '../../core/src';

const SAMPLES = join(__dirname, '..', '..', '..', 'samples');
const GOOD = readFileSync(join(SAMPLES, 'good.vmbhex'), 'utf8');

const run = (tail: string, head = GOOD): Analysis => analyze(text.decodeText(`${head}\n${tail}\n`));
const saveStatuses = (a: Analysis) =>
  a.save!.trace.map((t) =>
    t.status === undefined
      ? `END/${t.unwritten ?? t.refused?.code}`
      : statusName(t.status)!.replace(/^STATUS_/, '') + (t.refused ? `/${t.refused.code}` : ''),
  );
const errors = (a: Analysis): string[] => a.problems.filter((p) => p.severity === 'error').map((p) => p.code);
const line = (a: Analysis, code: string) => a.problems.find((p) => p.code === code)?.text?.start.line;

test('the save samples: their save calls return what their .expect lines say, and they check clean', () => {
  const expected: Record<string, string[]> = {
    'good-save.vmbhex': [
      'SUCCESS',
      'SUCCESS',
      'END/0',
      'SUCCESS',
      'BUFFER_OVERFLOW',
      'BUFFER_OVERFLOW',
      'SUCCESS',
      'END/0',
      'SUCCESS',
      'BUFFER_OVERFLOW',
      'BUFFER_OVERFLOW',
      'BUFFER_OVERFLOW',
      'SUCCESS',
      'END/0',
    ],
    'too-small.vmbhex': [
      'SUCCESS',
      'BUFFER_OVERFLOW',
      'BUFFER_TOO_SMALL',
      'BUFFER_OVERFLOW',
      'BUFFER_TOO_SMALL',
      'SUCCESS',
      'END/0',
    ],
    'loop-mistake.vmbhex': ['SUCCESS', 'BUFFER_OVERFLOW', 'END/3'],
    'continue-without-begin.vmbhex': ['INVALID_DEVICE_STATE/SAVE-NOT-BEGUN', 'SUCCESS', 'SUCCESS', 'END/0'],
    'begin-twice.vmbhex': ['SUCCESS', 'INVALID_DEVICE_STATE/SAVE-BEGUN', 'SUCCESS', 'END/0'],
    'continue-after-end.vmbhex': ['SUCCESS', 'SUCCESS', 'END/0', 'INVALID_DEVICE_STATE/SAVE-ENDED'],
    'continue-after-success.vmbhex': ['SUCCESS', 'SUCCESS', 'INVALID_DEVICE_STATE/SAVE-DONE', 'END/0'],
    'save-started.vmbhex': ['INVALID_DEVICE_STATE/SAVE-STATE'],
    'save-after-failed-restore.vmbhex': ['INVALID_DEVICE_STATE/SAVE-STATE'],
  };
  for (const [name, statuses] of Object.entries(expected)) {
    const a = analyze(decodeDocument(name, readFileSync(join(SAMPLES, 'save', name))));
    assert.deepEqual(saveStatuses(a), statuses, name);
    assert.deepEqual(errors(a), [], name);
    assert.ok(
      a.save!.trace.filter((t) => t.call === 'continue').every((t) => t.expect?.ok),
      `${name}: every SaveContinue has an .expect that holds`,
    );
  }
  const good = analyze(decodeDocument('good-save.vmbhex', readFileSync(join(SAMPLES, 'save', 'good-save.vmbhex'))));
  assert.deepEqual(
    Buffer.from(good.save!.stream),
    readFileSync(join(SAMPLES, 'good.vmbstate')),
    'the last save wrote the sample stream',
  );
});

test('the loop mistake without unwritten= is a SAVE-INCOMPLETE error on .save-end; a wrong count is EXPECT-MISMATCH', () => {
  const a = run('.save-begin\n.save bufsize=300\n.expect STATUS_BUFFER_OVERFLOW\n.save-end');
  assert.deepEqual(errors(a), ['SAVE-INCOMPLETE']);
  assert.match(
    a.problems.find((p) => p.code === 'SAVE-INCOMPLETE')!.message,
    /3 of 5 chunk\(s\) were never written.*NT_SUCCESS/,
  );
  const b = run('.save-begin\n.save bufsize=300\n.save-end unwritten=2');
  assert.deepEqual(errors(b).sort(), ['EXPECT-MISMATCH', 'SAVE-INCOMPLETE']);
  // The fixture ends while the save is in progress: incomplete as well, on the last save line.
  const c = run('.save-begin\n.save bufsize=300');
  assert.deepEqual(errors(c), ['SAVE-INCOMPLETE']);
  assert.equal(line(c, 'SAVE-INCOMPLETE'), GOOD.split('\n').length + 1);
});

test('BUFFER_TOO_SMALL without .expect is a SAVE-TOO-SMALL error naming BytesRequired; .expect makes it information', () => {
  const a = run('.save-begin\n.save bufsize=50\n.save bufsize=4096\n.save-end');
  assert.deepEqual(errors(a), ['SAVE-TOO-SMALL']);
  assert.match(a.problems.find((p) => p.code === 'SAVE-TOO-SMALL')!.message, /SaveBufferSize 50 .* BytesRequired 96/);
  const b = run('.save-begin\n.save bufsize=50\n.expect STATUS_BUFFER_TOO_SMALL\n.save bufsize=4096\n.save-end');
  assert.deepEqual(errors(b), []);
  assert.equal(b.problems.find((p) => p.code === 'SAVE-TOO-SMALL')?.severity, 'info');
});

test('refusals in a fixture: before SaveBegin, after SaveEnd, after SUCCESS, twice SaveBegin, NULL buffer, a Started channel', () => {
  const cases: [string, string[], string][] = [
    ['.save bufsize=100', ['INVALID_DEVICE_STATE/SAVE-NOT-BEGUN'], 'SAVE-NOT-BEGUN'],
    [
      '.save-begin\n.save bufsize=4096\n.save-end\n.save bufsize=4096',
      ['SUCCESS', 'SUCCESS', 'END/0', 'INVALID_DEVICE_STATE/SAVE-ENDED'],
      'SAVE-ENDED',
    ],
    [
      '.save-begin\n.save bufsize=4096\n.save bufsize=4096',
      ['SUCCESS', 'SUCCESS', 'INVALID_DEVICE_STATE/SAVE-DONE'],
      'SAVE-DONE',
    ],
    ['.save-begin\n.save-begin', ['SUCCESS', 'INVALID_DEVICE_STATE/SAVE-BEGUN'], 'SAVE-BEGUN'],
    ['.save-begin\n.save bufsize=100 buffer=null', ['SUCCESS', 'INVALID_PARAMETER_2/ARG-BUFFER'], 'ARG-BUFFER'],
    ['.op Enable\n.op Start\n.save-begin', ['INVALID_DEVICE_STATE/SAVE-STATE'], 'SAVE-STATE'],
  ];
  for (const [tail, statuses, code] of cases) {
    const a = run(tail);
    assert.deepEqual(saveStatuses(a), statuses, tail);
    assert.ok(errors(a).includes(code), `${tail}: ${errors(a)}`);
    const asserted = run(tail + `\n.expect ${'STATUS_' + statuses[statuses.length - 1].split('/')[0]} diag=${code}`);
    assert.ok(!errors(asserted).includes(code), `${tail}: .expect makes ${code} information`);
  }
  // A restore that failed leaves nothing whole to save.
  const failed = run(
    '.save-begin\n.expect STATUS_INVALID_DEVICE_STATE diag=SAVE-STATE',
    GOOD.replace('.chunk END flags=FINAL', '.chunk END flags=FINAL crc=0x1').replace(
      '.expect STATUS_SUCCESS',
      '.expect STATUS_CRC_ERROR',
    ),
  );
  assert.deepEqual(saveStatuses(failed), ['INVALID_DEVICE_STATE/SAVE-STATE']);
  assert.deepEqual(errors(failed), []);
});

test('an .expect that does not hold is EXPECT-MISMATCH on the .expect line', () => {
  const a = run('.save-begin\n.save bufsize=300\n.expect STATUS_SUCCESS\n.save bufsize=4096\n.save-end');
  assert.deepEqual(errors(a), ['EXPECT-MISMATCH']);
  assert.match(
    a.problems[0].message,
    /save call 2 \(VmbChannelSaveContinue\) was expected to return STATUS_SUCCESS .*returned STATUS_BUFFER_OVERFLOW/,
  );
});

test('text errors: restore directives after a save, .expect after .save-end, .save without bufsize, unknown options', () => {
  const a = run('.save-begin\n.call\n.op Enable\n.save-end\n.expect STATUS_SUCCESS\n.save\n.save-end bufsize=3');
  const msgs = a.problems.filter((p) => p.code.startsWith('TEXT-')).map((p) => `${p.code} ${p.message}`);
  assert.equal(msgs.filter((m) => /TEXT-ORDER \.(call|op) after a save directive/.test(m)).length, 2, msgs.join('\n'));
  assert.ok(msgs.some((m) => /TEXT-ORDER \.expect after \.save-end .*VOID/.test(m)));
  assert.ok(msgs.some((m) => /TEXT-OPTION \.save needs bufsize=N/.test(m)));
  assert.ok(
    msgs.some((m) => /TEXT-OPTION .*bufsize/.test(m) && /save-end/.test(m)),
    msgs.join('\n'),
  );
});

test('a huge bufsize is not an allocation: .save bufsize=0xFFFFFFFF saves at once', () => {
  const t0 = Date.now();
  const a = run('.save-begin\n.save bufsize=0xFFFFFFFF\n.expect STATUS_SUCCESS\n.save-end');
  assert.deepEqual(saveStatuses(a), ['SUCCESS', 'SUCCESS', 'END/0']);
  assert.ok(Date.now() - t0 < 2000);
});
