// New restore rules from OpenVMM's VMBus server (issue 17): each fails (or warns) where the note
// says a real server would, and passes the good stream; `.channel` options go through validation.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { decodeDocument, RestoreSession, text, type OpTrace } from '../../core/src';
import { buildScope } from '../../debugger/src/inspect';
import { Expression } from '../../debugger/src/expression';
import { display, unwrap } from '../../debugger/src/expressionValues';
import { RestoreRuntime } from '../../debugger/src/restoreRuntime';
import { DEFAULT_SETTINGS } from '../../protocol/src';
import { buildContext } from '../../server/src/context';
import { hover } from '../../server/src/hover';
import {
  BEGIN,
  codes,
  END,
  errors,
  GOOD,
  GPADL,
  MESSAGE,
  OFFER,
  outcome,
  run,
  STATE,
  warnings,
} from './helpers/fidelity';

const CORRUPT = 'STATUS_FILE_CORRUPT_ERROR';

test('ring GPADL shape: one range, ByteOffset 0, whole pages, 0 < DownstreamPageOffset < pages', () => {
  const ring = (ranges: string, count = 1) => GPADL({ ranges, count });
  const cases: [string, string[]][] = [
    [
      'two ranges',
      [BEGIN(), OFFER(), STATE(), ring('u32:0x2000 u32:0 u64:1 u64:2  u32:0x2000 u32:0 u64:3 u64:4', 2), END],
    ],
    ['offset', [BEGIN(), OFFER(), STATE(), ring('u32:0x3000 u32:0x10 u64:1 u64:2 u64:3 u64:4'), END]],
    ['partial page', [BEGIN(), OFFER(), STATE(), ring('u32:0x3800 u32:0 u64:1 u64:2 u64:3 u64:4'), END]],
    ['offset 0', [BEGIN(), OFFER(), STATE(2, { offset: 0 }), GPADL(), END]],
    ['offset = pages', [BEGIN(), OFFER(), STATE(2, { offset: 4 }), GPADL(), END]],
    ['reopen ring', [BEGIN(), OFFER(), STATE(4, {}, { offset: 9 }), GPADL(), END]],
  ];
  for (const [name, parts] of cases) {
    const a = run(parts);
    assert.equal(outcome(a), `${CORRUPT} CONTENT-RING-SHAPE`, name);
  }
  assert.match(errors(run(cases[4][1]))[0].message, /DownstreamPageOffset 4 does not split them: it must be 1\.\.3/);
  assert.equal(outcome(run([BEGIN(), OFFER(), STATE(2, { offset: 3 }), GPADL(), END])), 'STATUS_SUCCESS');
});

test('FeatureFlags: 0 below VMBus 6.0, no undefined bits, confidential only on a trusted channel', () => {
  const at = (v: string, f: string, head = '') => outcome(run([BEGIN(v, f), OFFER(), STATE(), GPADL(), END], head));
  assert.equal(at('0x00050003', '0x1'), 'STATUS_REVISION_MISMATCH VER-FEATURES');
  assert.equal(at('0x00060000', '0x100'), 'STATUS_REVISION_MISMATCH VER-FEATURES');
  assert.equal(at('0x00060000', '0xEF'), 'STATUS_SUCCESS', 'every defined bit but confidential, 0x80 included');
  assert.equal(at('0x00060000', '0x10'), 'STATUS_REVISION_MISMATCH VER-FEATURES');
  assert.equal(at('0x00060000', '0x10', '.channel trusted=yes\n'), 'STATUS_SUCCESS');
  assert.equal(at('0x00060000', '0x10', '.channel trusted=yes profile=vid\n'), 'STATUS_SUCCESS');
  assert.equal(at('0x00050000', '0x1', '.channel profile=vid\n'), 'STATUS_VID_SAVED_STATE_INCOMPATIBLE VER-FEATURES');
  // Static: the decoder reports it on BEGIN before any restore (one error on the chunk).
  const d = text.decodeText([BEGIN('0x00040000', '0x2'), END].join('\n') + '\n');
  assert.deepEqual(codes(d.problems), ['VER-FEATURES']);
});

test('restore on an older host: maxVmbusVersion and maxFeatureFlags', () => {
  const at = (v: string, f: string, head: string) => outcome(run([BEGIN(v, f), OFFER(), STATE(), GPADL(), END], head));
  assert.equal(at('0x00050003', '0', '.channel maxVmbusVersion=5.2\n'), 'STATUS_REVISION_MISMATCH VER-VMBUS');
  assert.equal(at('0x00050002', '0', '.channel maxVmbusVersion=5.2\n'), 'STATUS_SUCCESS');
  assert.equal(at('0x00060000', '0x21', '.channel maxFeatureFlags=0x1\n'), 'STATUS_REVISION_MISMATCH VER-FEATURES');
  assert.equal(at('0x00060000', '0x21', '.channel maxFeatureFlags=0x21\n'), 'STATUS_SUCCESS');
});

test('GPADL on a Revoked channel: InProgress and Accepted only', () => {
  const revoked = (state: number) => run([BEGIN(), OFFER(), STATE(5), GPADL({ state }), END]);
  assert.equal(outcome(revoked(1)), `${CORRUPT} CONTENT-GPADL-REVOKED`);
  assert.equal(outcome(revoked(3)), `${CORRUPT} CONTENT-GPADL-REVOKED`);
  assert.equal(outcome(revoked(2)), 'STATUS_SUCCESS');
  assert.equal(outcome(revoked(0)), 'STATUS_SUCCESS');
  // On a Closed channel an Offered GPADL is fine.
  assert.equal(outcome(run([BEGIN(), OFFER(), STATE(0), GPADL({ state: 1 }), END])), 'STATUS_SUCCESS');
});

test('ChannelId 1..2047; MonitorAllocated exactly when MonitorId is not 0xFF, and at most 127', () => {
  const offer = (id: number, mon = 0xff, alloc = 0) => outcome(run([BEGIN(), OFFER(id, mon, alloc), STATE(0), END]));
  assert.equal(offer(0), `${CORRUPT} CONTENT-CHANNEL-ID`);
  assert.equal(offer(2048), `${CORRUPT} CONTENT-CHANNEL-ID`);
  assert.equal(offer(2047), 'STATUS_SUCCESS');
  assert.equal(offer(17, 0xff, 1), `${CORRUPT} CONTENT-MONITOR`);
  assert.equal(offer(17, 3, 0), `${CORRUPT} CONTENT-MONITOR`);
  assert.equal(offer(17, 128, 1), `${CORRUPT} CONTENT-MONITOR`);
  assert.equal(offer(17, 127, 1), 'STATUS_SUCCESS');
});

test('.channel monitorId=N: a relayed-MNF offer must carry that id', () => {
  const at = (mon: number, alloc: number, head: string) =>
    outcome(run([BEGIN(), OFFER(17, mon, alloc), STATE(0), END], head));
  assert.equal(at(5, 1, '.channel monitorId=5\n'), 'STATUS_SUCCESS');
  assert.equal(at(6, 1, '.channel monitorId=5\n'), 'STATUS_INVALID_PARAMETER CONTENT-MONITOR-MISMATCH');
  assert.equal(at(0xff, 0, '.channel monitorId=5\n'), 'STATUS_INVALID_PARAMETER CONTENT-MONITOR-MISMATCH');
  assert.equal(
    at(6, 1, '.channel monitorId=5 profile=vid\n'),
    'STATUS_INVALID_PARAMETER CONTENT-MONITOR-MISMATCH',
    'like CONTENT-IDENTITY, not mapped by the VID profile',
  );
});

test('.channel open=yes|no is reconciled with the saved channel state at END', () => {
  const at = (state: number, open: string) =>
    outcome(
      run(
        [BEGIN(), OFFER(), STATE(state), ...(state === 0 || state === 5 ? [] : [GPADL()]), END],
        `.channel open=${open}\n`,
      ),
    );
  assert.equal(at(0, 'yes'), 'STATUS_INVALID_DEVICE_STATE STATE-OPEN-MISMATCH');
  assert.equal(at(5, 'yes'), 'STATUS_INVALID_DEVICE_STATE STATE-OPEN-MISMATCH');
  assert.equal(at(2, 'no'), 'STATUS_INVALID_DEVICE_STATE STATE-OPEN-MISMATCH');
  for (const s of [1, 3, 4]) {
    assert.equal(at(s, 'yes'), 'STATUS_SUCCESS', `state ${s} open`);
    assert.equal(at(s, 'no'), 'STATUS_SUCCESS', `state ${s} closed`);
  }
  assert.equal(at(2, 'yes'), 'STATUS_SUCCESS');
  assert.equal(at(0, 'no'), 'STATUS_SUCCESS');
  // Unchecked by default.
  assert.equal(outcome(run([BEGIN(), OFFER(), STATE(0), END])), 'STATUS_SUCCESS');
  // The failure sits on END and makes the restore Failed (not a refusal).
  const a = run([BEGIN(), OFFER(), STATE(0), END], '.channel open=yes\n');
  const call = a.trace.filter((t) => t.kind === 'call').at(-1)!;
  assert.ok(call.kind === 'call' && !call.refused && call.phase === 'Failed');
  assert.equal(a.problems[0].text?.start.line, 13, 'on the END chunk, not the call');
});

test('new .channel options are validated: bad values are TEXT-OPTION on the value', () => {
  const bad = [
    ['trusted=maybe', /trusted=maybe is not one of yes\|no/],
    ['open=1', /open=1 is not one of/],
    ['monitorId=128', /monitorId must be an allocated monitor id from 0 to 127/],
    ['maxVmbusVersion=5.4', /maxVmbusVersion must be a VMBus version MAJOR\.MINOR, one of 0\.13, 1\.1/],
    ['maxVmbusVersion=six', /maxVmbusVersion must be a VMBus version/],
    ['maxFeatureFlags=0x100000000', /maxFeatureFlags must be a number from 0 to 0xFFFFFFFF/],
  ] as const;
  for (const [opt, re] of bad) {
    const d = text.decodeText(`.channel ${opt}\n${GOOD().join('\n')}\n`);
    const p = d.problems.find((x) => x.code === 'TEXT-OPTION');
    assert.ok(p, opt);
    assert.match(p.message, re, opt);
    assert.equal(p.text?.start.character, `.channel ${opt.split('=')[0]}=`.length, `${opt}: range on the value`);
  }
  const ok = text.decodeText(
    `.channel trusted=yes monitorId=0x7F open=no maxVmbusVersion=6.0 maxFeatureFlags=0xFF\n${GOOD().join('\n')}\n`,
  );
  assert.deepEqual(codes(ok.problems), []);
  assert.deepEqual(
    [
      ok.channel.trusted,
      ok.channel.monitorId,
      ok.channel.expectOpen,
      ok.channel.maxVmbusVersion,
      ok.channel.maxFeatureFlags,
    ],
    [true, 127, false, 0x60000, 0xff],
  );
});

test('open-parameter warnings: guest signal and open flags need their feature flags', () => {
  const w = (v: string, f: string, open: Parameters<typeof STATE>[1]) => {
    const a = run([BEGIN(v, f), OFFER(), STATE(2, open), GPADL(), END]);
    assert.equal(outcome(a), 'STATUS_SUCCESS', 'warnings do not fail the restore');
    return warnings(a).map((p) => p.message);
  };
  assert.match(w('0x00050000', '0', { signal: 1 })[0], /HasGuestSignal is 1, but FeatureFlags 0x00000000 lacks 0x01/);
  assert.deepEqual(w('0x00060000', '0x1', { signal: 1, eventFlag: 3, connection: 9 }), []);
  assert.match(w('0x00050000', '0', { flags: 1 })[0], /lacks 0x02/);
  assert.deepEqual(w('0x00060000', '0x2', { flags: 1 }), []);
  assert.match(w('0x00060000', '0x2', { flags: 2 })[0], /undefined bits 0x0002/);
  assert.match(w('0x00050000', '0', { eventFlag: 1 })[0], /HasGuestSignal is 0, but EventFlag 1/);
});

test('pending messages: guest→host and unknown types warn; all are kept in saved order', () => {
  const a = run([
    BEGIN(),
    OFFER(),
    STATE(),
    GPADL(),
    MESSAGE(6),
    MESSAGE(5),
    MESSAGE(99),
    MESSAGE(23),
    END,
    '.op Enable',
  ]);
  assert.equal(outcome(a), 'STATUS_SUCCESS');
  assert.deepEqual(
    warnings(a).map((p) => [p.code, p.chunk]),
    [
      ['WARN-MESSAGE-DIRECTION', 5],
      ['WARN-MESSAGE-DIRECTION', 6],
    ],
  );
  assert.match(warnings(a)[0].message, /MessageType 5 \(OpenChannel\) is sent by the guest to the host/);
  assert.match(warnings(a)[1].message, /MessageType 99 is not a VMBus control message type/);
  const s = new RestoreSession(a.doc);
  s.runToEnd();
  assert.deepEqual(
    s.channel.state.pendingMessages.map((m) => m.type),
    [6, 5, 99, 23],
  );
  assert.equal(s.channel.state.messages, 4);
  const enable = a.trace.at(-1) as OpTrace;
  assert.match(
    enable.afterRestore![0],
    /4 pending message\(s\) are delivered to the guest first, in saved order.*1\. OpenChannelResult, 2\. OpenChannel, 3\. type 99, 4\. TlConnectResult/,
  );
});

test('Enable after restore lists what a server does next; Enable while InProgress or Failed warns', () => {
  const a = run(
    [
      BEGIN(),
      OFFER(),
      STATE(1),
      GPADL(),
      GPADL({ id: 0xe002, state: 1 }),
      GPADL({ id: 0xe003, state: 3 }),
      GPADL({ id: 0xe004, state: 0, count: 2, ranges: 'u32:0x1000 u32:0' }),
      END,
      '.op Enable',
    ],
    '.channel open=yes\n',
  );
  const enable = a.trace.at(-1) as OpTrace;
  assert.deepEqual(enable.afterRestore, [
    'the channel was saved Opening: OpenChannelResult (success) is sent to the guest and the channel is Open',
    'GPADL 0x0000E002 (Offered) is offered to the VSP again',
    'the teardown of GPADL 0x0000E003 (TearingDown) is issued to the VSP again',
    "GPADL 0x0000E004 (InProgress) waits for the guest's remaining GpadlBody messages",
  ]);
  assert.match(
    enable.message,
    /^Enable: Disabled → Enabled, restore Restored\. After restore the server: the channel was saved Opening/,
  );
  assert.deepEqual(warnings(a), []);

  const early = run([BEGIN(), OFFER(), '.op Enable']);
  assert.deepEqual(codes(warnings(early)), ['WARN-ENABLE-NEW']);
  assert.match(
    warnings(early)[0].message,
    /Enable while the restore is InProgress: it did not finish, so the channel is offered as new/,
  );
  assert.equal(warnings(early)[0].text?.start.line, 9, 'on the .op line');
  const failed = run([BEGIN(), OFFER(0), '.op Enable']);
  assert.match(warnings(failed)[0].message, /restore is Failed/);
  // A channel that never restored comes up new as expected: no warning.
  assert.deepEqual(warnings(run(['.op Enable'])), []);
});

test('Step Restore shows the pending messages in saved order (channel.pendingMessages)', () => {
  const doc = decodeDocument(
    'after-restore.vmbhex',
    readFileSync(join(__dirname, '..', '..', '..', 'samples', 'after-restore.vmbhex')),
  );
  const rt = new RestoreRuntime(doc, 'x', { breakOnFailure: true });
  rt.scopeFactory = buildScope;
  rt.start(false);
  const ev = (src: string) => unwrap(new Expression(src).evaluate(rt.scope()));
  assert.equal(ev('channel.phase'), 'Restored');
  assert.equal(ev('channel.pendingMessages.length'), 2);
  assert.equal(ev('channel.pendingMessages[0].type'), 10);
  assert.equal(ev('channel.pendingMessages[1].type'), 28);
  assert.match(
    display(new Expression('channel.pendingMessages[1]').evaluate(rt.scope())),
    /2\. PauseResponse, 8 bytes/,
  );
});

test('hovers: a PENDING_MESSAGE says its place in the delivery order; .op Enable lists what follows', () => {
  const src = readFileSync(join(__dirname, '..', '..', '..', 'samples', 'after-restore.vmbhex'), 'utf8');
  const ctx = buildContext('file:///a.vmbhex', 1, src, DEFAULT_SETTINGS);
  const lines = src.split('\n');
  /** The hover on `word` in the first line that starts with `needle`. */
  const at = (needle: string, word: string) => {
    const line = lines.findIndex((l) => l.startsWith(needle));
    const h = hover(ctx, { line, character: lines[line].indexOf(word) + 1 });
    const c = h?.contents;
    return c && typeof c === 'object' && 'value' in c ? c.value : '';
  };
  assert.match(
    at('.chunk PENDING_MESSAGE', 'PENDING'),
    /Pending message 1 of 2: after restore a server delivers them to the guest in this order/,
  );
  const enable = at('.op Enable', '.op');
  assert.match(enable, /After restore the server:\n- 2 pending message\(s\) are delivered/);
  assert.match(enable, /- GPADL 0x0000E002 \(Offered\) is offered to the VSP again/);
  assert.match(at('.channel open=yes', '.channel'), /In effect: .*open yes/);
});
