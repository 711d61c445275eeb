// RestoreRuntime in process: stepping semantics, positions, previews, breakpoints, filters.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { decodeBinary, statusName, STATUS, type SavedStateDocument } from '../../core/src';
import { bindLineToTarget, parseFunctionBreakpoint, parseHitCondition } from '../../debugger/src/breakpoints';
import { RestoreRuntime } from '../../debugger/src/restoreRuntime';
import type { OutputInfo } from '../../debugger/src/runtimeState';
import type { StopInfo } from '../../debugger/src/stopReasons';
import { frames } from '../../debugger/src/frames';
import { buildScope } from '../../debugger/src/inspect';
import { Expression } from '../../debugger/src/expression';
import { display, unwrap } from '../../debugger/src/expressionValues';
import { decodeContent } from '../../debugger/src/loadDocument';
import { makeFixtures, removeFixtures, lineOf, THREE_CALLS } from './helpers/debugFixtures';

const fx = makeFixtures();
after(() => removeFixtures(fx));

function binary(file: string, size: number | 'chunk' = THREE_CALLS): SavedStateDocument {
  return decodeBinary(new Uint8Array(fs.readFileSync(file)), { buffering: size === 'chunk' ? 'chunk' : { size } });
}

function runtime(doc: SavedStateDocument, breakOnFailure = true) {
  const rt = new RestoreRuntime(doc, 'x', { breakOnFailure });
  rt.scopeFactory = buildScope;
  const stops: StopInfo[] = [];
  const out: OutputInfo[] = [];
  let terminated = false;
  rt.on('stop', (s) => stops.push(s));
  rt.on('output', (o) => out.push(o));
  rt.on('terminated', () => (terminated = true));
  return {
    rt,
    stops,
    out,
    get terminated() {
      return terminated;
    },
    last: () => stops[stops.length - 1],
  };
}

const ev = (rt: RestoreRuntime, src: string) => unwrap(new Expression(src).evaluate(rt.scope()));
const statuses = (rt: RestoreRuntime) =>
  rt.session.trace.flatMap((t) => (t.kind === 'call' ? [statusName(t.status)] : []));

test('step in walks the chunks of the call about to run; the call runs past its last chunk', () => {
  const r = runtime(binary(fx.good));
  r.rt.start(true);
  assert.equal(r.last().reason, 'entry');
  assert.deepEqual(r.rt.focus, { kind: 'entry' });
  r.rt.stepIn();
  assert.equal(r.rt.currentItem?.kind === 'chunk' && r.rt.currentItem.typeName, 'BEGIN');
  r.rt.stepIn();
  assert.equal(r.rt.currentItem?.kind === 'chunk' && r.rt.currentItem.typeName, 'OFFER');
  assert.equal(r.rt.session.trace.length, 0, 'no call ran while stepping through its chunks');
  assert.deepEqual(
    frames(r.rt).map((f) => f.name),
    ['call 1 · chunk 2 OFFER @0x60', 'call 1 [0..272) 2 chunks'],
  );
  r.rt.stepIn();
  assert.deepEqual(statuses(r.rt), ['STATUS_MORE_PROCESSING_REQUIRED']);
  assert.equal(r.rt.currentItem?.kind === 'chunk' && r.rt.currentItem.typeName, 'CHANNEL_STATE');
  r.rt.stepOut();
  assert.deepEqual(statuses(r.rt), ['STATUS_MORE_PROCESSING_REQUIRED', 'STATUS_MORE_PROCESSING_REQUIRED']);
  assert.deepEqual(r.rt.focus, { kind: 'entry' });
  assert.equal(r.rt.currentCall?.index, 2);
  r.rt.next();
  assert.equal(r.rt.focus.kind, 'end');
  assert.match(r.last().description, /End of input: STATUS_SUCCESS/);
  assert.equal(r.terminated, false);
  r.rt.next();
  assert.equal(r.terminated, true);
  assert.equal(r.rt.outcome?.status, STATUS.STATUS_SUCCESS);
});

test('the current call previews what it will return; lastStatus is the previous call', () => {
  const r = runtime(binary(fx.bitFlip));
  r.rt.start(true);
  r.rt.next();
  assert.equal(r.rt.currentCall?.index, 1);
  assert.equal(ev(r.rt, 'status'), STATUS.STATUS_CRC_ERROR);
  assert.equal(ev(r.rt, 'preview'), true);
  assert.equal(ev(r.rt, 'lastStatus.name'), 'STATUS_MORE_PROCESSING_REQUIRED');
  assert.equal(ev(r.rt, 'lastStatus.ntSuccess'), false);
  assert.match(String(ev(r.rt, 'lastStatus.trap')), /`NT_SUCCESS\(status\)` is FALSE, yet it means progress/);
  assert.equal(ev(r.rt, 'channel.phase'), 'InProgress');
  assert.equal(ev(r.rt, 'offer.channelId'), 17);
  assert.equal(ev(r.rt, 'gpadls.length'), 0);
  assert.match(display(new Expression('status').evaluate(r.rt.scope())), /preview: call 2 has not run yet/);
});

test('a failing call stops on the chunk at fault; the channel stays failed afterwards', () => {
  const r = runtime(binary(fx.bitFlip));
  r.rt.start(false);
  assert.equal(r.last().reason, 'exception');
  assert.equal(r.last().filter, 'failure');
  assert.equal(r.rt.focus.kind, 'failed');
  assert.equal(r.rt.currentItem?.kind === 'chunk' && r.rt.currentItem.typeName, 'GPADL');
  const fr = frames(r.rt);
  assert.equal(fr[0].kind, 'failure');
  assert.match(fr[0].name, /CRC-PAYLOAD/);
  assert.deepEqual(fr[0].bytes, { start: 484, end: 488 });
  assert.equal(ev(r.rt, 'status == STATUS_CRC_ERROR'), true);
  assert.equal(ev(r.rt, 'lastStatus.diagnostic.code'), 'CRC-PAYLOAD');
  assert.equal(ev(r.rt, 'channel.phase'), 'Failed');
  assert.equal(ev(r.rt, 'gpadls.length'), 0, 'all or nothing: the failing buffer applied nothing');
  r.rt.continue();
  assert.equal(r.last().reason, 'exception');
  assert.equal(ev(r.rt, 'lastStatus.diagnostic.code'), 'STATE-FAILED');
  r.rt.continue();
  assert.equal(r.terminated, true);
  assert.deepEqual(statuses(r.rt), [
    'STATUS_MORE_PROCESSING_REQUIRED',
    'STATUS_CRC_ERROR',
    'STATUS_INVALID_DEVICE_STATE',
  ]);
  assert.equal(r.rt.outcome?.status, STATUS.STATUS_CRC_ERROR);
});

test('breakOnFailure false and no filters: continue runs to the end', () => {
  const r = runtime(binary(fx.bitFlip), false);
  r.rt.start(false);
  assert.equal(r.stops.length, 0);
  assert.equal(r.terminated, true);
  const nonSuccess = runtime(binary(fx.bitFlip), false);
  nonSuccess.rt.setExceptionFilters([{ filter: 'nonSuccess' }]);
  nonSuccess.rt.start(false);
  assert.equal(nonSuccess.last().filter, 'nonSuccess');
  const conditional = runtime(binary(fx.bitFlip));
  conditional.rt.setExceptionFilters([{ filter: 'failure', condition: 'status == STATUS_INVALID_DEVICE_STATE' }]);
  conditional.rt.start(false);
  assert.equal(conditional.stops.length, 1);
  assert.equal(ev(conditional.rt, 'call'), 3);
});

test('function breakpoints: chunk type, call N, chunk N, seq N, @offset, every chunk with a hit count', () => {
  const at = (name: string, extra: { condition?: string; hitCondition?: string } = {}) => {
    const r = runtime(binary(fx.good));
    const [bp] = r.rt.setFunctionBreakpoints([{ name, ...extra }]);
    assert.equal(bp.verified, true, name);
    r.rt.start(false);
    assert.equal(r.last()?.reason, 'function breakpoint', name);
    return r.rt;
  };
  assert.equal(ev(at('GPADL'), 'kind'), 'GPADL');
  assert.equal(ev(at('call 3'), 'call'), 3);
  assert.equal(ev(at('chunk 2'), 'kind'), 'OFFER');
  assert.equal(ev(at('seq 4'), 'kind'), 'END');
  assert.equal(ev(at('@0x1D0'), 'kind'), 'GPADL');
  assert.equal(ev(at('chunk', { hitCondition: '3' }), 'kind'), 'CHANNEL_STATE');
  assert.equal(ev(at('chunk', { condition: 'kind == "END"' }), 'sequence'), 4);
  assert.equal(ev(at('chunk', { condition: 'phase == "InProgress" && status == STATUS_SUCCESS' }), 'kind'), 'END');
  const bad = runtime(binary(fx.good)).rt.setFunctionBreakpoints([
    { name: 'call 0' },
    { name: 'no such thing!' },
    { name: 'END', condition: 'kind ==' },
    { name: 'END', hitCondition: 'often' },
  ]);
  assert.deepEqual(
    bad.map((b) => b.verified),
    [false, false, false, false],
  );
  assert.match(bad[2].message!, /Condition/);
  assert.match(bad[3].message!, /Hit count/);
  assert.deepEqual(parseFunctionBreakpoint('sequence=0x3'), { kind: 'sequence', sequence: 3 });
  assert.deepEqual(parseHitCondition('>= 2'), { op: '>=', n: 2, source: '>= 2' });
  assert.deepEqual(parseHitCondition('%3')?.op, '%');
  assert.equal(parseHitCondition('%0'), undefined);
});

test('hit counts count every time the condition holds; %N stops every Nth time', () => {
  const r = runtime(binary(fx.good, 'chunk'));
  r.rt.setFunctionBreakpoints([{ name: 'chunk', hitCondition: '%2' }]);
  r.rt.start(false);
  const seen: unknown[] = [];
  while (!r.terminated) {
    seen.push(ev(r.rt, 'kind'));
    r.rt.continue();
  }
  assert.deepEqual(seen, ['OFFER', 'GPADL']);
});

test('a condition that fails to evaluate stops and says why; logpoints print and do not stop', () => {
  const r = runtime(binary(fx.good));
  r.rt.setFunctionBreakpoints([
    { name: 'OFFER', condition: 'begin.nosuch.field == 1' },
    { name: 'chunk', logMessage: 'at {kind} seq {sequence} status {statusName} {{literal}}' },
  ]);
  r.rt.start(false);
  assert.equal(r.last().reason, 'function breakpoint');
  assert.equal(ev(r.rt, 'kind'), 'OFFER');
  assert.ok(
    r.out.some((o) => /Condition of function breakpoint "OFFER" "begin.nosuch.field == 1" failed/.test(o.text)),
  );
  assert.ok(r.out.some((o) => o.text === 'at BEGIN seq 0 status STATUS_MORE_PROCESSING_REQUIRED {literal}'));
});

test('line breakpoints bind to the chunk block, the .call line, or the next block below', () => {
  const doc = decodeContent(fx.goodText, new Uint8Array(fs.readFileSync(fx.goodText)));
  const f = fx.goodText;
  const gpadl = lineOf(f, '.chunk GPADL');
  const bind = (line: number) => bindLineToTarget(doc, line - 1);
  assert.deepEqual(bind(gpadl + 2), { target: { kind: 'item', call: 1, item: 1 }, line0: gpadl - 1 });
  assert.deepEqual(bind(gpadl + 5), { target: { kind: 'item', call: 1, item: 1 }, line0: gpadl - 1 }, 'the .end line');
  const call2 = lineOf(f, '.call', lineOf(f, '# Call 2'));
  assert.deepEqual(bind(call2), { target: { kind: 'call', call: 1 }, line0: call2 - 1 });
  assert.deepEqual(
    bind(1),
    { target: { kind: 'call', call: 0 }, line0: lineOf(f, '.call') - 1 },
    'comments at the top move to the first call',
  );
  const lastExpect = lineOf(f, '.expect STATUS_SUCCESS');
  assert.deepEqual(
    bind(lastExpect),
    { target: { kind: 'call', call: 2 }, line0: lineOf(f, '.call', lineOf(f, '# Call 3')) - 1 },
    '.expect binds to its call',
  );
  assert.match(String(bind(lastExpect + 50)), /No restore call or chunk/);
  assert.match(String(bindLineToTarget(binary(fx.good), 3)), /Binary files have no lines/);
});

test('channel operations run as part of the next call and are logged', () => {
  const doc = decodeContent(fx.opsText, new Uint8Array(fs.readFileSync(fx.opsText)));
  const r = runtime(doc, false);
  r.rt.start(true);
  assert.deepEqual(r.rt.pendingOps, ['Enable']);
  assert.equal(ev(r.rt, 'lifecycle'), 'Disabled');
  assert.equal(ev(r.rt, 'status'), STATUS.STATUS_INVALID_DEVICE_STATE, 'the preview includes the operation');
  r.rt.next();
  assert.deepEqual(r.rt.pendingOps, []);
  assert.equal(ev(r.rt, 'lifecycle'), 'Enabled');
  assert.equal(ev(r.rt, 'lastStatus.diagnostic.code'), 'STATE-ENABLED');
  assert.equal(r.out[0].text, 'op Enable: Disabled → Enabled, restore Idle.');
  assert.match(r.out[1].text, /^call 1 \[0\.\.272\) 2 chunks → STATUS_INVALID_DEVICE_STATE \(0xC0000184\)$/);
});

test('the end: outcome, harness findings and a stop before the session terminates', () => {
  const r = runtime(binary(fx.cutAfterCall2));
  r.rt.start(true);
  r.rt.next();
  r.rt.next();
  assert.equal(r.rt.focus.kind, 'end');
  assert.equal(r.rt.outcome?.status, STATUS.STATUS_END_OF_FILE);
  assert.ok(
    r.out.some((o) =>
      o.text.startsWith('EOF-TRUNCATED: The input ends after restore call 2 returned STATUS_MORE_PROCESSING_REQUIRED'),
    ),
  );
  assert.equal(ev(r.rt, 'outcome.status'), STATUS.STATUS_END_OF_FILE);
  assert.equal(frames(r.rt)[0].kind, 'end');
  r.rt.continue();
  assert.equal(r.terminated, true);
});

test('restart: reload resets the channel, the trace and the hit counts', () => {
  const r = runtime(binary(fx.good));
  const [bp] = r.rt.setFunctionBreakpoints([{ name: 'chunk' }]);
  r.rt.start(false);
  r.rt.continue();
  assert.equal(bp.hits, 2);
  r.rt.reload(binary(fx.good, 'chunk'));
  assert.equal(bp.hits, 0);
  assert.equal(r.rt.session.trace.length, 0);
  assert.equal(r.rt.callCount, 5);
  r.rt.start(true);
  assert.equal(r.last().reason, 'entry');
});
