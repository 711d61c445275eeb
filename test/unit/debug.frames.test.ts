// Stack frames of a Step Restore stop are a caret on one line (issue 18 trap 1: VS Code selects a
// frame's range with the focus in the editor, so a multi-line frame let one key replace a whole
// call); the block the frame stands for travels in the position event for the client's highlight.
// Also: the Debug Console's `.expect` lines link to the `.expect` line, not the `.call`.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import type { DebugProtocol } from '@vscode/debugprotocol';
import { lineOf, makeFixtures, removeFixtures } from './helpers/debugFixtures';
import { act, launch, topFrame, type Run } from './helpers/dapSession';

const fx = makeFixtures();
after(() => removeFixtures(fx));

/** Every frame: one line, no width (endLine = line, endColumn = column). */
function assertCarets(frames: DebugProtocol.StackFrame[]): void {
  for (const f of frames) {
    assert.equal(f.endLine, f.line, `${f.name}: endLine`);
    assert.equal(f.endColumn, f.column, `${f.name}: endColumn`);
  }
}

const lastPosition = (run: Run) => run.positions[run.positions.length - 1];
const lineText = (file: string, line1: number) => fs.readFileSync(file, 'utf8').split(/\r?\n/)[line1 - 1];

test('call and chunk frames are carets on the .call and .chunk lines; the position event carries the block', async () => {
  const f = fx.goodText;
  const run = await launch({ program: f, stopOnEntry: true });
  try {
    await run.first;
    let frames = await topFrame(run.dc);
    assert.equal(frames[0].line, lineOf(f, '.call'));
    assert.equal(frames[0].column, 1);
    assertCarets(frames);
    let pos = lastPosition(run);
    assert.deepEqual(pos.textRange, {
      start: { line: lineOf(f, '.call') - 1, character: 0 },
      end: { line: lineOf(f, '.call') - 1, character: '.call'.length },
    });
    assert.equal(pos.blockRange?.start.line, lineOf(f, '.call') - 1);
    assert.equal(
      pos.blockRange?.end.line,
      lineOf(f, '.expect') - 1,
      'the block is the whole call, through its .expect',
    );

    await act(run, run.dc.stepInRequest({ threadId: 1 }));
    frames = await topFrame(run.dc);
    assert.deepEqual(
      frames.map((x) => x.line),
      [lineOf(f, '.chunk BEGIN'), lineOf(f, '.call')],
    );
    assertCarets(frames);
    pos = lastPosition(run);
    assert.equal(pos.textRange?.start.line, lineOf(f, '.chunk BEGIN') - 1);
    assert.equal(pos.textRange?.end.line, lineOf(f, '.chunk BEGIN') - 1);
    assert.deepEqual(
      [pos.blockRange?.start.line, pos.blockRange?.end.line],
      [lineOf(f, '.chunk BEGIN') - 1, lineOf(f, '.end') - 1],
    );
  } finally {
    await run.dc.stop();
  }
});

test('a failure frame is a caret on the failing token, and the end-of-input frame a caret too', async () => {
  const f = fx.bitFlipText;
  const run = await launch({ program: f, stopOnEntry: false });
  try {
    const ev = (await run.first) as DebugProtocol.StoppedEvent;
    assert.equal(ev.body.reason, 'exception');
    const frames = await topFrame(run.dc);
    assert.match(frames[0].name, /^✗ CRC-PAYLOAD/);
    const gpadl = lineOf(f, '.chunk GPADL');
    assert.equal(frames[0].line, gpadl);
    assert.equal(
      frames[0].column,
      lineText(f, gpadl).indexOf('crc=') + 1,
      'the caret is at the crc= option that made the chunk fail',
    );
    assertCarets(frames);
    const pos = lastPosition(run);
    assert.equal(pos.textRange?.start.line, pos.textRange?.end.line, 'the token is on one line');
    assert.match(
      lineText(f, gpadl).slice(pos.textRange!.start.character, pos.textRange!.end.character),
      /crc=0x8BA415C1/,
    );
    assert.deepEqual([pos.blockRange?.start.line, pos.blockRange?.end.line], [gpadl - 1, lineOf(f, '.end', gpadl) - 1]);
    await act(run, run.dc.continueRequest({ threadId: 1 }));
    await act(run, run.dc.continueRequest({ threadId: 1 }));
    assertCarets(await topFrame(run.dc));
  } finally {
    await run.dc.stop();
  }
});

test('the Debug Console links a call line to its .call and the .expect check to its .expect line', async () => {
  const f = fx.goodText;
  const run = await launch({ program: f, stopOnEntry: true });
  try {
    await run.first;
    await act(run, run.dc.nextRequest({ threadId: 1 }));
    const call = run.outputEvents.find((b) => b.output.startsWith('call 1 '));
    const expect = run.outputEvents.find((b) => b.output.startsWith('    .expect STATUS_MORE_PROCESSING_REQUIRED'));
    assert.equal(call?.line, lineOf(f, '.call'));
    assert.equal(expect?.line, lineOf(f, '.expect'));
    assert.equal(expect?.source?.path, f);
  } finally {
    await run.dc.stop();
  }
});
