// The Step Restore view's model (client/src/debug/traceModel.ts), fed the custom events a real
// adapter session sends: rows, labels, icons and colours by outcome, reveal arguments.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { decodeBinary, decodeDocument, statusName } from '../../core/src';
import { planEvent, traceLines } from '../../debugger/src/plan';
import { TimeTravelRuntime } from '../../debugger/src/timeTravel';
import { buildScope } from '../../debugger/src/inspect';
import { OUTCOME_EVENT, PLAN_EVENT, POSITION_EVENT, REWIND_EVENT, TRACE_EVENT } from '../../debugger/src/protocol';
import { frames } from '../../debugger/src/frames';
import { TraceModel } from '../../client/src/debug/traceModel';
import { callOutcome } from '../../client/src/debug/traceRows';
import { inlineLines } from '../../client/src/debug/inlineValueLines';
import { makeFixtures, removeFixtures, THREE_CALLS } from './helpers/debugFixtures';

const fx = makeFixtures();
after(() => removeFixtures(fx));

/** Drive a runtime and mirror what the adapter sends into a TraceModel. */
function drive(file: string, text = false) {
  const bytes = new Uint8Array(fs.readFileSync(file));
  const doc = text ? decodeDocument(file, bytes) : decodeBinary(bytes, { buffering: { size: THREE_CALLS } });
  const rt = new TimeTravelRuntime(doc, file);
  rt.scopeFactory = buildScope;
  const m = new TraceModel();
  const uri = 'file://' + file;
  m.apply(PLAN_EVENT, planEvent(doc, uri, file));
  rt.on('trace', (entry) => m.apply(TRACE_EVENT, { uri, path: file, entry, line: traceLines(doc, entry)[0].text }));
  rt.on('outcome', (outcome) =>
    m.apply(OUTCOME_EVENT, {
      uri,
      path: file,
      outcome,
      statusName: statusName(outcome.status),
      findings: outcome.findings,
    }),
  );
  rt.on('rewind', (steps) => m.apply(REWIND_EVENT, { uri, path: file, steps }));
  rt.on('stop', () => {
    const f = frames(rt)[0];
    const item = rt.currentItem;
    m.apply(POSITION_EVENT, {
      uri,
      path: file,
      form: doc.form,
      byteRange: f.bytes,
      call: rt.currentCall ? rt.currentCall.index + 1 : undefined,
      ...(item && item.kind === 'chunk' ? { chunk: item.index + 1 } : {}),
      frame: f.name,
      reason: 'step',
    });
  });
  return { rt, m };
}

test('calls are rows in step order, coloured by outcome, with the current position marked', () => {
  const { rt, m } = drive(fx.good);
  rt.start(true);
  let rows = m.roots();
  assert.deepEqual(
    rows.map((r) => r.id),
    ['call/0', 'call/1', 'call/2'],
  );
  let v = m.view(rows[0]);
  assert.equal(v.label, 'call 1');
  assert.equal(v.description, '[0..272) 2 chunks');
  assert.deepEqual(v.icon, { id: 'debug-stackframe', color: 'debugIcon.stepOverForeground' });
  assert.deepEqual(m.view(rows[1]).icon, { id: 'circle-outline', color: 'testing.iconQueued' });
  assert.deepEqual(v.reveal, { uri: 'file://' + fx.good, form: 'binary', bytes: { start: 0, end: 272 }, call: 1 });
  rt.next();
  rt.next();
  rt.next();
  rows = m.roots();
  assert.deepEqual(
    rows.map((r) => r.id),
    ['call/0', 'call/1', 'call/2', 'outcome'],
  );
  v = m.view(rows[0]);
  assert.equal(v.description, '[0..272) 2 chunks → STATUS_MORE_PROCESSING_REQUIRED (0xC0000016)');
  assert.deepEqual(v.icon, { id: 'arrow-circle-right', color: 'debugIcon.continueForeground' });
  assert.deepEqual(m.view(rows[2]).icon, { id: 'pass-filled', color: 'testing.iconPassed' });
  const o = m.view(rows[3]);
  assert.equal(o.label, 'restore finished');
  assert.equal(o.description, 'STATUS_SUCCESS (0x00000000)');
  const items = m.children(rows[1]);
  assert.deepEqual(
    items.map((r) => m.view(r).label),
    ['chunk 3 CHANNEL_STATE', 'chunk 4 GPADL'],
  );
  assert.equal(m.view(items[1]).description, 'seq 3 @0x1D0 [464..552) applied');
  assert.deepEqual(m.view(items[1]).reveal?.bytes, { start: 464, end: 552 });
  assert.equal(m.summary(), 'good.vmbstate · 3/3 calls · STATUS_SUCCESS (0x00000000)');
});

test('stepping back drops the calls after the new position and the outcome from the view', () => {
  const { rt, m } = drive(fx.good);
  rt.start(true);
  rt.next();
  rt.next();
  rt.next();
  assert.ok(m.outcome);
  rt.stepBack();
  assert.equal(m.outcome, undefined, 'the outcome is gone: the last call has not run');
  assert.equal(m.entries.length, 2);
  const rows = m.roots();
  assert.deepEqual(m.view(rows[2]).icon, { id: 'debug-stackframe', color: 'debugIcon.stepOverForeground' });
  rt.stepBack();
  assert.deepEqual(m.view(m.roots()[1]).icon, { id: 'debug-stackframe', color: 'debugIcon.stepOverForeground' });
  assert.deepEqual(m.view(m.roots()[2]).icon, { id: 'circle-outline', color: 'testing.iconQueued' });
  assert.equal(m.summary(), 'good.vmbstate · 1/3 calls');
});

test('a failed call: red icon, the chunk at fault, its diagnostic row, rolled-back chunks', () => {
  const { rt, m } = drive(fx.bitFlip);
  rt.start(false);
  const call2 = m.roots()[1];
  assert.deepEqual(m.view(call2).icon, { id: 'error', color: 'testing.iconFailed' });
  const kids = m.children(call2);
  assert.deepEqual(
    kids.map((k) => k.kind),
    ['item', 'item', 'failure'],
  );
  assert.match(m.view(kids[0]).description!, /rolled back$/);
  assert.deepEqual(m.view(kids[1]).icon, { id: 'error', color: 'testing.iconFailed' });
  assert.deepEqual(
    m.currentRow(),
    { id: 'call/1/item/1', kind: 'item', call: 1, item: 1 },
    'stopped on the GPADL chunk',
  );
  assert.equal(m.view(kids[2]).label, 'CRC-PAYLOAD');
  assert.deepEqual(m.view(kids[2]).reveal?.bytes, { start: 484, end: 488 });
  rt.continue();
  rt.continue();
  assert.equal(m.view(m.roots()[3]).label, 'restore failed');
  assert.equal(callOutcome(undefined), 'pending');
  assert.equal(callOutcome(0x40000000), 'other');
});

test('text form: rows reveal text ranges; .op steps are rows; findings hang under the outcome', () => {
  const { rt, m } = drive(fx.opsText, true);
  rt.setExceptionFilters([]);
  rt.start(false);
  const rows = m.roots();
  assert.equal(rows[0].kind, 'op');
  assert.equal(m.view(rows[0]).label, '.op Enable');
  assert.equal(m.view(rows[0]).description, 'Enable: Disabled → Enabled, restore Idle.');
  const call1 = m.view(rows[1]);
  assert.equal(call1.reveal?.form, 'text');
  assert.ok(call1.reveal?.text, 'text range to select');
  assert.match(
    call1.description!,
    /STATUS_INVALID_DEVICE_STATE.*\.expect STATUS_MORE_PROCESSING_REQUIRED \(0xC0000016\) ✗/,
  );
  const outcome = rows[rows.length - 1];
  assert.equal(outcome.kind, 'outcome');
  const findings = m.children(outcome);
  assert.ok(findings.length >= 1);
  assert.ok(findings.map((f) => m.view(f).label).includes('EXPECT-MISMATCH'));
  m.end();
  assert.equal(m.currentRow(), undefined);
  assert.equal(m.hasTrace, true);
});

test('rows escape control characters a diagnostic message quotes from the file', () => {
  const file = fx.bitFlip;
  const doc = decodeBinary(new Uint8Array(fs.readFileSync(file)), { buffering: { size: THREE_CALLS } });
  const rt = new TimeTravelRuntime(doc, file);
  rt.scopeFactory = buildScope;
  const m = new TraceModel();
  const uri = 'file://' + file;
  m.apply(PLAN_EVENT, planEvent(doc, uri, file));
  // A message quoting input that holds an OSC sequence (retitle the terminal) and a line break.
  rt.on('trace', (entry) => {
    const e =
      entry.kind === 'call' && entry.failure
        ? { ...entry, failure: { ...entry.failure, message: 'bad "\x1b]0;PWNED\x07"\nnext' } }
        : entry;
    m.apply(TRACE_EVENT, { uri, path: file, entry: e, line: '' });
  });
  rt.setExceptionFilters([]);
  rt.start(false);
  const failure = m.children(m.roots()[1]).find((r) => r.kind === 'failure')!;
  const v = m.view(failure);
  assert.equal(v.description, 'bad "\\x1b]0;PWNED\\x07"\\nnext');
  const item = m.children(m.roots()[1]).find((r) => r.kind === 'item' && m.view(r).tooltip);
  for (const text of [v.label, v.description ?? '', v.tooltip ?? '', item ? (m.view(item).tooltip ?? '') : ''])
    // eslint-disable-next-line no-control-regex -- the test looks for control characters
    assert.doesNotMatch(text, /[\x00-\x08\x0b-\x1f\x7f]/);
});

test('inline values of the text form: each run .call line its status, each chunk line its restore effect', () => {
  const { rt, m } = drive(fx.bitFlipText, true);
  rt.start(true);
  assert.deepEqual(inlineLines(m), [], 'nothing ran yet');
  rt.continue();
  const src = fs.readFileSync(fx.bitFlipText, 'utf8').split('\n');
  const at = (prefix: string, from = 0) => src.findIndex((l, i) => i >= from && l.startsWith(prefix));
  const call2 = at('.call', at('.call') + 1);
  assert.deepEqual(inlineLines(m), [
    { line: at('.call'), text: 'call 1 → STATUS_MORE_PROCESSING_REQUIRED (0xC0000016)' },
    { line: at('.chunk BEGIN'), text: 'chunk 1: applied' },
    { line: at('.chunk OFFER'), text: 'chunk 2: applied' },
    { line: call2, text: 'call 2 → STATUS_CRC_ERROR (0xC000003F) (CRC-PAYLOAD)' },
    { line: at('.chunk CHANNEL_STATE'), text: 'chunk 3: rolled back' },
    { line: at('.chunk GPADL'), text: 'chunk 4: ✗ CRC-PAYLOAD' },
  ]);
  rt.stepBack();
  assert.equal(inlineLines(m).length, 3, 'after stepping back only call 1 shows');
});
