// The `stopAtCall` launch attribute behind the CodeLens "Step Restore from here": the calls before
// it run (their trace and console lines appear), the session stops before it, a failure the
// exception filters stop on stops first, and a bad value is refused naming the attribute.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { DebugProtocol } from '@vscode/debugprotocol';
import { DebugClient } from '@vscode/debugadapter-testsupport';
import { ADAPTER, GOOD_VMBHEX } from './helpers/debugFixtures';
import { act, launch, topFrame } from './helpers/dapSession';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';

test('stopAtCall 3 runs calls 1 and 2, then stops before call 3 (text form)', async () => {
  const run = await launch({ program: GOOD_VMBHEX, stopAtCall: 3, stopOnEntry: true });
  try {
    const ev = (await run.first) as DebugProtocol.StoppedEvent;
    assert.equal(ev.body.reason, 'entry');
    assert.equal(ev.body.description, 'Before call 3 [552..600) 1 chunk');
    assert.equal(run.traces.length, 2, 'calls 1 and 2 ran');
    const frames = await topFrame(run.dc);
    assert.match(frames[0].name, /^call 3 /);
    assert.equal(frames[0].line, 40, 'the .call line of call 3');
    const e = await act(run, run.dc.nextRequest({ threadId: 1 }));
    assert.equal((e as DebugProtocol.StoppedEvent).body.description, 'End of input: STATUS_SUCCESS (0x00000000)');
  } finally {
    await run.dc.stop();
  }
});

test('stopAtCall past a failing call stops on the failure first', async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'vmbstate-stopat-'));
  const file = path.join(dir, 'flip.vmbhex');
  writeFileSync(file, readFileSync(GOOD_VMBHEX, 'utf8').replace('RangeCount: u16:1', 'RangeCount: u16:0'));
  const run = await launch({ program: file, stopAtCall: 3 });
  try {
    const ev = (await run.first) as DebugProtocol.StoppedEvent;
    assert.equal(ev.body.reason, 'exception');
    assert.match(ev.body.description ?? '', /^call 2 /);
  } finally {
    await run.dc.stop();
    rmSync(dir, { recursive: true, force: true });
  }
});

test('stopAtCall must be a call number from 1', async () => {
  for (const bad of [0, 1.5, '2']) {
    const dc = new DebugClient('node', ADAPTER, 'vmbstate');
    await dc.start();
    try {
      await dc.initializeRequest();
      await assert.rejects(
        dc.launchRequest({ program: GOOD_VMBHEX, stopAtCall: bad } as DebugProtocol.LaunchRequestArguments),
        /Invalid launch configuration: stopAtCall must be a restore call number from 1, not/,
      );
    } finally {
      await dc.stop();
    }
  }
});
