// Data breakpoints on channel state through DebugClient: offered on Channel rows only, firing
// after the call that changed the value (phase at calls 1 and 3, a GPADL at call 2), again after
// a step back, and not at all for a value no call changes.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import type { DebugProtocol } from '@vscode/debugprotocol';
import { makeFixtures, removeFixtures } from './helpers/debugFixtures';
import { act, evaluate, launch, vars, type Run } from './helpers/dapSession';

const fx = makeFixtures();
after(() => removeFixtures(fx));

type Stopped = DebugProtocol.StoppedEvent;
const go = (run: Run, req: 'continue' | 'stepBack' | 'next') =>
  act(run, run.dc[`${req}Request`]({ threadId: 1 })) as Promise<Stopped>;

async function channelRows(run: Run) {
  const scopes = (await run.dc.scopesRequest({ frameId: 1 })).body.scopes;
  const channel = scopes.find((s) => s.name === 'Channel')!;
  const last = scopes.find((s) => s.name === 'Last status')!;
  return { channel: channel.variablesReference, last: last.variablesReference };
}

test('data breakpoints: offered on channel state, fire on the call that changes it', async () => {
  const run = await launch({ program: fx.goodText, stopOnEntry: true });
  try {
    await run.first;
    const refs = await channelRows(run);
    const info = (name: string, ref = refs.channel) =>
      run.dc.customRequest('dataBreakpointInfo', {
        variablesReference: ref,
        name,
      }) as Promise<DebugProtocol.DataBreakpointInfoResponse>;
    assert.equal((await info('phase')).body.dataId, 'channel.phase');
    assert.equal((await info('gpadls')).body.dataId, 'channel.gpadls');
    const notChannel = await info('name', refs.last);
    assert.equal(notChannel.body.dataId, null);
    assert.match(notChannel.body.description, /Only channel state/);
    assert.ok((await vars(run.dc, refs.channel)).has('phase'));

    const set = (await run.dc.customRequest('setDataBreakpoints', {
      breakpoints: [{ dataId: 'channel.phase' }, { dataId: 'channel.gpadls' }, { dataId: 'lastStatus.name' }],
    })) as DebugProtocol.SetDataBreakpointsResponse;
    assert.deepEqual(
      set.body.breakpoints.map((b) => b.verified),
      [true, true, false],
    );
    const [phaseId, gpadlId] = set.body.breakpoints.map((b) => b.id);

    const first = await go(run, 'continue');
    assert.equal(first.body.reason, 'data breakpoint');
    assert.deepEqual(first.body.hitBreakpointIds, [phaseId]);
    assert.match(first.body.description!, /^channel\.phase changed in call 1 /);
    assert.equal(await evaluate(run.dc, 'phase'), '"InProgress"');
    const second = await go(run, 'continue');
    assert.deepEqual(second.body.hitBreakpointIds, [gpadlId]);
    assert.match(second.body.description!, /changed in call 2 /);
    assert.equal(await evaluate(run.dc, 'gpadls.length'), '1');

    // Back to before call 2: the GPADL is not there; running call 2 again fires again.
    await go(run, 'stepBack');
    assert.equal(await evaluate(run.dc, 'gpadls.length'), '0');
    const again = await go(run, 'continue');
    assert.deepEqual(again.body.hitBreakpointIds, [gpadlId]);

    const third = await go(run, 'continue');
    assert.deepEqual(third.body.hitBreakpointIds, [phaseId]);
    assert.match(third.body.description!, /changed in call 3 /);
    assert.equal(await evaluate(run.dc, 'phase'), '"Restored"');
    assert.equal((await go(run, 'continue')).event, 'terminated');
  } finally {
    await run.dc.stop();
  }
});

test('a data breakpoint on a value no call changes never fires', async () => {
  const run = await launch({ program: fx.goodText, stopOnEntry: true });
  try {
    await run.first;
    const set = (await run.dc.customRequest('setDataBreakpoints', {
      breakpoints: [{ dataId: 'channel.lifecycle' }, { dataId: 'channel.packets' }],
    })) as DebugProtocol.SetDataBreakpointsResponse;
    assert.ok(set.body.breakpoints.every((b) => b.verified));
    assert.equal((await go(run, 'continue')).event, 'terminated');
  } finally {
    await run.dc.stop();
  }
});
