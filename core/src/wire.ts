// JSON-safe form of an analysis, for the language server's custom requests, the webview and
// `vmbstate dump --json`: u64 values become decimal strings, the raw bytes are left out.

import type { Analysis } from './analyze';
import type {
  CallNode,
  ChannelConfig,
  ChunkNode,
  Expectation,
  FieldNode,
  Problem,
  RawNode,
  Step,
  StreamSettings,
} from './model';
import type { TraceEntry } from './emulator/session';
import { formatStatus, statusName } from './ntstatus';

export type WireField = Omit<FieldNode, 'value' | 'children'> & { value?: number | string; children?: WireField[] };
export type WireChunk = Omit<ChunkNode, 'headerFields' | 'payloadFields'> & {
  headerFields: WireField[];
  payloadFields: WireField[];
};
export type WireItem = WireChunk | RawNode;
export type WireCall = Omit<CallNode, 'items'> & { items: WireItem[] };

export interface WireAnalysis {
  form: 'binary' | 'text';
  size: number;
  calls: WireCall[];
  steps: Step[];
  channel: ChannelConfig;
  stream: StreamSettings;
  expectEnd?: Expectation;
  problems: Problem[];
  trace: TraceEntry[];
  outcome: { status: number; statusName: string; findings: Problem[] };
}

function field(f: FieldNode): WireField {
  const { value, children, ...rest } = f;
  const w: WireField = { ...rest };
  if (value !== undefined) w.value = typeof value === 'bigint' ? value.toString() : value;
  if (children) w.children = children.map(field);
  return w;
}

function item(i: ChunkNode | RawNode): WireItem {
  if (i.kind === 'raw') return i;
  return { ...i, headerFields: i.headerFields.map(field), payloadFields: i.payloadFields.map(field) };
}

export function toWire(a: Analysis): WireAnalysis {
  const d = a.doc;
  return {
    form: d.form,
    size: d.bytes.length,
    calls: d.calls.map((c) => ({ ...c, items: c.items.map(item) })),
    steps: d.steps,
    channel: d.channel,
    stream: d.stream,
    ...(d.expectEnd ? { expectEnd: d.expectEnd } : {}),
    problems: a.problems,
    trace: [...a.trace],
    outcome: {
      status: a.outcome.status,
      statusName: statusName(a.outcome.status) ?? formatStatus(a.outcome.status),
      findings: a.outcome.findings,
    },
  };
}
