// Step Restore's time travel through DebugClient (DAP over stdio): Step Back across a failure,
// Reverse Continue to a breakpoint or the start, Restart Frame, Jump to Cursor (goto targets) in
// the text form, run to a chunk in a binary file, and restart keeping breakpoints.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { DebugProtocol } from '@vscode/debugprotocol';
import { DebugClient } from '@vscode/debugadapter-testsupport';
import { ADAPTER, lineOf, makeFixtures, removeFixtures, THREE_CALLS } from './helpers/debugFixtures';
import { act, evaluate, launch, topFrame, type Run } from './helpers/dapSession';

const fx = makeFixtures();
after(() => removeFixtures(fx));

type Stopped = DebugProtocol.StoppedEvent;
const step = (run: Run, req: 'stepBack' | 'reverseContinue' | 'next' | 'continue' | 'stepIn') =>
  act(run, run.dc[`${req}Request`]({ threadId: 1 })) as Promise<Stopped>;
const callsRun = (run: Run) =>
  run.traces.filter((t) => t.kind === 'call').map((t) => t.kind === 'call' && t.statusName);

test('initialize advertises step back, restart frame, goto targets and restart', async () => {
  const dc = new DebugClient('node', ADAPTER, 'vmbstate');
  await dc.start();
  try {
    const caps = (await dc.initializeRequest()).body!;
    assert.equal(caps.supportsStepBack, true);
    assert.equal(caps.supportsRestartFrame, true);
    assert.equal(caps.supportsGotoTargetsRequest, true);
    assert.equal(caps.supportsRestartRequest, true);
  } finally {
    await dc.stop();
  }
});

test('step back across a failure shows the channel as it was before the failing call, then before call 1', async () => {
  const run = await launch({ program: fx.bitFlip, stopOnEntry: false, bufferSize: THREE_CALLS });
  try {
    const failed = (await run.first) as Stopped;
    assert.equal(failed.body.reason, 'exception');
    assert.equal(await evaluate(run.dc, 'phase'), '"Failed"');
    const back = await step(run, 'stepBack');
    assert.equal(back.body.reason, 'step');
    assert.match(back.body.description!, /^Stepped back: before call 2/);
    assert.deepEqual(run.rewinds, [1], 'the client is told one step remains');
    assert.equal(await evaluate(run.dc, 'phase'), '"InProgress"');
    assert.equal(await evaluate(run.dc, 'call'), '2');
    assert.equal(await evaluate(run.dc, 'preview'), 'true');
    assert.equal(await evaluate(run.dc, 'statusName'), '"STATUS_CRC_ERROR"');
    assert.equal(await evaluate(run.dc, 'history.length'), '1');
    assert.equal(await evaluate(run.dc, 'channel.chunksConsumed'), '2');
    assert.match((await topFrame(run.dc))[0].name, /^call 2 \[272\.\.552\)/);
    assert.equal(run.positions.at(-1)!.call, 2, 'the editor highlight follows');

    await step(run, 'stepBack');
    assert.deepEqual(run.rewinds, [1, 0]);
    assert.equal(await evaluate(run.dc, 'phase'), '"Idle"');
    assert.equal(await evaluate(run.dc, 'history.length'), '0');

    const start = await step(run, 'stepBack');
    assert.match(start.body.description!, /^Start: before call 1/);
    assert.ok(run.outputs.some((o) => o.includes('nothing ran before')));

    // Forward again: the same calls, the same failure (the emulator is deterministic).
    const again = await step(run, 'continue');
    assert.equal(again.body.reason, 'exception');
    assert.deepEqual(callsRun(run).slice(-2), ['STATUS_MORE_PROCESSING_REQUIRED', 'STATUS_CRC_ERROR']);
  } finally {
    await run.dc.stop();
  }
});

test('step back inside a buffer goes to the previous chunk, then to before the call', async () => {
  const run = await launch({ program: fx.goodText, stopOnEntry: true });
  try {
    await run.first;
    await step(run, 'next');
    await step(run, 'stepIn');
    const second = await step(run, 'stepIn');
    assert.match(second.body.description!, /GPADL/);
    const back = await step(run, 'stepBack');
    assert.match(back.body.description!, /^Stepped back: chunk 3 CHANNEL_STATE/);
    assert.deepEqual(run.rewinds, [], 'within a buffer nothing ran: no rewind');
    const entry = await step(run, 'stepBack');
    assert.match(entry.body.description!, /^Stepped back: before call 2/);
    assert.equal(await evaluate(run.dc, 'history.length'), '1');
  } finally {
    await run.dc.stop();
  }
});

test('reverse continue stops at the previous breakpoint whose condition holds there, then at the start', async () => {
  const run = await launch(
    { program: fx.goodText, stopOnEntry: true },
    {
      functionBreakpoints: [{ name: 'GPADL' }, { name: 'call', condition: 'phase == "Idle"' }],
      exceptionFilters: [],
    },
  );
  try {
    await run.first;
    await step(run, 'next');
    await step(run, 'next');
    assert.equal(await evaluate(run.dc, 'call'), '3');
    const bp = await step(run, 'reverseContinue');
    assert.equal(bp.body.reason, 'function breakpoint');
    assert.match(bp.body.description!, /GPADL/);
    assert.equal(await evaluate(run.dc, 'kind'), '"GPADL"');
    assert.equal(await evaluate(run.dc, 'phase'), '"InProgress"', 'only call 1 has run there');
    assert.deepEqual(run.rewinds, [1]);
    // "call" with phase == "Idle" holds only before call 1: reverse continue lands there.
    const first = await step(run, 'reverseContinue');
    assert.equal(first.body.reason, 'function breakpoint');
    assert.equal(await evaluate(run.dc, 'call'), '1');
    const start = await step(run, 'reverseContinue');
    assert.equal(start.body.reason, 'entry');
    assert.match(start.body.description!, /no breakpoint before/);
  } finally {
    await run.dc.stop();
  }
});

test('restart frame reruns the failing call from its start', async () => {
  const run = await launch({ program: fx.bitFlipText, stopOnEntry: false });
  try {
    await run.first;
    const frames = await topFrame(run.dc);
    assert.ok(frames.every((f) => f.canRestart));
    const r = (await act(run, run.dc.restartFrameRequest({ frameId: frames[0].id }))) as Stopped;
    assert.equal(r.body.reason, 'restart');
    assert.match(r.body.description!, /^Restarted: before call 2/);
    assert.equal(await evaluate(run.dc, 'phase'), '"InProgress"');
    const again = await step(run, 'next');
    assert.equal(again.body.reason, 'exception');
    assert.equal(await evaluate(run.dc, 'lastStatus.diagnostic.code'), '"CRC-PAYLOAD"');
  } finally {
    await run.dc.stop();
  }
});

test('jump to cursor: a chunk line runs forward to it, a .call line goes back to before that call', async () => {
  const run = await launch({ program: fx.goodText, stopOnEntry: true });
  try {
    await run.first;
    const endLine = lineOf(fx.goodText, 'ChunkCount: u32:5  EndFlags');
    const t = (await run.dc.gotoTargetsRequest({ source: { path: fx.goodText }, line: endLine })).body.targets;
    assert.equal(t.length, 1);
    assert.match(t[0].label, /END/);
    assert.equal(t[0].line, lineOf(fx.goodText, '.chunk END'));
    const g = (await act(run, run.dc.gotoRequest({ threadId: 1, targetId: t[0].id }))) as Stopped;
    assert.equal(g.body.reason, 'goto');
    assert.deepEqual(callsRun(run), ['STATUS_MORE_PROCESSING_REQUIRED', 'STATUS_MORE_PROCESSING_REQUIRED']);
    assert.equal(await evaluate(run.dc, 'kind'), '"END"');
    const call1 = lineOf(fx.goodText, '.call');
    const [back] = (await run.dc.gotoTargetsRequest({ source: { path: fx.goodText }, line: call1 })).body.targets;
    await act(run, run.dc.gotoRequest({ threadId: 1, targetId: back.id }));
    assert.deepEqual(run.rewinds, [0]);
    assert.equal(await evaluate(run.dc, 'call'), '1');
    await assert.rejects(run.dc.gotoRequest({ threadId: 1, targetId: 999 }), /Unknown jump target 999/);
    await assert.rejects(
      run.dc.gotoTargetsRequest({ source: { path: fx.good }, line: 1 }),
      /calls and chunks of the file being restored/,
    );
  } finally {
    await run.dc.stop();
  }
});

test('a binary file: no line targets, run to a chunk with vmbstate.gotoChunk', async () => {
  const run = await launch({ program: fx.good, stopOnEntry: true, bufferSize: THREE_CALLS });
  try {
    await run.first;
    await assert.rejects(run.dc.gotoTargetsRequest({ source: { path: fx.good }, line: 1 }), /binary file has no lines/);
    const g = (await act(run, run.dc.customRequest('vmbstate.gotoChunk', { chunk: 4 }))) as Stopped;
    assert.equal(g.body.reason, 'goto');
    assert.equal(await evaluate(run.dc, 'kind'), '"GPADL"');
    assert.equal(await evaluate(run.dc, 'chunk'), '4');
    await assert.rejects(run.dc.customRequest('vmbstate.gotoChunk', { chunk: 0 }), /a whole number from 1/);
    await assert.rejects(run.dc.customRequest('vmbstate.gotoChunk', { chunk: 99 }), /No restore call passes chunk 99/);
  } finally {
    await run.dc.stop();
  }
});

test('restart runs the current contents and keeps the breakpoints', async () => {
  const file = path.join(fx.dir, 'restart-keep.vmbhex');
  fs.copyFileSync(fx.goodText, file);
  const line = lineOf(file, '.chunk GPADL');
  const run = await launch(
    { program: file, stopOnEntry: false },
    { breakpoints: { path: file, breakpoints: [{ line }] } },
  );
  try {
    const hit = (await run.first) as Stopped;
    assert.equal(hit.body.reason, 'breakpoint');
    fs.copyFileSync(fx.bitFlipText, file);
    const again = (await act(run, run.dc.restartRequest({}))) as Stopped;
    assert.equal(again.body.reason, 'breakpoint', 'the breakpoint set before restart stops again');
    assert.equal(await evaluate(run.dc, 'statusName'), '"STATUS_CRC_ERROR"', 'the new contents run');
  } finally {
    await run.dc.stop();
  }
});
