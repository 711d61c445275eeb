// The restore trace of a long stream renders its first and last rows and a "show more" row between
// (client/src/editor/webview/annotations.ts traceWindow), not one DOM row per call of 12,744.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { traceWindow, TRACE_HEAD, TRACE_MORE, TRACE_TAIL } from '../../client/src/editor/webview/annotations';

test('trace window: a short trace is shown whole', () => {
  assert.deepEqual(traceWindow(0), { head: 0, tailStart: 0, hidden: 0 });
  assert.deepEqual(traceWindow(TRACE_HEAD + TRACE_TAIL), { head: TRACE_HEAD, tailStart: TRACE_HEAD, hidden: 0 });
  assert.deepEqual(traceWindow(7, TRACE_HEAD), { head: 7, tailStart: 7, hidden: 0 });
});

test('trace window: a long trace shows its first and last rows; "show more" moves the gap until none is left', () => {
  const total = 12744;
  let head = TRACE_HEAD;
  let w = traceWindow(total, head);
  assert.deepEqual(w, { head: TRACE_HEAD, tailStart: total - TRACE_TAIL, hidden: total - TRACE_HEAD - TRACE_TAIL });
  let clicks = 0;
  while (w.hidden > 0) {
    head += TRACE_MORE;
    clicks++;
    w = traceWindow(total, head);
    assert.equal(w.head + w.hidden + (total - w.tailStart), total, 'every row is shown or counted as hidden');
  }
  assert.equal(clicks, Math.ceil((total - TRACE_HEAD - TRACE_TAIL) / TRACE_MORE));
  assert.equal(w.tailStart, w.head);
  assert.ok(w.head <= total);
});
