// Status bar text and trace export, in plain Node.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyze, decodeBinary, toWire } from '../../core/src';
import { presentStatus } from '../../client/src/statusText';
import { traceJson, traceText } from '../../client/src/traceExport';
import { exampleStream } from './clientFixtures';

test('status bar: success, failure and the MORE_PROCESSING_REQUIRED trap', () => {
  const ok = presentStatus({ outcome: { status: 0 }, lastStatus: { call: 4, status: 0 }, fileName: 'good.vmbstate' });
  assert.equal(ok.text, '$(pass) STATUS_SUCCESS');
  assert.equal(ok.kind, 'success');
  assert.match(ok.tooltip, /Emulated restore of good\.vmbstate: STATUS_SUCCESS\*\* \(0x00000000\)/);
  assert.match(ok.tooltip, /NT_SUCCESS\(status\)` is FALSE/, 'earlier calls returned MORE_PROCESSING_REQUIRED');
  const crc = presentStatus({
    outcome: { status: 0xc000003f, statusName: 'STATUS_CRC_ERROR' },
    lastStatus: { call: 0, status: 0xc000003f },
  });
  assert.equal(crc.text, '$(error) STATUS_CRC_ERROR');
  assert.equal(crc.kind, 'error');
  assert.match(crc.tooltip, /CRC-32C does not match/);
  assert.doesNotMatch(crc.tooltip, /NT_SUCCESS/);
  const eof = presentStatus({ outcome: { status: 0xc0000011 }, lastStatus: { call: 1, status: 0xc0000016 } });
  assert.equal(eof.text, '$(warning) STATUS_END_OF_FILE');
  // The one explanation of the trap, from core (ntSuccessTrap).
  assert.match(eof.tooltip, /STATUS_MORE_PROCESSING_REQUIRED is 0xC0000016, an error-severity value/);
  assert.match(eof.tooltip, /restore call 2 returned STATUS_MORE_PROCESSING_REQUIRED/);
  assert.equal(presentStatus({ outcome: { status: 0xc1234567 } }).text, '$(error) 0xC1234567');
});

test('trace export: JSON carries the trace and outcome; text lists every call with NT_SUCCESS and the trap note', () => {
  const a = toWire(analyze(decodeBinary(exampleStream())));
  const j = JSON.parse(traceJson(a, 'good.vmbstate'));
  assert.equal(j.file, 'good.vmbstate');
  assert.equal(j.trace.length, 5);
  assert.equal(j.outcome.statusName, 'STATUS_SUCCESS');
  const t = traceText(a, 'good.vmbstate');
  assert.match(t, /Outcome: STATUS_SUCCESS \(0x00000000\)/);
  assert.match(
    t,
    /call 1 {2}bytes 0x00000000–0x00000060 {2}STATUS_MORE_PROCESSING_REQUIRED \(0xC0000016\) {2}\[PROGRESS\] {2}NT_SUCCESS=FALSE/,
  );
  assert.match(t, /call 5 .* \[SUCCESS\] {2}NT_SUCCESS=TRUE/);
  assert.match(t, /Note: STATUS_MORE_PROCESSING_REQUIRED/);
  const b = exampleStream();
  b[0] = 0;
  const bad = traceText(toWire(analyze(decodeBinary(b))), 'bad.vmbstate');
  assert.match(bad, /FRAME-MAGIC/);
  assert.match(bad, /\[FAILED\]/);
});
