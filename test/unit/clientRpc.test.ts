// The editor's webview ⇄ host requests (client/src/editor/model/rpc.ts): replies matched by id, errors,
// timeouts, unknown kinds; both ends wired back to back in plain Node.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  answer,
  Requester,
  RequestTimeout,
  type Answerers,
  type ReplyMessage,
  type RequestMessage,
} from '../../client/src/editor/model/rpc';

interface Reqs {
  double: { params: { n: number }; reply: { n: number } };
  later: { params: { n: number }; reply: string };
}

test('rpc: replies settle the request with the same id, in whatever order they come', async () => {
  const sent: RequestMessage<Reqs>[] = [];
  const r = new Requester<Reqs>((m) => sent.push(m));
  const a = r.request('double', { n: 1 });
  const b = r.request('double', { n: 2 });
  assert.equal(sent.length, 2);
  assert.notEqual(sent[0].id, sent[1].id);
  assert.equal(r.pending, 2);
  // Second request answered first.
  assert.ok(r.settle({ type: 'reply', id: sent[1].id, kind: 'double', reply: { n: 4 } }));
  assert.ok(r.settle({ type: 'reply', id: sent[0].id, kind: 'double', reply: { n: 2 } }));
  assert.deepEqual(await a, { n: 2 });
  assert.deepEqual(await b, { n: 4 });
  assert.equal(r.pending, 0);
  // A second reply to the same id, or a reply of another kind, settles nothing.
  assert.equal(r.settle({ type: 'reply', id: sent[0].id, kind: 'double', reply: { n: 9 } }), false);
  const c = r.request('later', { n: 3 });
  assert.equal(r.settle({ type: 'reply', id: sent[2].id, kind: 'double', reply: { n: 6 } }), false);
  assert.ok(r.settle({ type: 'reply', id: sent[2].id, kind: 'later', reply: 'three' }));
  assert.equal(await c, 'three');
});

test('rpc: an error reply rejects with its message; a timeout rejects with RequestTimeout and drops the request', async () => {
  const sent: RequestMessage<Reqs>[] = [];
  const r = new Requester<Reqs>((m) => sent.push(m));
  const failed = r.request('later', { n: 1 });
  r.settle({ type: 'reply', id: sent[0].id, kind: 'later', error: 'no such chunk' });
  await assert.rejects(failed, /no such chunk/);
  const slow = r.request('later', { n: 2 }, 20);
  await assert.rejects(
    slow,
    (e: unknown) => e instanceof RequestTimeout && e.kind === 'later' && /within 20 ms/.test(e.message),
  );
  assert.equal(r.pending, 0);
  assert.equal(r.settle({ type: 'reply', id: sent[1].id, kind: 'later', reply: 'too late' }), false);
});

test('rpc: cancelAll rejects what is waiting; a send that throws rejects its request', async () => {
  const r = new Requester<Reqs>(() => undefined);
  const p = r.request('double', { n: 1 }, 10_000);
  r.cancelAll('the panel closed');
  await assert.rejects(p, /the panel closed/);
  assert.equal(r.pending, 0);
  const broken = new Requester<Reqs>(() => {
    throw new Error('webview disposed');
  });
  await assert.rejects(broken.request('double', { n: 1 }), /webview disposed/);
  assert.equal(broken.pending, 0);
});

test('rpc: answer replies at once to a synchronous answerer, later to an async one, and sends errors back', async () => {
  const replies: ReplyMessage<Reqs>[] = [];
  const answerers: Answerers<Reqs> = {
    double: ({ n }) => {
      if (n < 0) throw new Error(`negative: ${n}`);
      return { n: n * 2 };
    },
    later: async ({ n }) => `#${n}`,
  };
  answer(answerers, { type: 'request', id: 7, kind: 'double', params: { n: 21 } }, (m) => replies.push(m));
  assert.deepEqual(
    replies,
    [{ type: 'reply', id: 7, kind: 'double', reply: { n: 42 } }],
    'a synchronous answer goes out before answer() returns',
  );
  answer(answerers, { type: 'request', id: 8, kind: 'double', params: { n: -1 } }, (m) => replies.push(m));
  assert.deepEqual(replies[1], { type: 'reply', id: 8, kind: 'double', error: 'negative: -1' });
  answer(answerers, { type: 'request', id: 9, kind: 'later', params: { n: 5 } }, (m) => replies.push(m));
  assert.equal(replies.length, 2);
  await new Promise((r) => setImmediate(r));
  assert.deepEqual(replies[2], { type: 'reply', id: 9, kind: 'later', reply: '#5' });
  // A kind the other end does not know (a newer webview, a typo): an error reply naming it, no throw.
  answer(answerers, { type: 'request', id: 10, kind: 'toString', params: {} } as unknown as RequestMessage<Reqs>, (m) =>
    replies.push(m),
  );
  assert.deepEqual(replies[3], { type: 'reply', id: 10, kind: 'toString', error: "unknown request 'toString'" });
});

test('rpc: two ends wired back to back', async () => {
  const answerers: Answerers<Reqs> = { double: ({ n }) => ({ n: n * 2 }), later: ({ n }) => String(n) };
  const requester: Requester<Reqs> = new Requester<Reqs>((m) =>
    setImmediate(() => answer(answerers, m, (reply) => requester.settle(reply))),
  );
  const out = await Promise.all([1, 2, 3].map((n) => requester.request('double', { n })));
  assert.deepEqual(out, [{ n: 2 }, { n: 4 }, { n: 6 }]);
  assert.equal(await requester.request('later', { n: 12 }), '12');
});
