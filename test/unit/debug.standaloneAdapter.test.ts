// The standalone adapter entry (debugger/src/main.ts, bundled as dist/debugAdapter.js) serves Step
// Save for a `"mode": "save"` launch and Step Restore otherwise, in one process per session.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { DebugClient } from '@vscode/debugadapter-testsupport';
import type { DebugProtocol } from '@vscode/debugprotocol';
import { waitStopOrEnd, type Ev } from './helpers/dapSession';
import { ADAPTER, REPO } from './helpers/debugFixtures';

const GOOD_BIN = path.join(REPO, 'samples/good.vmbstate');

interface Session {
  dc: DebugClient;
  /** What happened, in order: the initialize answer, the launch being sent, events by name. */
  log: string[];
  capabilities: DebugProtocol.Capabilities;
  capabilityEvents: DebugProtocol.Capabilities[];
  outputs: string[];
  first: Promise<Ev>;
}

/** initialize, then launch; breakpoints and configurationDone once `initialized` arrives. */
async function start(args: Record<string, unknown>, functionBreakpoints: string[] = []): Promise<Session> {
  const dc = new DebugClient('node', ADAPTER, 'vmbstate');
  dc.defaultTimeout = 8000;
  await dc.start();
  const s: Session = { dc, log: [], capabilities: {}, capabilityEvents: [], outputs: [], first: waitStopOrEnd(dc) };
  for (const name of ['initialized', 'capabilities', 'vmbstate.plan']) dc.on(name, () => s.log.push(name));
  dc.on('capabilities', (e: Ev) => s.capabilityEvents.push((e as DebugProtocol.CapabilitiesEvent).body.capabilities));
  dc.on('output', (e: Ev) =>
    s.outputs.push(
      ...String((e as DebugProtocol.OutputEvent).body.output)
        .trimEnd()
        .split('\n'),
    ),
  );
  const configured = dc.waitForEvent('initialized').then(async () => {
    if (functionBreakpoints.length) {
      const r = await dc.setFunctionBreakpointsRequest({ breakpoints: functionBreakpoints.map((name) => ({ name })) });
      assert.deepEqual(
        r.body.breakpoints.map((b) => b.verified),
        functionBreakpoints.map(() => true),
      );
    }
    await dc.configurationDoneRequest();
  });
  s.capabilities = (await dc.initializeRequest()).body ?? {};
  s.log.push('initialize answered');
  s.log.push('launch sent');
  await Promise.all([configured, dc.launchRequest(args as DebugProtocol.LaunchRequestArguments)]);
  return s;
}

async function until(dc: DebugClient, how: 'next' | 'continue'): Promise<Ev> {
  const ev = waitStopOrEnd(dc);
  if (how === 'next') await dc.nextRequest({ threadId: 1 });
  else await dc.continueRequest({ threadId: 1 });
  return ev;
}

const scopeNames = async (dc: DebugClient) =>
  (await dc.scopesRequest({ frameId: 0 })).body.scopes.map((scope) => scope.name);

test('standalone adapter: a "mode": "save" launch runs Step Save (save calls, chunk breakpoints, capabilities switched)', async () => {
  const s = await start({ program: GOOD_BIN, mode: 'save', saveBufferSize: 300 }, ['GPADL']);
  try {
    assert.equal(
      s.capabilities.supportsStepBack,
      true,
      'initialize is answered before the mode is known: Step Restore',
    );
    assert.equal((await s.first).body.reason, 'entry');
    assert.deepEqual(await scopeNames(s.dc), ['Save call', 'Chunks']);
    // Step Save's capabilities replace Step Restore's before configuration starts.
    assert.deepEqual(s.log, ['initialize answered', 'launch sent', 'capabilities', 'initialized']);
    const [caps] = s.capabilityEvents;
    assert.equal(caps.supportsStepBack, false);
    assert.equal(caps.supportsDataBreakpoints, false);
    assert.equal(caps.supportsReadMemoryRequest, false);
    assert.deepEqual(caps.exceptionBreakpointFilters, []);
    assert.equal(caps.supportsFunctionBreakpoints, true);
    const hit = await until(s.dc, 'continue');
    assert.equal(hit.body.reason, 'breakpoint');
    assert.match(hit.body.description, /Breakpoint: GPADL \(chunk 4, GPADL 0x0000E001\)/);
    assert.equal((await until(s.dc, 'continue')).event, 'terminated');
    assert.ok(s.outputs.includes('Save ended: 5 of 5 chunk(s) written, 600 bytes.'), s.outputs.join('\n'));
  } finally {
    await s.dc.stop();
  }
});

test('standalone adapter: a launch without mode is Step Restore, with its capabilities and no switch', async () => {
  const s = await start({ program: GOOD_BIN });
  try {
    assert.equal((await s.first).body.reason, 'entry');
    assert.ok(s.log.includes('vmbstate.plan'), 'Step Restore announces its plan');
    assert.deepEqual(s.capabilityEvents, []);
    assert.deepEqual(s.log.slice(0, 3), ['initialize answered', 'launch sent', 'initialized']);
    assert.ok(!(await scopeNames(s.dc)).includes('Save call'));
    assert.equal((await until(s.dc, 'next')).body.reason, 'step');
  } finally {
    await s.dc.stop();
  }
});

test('the bundle dist/debugAdapter.js is built from the entry these tests run', () => {
  const build = fs.readFileSync(path.join(REPO, 'scripts/build.mjs'), 'utf8');
  assert.match(build, /entryPoints: \['debugger\/src\/main\.ts'\],\s*outfile: 'dist\/debugAdapter\.js'/);
  assert.equal(path.relative(path.join(REPO, 'out'), ADAPTER), path.join('debugger', 'src', 'main.js'));
});
