// The two restores side by side, call by call, and where each side stopped decoding.

import type { Analysis } from '../analyze';
import type { CallTrace } from '../emulator/session';
import { indexAtOffset } from '../lookup';
import { formatStatus, statusName } from '../ntstatus';
import type { Side } from './records';
import type { CallComparison, CallOutcome, SideStop } from './types';

function outcomeOf(side: Side, t: CallTrace): CallOutcome {
  const f = t.failure;
  let on: string | undefined;
  if (f?.bytes) {
    const i = indexAtOffset(side.doc.chunks, f.bytes.start);
    const r = i >= 0 ? side.recordOfChunk[i] : -1;
    if (r >= 0) on = side.records[r].key;
  }
  return {
    status: t.status,
    statusName: statusName(t.status) ?? formatStatus(t.status),
    ...(f ? { code: f.code } : {}),
    ...(on ? { on } : {}),
    bytes: t.bytes,
  };
}

/** Calls are paired by position: call n of A beside call n of B. */
export function compareCalls(
  a: Side,
  ta: Analysis,
  b: Side,
  tb: Analysis,
): { calls: CallComparison[]; first?: number } {
  const ca = ta.trace.filter((t): t is CallTrace => t.kind === 'call');
  const cb = tb.trace.filter((t): t is CallTrace => t.kind === 'call');
  const calls: CallComparison[] = [];
  let first: number | undefined;
  for (let i = 0; i < Math.max(ca.length, cb.length); i++) {
    const x = ca[i] && outcomeOf(a, ca[i]);
    const y = cb[i] && outcomeOf(b, cb[i]);
    const same = !!x && !!y && x.status === y.status && x.code === y.code;
    if (!same && first === undefined) first = i;
    calls.push({ call: i, ...(x ? { a: x } : {}), ...(y ? { b: y } : {}), same });
  }
  return { calls, ...(first !== undefined ? { first } : {}) };
}

const STOP_CODES = /^(FRAME-|SIZE-|LIMIT-|TEXT-LIMIT)/;

/** The first byte not decoded as a whole chunk (unframed bytes, a cut chunk, a limit), with the finding that says why. */
export function stopOf(side: Side, ta: Analysis): SideStop | undefined {
  const d = side.doc;
  if (side.records.length === 0) {
    return {
      at: 0,
      code: 'EMPTY',
      message: d.bytes.length ? 'nothing decodes as a chunk' : 'the stream is empty: no chunk',
    };
  }
  let at: number | undefined;
  for (const r of side.records) {
    if (r.raw || r.chunks.some((c) => !c.complete || !c.header)) {
      at = r.ref.bytes.start;
      break;
    }
  }
  if (d.cut && (at === undefined || d.cut.at < at)) at = d.cut.at;
  if (at === undefined) {
    // A text whose lines did not all assemble: the stream holds only what did.
    const t =
      d.form === 'text' ? ta.problems.find((x) => x.severity === 'error' && x.code.startsWith('TEXT-')) : undefined;
    return t && { at: t.bytes?.start ?? 0, code: t.code, message: t.message, ...(t.text ? { text: t.text } : {}) };
  }
  const p =
    ta.problems.find((x) => STOP_CODES.test(x.code) && x.bytes && x.bytes.start >= at! && x.bytes.start < at! + 64) ??
    ta.problems.find((x) => STOP_CODES.test(x.code));
  return {
    at,
    code: p?.code ?? 'FRAME',
    message: p?.message ?? 'the bytes from here on do not frame as chunks',
    ...(p?.text ? { text: p.text } : {}),
  };
}
