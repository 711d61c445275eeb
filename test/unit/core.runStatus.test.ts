// Statuses from core alone: the run status every view shows (the outcome, the last call, the
// progress calls) and the one NT_SUCCESS trap explanation; no layer writes its own copy.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  analyze,
  decodeBinary,
  ntSuccessTrap,
  ntSuccessTrapBrief,
  runKind,
  runShowsTrap,
  runStatus,
  STATUS,
  statusMeaning,
  toWire,
} from '../../core/src';
import { exampleStream } from './helpers/example';
import { filesUnder } from './helpers/files';

test('runStatus: the run is its outcome; the last call and the progress calls come with it', () => {
  const good = runStatus(analyze(decodeBinary(exampleStream())));
  assert.equal(good.status, STATUS.STATUS_SUCCESS);
  assert.equal(good.statusName, 'STATUS_SUCCESS');
  assert.deepEqual(good.lastCall, { call: 4, status: 0, statusName: 'STATUS_SUCCESS' });
  assert.equal(good.moreProcessingCalls, 4);
  // Input that ends early: the last call returned MORE_PROCESSING_REQUIRED, the run END_OF_FILE.
  const cut = toWire(analyze(decodeBinary(exampleStream().slice(0, 552))));
  const r = runStatus(cut);
  assert.equal(r.statusName, 'STATUS_END_OF_FILE');
  assert.equal(r.lastCall?.statusName, 'STATUS_MORE_PROCESSING_REQUIRED');
  assert.equal(runKind(r.status), 'warning');
  assert.ok(runShowsTrap(r));
  // A run whose only call failed: no progress, no trap.
  const bad = exampleStream();
  bad[0] = 0;
  const f = runStatus(analyze(decodeBinary(bad)));
  assert.equal(runKind(f.status), 'error');
  assert.equal(f.moreProcessingCalls, 0);
  assert.ok(!runShowsTrap(f));
  assert.equal(runStatus({ outcome: { status: STATUS.STATUS_END_OF_FILE }, trace: [] }).lastCall, undefined);
});

test('the NT_SUCCESS trap: one text for the two progress statuses, in the meaning unless asked not to be', () => {
  const more = STATUS.STATUS_MORE_PROCESSING_REQUIRED;
  assert.match(
    ntSuccessTrap(more)!,
    /^STATUS_MORE_PROCESSING_REQUIRED is 0xC0000016, an error-severity value, so `NT_SUCCESS\(status\)` is FALSE, yet it means progress/,
  );
  assert.match(ntSuccessTrap(STATUS.STATUS_BUFFER_OVERFLOW)!, /VmbChannelSaveContinue/);
  assert.equal(ntSuccessTrap(STATUS.STATUS_CRC_ERROR), undefined);
  assert.equal(ntSuccessTrapBrief(more), 'yet progress: call again with the next buffer');
  assert.equal(statusMeaning(more), `${statusMeaning(more, { trap: false })} ${ntSuccessTrap(more)}`);
  assert.doesNotMatch(statusMeaning(more, { trap: false }), /NT_SUCCESS/);
});

test("no layer outside core writes STATUS_MORE_PROCESSING_REQUIRED's value or its trap explanation itself", () => {
  const root = join(__dirname, '..', '..', '..');
  const offenders: string[] = [];
  for (const layer of ['core/src', 'server/src', 'client/src', 'debugger/src', 'cli/src']) {
    for (const f of filesUnder(join(root, layer), '.ts')) {
      if (f.endsWith(join('core', 'src', 'ntstatus.ts'))) continue;
      readFileSync(f, 'utf8')
        .split('\n')
        .forEach((line, i) => {
          if (/0xc0000016|yet (it means|restore made|the chunks were|progress)/i.test(line))
            offenders.push(`${f.slice(root.length + 1)}:${i + 1}: ${line.trim()}`);
        });
    }
  }
  assert.deepEqual(offenders, []);
});
