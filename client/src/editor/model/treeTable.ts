// The whole tree of a large analysis as the webview gets it after the summary: calls, chunks and
// trace entries as rows of numbers (plus a string table), about 1/8 of the same analysis as JSON
// objects (a 100 MB stream: about 1.5 MB against 12 MB), so it crosses the webview transport fast.
// It carries what the webview's tree and trace read (webview/tree.ts buildTree, annotations.ts
// traceRows), not the whole wire form: a chunk's header keeps Type, Flags and Sequence only.
// Pure; both ends import it. Unit-tested (test/unit/clientAnalysisSummary.test.ts).

import type { TraceEntry, WireAnalysis, WireCall, WireChunk, WireItem } from '../../../../core/src';

type RawNode = Extract<WireItem, { kind: 'raw' }>;

export interface TreeTable {
  /** Per call: index, start, end, number of items. */
  calls: number[];
  /** Per item: 0 and a chunk's CHUNK_COLUMNS numbers, or 1 and an index into `others` (unframed bytes). */
  items: number[];
  /** Per trace entry: 0, step, call, start, end, status, index of its status name in `strings`; or 1 and an index into `others`. */
  trace: number[];
  /** Type names and status names. */
  strings: string[];
  /** Items and trace entries kept as they are (unframed bytes, a failed or checked call, a channel operation). */
  others: (RawNode | TraceEntry)[];
}

/** A chunk row after its 0: index, call, 8 range ends, type (−1: no header), flags, sequence, complete, type name. */
const CHUNK_COLUMNS = 15;

/** The calls and trace of `a` as a table (`a` is a paged analysis: its chunks carry no fields). */
export function toTreeTable(a: WireAnalysis): TreeTable {
  const t: TreeTable = { calls: [], items: [], trace: [], strings: [], others: [] };
  const ids = new Map<string, number>();
  const str = (s: string) => {
    let i = ids.get(s);
    if (i === undefined) {
      i = t.strings.push(s) - 1;
      ids.set(s, i);
    }
    return i;
  };
  for (const c of a.calls) {
    t.calls.push(c.index, c.bytes.start, c.bytes.end, c.items.length);
    for (const it of c.items) {
      if (it.kind === 'raw') {
        t.items.push(1, t.others.push(it) - 1);
        continue;
      }
      const h = it.header;
      t.items.push(
        0,
        it.index,
        it.call,
        it.bytes.start,
        it.bytes.end,
        it.headerBytes.start,
        it.headerBytes.end,
        it.payloadBytes.start,
        it.payloadBytes.end,
        it.paddingBytes.start,
        it.paddingBytes.end,
        h ? h.type : -1,
        h ? h.flags : 0,
        h ? h.sequence : 0,
        it.complete ? 1 : 0,
        str(it.typeName),
      );
    }
  }
  for (const e of a.trace) {
    if (e.kind === 'call' && !e.failure && !e.expect)
      t.trace.push(0, e.step, e.call, e.bytes.start, e.bytes.end, e.status, str(e.statusName));
    else t.trace.push(1, t.others.push(e) - 1);
  }
  return t;
}

/** The calls and trace a table holds, as the webview's tree reads them (chunks without fields: asked for when opened). */
export function fromTreeTable(t: TreeTable): { calls: WireCall[]; trace: TraceEntry[] } {
  const calls: WireCall[] = [];
  let at = 0;
  for (let c = 0; c < t.calls.length; c += 4) {
    const items: WireItem[] = [];
    for (let n = 0; n < t.calls[c + 3]!; n++) {
      if (t.items[at] === 1) {
        items.push(t.others[t.items[at + 1]!] as RawNode);
        at += 2;
        continue;
      }
      const r = (k: number) => t.items[at + 1 + k]!;
      const type = r(10);
      const chunk: WireChunk = {
        kind: 'chunk',
        index: r(0),
        call: r(1),
        bytes: { start: r(2), end: r(3) },
        headerBytes: { start: r(4), end: r(5) },
        payloadBytes: { start: r(6), end: r(7) },
        paddingBytes: { start: r(8), end: r(9) },
        ...(type >= 0 ? { header: { type, flags: r(11), sequence: r(12) } as NonNullable<WireChunk['header']> } : {}),
        complete: r(13) === 1,
        typeName: t.strings[r(14)]!,
        headerFields: [],
        payloadFields: [],
        fieldsOmitted: ['headerFields', 'payloadFields'],
      };
      items.push(chunk);
      at += 1 + CHUNK_COLUMNS;
    }
    calls.push({
      kind: 'call',
      index: t.calls[c]!,
      bytes: { start: t.calls[c + 1]!, end: t.calls[c + 2]! },
      items,
      bufferNull: false,
      size: t.calls[c + 2]! - t.calls[c + 1]!,
    });
  }
  const trace: TraceEntry[] = [];
  for (let i = 0; i < t.trace.length;) {
    if (t.trace[i] === 1) {
      trace.push(t.others[t.trace[i + 1]!] as TraceEntry);
      i += 2;
      continue;
    }
    const status = t.trace[i + 5]!;
    trace.push({
      kind: 'call',
      step: t.trace[i + 1]!,
      call: t.trace[i + 2]!,
      bytes: { start: t.trace[i + 3]!, end: t.trace[i + 4]! },
      status,
      statusName: t.strings[t.trace[i + 6]!]!,
      ntSuccess: status < 0x80000000,
      chunks: [],
      refused: false,
      warnings: [],
    } as unknown as TraceEntry);
    i += 7;
  }
  return { calls, trace };
}
