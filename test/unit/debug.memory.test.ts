// The memory view and the exception widget through DebugClient: readMemory and writeMemory over
// the stream with their bounds (clear errors), a write being a what-if byte edit that replays the
// run, and exceptionInfo with the status, NT_SUCCESS, the diagnostic code and the exact bytes.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import type { DebugProtocol } from '@vscode/debugprotocol';
import { makeFixtures, removeFixtures, THREE_CALLS } from './helpers/debugFixtures';
import { act, evaluate, launch } from './helpers/dapSession';
import { exampleStream } from './helpers/example';

const fx = makeFixtures();
after(() => removeFixtures(fx));

const read = (run: Awaited<ReturnType<typeof launch>>, args: Record<string, unknown>) =>
  run.dc.customRequest('readMemory', args) as Promise<DebugProtocol.ReadMemoryResponse>;

test('readMemory: the stream bytes, past-the-end bytes unreadable, bad addresses refused with the reason', async () => {
  const run = await launch({ program: fx.good, stopOnEntry: true, bufferSize: THREE_CALLS });
  try {
    await run.first;
    const r = await read(run, { memoryReference: '552', offset: 8, count: 4 });
    assert.equal(r.body!.address, '560');
    assert.deepEqual([...Buffer.from(r.body!.data!, 'base64')], [...exampleStream().subarray(560, 564)]);
    const tail = await read(run, { memoryReference: '590', count: 20 });
    assert.equal(Buffer.from(tail.body!.data!, 'base64').length, 10);
    assert.equal(tail.body!.unreadableBytes, 10);
    await assert.rejects(
      read(run, { memoryReference: '600', count: 1 }),
      /0x258 is outside the stream: it holds 600 bytes/,
    );
    await assert.rejects(read(run, { memoryReference: '0', offset: -1, count: 1 }), /-0x1|outside the stream/);
    await assert.rejects(read(run, { memoryReference: 'buffer', count: 1 }), /Unknown memory reference "buffer"/);
    await assert.rejects(
      read(run, { memoryReference: '0', count: 1e9 }),
      /"count" must be a whole number from 0 to 1048576/,
    );
  } finally {
    await run.dc.stop();
  }
});

test('writeMemory is a what-if byte edit: bounds, buffers that ran and the text form are refused', async () => {
  const run = await launch({ program: fx.bitFlip, stopOnEntry: false, bufferSize: THREE_CALLS });
  try {
    await run.first; // call 2 failed: CRC-PAYLOAD on the flipped ByteOffset (stream offset 516)
    const write = (memoryReference: string, bytes: number[]) =>
      run.dc.customRequest('writeMemory', { memoryReference, data: Buffer.from(bytes).toString('base64') });
    await assert.rejects(
      write('100', [0]),
      /0x64 is before the current buffer \[0x110\.\.\): those bytes were restored already/,
    );
    await assert.rejects(write('598', [0, 0, 0, 0]), /runs past the end of the stream \(600 bytes\)/);
    await assert.rejects(write('700', [0]), /outside the stream/);
    const stopped = act(run, write('516', [0]));
    const ev = (await stopped) as DebugProtocol.StoppedEvent;
    assert.match(ev.body.description!, /^What-if: bytes @0x204 = 00/);
    assert.equal(await evaluate(run.dc, 'statusName'), '"STATUS_MORE_PROCESSING_REQUIRED"', 'resealed and unflipped');
    const end = await act(run, run.dc.continueRequest({ threadId: 1 }));
    assert.equal(end.event, 'terminated');
  } finally {
    await run.dc.stop();
  }
  const text = await launch({ program: fx.goodText, stopOnEntry: true });
  try {
    await text.first;
    await assert.rejects(
      text.dc.customRequest('writeMemory', { memoryReference: '0', data: 'AA==' }),
      /a \.vmbhex file is edited by its fields/,
    );
  } finally {
    await text.dc.stop();
  }
});

test('exceptionInfo: status and name, NT_SUCCESS, the diagnostic code and the exact bytes at fault', async () => {
  const run = await launch({ program: fx.bitFlip, stopOnEntry: false, bufferSize: THREE_CALLS });
  try {
    await run.first;
    const info = (await run.dc.exceptionInfoRequest({ threadId: 1 })).body;
    assert.equal(info.exceptionId, 'STATUS_CRC_ERROR');
    const lines = info.description!.split('\n');
    assert.match(lines[0], /^STATUS_CRC_ERROR \(0xC000003F\): /);
    assert.equal(lines[1], 'NT_SUCCESS(STATUS_CRC_ERROR) is FALSE.');
    assert.match(lines[2], /^CRC-PAYLOAD: PayloadCrc32c is 0x8BA415C1/);
    const crc = exampleStream().subarray(464 + 20, 464 + 24);
    const hex = Array.from(crc, (b) => b.toString(16).toUpperCase().padStart(2, '0')).join(' ');
    assert.equal(lines[3], `Bytes [0x1E4..0x1E8): ${hex}`);
    assert.equal(info.details!.typeName, 'CRC-PAYLOAD');
  } finally {
    await run.dc.stop();
  }
});
