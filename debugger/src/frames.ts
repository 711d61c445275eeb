// The Step Restore stack frames for the current position, innermost first: the failing field, the
// chunk, the call (or the end of input), each with its bytes, the line it points at and its block.

import {
  formatStatus,
  segmentAtByte,
  textRangeForProblem,
  type ByteRange,
  type CallNode,
  type TextRange,
} from '../../core/src';
import { blockText, callLabel, itemLabel } from './plan';
import type { RestoreRuntime } from './restoreRuntime';

export interface FrameInfo {
  name: string;
  bytes: ByteRange;
  /**
   * Where the frame points, on one line: the failing field's token, the `.chunk` line, the `.call`
   * line. VS Code selects a frame's range in the editor, so a multi-line range would let one
   * keystroke replace the whole block (issue 18).
   */
  text?: TextRange;
  /** The whole block the frame stands for (the call, the `.chunk` … `.end`): shown as a line highlight. */
  block?: TextRange;
  kind: 'failure' | 'item' | 'call' | 'end';
}

/** The first line of a range: the range itself when it is on one line, else that line to its end. */
export function firstLine(rt: RestoreRuntime, r: TextRange | undefined): TextRange | undefined {
  if (!r || r.end.line === r.start.line) return r;
  const line = rt.doc.text?.split(/\r\n|\r|\n/, r.start.line + 1)[r.start.line] ?? '';
  return { start: r.start, end: { line: r.start.line, character: Math.max(r.start.character, line.length) } };
}

/** Text range of the source segment holding a byte offset (text form). */
function textAt(rt: RestoreRuntime, offset: number): TextRange | undefined {
  return segmentAtByte(rt.doc, offset)?.text;
}

function callText(call: CallNode): TextRange | undefined {
  return call.text ?? call.items.find((i) => i.text)?.text;
}

/** Stack frames, innermost first: the failing field, the chunk, the call. */
export function frames(rt: RestoreRuntime): FrameInfo[] {
  const out: FrameInfo[] = [];
  const f = rt.focus;
  const call = rt.currentCall;
  if (!call) return out;
  if (f.kind === 'end') {
    const o = rt.outcome;
    out.push({
      name: `end of input · ${o ? formatStatus(o.status) : ''}`,
      bytes: { start: rt.doc.bytes.length, end: rt.doc.bytes.length },
      text: firstLine(rt, callText(call)),
      block: callText(call),
      kind: 'end',
    });
  }
  if (f.kind === 'failed' && f.trace.failure) {
    const fb = f.trace.failure.bytes ?? call.bytes;
    const ft =
      rt.doc.form === 'text' ? (textRangeForProblem(rt.doc, f.trace.failure) ?? textAt(rt, fb.start)) : undefined;
    const item = rt.currentItem;
    const block = item ? blockText(rt.doc, item) : callText(call);
    out.push({
      name: `✗ ${f.trace.failure.code} @0x${fb.start.toString(16).toUpperCase()} → ${formatStatus(f.trace.status)}`,
      bytes: fb,
      text: firstLine(rt, ft ?? item?.text ?? callText(call)),
      block,
      kind: 'failure',
    });
  }
  const item = rt.currentItem;
  if (item)
    out.push({
      name: `call ${call.index + 1} · ${itemLabel(item)}`,
      bytes: item.bytes,
      text: firstLine(rt, item.text),
      block: blockText(rt.doc, item),
      kind: 'item',
    });
  out.push({
    name: callLabel(call),
    bytes: call.bytes,
    text: firstLine(rt, callText(call)),
    block: callText(call),
    kind: 'call',
  });
  return out;
}
