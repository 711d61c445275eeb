// Step Save (docs/step-save.md) through the standalone adapter (DAP over stdio, `"mode": "save"`): each save call is
// a stop with BytesFilled, BytesRequired, the status with NT_SUCCESS and its meaning, and the chunks
// written so far; breakpoints on chunks and on `.save` lines; the stream written goes to `output`.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { DebugClient } from '@vscode/debugadapter-testsupport';
import type { DebugProtocol } from '@vscode/debugprotocol';
import { waitStopOrEnd, type Ev } from './helpers/dapSession';
import { ADAPTER, REPO } from './helpers/debugFixtures';

const GOOD_BIN = path.join(REPO, 'samples/good.vmbstate');
const TOO_SMALL = path.join(REPO, 'samples/save/too-small.vmbhex');

interface SaveRun {
  dc: DebugClient;
  outputs: string[];
  first: Promise<Ev>;
}

async function launch(
  args: Record<string, unknown>,
  setup: { functionBreakpoints?: string[]; lines?: { path: string; lines: number[] } } = {},
): Promise<SaveRun> {
  const dc = new DebugClient('node', ADAPTER, 'vmbstate');
  dc.defaultTimeout = 8000;
  await dc.start();
  const outputs: string[] = [];
  dc.on('output', (e: Ev) =>
    outputs.push(
      ...String((e as DebugProtocol.OutputEvent).body.output)
        .trimEnd()
        .split('\n'),
    ),
  );
  const first = waitStopOrEnd(dc);
  await Promise.all([
    dc.waitForEvent('initialized').then(async () => {
      if (setup.functionBreakpoints)
        await dc.setFunctionBreakpointsRequest({ breakpoints: setup.functionBreakpoints.map((name) => ({ name })) });
      if (setup.lines)
        await dc.setBreakpointsRequest({
          source: { path: setup.lines.path },
          breakpoints: setup.lines.lines.map((line) => ({ line })),
        });
      await dc.configurationDoneRequest();
    }),
    dc.launch({ mode: 'save', ...args }),
  ]);
  return { dc, outputs, first };
}

async function step(dc: DebugClient, how: 'next' | 'continue' = 'next'): Promise<Ev> {
  const ev = waitStopOrEnd(dc);
  if (how === 'next') await dc.nextRequest({ threadId: 1 });
  else await dc.continueRequest({ threadId: 1 });
  return ev;
}

async function scope(dc: DebugClient, name: 'Save call' | 'Chunks'): Promise<Record<string, string>> {
  const scopes = (await dc.scopesRequest({ frameId: 0 })).body.scopes;
  const ref = scopes.find((s) => s.name === name)!.variablesReference;
  const vars = (await dc.variablesRequest({ variablesReference: ref })).body.variables;
  return Object.fromEntries(vars.map((v) => [v.name, v.value]));
}

const tmp = () => fs.mkdtempSync(path.join(os.tmpdir(), 'vmbstate-stepsave-'));

test('Step Save of a binary with 300-byte buffers: every call a stop, OVERFLOW explained, the stream written to output', async () => {
  const dir = tmp();
  const out = path.join(dir, 'saved.vmbstate');
  const r = await launch({ program: GOOD_BIN, saveBufferSize: 300, output: out });
  try {
    const entry = await r.first;
    assert.equal(entry.body.reason, 'entry');
    assert.match((await scope(r.dc, 'Save call')).origin, /driver loop.*300-byte buffers/);
    assert.equal((await step(r.dc)).body.reason, 'step');
    assert.equal((await scope(r.dc, 'Save call')).status, 'STATUS_SUCCESS (0x00000000)', 'SaveBegin');
    assert.equal((await step(r.dc)).body.reason, 'step');
    const call = await scope(r.dc, 'Save call');
    assert.equal(call.function, 'VmbChannelSaveContinue(Channel, SaveBuffer, 300, &BytesFilled, &BytesRequired)');
    assert.equal(call.status, 'STATUS_BUFFER_OVERFLOW (0x80000005)');
    assert.equal(call.ntSuccess, 'FALSE');
    assert.match(call.meaning, /NT_SUCCESS\(status\)` is FALSE, yet on the save side it means progress/);
    assert.deepEqual([call.bytesFilled, call.bytesRequired, call.chunksWritten], ['272', '192', '2 of 5']);
    assert.equal(call.writtenByThisCall, 'chunk 1 BEGIN, chunk 2 OFFER channel 17');
    const chunks = await scope(r.dc, 'Chunks');
    assert.match(chunks['chunk 2'], /OFFER channel 17, 176 bytes, seq 1: written by this call ◀/);
    assert.match(chunks['chunk 3'], /not yet written/);
    const frames = (await r.dc.stackTraceRequest({ threadId: 1 })).body.stackFrames;
    assert.match(frames[0].name, /^save call 2: VmbChannelSaveContinue/);
    await step(r.dc);
    assert.match((await scope(r.dc, 'Chunks'))['chunk 2'], /: written$/);
    assert.equal((await scope(r.dc, 'Save call')).status, 'STATUS_BUFFER_OVERFLOW (0x80000005)');
    await step(r.dc);
    assert.equal((await scope(r.dc, 'Save call')).status, 'STATUS_SUCCESS (0x00000000)');
    const end = await step(r.dc);
    assert.equal(end.event, 'terminated');
    assert.ok(
      r.outputs.some((l) =>
        /save call 2 of 5: .* → STATUS_BUFFER_OVERFLOW \(0x80000005\), NT_SUCCESS=FALSE \(yet progress/.test(l),
      ),
    );
    assert.ok(r.outputs.includes('Save ended: 5 of 5 chunk(s) written, 600 bytes.'));
    assert.deepEqual(fs.readFileSync(out), fs.readFileSync(GOOD_BIN));
  } finally {
    await r.dc.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('Step Save: a function breakpoint on a chunk stops after the call that writes it; writeSavedStream writes the stream so far', async () => {
  const dir = tmp();
  const r = await launch(
    { program: GOOD_BIN, saveBufferSize: 300 },
    { functionBreakpoints: ['GPADL', 'no such thing'] },
  );
  try {
    await r.first;
    const hit = await step(r.dc, 'continue');
    assert.equal(hit.body.reason, 'breakpoint');
    assert.match(hit.body.description, /Breakpoint: GPADL \(chunk 4, GPADL 0x0000E001\)/);
    assert.equal((await scope(r.dc, 'Save call')).call, '3 of 5');
    const w = await r.dc.customRequest('writeSavedStream', { path: path.join(dir, 'part.vmbstate') });
    assert.deepEqual([w.body.bytes, w.body.chunks], [552, 4]);
    assert.deepEqual(fs.readFileSync(path.join(dir, 'part.vmbstate')), fs.readFileSync(GOOD_BIN).subarray(0, 552));
    const bad = await r.dc.customRequest('writeSavedStream', {}).catch((e: Error) => e);
    assert.ok(bad instanceof Error && /needs a path/.test(bad.message));
    assert.equal((await step(r.dc, 'continue')).event, 'terminated');
  } finally {
    await r.dc.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('Step Save of a fixture: continue stops on BUFFER_TOO_SMALL (exception) and on a .save line breakpoint', async () => {
  const lines = fs.readFileSync(TOO_SMALL, 'utf8').split('\n');
  const lastSave = lines.findIndex((l) => l.startsWith('.save bufsize=4096')) + 1;
  const r = await launch({ program: TOO_SMALL }, { lines: { path: TOO_SMALL, lines: [lastSave] } });
  try {
    await r.first;
    const tooSmall = await step(r.dc, 'continue');
    assert.equal(tooSmall.body.reason, 'exception');
    assert.equal(tooSmall.body.description, 'STATUS_BUFFER_TOO_SMALL (0xC0000023)');
    const v = await scope(r.dc, 'Save call');
    assert.deepEqual([v.call, v.bytesFilled, v.bytesRequired, v.writtenByThisCall], ['3 of 7', '0', '176', 'nothing']);
    assert.equal((await step(r.dc, 'continue')).body.reason, 'exception', 'the second BUFFER_TOO_SMALL');
    const bp = await step(r.dc, 'continue');
    assert.equal(bp.body.reason, 'breakpoint');
    assert.equal((await r.dc.stackTraceRequest({ threadId: 1 })).body.stackFrames[0].line, lastSave);
    assert.equal((await step(r.dc, 'continue')).event, 'terminated');
  } finally {
    await r.dc.stop();
  }
});

test('Step Save: a buffer below the first chunk stops on BUFFER_TOO_SMALL, SaveEnd reports SAVE-INCOMPLETE; bad attributes are refused', async () => {
  const r = await launch({ program: GOOD_BIN, saveBufferSize: 64, stopOnEntry: false });
  try {
    const first = await r.first;
    assert.equal(first.body.reason, 'exception');
    assert.match((await scope(r.dc, 'Save call')).bytesRequired, /^96$/);
    const end = await step(r.dc, 'continue');
    assert.equal(end.body.reason, 'exception', 'SaveEnd with 5 chunks unwritten');
    assert.equal((await scope(r.dc, 'Save call')).unwritten, '5');
    assert.equal((await step(r.dc, 'continue')).event, 'terminated');
    assert.ok(
      r.outputs.some((l) => /^\[SAVE-INCOMPLETE\] 5 of 5 chunk\(s\) were never written/.test(l)),
      r.outputs.join('\n'),
    );
  } finally {
    await r.dc.stop();
  }
  for (const [args, message] of [
    [{ program: GOOD_BIN, saveBufferSize: 0 }, /saveBufferSize must be a whole number of bytes from 1/],
    [{ program: GOOD_BIN, output: 7 }, /output must be a file path/],
    [{ program: path.join(REPO, 'samples/nope.vmbstate') }, /no such file|cannot read/],
  ] as const) {
    const dc = new DebugClient('node', ADAPTER, 'vmbstate');
    await dc.start();
    try {
      await dc.initializeRequest();
      const e = await dc.launch({ mode: 'save', ...args }).catch((x: Error) => x);
      assert.ok(e instanceof Error && message.test(e.message), String(e));
    } finally {
      await dc.stop();
    }
  }
});
