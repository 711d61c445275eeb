// The Step Restore debug adapter as a separate process speaking DAP over stdio, driven by
// @vscode/debugadapter-testsupport's DebugClient: launch, stepping, breakpoints, variables,
// evaluate, exceptionInfo, the design's golden status sequences and bad input.
import { test, after, describe } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { DebugClient } from '@vscode/debugadapter-testsupport';
import type { DebugProtocol } from '@vscode/debugprotocol';
import { analyze, decodeDocument, statusName, type TraceEntry } from '../../core/src';
import { isFailure } from '../../debugger/src/stopReasons';
import { ADAPTER, lineOf, makeFixtures, removeFixtures, REPO, THREE_CALLS } from './helpers/debugFixtures';
import { act, evaluate, launch, topFrame, vars } from './helpers/dapSession';

const statusesOf = (traces: TraceEntry[]) => traces.flatMap((t) => (t.kind === 'call' ? [statusName(t.status)] : []));
const codesOf = (traces: TraceEntry[]) => traces.flatMap((t) => (t.kind === 'call' ? [t.failure?.code] : []));

const fx = makeFixtures();
after(() => removeFixtures(fx));

const M = 'STATUS_MORE_PROCESSING_REQUIRED';

describe('golden status sequences (design §6), run without stopping', () => {
  const cases: [string, string, Record<string, unknown>, (string | undefined)[], (string | undefined)[]][] = [
    [
      'good stream in 3 calls',
      fx.good,
      { bufferSize: THREE_CALLS },
      [M, M, 'STATUS_SUCCESS'],
      [undefined, undefined, undefined],
    ],
    ['whole file in one call', fx.good, { buffering: 'whole' }, ['STATUS_SUCCESS'], [undefined]],
    [
      'one chunk per call',
      fx.good,
      { buffering: 'chunk' },
      [M, M, M, M, 'STATUS_SUCCESS'],
      [undefined, undefined, undefined, undefined, undefined],
    ],
    [
      'call 2 short by 8 bytes',
      fx.short8,
      { bufferSize: THREE_CALLS },
      [M, 'STATUS_INVALID_BUFFER_SIZE'],
      [undefined, 'SIZE-PARTIAL'],
    ],
    [
      'GPADL payload bit flip',
      fx.bitFlip,
      { bufferSize: THREE_CALLS },
      [M, 'STATUS_CRC_ERROR', 'STATUS_INVALID_DEVICE_STATE'],
      [undefined, 'CRC-PAYLOAD', 'STATE-FAILED'],
    ],
    // Unframable bytes begin a call of their own to the end of the input; BEGIN's call is unaffected (format.md §4).
    [
      'bad magic on OFFER',
      fx.badMagicOffer,
      { bufferSize: THREE_CALLS },
      [M, 'STATUS_DATA_ERROR'],
      [undefined, 'FRAME-MAGIC'],
    ],
    [
      'major version 2',
      fx.major2,
      { bufferSize: THREE_CALLS },
      ['STATUS_REVISION_MISMATCH', 'STATUS_INVALID_DEVICE_STATE', 'STATUS_INVALID_DEVICE_STATE'],
      ['VER-MAJOR', 'STATE-FAILED', 'STATE-FAILED'],
    ],
    [
      'CHANNEL_STATE dropped',
      fx.noChannelState,
      { buffering: 'chunk' },
      [M, M, 'STATUS_REQUEST_OUT_OF_SEQUENCE', 'STATUS_INVALID_DEVICE_STATE'],
      [undefined, undefined, 'SEQ-GAP', 'STATE-FAILED'],
    ],
    [
      'call 1 resent',
      fx.call1Resent,
      { bufferSize: THREE_CALLS },
      [M, 'STATUS_REQUEST_OUT_OF_SEQUENCE'],
      [undefined, 'SEQ-DUPLICATE'],
    ],
    [
      'END twice in call 3',
      fx.endTwice,
      { bufferSize: THREE_CALLS },
      [M, M, 'STATUS_REQUEST_OUT_OF_SEQUENCE'],
      [undefined, undefined, 'SEQ-AFTER-FINAL'],
    ],
    [
      'a call after SUCCESS',
      fx.afterSuccess,
      { buffering: 'chunk' },
      [M, M, M, M, 'STATUS_SUCCESS', 'STATUS_INVALID_DEVICE_STATE'],
      [undefined, undefined, undefined, undefined, undefined, 'STATE-DONE'],
    ],
    ['stream cut after call 2', fx.cutAfterCall2, { bufferSize: THREE_CALLS }, [M, M], [undefined, undefined]],
    ['text form: the sample', fx.goodText, {}, [M, M, 'STATUS_SUCCESS'], [undefined, undefined, undefined]],
    [
      'text form: GPADL payload changed under its CRC',
      fx.bitFlipText,
      {},
      [M, 'STATUS_CRC_ERROR', 'STATUS_INVALID_DEVICE_STATE'],
      [undefined, 'CRC-PAYLOAD', 'STATE-FAILED'],
    ],
    [
      'text form: call 2 short by 8 bytes (.truncate 8)',
      fx.truncateText,
      {},
      [M, 'STATUS_INVALID_BUFFER_SIZE', 'STATUS_INVALID_DEVICE_STATE'],
      [undefined, 'SIZE-PARTIAL', 'STATE-FAILED'],
    ],
  ];
  for (const [name, file, args, statuses, codes] of cases) {
    test(name, async () => {
      const run = await launch(
        { program: file, stopOnEntry: false, breakOnFailure: false, ...args },
        { exceptionFilters: [] },
      );
      try {
        const ev = await run.first;
        assert.equal(ev.event, 'terminated');
        assert.deepEqual(statusesOf(run.traces), statuses);
        assert.deepEqual(codesOf(run.traces), codes);
        const summary = run.outputs.find((o) => /^(restore finished|restore failed|input ended)/.test(o));
        assert.ok(summary, 'an outcome line');
        if (file === fx.cutAfterCall2) {
          assert.equal(summary, 'input ended before restore finished: STATUS_END_OF_FILE (0xC0000011) after 2 calls');
          assert.ok(
            run.outputs.some((o) =>
              o.startsWith(
                'EOF-TRUNCATED: The input ends after restore call 2 returned STATUS_MORE_PROCESSING_REQUIRED (0xC0000016)',
              ),
            ),
          );
        }
      } finally {
        await run.dc.stop();
      }
    });
  }
});

describe('the failure stop on each malformed sample', () => {
  const cases: [string, string, Record<string, unknown>, string, string, number][] = [
    [
      'call 2 short by 8 bytes',
      fx.short8,
      { bufferSize: THREE_CALLS },
      'STATUS_INVALID_BUFFER_SIZE',
      'SIZE-PARTIAL',
      2,
    ],
    ['GPADL payload bit flip', fx.bitFlip, { bufferSize: THREE_CALLS }, 'STATUS_CRC_ERROR', 'CRC-PAYLOAD', 2],
    ['bad magic on OFFER', fx.badMagicOffer, { bufferSize: THREE_CALLS }, 'STATUS_DATA_ERROR', 'FRAME-MAGIC', 2],
    ['major version 2', fx.major2, { bufferSize: THREE_CALLS }, 'STATUS_REVISION_MISMATCH', 'VER-MAJOR', 1],
    [
      'CHANNEL_STATE dropped',
      fx.noChannelState,
      { buffering: 'chunk' },
      'STATUS_REQUEST_OUT_OF_SEQUENCE',
      'SEQ-GAP',
      3,
    ],
    [
      'call 1 resent',
      fx.call1Resent,
      { bufferSize: THREE_CALLS },
      'STATUS_REQUEST_OUT_OF_SEQUENCE',
      'SEQ-DUPLICATE',
      2,
    ],
    [
      'END twice in call 3',
      fx.endTwice,
      { bufferSize: THREE_CALLS },
      'STATUS_REQUEST_OUT_OF_SEQUENCE',
      'SEQ-AFTER-FINAL',
      3,
    ],
    ['a call after SUCCESS', fx.afterSuccess, { buffering: 'chunk' }, 'STATUS_INVALID_DEVICE_STATE', 'STATE-DONE', 6],
    ['junk bytes', fx.junk, {}, 'STATUS_DATA_ERROR', 'FRAME-MAGIC', 1],
    ['text form: CRC', fx.bitFlipText, {}, 'STATUS_CRC_ERROR', 'CRC-PAYLOAD', 2],
  ];
  for (const [name, file, args, status, code, call] of cases) {
    test(name, async () => {
      const run = await launch({ program: file, stopOnEntry: false, ...args });
      try {
        const ev = (await run.first) as DebugProtocol.StoppedEvent;
        assert.equal(ev.event, 'stopped');
        assert.equal(ev.body.reason, 'exception');
        assert.match(ev.body.description ?? '', new RegExp(`^call ${call} \\[`));
        const info = await run.dc.exceptionInfoRequest({ threadId: 1 });
        assert.equal(info.body.exceptionId, status);
        assert.equal(info.body.details?.typeName, code);
        assert.match(info.body.description ?? '', new RegExp(`^${status} \\(0x[0-9A-F]{8}\\): `));
        assert.match(info.body.description ?? '', new RegExp(`\\n${code}: `));
        assert.equal(info.body.breakMode, 'always');
        const frames = await topFrame(run.dc);
        assert.match(frames[0].name, new RegExp(`^✗ ${code} @0x`));
        assert.equal(await evaluate(run.dc, 'lastStatus.diagnostic.code'), `"${code}"`);
        assert.equal(await evaluate(run.dc, 'call'), String(call));
        // Continue past every further stop: the adapter ends cleanly.
        for (
          let ev2 = await act(run, run.dc.continueRequest({ threadId: 1 }));
          ev2.event === 'stopped';
          ev2 = await act(run, run.dc.continueRequest({ threadId: 1 }))
        ) {
          assert.equal((ev2 as DebugProtocol.StoppedEvent).body.reason, 'exception');
        }
      } finally {
        await run.dc.stop();
      }
    });
  }
});

describe('bundled samples: the adapter stops on every failure and agrees with the core run', () => {
  const dir = path.join(REPO, 'samples');
  const files = fs.existsSync(dir)
    ? [
        ...fs.readdirSync(dir).filter((f) => /\.vmb(hex|state)$/.test(f)),
        ...(fs.existsSync(path.join(dir, 'malformed'))
          ? fs.readdirSync(path.join(dir, 'malformed')).map((f) => `malformed/${f}`)
          : []),
      ]
    : [];
  for (const name of files) {
    test(name, async () => {
      const file = path.join(dir, name);
      const core = analyze(decodeDocument(file, new Uint8Array(fs.readFileSync(file))));
      const calls = core.trace.flatMap((t) => (t.kind === 'call' ? [t] : []));
      const expectedStops = calls
        .filter((t) => isFailure(t.status))
        .map((t) => `${statusName(t.status)}/${t.failure?.code}`);
      const run = await launch({ program: file, stopOnEntry: false });
      try {
        const stops: string[] = [];
        for (
          let ev = await run.first;
          ev.event === 'stopped';
          ev = await act(run, run.dc.continueRequest({ threadId: 1 }))
        ) {
          assert.equal((ev as DebugProtocol.StoppedEvent).body.reason, 'exception');
          const info = await run.dc.exceptionInfoRequest({ threadId: 1 });
          stops.push(`${info.body.exceptionId}/${info.body.details?.typeName}`);
          const frames = await topFrame(run.dc);
          assert.ok(frames.length >= 2, 'a failure frame above the call');
        }
        assert.deepEqual(stops, expectedStops);
        assert.deepEqual(
          statusesOf(run.traces),
          calls.map((t) => statusName(t.status)),
        );
        assert.deepEqual(
          codesOf(run.traces),
          calls.map((t) => t.failure?.code),
        );
        for (const f of core.outcome.findings)
          assert.ok(
            run.outputs.some((o) => o.startsWith(`${f.code}: `)),
            `finding ${f.code} in the console`,
          );
      } finally {
        await run.dc.stop();
      }
    });
  }
});

test('launch with stopOnEntry stops before call 1; the plan, frame and console line', async () => {
  const run = await launch({ program: fx.good, stopOnEntry: true, bufferSize: THREE_CALLS });
  try {
    const ev = (await run.first) as DebugProtocol.StoppedEvent;
    assert.equal(ev.body.reason, 'entry');
    const threads = await run.dc.threadsRequest();
    assert.deepEqual(threads.body.threads, [{ id: 1, name: 'restore good.vmbstate' }]);
    const frames = await topFrame(run.dc);
    assert.deepEqual(
      frames.map((f) => f.name),
      ['call 1 [0..272) 2 chunks'],
    );
    assert.equal(frames[0].source?.path, fx.good);
    assert.equal(run.plans.length, 1);
    assert.equal(run.plans[0].form, 'binary');
    assert.deepEqual(
      run.plans[0].calls.map((c) => c.items.map((i) => i.typeName)),
      [['BEGIN', 'OFFER'], ['CHANNEL_STATE', 'GPADL'], ['END']],
    );
    assert.deepEqual(run.positions[0].byteRange, { start: 0, end: 272 });
    assert.equal(run.positions[0].uri, 'file://' + fx.good);
    assert.equal(run.traces.length, 0);
    assert.match(
      run.outputs[0],
      /^Step Restore good\.vmbstate: binary form, 600 bytes, 3 restore calls \(whole chunks packed into buffers of at most 280 bytes\)/,
    );
    let e = await act(run, run.dc.nextRequest({ threadId: 1 }));
    assert.equal((e as DebugProtocol.StoppedEvent).body.reason, 'step');
    assert.ok(run.outputs.includes('call 1 [0..272) 2 chunks → STATUS_MORE_PROCESSING_REQUIRED (0xC0000016)'));
    e = await act(run, run.dc.nextRequest({ threadId: 1 }));
    assert.ok(run.outputs.includes('call 2 [272..552) 2 chunks → STATUS_MORE_PROCESSING_REQUIRED (0xC0000016)'));
    e = await act(run, run.dc.nextRequest({ threadId: 1 }));
    assert.equal((e as DebugProtocol.StoppedEvent).body.description, 'End of input: STATUS_SUCCESS (0x00000000)');
    assert.ok(run.outputs.includes('call 3 [552..600) 1 chunk → STATUS_SUCCESS (0x00000000)'));
    assert.ok(run.outputs.includes('restore finished: STATUS_SUCCESS (0x00000000) after 3 calls'));
    e = await act(run, run.dc.nextRequest({ threadId: 1 }));
    assert.equal(e.event, 'terminated');
    assert.equal(run.traces.length, 3);
  } finally {
    await run.dc.stop();
  }
});

test('step in goes through the chunks of the current buffer; step out finishes it (text form frames)', async () => {
  const f = fx.goodText;
  const run = await launch({ program: f, stopOnEntry: true });
  try {
    await run.first;
    let frames = await topFrame(run.dc);
    assert.equal(frames[0].line, lineOf(f, '.call'));
    assert.equal(frames[0].source?.path, f);
    await act(run, run.dc.stepInRequest({ threadId: 1 }));
    frames = await topFrame(run.dc);
    assert.deepEqual(
      frames.map((x) => x.name),
      ['call 1 · chunk 1 BEGIN @0x0', 'call 1 [0..272) 2 chunks'],
    );
    assert.equal(frames[0].line, lineOf(f, '.chunk BEGIN'));
    assert.equal(frames[0].endLine, frames[0].line, 'a frame is one line (a caret), never the block');
    assert.equal(await evaluate(run.dc, 'kind'), '"BEGIN"');
    const before = run.positions.length;
    await run.dc.scopesRequest({ frameId: 2 });
    await new Promise((r) => setTimeout(r, 50));
    assert.equal(run.positions.length, before + 1, 'selecting the call frame announces its bytes');
    assert.deepEqual(run.positions[before].byteRange, { start: 0, end: 272 });
    assert.equal(run.positions[before].reason, 'frame');
    assert.equal(run.positions[before].chunk, undefined);
    assert.equal(await evaluate(run.dc, 'InterfaceType', 'hover'), '{ba6163d9-04a1-4d29-b605-72e2ffb1dc7f}');
    await act(run, run.dc.stepInRequest({ threadId: 1 }));
    assert.equal((await topFrame(run.dc))[0].line, lineOf(f, '.chunk OFFER'));
    assert.equal(run.traces.length, 0, 'stepping through chunks runs nothing');
    await act(run, run.dc.stepInRequest({ threadId: 1 }));
    assert.equal(run.traces.length, 1, 'stepping past the last chunk runs the call');
    assert.equal((await topFrame(run.dc))[0].line, lineOf(f, '.chunk CHANNEL_STATE'));
    await act(run, run.dc.stepOutRequest({ threadId: 1 }));
    assert.equal(run.traces.length, 2);
    frames = await topFrame(run.dc);
    assert.deepEqual(
      frames.map((x) => x.name),
      ['call 3 [552..600) 1 chunk'],
    );
    assert.equal(frames[0].line, lineOf(f, '.call', lineOf(f, '# Call 3')));
    assert.ok(run.outputs.some((o) => o === '    .expect STATUS_MORE_PROCESSING_REQUIRED (0xC0000016): ok'));
    const e = await act(run, run.dc.continueRequest({ threadId: 1 }));
    assert.equal(e.event, 'terminated');
  } finally {
    await run.dc.stop();
  }
});

test('line breakpoints bind to chunks and calls; conditions see the status the call returns', async () => {
  const f = fx.goodText;
  const gpadl = lineOf(f, '.chunk GPADL');
  const call3 = lineOf(f, '.call', lineOf(f, '# Call 3'));
  let bps: DebugProtocol.Breakpoint[] = [];
  const run = await launch(
    { program: f, stopOnEntry: false },
    {
      breakpoints: {
        path: f,
        breakpoints: [
          { line: gpadl + 2 },
          { line: call3, condition: 'status == STATUS_SUCCESS && kind == undefined' },
          { line: lineOf(f, '.chunk OFFER'), condition: 'status != STATUS_MORE_PROCESSING_REQUIRED' },
          { line: lineOf(f, '.chunk BEGIN'), condition: 'status ==' },
        ],
      },
      onBreakpoints: (b) => (bps = b),
    },
  );
  try {
    assert.deepEqual(
      bps.map((b) => [b.verified, b.line]),
      [
        [true, gpadl],
        [true, call3],
        [true, lineOf(f, '.chunk OFFER')],
        [false, lineOf(f, '.chunk BEGIN')],
      ],
    );
    assert.match(bps[3].message ?? '', /^Condition: /);
    let ev = (await run.first) as DebugProtocol.StoppedEvent;
    assert.equal(ev.body.reason, 'breakpoint');
    assert.deepEqual(ev.body.hitBreakpointIds, [bps[0].id]);
    let frames = await topFrame(run.dc);
    assert.equal(frames[0].line, gpadl);
    assert.equal(frames[0].name, 'call 2 · chunk 4 GPADL @0x1D0');
    assert.equal(await evaluate(run.dc, 'sequence'), '3');
    ev = (await act(run, run.dc.continueRequest({ threadId: 1 }))) as DebugProtocol.StoppedEvent;
    assert.equal(ev.body.reason, 'breakpoint');
    frames = await topFrame(run.dc);
    assert.equal(frames[0].line, call3);
    assert.match(await evaluate(run.dc, 'status'), /^STATUS_SUCCESS \(0x00000000\) · preview: call 3 has not run yet$/);
    const e = await act(run, run.dc.continueRequest({ threadId: 1 }));
    assert.equal(e.event, 'terminated');
  } finally {
    await run.dc.stop();
  }
});

test('a conditional breakpoint on a chunk whose call will fail stops before the call runs', async () => {
  const f = fx.bitFlipText;
  const run = await launch(
    { program: f, stopOnEntry: false },
    {
      breakpoints: {
        path: f,
        breakpoints: [
          {
            line: lineOf(f, '.chunk GPADL'),
            condition: '!NT_SUCCESS(status) && status != STATUS_MORE_PROCESSING_REQUIRED',
          },
        ],
      },
    },
  );
  try {
    let ev = (await run.first) as DebugProtocol.StoppedEvent;
    assert.equal(ev.body.reason, 'breakpoint');
    assert.equal(run.traces.length, 1, 'only call 1 ran');
    assert.equal(await evaluate(run.dc, 'statusName'), '"STATUS_CRC_ERROR"');
    ev = (await act(run, run.dc.continueRequest({ threadId: 1 }))) as DebugProtocol.StoppedEvent;
    assert.equal(ev.body.reason, 'exception');
    const frames = await topFrame(run.dc);
    assert.equal(
      frames[0].line,
      lineOf(f, '.chunk GPADL'),
      'the failing PayloadCrc32c comes from the crc= option on the .chunk line',
    );
  } finally {
    await run.dc.stop();
  }
});

test('function breakpoints with hit counts; line breakpoints in binaries and other files do not bind', async () => {
  const bound: DebugProtocol.Breakpoint[][] = [];
  const run = await launch(
    { program: fx.good, stopOnEntry: false, buffering: 'chunk' },
    {
      breakpoints: { path: path.join(fx.dir, 'other.vmbhex'), breakpoints: [{ line: 3 }] },
      functionBreakpoints: [{ name: 'chunk', hitCondition: '>=4' }, { name: 'bogus name!' }],
      onBreakpoints: (b) => bound.push(b),
    },
  );
  try {
    assert.equal(bound[0][0].verified, false);
    assert.match(bound[0][0].message ?? '', /breakpoints in other files do not bind/);
    assert.deepEqual(
      bound[1].map((b) => b.verified),
      [true, false],
    );
    let ev = (await run.first) as DebugProtocol.StoppedEvent;
    assert.equal(ev.body.reason, 'function breakpoint');
    assert.equal(await evaluate(run.dc, 'kind'), '"GPADL"');
    ev = (await act(run, run.dc.continueRequest({ threadId: 1 }))) as DebugProtocol.StoppedEvent;
    assert.equal(await evaluate(run.dc, 'kind'), '"END"');
    assert.equal(run.positions[run.positions.length - 1].chunk, 5);
    assert.deepEqual(run.positions[run.positions.length - 1].byteRange, { start: 552, end: 600 });
    const r = await run.dc.setBreakpointsRequest({ source: { path: fx.good }, breakpoints: [{ line: 1 }] });
    assert.equal(r.body.breakpoints[0].verified, false);
    assert.match(r.body.breakpoints[0].message ?? '', /Binary files have no lines/);
  } finally {
    await run.dc.stop();
  }
});

test('variables: Channel, Current buffer, Last status and History', async () => {
  const run = await launch({ program: fx.good, stopOnEntry: true, bufferSize: THREE_CALLS });
  const dc = run.dc;
  try {
    await run.first;
    await act(run, dc.nextRequest({ threadId: 1 }));
    await act(run, dc.nextRequest({ threadId: 1 }));
    const scopes = (await dc.scopesRequest({ frameId: 1 })).body.scopes;
    assert.deepEqual(
      scopes.map((s) => s.name),
      ['Channel', 'Current buffer', 'Last status', 'History'],
    );
    const [channel, buffer, last, history] = await Promise.all(scopes.map((s) => vars(dc, s.variablesReference)));

    assert.equal(channel.get('lifecycle')?.value, 'Disabled');
    assert.equal(channel.get('phase')?.value, 'InProgress');
    assert.equal(channel.get('chunksConsumed')?.value, '4');
    assert.equal(channel.get('nextSequence')?.value, '4');
    assert.match(channel.get('streamCrc')?.value ?? '', /^0x[0-9A-F]{8}$/);
    assert.equal(
      channel.get('begin')?.value,
      '{ba6163d9-04a1-4d29-b605-72e2ffb1dc7f} instance {11111111-2222-3333-4444-555555555555} subchannel 0',
    );
    assert.equal(channel.get('offer')?.value, 'ChannelId 17, ConnectionId 17');
    assert.equal(channel.get('channelState')?.value, 'Open');
    assert.equal(channel.get('gpadls')?.value, '1 GPADL');
    const gpadls = await vars(dc, channel.get('gpadls')!.variablesReference);
    assert.equal(gpadls.get('[0]')?.value, '0x0000E001 · channel 17 · Accepted · 1 range');
    assert.equal(gpadls.get('[0]')?.evaluateName, 'channel.gpadls[0]');
    const g0 = await vars(dc, gpadls.get('[0]')!.variablesReference);
    assert.equal(g0.get('gpadlId')?.value, '0x0000E001');
    const ranges = await vars(dc, g0.get('ranges')!.variablesReference);
    assert.equal(ranges.get('[0]')?.value, '16384 bytes at +0x000 over 4 pages');
    const r0 = await vars(dc, ranges.get('[0]')!.variablesReference);
    const pfns = await vars(dc, r0.get('pfns')!.variablesReference);
    assert.deepEqual(
      [...pfns.values()].map((v) => v.value),
      ['0x0000000000001000', '0x0000000000001001', '0x0000000000001002', '0x0000000000001003'],
    );
    const cs = await vars(dc, channel.get('channelState')!.variablesReference);
    const open = await vars(dc, cs.get('open')!.variablesReference);
    assert.equal(open.get('ringGpadlId')?.value, '0x0000E001');

    assert.equal(buffer.get('call')?.value, '3');
    assert.equal(buffer.get('bytes')?.value, '[552..600)');
    assert.equal(buffer.get('size')?.value, '48');
    assert.equal(buffer.get('ran')?.value, 'false');
    assert.equal(buffer.get('returns')?.value, 'STATUS_SUCCESS (0x00000000) · preview: call 3 has not run yet');
    const chunks = await vars(dc, buffer.get('chunks')!.variablesReference);
    assert.equal(chunks.get('[0]')?.value, 'chunk 5 END @0x228 seq 4 [552..600)');
    const end = await vars(dc, chunks.get('[0]')!.variablesReference);
    assert.equal(end.get('kind')?.value, 'END');
    const header = await vars(dc, end.get('header')!.variablesReference);
    assert.deepEqual(
      [...header.keys()],
      [
        'Magic',
        'HeaderSize',
        'VersionMajor',
        'VersionMinor',
        'Reserved0',
        'Type',
        'Flags',
        'Sequence',
        'PayloadLength',
        'PayloadCrc32c',
        'Reserved1',
        'HeaderCrc32c',
      ],
    );
    assert.match(header.get('Type')?.value ?? '', /END/);
    assert.match(header.get('Flags')?.value ?? '', /FINAL/);
    const payload = await vars(dc, end.get('payload')!.variablesReference);
    assert.deepEqual([...payload.keys()], ['ChunkCount', 'EndFlags', 'StreamCrc32c', 'Reserved']);

    assert.equal(last.get('name')?.value, 'STATUS_MORE_PROCESSING_REQUIRED');
    assert.equal(last.get('value')?.value, '0xC0000016');
    assert.equal(last.get('ntSuccess')?.value, 'false');
    assert.match(last.get('meaning')?.value ?? '', /call VmbChannelRestoreFromBuffer again/);
    assert.match(
      last.get('trap')?.value ?? '',
      /0xC0000016, an error-severity value, so `NT_SUCCESS\(status\)` is FALSE, yet it means progress/,
    );
    assert.equal(last.get('call')?.value, '2');

    assert.deepEqual(
      [...history.values()].map((v) => v.value),
      [
        'call 1 [0..272) 2 chunks → STATUS_MORE_PROCESSING_REQUIRED (0xC0000016)',
        'call 2 [272..552) 2 chunks → STATUS_MORE_PROCESSING_REQUIRED (0xC0000016)',
      ],
    );
  } finally {
    await dc.stop();
  }
});

test('before the first call the Last status and History scopes say so', async () => {
  const run = await launch({ program: fx.good, stopOnEntry: true });
  try {
    await run.first;
    const scopes = (await run.dc.scopesRequest({ frameId: 1 })).body.scopes;
    const last = await vars(run.dc, scopes[2].variablesReference);
    assert.equal(last.get('status')?.value, '(no restore call yet)');
    const history = await vars(run.dc, scopes[3].variablesReference);
    assert.equal(history.get('history')?.value, '(no restore call yet)');
  } finally {
    await run.dc.stop();
  }
});

test('evaluate: watch, hover and console names; errors are error responses', async () => {
  const run = await launch({ program: fx.good, stopOnEntry: true, bufferSize: THREE_CALLS });
  const dc = run.dc;
  try {
    await run.first;
    await act(run, dc.nextRequest({ threadId: 1 }));
    await act(run, dc.nextRequest({ threadId: 1 }));
    assert.equal(await evaluate(dc, 'channel.phase'), '"InProgress"');
    assert.equal(await evaluate(dc, 'gpadls.length'), '1');
    assert.equal(await evaluate(dc, 'lastStatus.ntSuccess'), 'false');
    assert.equal(await evaluate(dc, 'lastStatus'), 'STATUS_MORE_PROCESSING_REQUIRED (0xC0000016) · NT_SUCCESS FALSE');
    assert.equal(await evaluate(dc, 'NT_SUCCESS(lastStatus.value)'), 'false');
    assert.equal(await evaluate(dc, 'history.length'), '2');
    assert.equal(await evaluate(dc, 'STATUS_CRC_ERROR', 'hover'), 'STATUS_CRC_ERROR (0xC000003F)');
    assert.equal(await evaluate(dc, 'hex(gpadls[0].gpadlId)'), '"0x0000E001"');
    const obj = await dc.evaluateRequest({ expression: 'channel', context: 'repl', frameId: 1 });
    assert.ok(obj.body.variablesReference > 0, 'objects expand');
    const help = await evaluate(dc, 'help', 'repl');
    assert.match(help, /^Names: status, statusName/);
    await assert.rejects(dc.evaluateRequest({ expression: 'status ==', context: 'repl' }), /expected|unexpected end/);
    await assert.rejects(dc.evaluateRequest({ expression: 'nosuch', context: 'watch' }), /unknown name "nosuch"/);
    const c = await dc.completionsRequest({ text: 'channel.ph', column: 11 });
    assert.deepEqual(
      c.body.targets.map((t) => t.label),
      ['phase'],
    );
    const mem = await dc.customRequest('readMemory', { memoryReference: '552', count: 4 });
    assert.equal(Buffer.from(mem.body.data, 'base64').toString('latin1'), 'VBSC');
  } finally {
    await dc.stop();
  }
});

test('exception filters: off, the non-success filter, and filter conditions', async () => {
  let run = await launch(
    { program: fx.bitFlip, stopOnEntry: false, bufferSize: THREE_CALLS },
    { exceptionFilters: [] },
  );
  try {
    assert.equal((await run.first).event, 'terminated');
  } finally {
    await run.dc.stop();
  }
  run = await launch(
    { program: fx.bitFlip, stopOnEntry: false, bufferSize: THREE_CALLS },
    { exceptionFilters: [], filterOptions: [{ filterId: 'failure', condition: 'call == 3' }] },
  );
  try {
    const ev = (await run.first) as DebugProtocol.StoppedEvent;
    assert.equal(ev.body.reason, 'exception');
    assert.equal((await run.dc.exceptionInfoRequest({ threadId: 1 })).body.details?.typeName, 'STATE-FAILED');
  } finally {
    await run.dc.stop();
  }
  run = await launch(
    { program: fx.bitFlip, stopOnEntry: true, bufferSize: THREE_CALLS, breakOnFailure: false },
    { exceptionFilters: ['nonSuccess'] },
  );
  try {
    await run.first;
    await assert.rejects(run.dc.exceptionInfoRequest({ threadId: 1 }), /Not stopped on a failed restore call/);
    const ev = (await act(run, run.dc.continueRequest({ threadId: 1 }))) as DebugProtocol.StoppedEvent;
    assert.equal(ev.body.reason, 'exception');
    assert.equal((await run.dc.exceptionInfoRequest({ threadId: 1 })).body.exceptionId, 'STATUS_CRC_ERROR');
  } finally {
    await run.dc.stop();
  }
});

test('restart reads the file again and starts over', async () => {
  const file = path.join(fx.dir, 'restart.vmbstate');
  fs.copyFileSync(fx.good, file);
  const run = await launch({ program: file, stopOnEntry: true, bufferSize: THREE_CALLS });
  try {
    await run.first;
    await act(run, run.dc.nextRequest({ threadId: 1 }));
    assert.equal(run.traces.length, 1);
    fs.copyFileSync(fx.bitFlip, file);
    const ev = (await act(
      run,
      run.dc.restartRequest({
        arguments: { program: file, stopOnEntry: true, bufferSize: THREE_CALLS },
      } as DebugProtocol.RestartArguments),
    )) as DebugProtocol.StoppedEvent;
    assert.equal(ev.body.reason, 'entry');
    assert.equal(run.plans.length, 2);
    assert.equal(await evaluate(run.dc, 'history.length'), '0');
    const e2 = (await act(run, run.dc.continueRequest({ threadId: 1 }))) as DebugProtocol.StoppedEvent;
    assert.equal(e2.body.reason, 'exception', 'the changed file is what runs now');
  } finally {
    await run.dc.stop();
  }
});

describe('bad input: a clear error, never a crash', () => {
  const cases: [string, Record<string, unknown>, RegExp][] = [
    ['missing file', { program: path.join(fx.dir, 'nope.vmbstate') }, /nope\.vmbstate: cannot read: no such file\./],
    ['0-byte file', { program: fx.empty }, /empty\.vmbstate is empty \(0 bytes\): there is no chunk to restore\./],
    ['a directory', { program: fx.dir }, /cannot read: is a directory/],
    ['no program', {}, /No "program" in the launch configuration/],
  ];
  for (const [name, args, re] of cases) {
    test(name, async () => {
      const dc = new DebugClient('node', ADAPTER, 'vmbstate');
      await dc.start();
      try {
        await dc.initializeRequest();
        await assert.rejects(dc.launchRequest(args as DebugProtocol.LaunchRequestArguments), re);
        const t = await dc.threadsRequest();
        assert.equal(t.body.threads.length, 1, 'the adapter still answers');
        await assert.rejects(dc.nextRequest({ threadId: 1 }), /No restore session is running/);
      } finally {
        await dc.stop();
      }
    });
  }
});

test('terminate ends the session', async () => {
  const run = await launch({ program: fx.good, stopOnEntry: true });
  try {
    await run.first;
    const ev = run.next();
    await run.dc.terminateRequest();
    assert.equal((await ev).event, 'terminated');
  } finally {
    await run.dc.stop();
  }
});
