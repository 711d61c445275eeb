// Step Restore against hostile input (issue 9): expressions that would freeze the extension host,
// requests with missing arguments, launch attributes that are wrong, programs that are not regular
// files or are too large, and input that carries terminal control characters.
import { test, after, describe } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { execFileSync } from 'node:child_process';
import { DebugClient } from '@vscode/debugadapter-testsupport';
import type { DebugProtocol } from '@vscode/debugprotocol';
import { validateLaunchArgs } from '../../debugger/src/launchConfig';
import { attributesFromSettings } from '../../client/src/debug/launchSettings';
import { ADAPTER, makeFixtures, removeFixtures, THREE_CALLS } from './helpers/debugFixtures';
import { act, launch } from './helpers/dapSession';

const fx = makeFixtures();
after(() => removeFixtures(fx));

/** Launch and expect a refusal: the error response's message, after the adapter still answers. */
async function refused(args: Record<string, unknown>): Promise<string> {
  const dc = new DebugClient('node', ADAPTER, 'vmbstate');
  dc.defaultTimeout = 5000;
  await dc.start();
  try {
    await dc.initializeRequest();
    const err = await dc.launchRequest(args as DebugProtocol.LaunchRequestArguments).then(
      () => assert.fail(`launch ${JSON.stringify(args)} was accepted`),
      (e: Error) => e.message,
    );
    assert.equal((await dc.threadsRequest()).body.threads.length, 1, 'the adapter still answers');
    return err;
  } finally {
    await dc.stop();
  }
}

test('evaluate and completions without their text argument answer with a clear error, not a TypeError', async () => {
  const run = await launch({ program: fx.good, stopOnEntry: true, bufferSize: THREE_CALLS });
  try {
    await run.first;
    const e1 = await run.dc.customRequest('evaluate', { context: 'repl' }).then(
      () => '',
      (e: Error) => e.message,
    );
    assert.match(e1, /^evaluate needs "expression"/);
    assert.doesNotMatch(e1, /TypeError|Cannot read properties|at /);
    const e2 = await run.dc.customRequest('completions', { column: 1 }).then(
      () => '',
      (e: Error) => e.message,
    );
    assert.match(e2, /^completions needs "text"/);
    assert.doesNotMatch(run.outputs.join('\n'), /internal error|TypeError/);
  } finally {
    await run.dc.stop();
  }
});

test('a huge shift, product or literal is refused at once; wide values print in hex', async () => {
  const run = await launch({ program: fx.good, stopOnEntry: true, bufferSize: THREE_CALLS });
  try {
    await run.first;
    const t0 = Date.now();
    await assert.rejects(
      run.dc.evaluateRequest({ expression: '1n << 100000000n', context: 'repl' }),
      /shift count of more than 1024 bits is out of range|shift count 100000000 is out of range/,
    );
    await assert.rejects(
      run.dc.evaluateRequest({ expression: '(1n << 1000n) * (1n << 1000n)', context: 'repl' }),
      /the result of "\*" needs more than 1024 bits/,
    );
    await assert.rejects(run.dc.evaluateRequest({ expression: '1n >> -100000000n', context: 'repl' }), /out of range/);
    await assert.rejects(
      run.dc.evaluateRequest({ expression: '0x' + 'F'.repeat(300) + 'n', context: 'repl' }),
      /needs more than 1024 bits/,
    );
    assert.ok(Date.now() - t0 < 3000, 'refused without computing the value');
    const wide = await run.dc.evaluateRequest({ expression: '1n << 100n', context: 'repl' });
    assert.equal(wide.body.result, '0x10000000000000000000000000 (101 bits)');
    const u64 = await run.dc.evaluateRequest({ expression: '0xFFFFFFFFFFFFFFFFn', context: 'repl' });
    assert.equal(u64.body.result, '0xFFFFFFFFFFFFFFFF (18446744073709551615)');
  } finally {
    await run.dc.stop();
  }
});

test('logpoints and conditions are bounded the same way', async () => {
  const run = await launch(
    { program: fx.good, stopOnEntry: false, bufferSize: THREE_CALLS },
    { functionBreakpoints: [{ name: 'call 1', condition: '(1n << 1000n) * (1n << 1000n) > 0n' }] },
  );
  try {
    const ev = (await run.first) as DebugProtocol.StoppedEvent;
    assert.equal(ev.body.reason, 'function breakpoint', 'a condition that fails stops and says why');
    assert.ok(
      run.outputs.some((o) =>
        /Condition of function breakpoint "call 1" .* failed: the result of "\*" needs more than 1024 bits/.test(o),
      ),
      run.outputs.join('\n'),
    );
  } finally {
    await run.dc.stop();
  }
  const log = await launch(
    { program: fx.goodText, stopOnEntry: false },
    {
      breakpoints: {
        path: fx.goodText,
        breakpoints: [{ line: 7, logMessage: 'big {1n << 100000000n} wide {1n << 70n}' }],
      },
    },
  );
  try {
    await log.first;
    assert.ok(
      log.outputs.includes(
        'big <"<<" shift count 100000000 is out of range: 64-bit shifts take a count from 0 to 1024> wide 0x400000000000000000',
      ),
      log.outputs.join('\n'),
    );
  } finally {
    await log.dc.stop();
  }
});

describe('launch attributes are validated with the shared rules and refused with a clear message', () => {
  const cases: [string, Record<string, unknown>, RegExp][] = [
    [
      'initialState "Bogus"',
      { channel: { initialState: 'Bogus' } },
      /Invalid launch configuration: channel\.initialState must be one of Disabled, Enabled, Started, Paused, not "Bogus"/,
    ],
    ['bufferSize -1', { bufferSize: -1 }, /bufferSize must be a whole number of bytes from 1 to 268435456, not -1/],
    ['buffering "size" without bufferSize', { buffering: 'size' }, /buffering "size" needs bufferSize/],
    [
      'buffering "chunk" with a bufferSize',
      { buffering: 'chunk', bufferSize: 280 },
      /bufferSize is set, but buffering is "chunk"/,
    ],
    ['buffering "lines"', { buffering: 'lines' }, /buffering must be one of "chunk", "whole", "size", not "lines"/],
    ['stopOnEntry "yes"', { stopOnEntry: 'yes' }, /stopOnEntry must be true or false, not "yes"/],
    ['breakOnFailure 1', { breakOnFailure: 1 }, /breakOnFailure must be true or false, not 1/],
    [
      'statusProfile "fast"',
      { channel: { statusProfile: 'fast' } },
      /channel\.statusProfile must be "default" or "vid"/,
    ],
    ['packetCallbacks "no"', { channel: { packetCallbacks: 'no' } }, /channel\.packetCallbacks must be true or false/],
    [
      'a misspelt channel attribute',
      { channel: { initalState: 'Enabled' } },
      /channel\.initalState is not a channel attribute/,
    ],
    ['program 42', { program: 42 }, /program must be a file path \(a string\), not 42/],
  ];
  for (const [name, extra, re] of cases) {
    test(name, async () => {
      assert.match(await refused({ program: fx.good, ...extra }), re);
    });
  }
});

test('the banner says what is used: a state in its canonical case, buffering as decoded', async () => {
  const run = await launch({
    program: fx.good,
    stopOnEntry: true,
    buffering: 'size',
    bufferSize: 300,
    channel: { initialState: 'enabled' },
  });
  try {
    await run.first;
    assert.match(
      run.outputs[0],
      /3 restore calls \(whole chunks packed into buffers of at most 300 bytes\), channel Enabled\./,
    );
  } finally {
    await run.dc.stop();
  }
  const whole = await launch({ program: fx.good, stopOnEntry: true, buffering: 'whole' });
  try {
    await whole.first;
    assert.match(whole.outputs[0], /1 restore call \(the whole file in one restore call\)/);
  } finally {
    await whole.dc.stop();
  }
});

test('validateLaunchArgs: defaults, and the settings reader names the setting', () => {
  assert.deepEqual(validateLaunchArgs({ program: 'a.vmbstate', type: 'vmbstate', __sessionId: 'x' }), {
    program: 'a.vmbstate',
    stopOnEntry: true,
    channel: {},
    reseal: true,
  });
  assert.deepEqual(
    validateLaunchArgs({ program: 'a', bufferSize: '512', stopOnEntry: false, channel: { initialState: 'PAUSED' } }),
    { program: 'a', stopOnEntry: false, buffering: { size: 512 }, channel: { state: 'Paused' }, reseal: true },
  );
  assert.equal(validateLaunchArgs({ program: 'a', reseal: false }).reseal, false);
  assert.throws(() => validateLaunchArgs({ program: 'a', reseal: 'sometimes' }), /reseal/);
  const settings = (v: Record<string, unknown>) => ({ get: <T>(k: string, d: T): T => (k in v ? (v[k] as T) : d) });
  const config: Record<string, unknown> = { program: 'a' };
  attributesFromSettings(config, settings({ 'binary.buffering': 'size', 'binary.bufferSize': 1024 }));
  assert.deepEqual(config, {
    program: 'a',
    buffering: 'size',
    bufferSize: 1024,
    channel: { initialState: 'Disabled', packetCallbacks: true, statusProfile: 'default' },
    schemas: true,
  });
  // User schemas: not in an untrusted workspace unless the user allows it (docs/schemas.md).
  const untrusted: Record<string, unknown> = { program: 'a' };
  attributesFromSettings(untrusted, settings({}), false);
  assert.equal(untrusted.schemas, false);
  const allowed: Record<string, unknown> = { program: 'a' };
  attributesFromSettings(allowed, settings({ 'schemas.enableInUntrustedWorkspace': true }), false);
  assert.equal(allowed.schemas, true);
  const own: Record<string, unknown> = { program: 'a', channel: { initialState: 'Started' } };
  attributesFromSettings(own, settings({ 'channel.initialState': 'Bogus' }));
  assert.deepEqual(
    own.channel,
    { packetCallbacks: true, statusProfile: 'default', initialState: 'Started' },
    'a launch value wins and the setting is not read',
  );
  assert.throws(
    () => attributesFromSettings({ program: 'a' }, settings({ 'channel.initialState': 'Bogus' })),
    /vmbstate\.channel\.initialState must be one of/,
  );
  assert.throws(
    () => attributesFromSettings({ program: 'a' }, settings({ 'binary.buffering': 'size', 'binary.bufferSize': 0 })),
    /vmbstate\.binary\.bufferSize must be a whole number/,
  );
});

describe('a program that is not a regular file, or is too large, is refused promptly', () => {
  test('a FIFO', { skip: process.platform === 'win32' }, async () => {
    const fifo = path.join(fx.dir, 'pipe.vmbstate');
    execFileSync('mkfifo', [fifo]);
    const t0 = Date.now();
    assert.match(
      await refused({ program: fifo }),
      /pipe\.vmbstate: cannot read: not a regular file \(a pipe, socket or device\)/,
    );
    assert.ok(Date.now() - t0 < 4000);
  });
  test('/dev/zero', { skip: !fs.existsSync('/dev/zero') }, async () => {
    assert.match(await refused({ program: '/dev/zero' }), /\/dev\/zero: cannot read: not a regular file/);
  });
  test('a sparse file above 256 MiB', async () => {
    const big = path.join(fx.dir, 'huge.vmbstate');
    fs.writeFileSync(big, '');
    fs.truncateSync(big, 256 * 1024 * 1024 + 1);
    assert.match(
      await refused({ program: big }),
      /huge\.vmbstate: cannot read: 268435457 bytes is more than the 256 MiB limit for a binary saved-state stream/,
    );
  });
});

test('control characters from the file are escaped in the Debug Console', async () => {
  const f = path.join(fx.dir, 'escape.vmbhex');
  fs.writeFileSync(f, fs.readFileSync(fx.goodText, 'utf8') + '.x\x1b]0;PWNED\x07\n');
  const run = await launch({ program: f, stopOnEntry: true });
  try {
    await run.first;
    const all = run.outputs.join('\n');
    assert.ok(all.includes('unknown directive .x\\x1b]0;PWNED\\x07'), all);
    // eslint-disable-next-line no-control-regex -- the test looks for control characters
    assert.doesNotMatch(all, /[\x00-\x08\x0b-\x1f\x7f-\x9f]/);
    await act(run, run.dc.continueRequest({ threadId: 1 }));
  } finally {
    await run.dc.stop();
  }
});
