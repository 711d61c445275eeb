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
import { FramedChunk } from './chunkFields';

export type WireField = Omit<FieldNode, 'value' | 'children'> & { value?: number | string; children?: WireField[] };
export type WireChunk = Omit<ChunkNode, 'headerFields' | 'payloadFields'> & {
  headerFields: WireField[];
  payloadFields: WireField[];
  /** Field trees left out of a paged analysis (sent empty): wireChunkFields builds them from the bytes. */
  fieldsOmitted?: ('headerFields' | 'payloadFields')[];
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

/**
 * A chunk of a paged analysis: a tree not built yet is left out (and named in fieldsOmitted), one
 * already there (a fragment's, an empty one, one read before) is sent as it is.
 */
function pagedItem(i: ChunkNode | RawNode): WireItem {
  if (i.kind === 'raw') return i;
  const omitted: ('headerFields' | 'payloadFields')[] = [];
  const tree = (key: 'headerFields' | 'payloadFields'): WireField[] => {
    if (Object.getOwnPropertyDescriptor(i, key)) return i[key].map(field);
    omitted.push(key);
    return [];
  };
  const w: WireChunk = { ...i, headerFields: tree('headerFields'), payloadFields: tree('payloadFields') };
  if (omitted.length) w.fieldsOmitted = omitted;
  return w;
}

/**
 * The field trees a paged analysis left out of `chunk`, built from the bytes it was made of
 * (docs/binary-editor.md, Paged analysis); the trees it carried are returned as they are.
 */
export function wireChunkFields(
  bytes: Uint8Array,
  chunk: WireChunk,
): { headerFields: WireField[]; payloadFields: WireField[] } {
  const omitted = chunk.fieldsOmitted ?? [];
  if (!omitted.length) return { headerFields: chunk.headerFields, payloadFields: chunk.payloadFields };
  const node = new FramedChunk(
    chunk.index,
    chunk.call,
    chunk.bytes,
    chunk.headerBytes,
    chunk.payloadBytes,
    chunk.paddingBytes,
    chunk.header,
    chunk.typeName,
    chunk.complete,
    chunk.computedHeaderCrc,
    chunk.computedPayloadCrc,
    { b: bytes },
  );
  return {
    headerFields: omitted.includes('headerFields') ? node.buildFields('headerFields').map(field) : chunk.headerFields,
    payloadFields: omitted.includes('payloadFields')
      ? node.buildFields('payloadFields').map(field)
      : chunk.payloadFields,
  };
}

export interface WireOptions {
  /** Leave field trees out (fieldsOmitted) when the document has more chunks than this. */
  fieldsAbove?: number;
}

export function toWire(a: Analysis, opts: WireOptions = {}): WireAnalysis {
  const d = a.doc;
  const paged = opts.fieldsAbove !== undefined && d.chunks.length > opts.fieldsAbove;
  const toItem = paged ? pagedItem : item;
  return {
    form: d.form,
    size: d.bytes.length,
    calls: d.calls.map((c) => ({ ...c, items: c.items.map(toItem) })),
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
