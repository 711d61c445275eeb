// What-if editing through DebugClient: setVariable / setExpression while stopped replay the run
// with the edit (a failure turns into success), reseal on and off, BufferSize and channel edits,
// discard, refusals, and the changes `vmbstate.applyWhatIf` writes being the bytes of a hand edit.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import type { DebugProtocol } from '@vscode/debugprotocol';
import { CHUNK_TYPES, crc32c, encodeChunk, FLAG_FINAL, text } from '../../core/src';
import type { WhatIfChangesBody, WhatIfEventBody } from '../../debugger/src/protocol';
import { DebugClient } from '@vscode/debugadapter-testsupport';
import { ADAPTER, makeFixtures, removeFixtures, THREE_CALLS } from './helpers/debugFixtures';
import { act, evaluate, launch, vars, type Run } from './helpers/dapSession';
import { concat, endPayload, exampleChunks, exampleStream, gpadlPayload } from './helpers/example';

const fx = makeFixtures();
after(() => removeFixtures(fx));

type Stopped = DebugProtocol.StoppedEvent;
const whatIfEvents = (run: Run) => {
  const events: WhatIfEventBody[] = [];
  run.dc.on('vmbstate.whatIf', (e: DebugProtocol.Event) => events.push(e.body as WhatIfEventBody));
  return events;
};
const setExpr = (run: Run, expression: string, value: string) =>
  act(run, run.dc.customRequest('setExpression', { expression, value, frameId: 1 })) as Promise<Stopped>;
/** A what-if the adapter refuses: no stop follows. */
const refused = (run: Run, expression: string, value: string) =>
  run.dc.customRequest('setExpression', { expression, value, frameId: 1 });
const changes = async (run: Run) =>
  (await run.dc.customRequest('vmbstate.whatIfChanges', {})).body as WhatIfChangesBody;

/** Apply the byte changes of a what-if to the bytes they were made over. */
function applyBytes(original: Uint8Array, c: WhatIfChangesBody): Uint8Array {
  const out = original.slice();
  for (const x of c.byteChanges) {
    const removed = new Uint8Array(Buffer.from(x.removed, 'base64'));
    assert.deepEqual(out.slice(x.offset, x.offset + removed.length), removed);
    out.set(Buffer.from(x.inserted, 'base64'), x.offset);
  }
  return out;
}

/** Apply text changes (0-based lines and characters) to the text they were made over. */
function applyText(src: string, c: WhatIfChangesBody): string {
  const starts = [0];
  for (let i = 0; i < src.length; i++) if (src[i] === '\n') starts.push(i + 1);
  const off = (p: { line: number; character: number }) => starts[p.line] + p.character;
  let out = src;
  for (const ch of [...c.textChanges].reverse())
    out = out.slice(0, off(ch.range.start)) + ch.newText + out.slice(off(ch.range.end));
  return out;
}

test('initialize advertises setVariable and setExpression', async () => {
  const dc = new DebugClient('node', ADAPTER, 'vmbstate');
  await dc.start();
  try {
    const caps = (await dc.initializeRequest()).body!;
    assert.equal(caps.supportsSetVariable, true);
    assert.equal(caps.supportsSetExpression, true);
  } finally {
    await dc.stop();
  }
});

test('set a variable on a failed call, replay: the failure becomes success; apply gives the hand-edited bytes', async () => {
  const run = await launch({ program: fx.bitFlip, stopOnEntry: false, bufferSize: THREE_CALLS });
  const events = whatIfEvents(run);
  try {
    assert.equal(((await run.first) as Stopped).body.reason, 'exception');
    // Variables: Current buffer → chunks → [1] (the GPADL) → payload → Range0 → ByteOffset (the flipped bit).
    const scopes = (await run.dc.scopesRequest({ frameId: 1 })).body.scopes;
    const buffer = await vars(run.dc, scopes.find((s) => s.name === 'Current buffer')!.variablesReference);
    const chunks = await vars(run.dc, buffer.get('chunks')!.variablesReference);
    const gpadl = await vars(run.dc, chunks.get('[1]')!.variablesReference);
    const payload = await vars(run.dc, gpadl.get('payload')!.variablesReference);
    const range0 = payload.get('Range0')!;
    assert.equal(
      (await vars(run.dc, range0.variablesReference)).get('ByteOffset')!.value.startsWith('0x00000004'),
      true,
    );
    const stopped = run.next();
    const r = await run.dc.setVariableRequest({
      variablesReference: range0.variablesReference,
      name: 'ByteOffset',
      value: '0',
    });
    assert.equal(r.body.value, '0');
    const ev = (await stopped) as Stopped;
    assert.match(ev.body.description!, /^What-if: chunk\[4\]\.Range0\.ByteOffset = 0/);
    assert.deepEqual(events.at(-1)!.edits, ['chunk[4].Range0.ByteOffset = 0']);
    assert.equal(events.at(-1)!.reseal, true);
    assert.deepEqual(run.rewinds.slice(-1), [0], 'the replay starts from a new channel');
    assert.equal(await evaluate(run.dc, 'call'), '2', 'replayed to before the call that failed');
    assert.equal(await evaluate(run.dc, 'statusName'), '"STATUS_MORE_PROCESSING_REQUIRED"');
    const c = await changes(run);
    assert.equal(c.form, 'binary');
    // The hand edit: the good stream (ByteOffset 0) with its CRCs, which is what the flip broke.
    assert.deepEqual(applyBytes(new Uint8Array(fs.readFileSync(fx.bitFlip)), c), exampleStream());
    const end = await act(run, run.dc.continueRequest({ threadId: 1 }));
    assert.equal(end.event, 'terminated');
    assert.ok(run.outputs.some((o) => o.startsWith('restore finished: STATUS_SUCCESS')));
  } finally {
    await run.dc.stop();
  }
});

test('reseal recomputes the CRCs; without it the same edit fails on the payload CRC', async () => {
  const run = await launch({ program: fx.good, stopOnEntry: true, bufferSize: THREE_CALLS });
  const events = whatIfEvents(run);
  try {
    await run.first;
    await setExpr(run, 'chunk[4].Range0.ByteCount', '0x5000');
    await act(run, run.dc.nextRequest({ threadId: 1 }));
    // Resealed: the CRCs match, so the content is what is tested (a 0x5000-byte range on 4 pages is corrupt).
    assert.equal(await evaluate(run.dc, 'statusName'), '"STATUS_FILE_CORRUPT_ERROR"');
    // Hand edit: GPADL with ByteCount 0x5000, every CRC recomputed.
    const c = exampleChunks();
    const g = gpadlPayload();
    new DataView(g.buffer, g.byteOffset).setUint32(16, 0x5000, true);
    const gp = encodeChunk({ type: CHUNK_TYPES.GPADL, sequence: 3, payload: g });
    const first4 = concat([c[0], c[1], c[2], gp]);
    const hand = concat([
      first4,
      encodeChunk({ type: CHUNK_TYPES.END, sequence: 4, flags: FLAG_FINAL, payload: endPayload(5, crc32c(first4)) }),
    ]);
    assert.deepEqual(applyBytes(exampleStream(), await changes(run)), hand);

    await act(run, run.dc.customRequest('vmbstate.setReseal', { reseal: false }));
    assert.equal(events.at(-1)!.reseal, false);
    assert.equal(
      await evaluate(run.dc, 'statusName'),
      '"STATUS_CRC_ERROR"',
      'not resealed: the payload CRC no longer matches',
    );
    await assert.rejects(
      run.dc.customRequest('vmbstate.setReseal', { reseal: 'yes' }),
      /needs "reseal": true or false/,
    );

    await act(run, run.dc.customRequest('vmbstate.discardWhatIf', {}));
    assert.deepEqual(events.at(-1)!.edits, []);
    assert.deepEqual((await changes(run)).byteChanges, []);
  } finally {
    await run.dc.stop();
  }
});

test('BufferSize and channel settings: replayed, and listed as session-only for a binary file', async () => {
  const run = await launch({ program: fx.good, stopOnEntry: true, bufferSize: THREE_CALLS });
  const events = whatIfEvents(run);
  try {
    await run.first;
    await setExpr(run, 'BufferSize', '0');
    assert.equal(await evaluate(run.dc, 'statusName'), '"STATUS_INVALID_PARAMETER_3"');
    assert.equal(await evaluate(run.dc, 'buffer.size'), '0');
    await setExpr(run, 'channel.initialState', '"Enabled"');
    await setExpr(run, 'call[1].BufferSize', '272');
    assert.equal(await evaluate(run.dc, 'statusName'), '"STATUS_INVALID_DEVICE_STATE"');
    // In the order they were made; the second BufferSize edit replaced the first.
    assert.deepEqual(events.at(-1)!.edits, ['channel.initialState = Enabled', 'call[1].BufferSize = 272']);
    assert.deepEqual([...events.at(-1)!.sessionOnly].sort(), [
      'call[1].BufferSize = 272',
      'channel.initialState = Enabled',
    ]);
    // Restart reads the file again: no edits any more.
    await act(run, run.dc.restartRequest({}));
    assert.deepEqual(events.at(-1)!.edits, []);
    assert.equal(await evaluate(run.dc, 'statusName'), '"STATUS_MORE_PROCESSING_REQUIRED"');
  } finally {
    await run.dc.stop();
  }
});

test('text form: the edit is a token of the .vmbhex; a crc= pin goes when resealing; apply = hand edit', async () => {
  const run = await launch({ program: fx.bitFlipText, stopOnEntry: false });
  try {
    await run.first;
    await setExpr(run, 'chunk[4].Range0.Pfn3', '0x1003');
    assert.equal(await evaluate(run.dc, 'statusName'), '"STATUS_MORE_PROCESSING_REQUIRED"');
    const c = await changes(run);
    assert.equal(c.form, 'text');
    const src = fs.readFileSync(fx.bitFlipText, 'utf8');
    const hand = src.replace(' crc=0x8BA415C1', '').replace('u64:0x1007', 'u64:0x1003');
    assert.equal(applyText(src, c), hand);
    assert.deepEqual(
      text.assembleText(applyText(src, c)).bytes,
      text.assembleText(fs.readFileSync(fx.goodText, 'utf8')).bytes,
    );
  } finally {
    await run.dc.stop();
  }
});

test('refused what-ifs say why: a call that ran, no such field, a value too wide, not a target', async () => {
  const run = await launch({ program: fx.goodText, stopOnEntry: true });
  try {
    await run.first;
    await act(run, run.dc.nextRequest({ threadId: 1 }));
    await assert.rejects(refused(run, 'chunk[1].ChunkCount', '4'), /call 1, which already ran: step back to it first/);
    await assert.rejects(
      refused(run, 'chunk[4].Bogus', '1'),
      /chunk 4 GPADL has no field "Bogus"; its payload fields: GpadlId, ChannelId/,
    );
    await assert.rejects(refused(run, 'chunk[4].RangeCount', '70000'), /RangeCount is 16 bits: 70000 does not fit/);
    await assert.rejects(refused(run, 'chunk[4].RangeCount', 'two'), /takes a whole number/);
    await assert.rejects(refused(run, 'lastStatus.name', '1'), /not something a what-if can change/);
    await assert.rejects(refused(run, 'chunk[0].X', '1'), /Chunks count from 1/);
  } finally {
    await run.dc.stop();
  }
});
