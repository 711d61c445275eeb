// Frames a byte stream into restore calls, chunks and fields. Never throws: whatever cannot be
// framed becomes a RawNode and a Problem, and every input byte belongs to exactly one node.

import { inspectChunk, resync, type ChunkInspection, type InspectContext } from './chunkCheck';
import { quickPacket } from './quickCheck';
import { fragmentField, FramedChunk, type FieldSource } from './chunkFields';
import {
  align8,
  chunkTypeName,
  CHUNK_TYPES,
  DEFAULT_MAX_PAYLOAD,
  FLAG_CONTINUES,
  framedHeaderSize,
  HEADER_SIZE,
  MAGIC,
  OFF,
  VERSION_MAJOR,
  VERSION_MINOR,
} from './layout';
import type {
  ByteRange,
  CallNode,
  ChunkHeader,
  ChannelConfig,
  ChunkNode,
  FieldNode,
  Problem,
  RawNode,
  SavedStateDocument,
  Step,
} from './model';
import type { DiagnosticCode } from './diagnostics';
import { defaultChannelConfig } from './model';
import { indexAtOffset } from './lookup';
import { ProblemCollector } from './problemCap';
import { MAX_CHUNKS } from './limits';

const PACKET_NAME = chunkTypeName(CHUNK_TYPES.PACKET);

/** How a binary stream is cut into VmbChannelRestoreFromBuffer calls. */
export type Buffering = 'chunk' | 'whole' | { size: number };

export interface DecodeOptions {
  buffering?: Buffering;
  channel?: Partial<ChannelConfig>;
  /** Called on every field list when it is built (lazily): the text form attaches text ranges here. */
  onFields?: (fields: FieldNode[]) => void;
  /** Most problems kept (MAX_COLLECTED_PROBLEMS by default); the rest are counted in MORE-PROBLEMS. */
  maxProblems?: number;
  /** Most chunks framed (MAX_CHUNKS by default); the rest is one unframed RawNode and LIMIT-CHUNKS. */
  maxChunks?: number;
}

/** Carries the stream-level context (MaxPayloadLength, version, CONTINUES) from chunk to chunk. */
export class Framer {
  readonly chunks: ChunkNode[] = [];
  readonly problems: ProblemCollector;
  private ctx: InspectContext = { maxPayload: DEFAULT_MAX_PAYLOAD };
  /**
   * Type of the record a CONTINUES chunk left unfinished: the next chunk of that type is its next
   * fragment, even after chunks of other types in between (restore refuses those with
   * SEQ-CONTINUATION; the fragment is still part of the broken record, not a record of its own).
   */
  private openRecord?: number;

  constructor(
    private readonly b: Uint8Array,
    private readonly onFields?: (fields: FieldNode[]) => void,
    maxProblems?: number,
    private readonly maxChunks: number = MAX_CHUNKS,
  ) {
    this.problems = new ProblemCollector(maxProblems);
    this.source = { b, onFields };
  }

  /** What the lazy field trees of every node read: one object per stream. */
  private readonly source: FieldSource;
  /** Where framing stopped at the chunk limit, and in which call. */
  cut?: { code: DiagnosticCode; at: number; call: number };

  /**
   * Frame b[start, end) as the contents of restore call `call`. The streaming pass
   * (streamAnalysis.ts) frames it `maxItems` at a time, resuming at `from` (resync aligns to `start`).
   */
  frame(call: number, start: number, end: number, maxItems = Infinity, from = start): (ChunkNode | RawNode)[] {
    const items: (ChunkNode | RawNode)[] = [];
    const b = this.b;
    let pos = from;
    while (pos < end && items.length < maxItems) {
      if (this.cut || this.chunks.length >= this.maxChunks) {
        items.push(this.unframedRest(call, pos, end));
        break;
      }
      const open = this.openRecord;
      this.ctx.continuing =
        open !== undefined && pos + OFF.type + 2 <= end && (b[pos + OFF.type] | (b[pos + OFF.type + 1] << 8)) === open;
      const quick = quickPacket(b, pos, end, this.ctx);
      if (quick !== undefined) {
        const node = this.quickNode(call, pos, quick);
        items.push(node);
        pos = node.bytes.end;
        continue;
      }
      const ins = inspectChunk(b, pos, end, this.ctx);
      const h = ins.header;
      if (h && h.magic !== MAGIC) {
        // Not a chunk: skip to the next plausible chunk start and keep the bytes as raw.
        const next = resync(b, start, pos, end);
        const raw: RawNode = {
          kind: 'raw',
          call,
          bytes: { start: pos, end: next },
          reason: 'no chunk magic "VBSC" here',
        };
        items.push(raw);
        this.problems.push({
          code: 'FRAME-MAGIC',
          severity: 'error',
          message: `${ins.issues[0].message} ${next - pos} byte(s) could not be framed.`,
          bytes: { start: pos, end: pos + 4 },
          related: [{ message: 'Unframed bytes', bytes: raw.bytes }],
        });
        pos = next;
        continue;
      }
      const node = this.node(call, ins, end);
      items.push(node);
      pos = node.bytes.end;
      if (!ins.complete) break;
    }
    // A list grown by push keeps spare room (17 slots for one item): most calls hold one chunk.
    return items.length < 8 ? items.slice() : items;
  }

  /**
   * Past the chunk limit: b[pos, end) stays one RawNode, not inspected. The first time, one
   * LIMIT-CHUNKS error says so; later calls (of a text layout) are each one RawNode more.
   */
  private unframedRest(call: number, pos: number, end: number): RawNode {
    const raw: RawNode = {
      kind: 'raw',
      call,
      bytes: { start: pos, end },
      reason: `not analysed: more than ${this.maxChunks} chunks`,
    };
    if (!this.cut) {
      this.cut = { code: 'LIMIT-CHUNKS', at: pos, call };
      this.problems.push({
        code: 'LIMIT-CHUNKS',
        severity: 'error',
        message: `The stream holds more than ${this.maxChunks} chunks: vmbstate frames at most ${this.maxChunks} per document (docs/format.md §8). The remaining ${this.b.length - pos} byte(s) are neither framed nor restored, and no restore call runs from the call holding them on.`,
        bytes: { start: pos, end: Math.min(pos + 4, end) },
        related: [{ message: 'Bytes not analysed', bytes: { start: pos, end: this.b.length } }],
      });
    }
    return raw;
  }

  /** The node of a chunk quickPacket passed: what node() builds from an inspection without issues. */
  private quickNode(call: number, at: number, h: ChunkHeader): ChunkNode {
    const pStart = at + HEADER_SIZE;
    const pEnd = pStart + h.payloadLength;
    const end = pStart + align8(h.payloadLength);
    const node: ChunkNode = new FramedChunk(
      this.chunks.length,
      call,
      { start: at, end },
      { start: at, end: pStart },
      { start: pStart, end: pEnd },
      { start: pEnd, end },
      h,
      PACKET_NAME,
      true,
      h.headerCrc,
      h.payloadCrc,
      this.source,
    );
    this.chunks.push(node);
    // openRecord stays: quickPacket passes no fragment and no CONTINUES, so a record left open
    // is of another type, and a chunk of another type does not end it.
    return node;
  }

  private node(call: number, ins: ChunkInspection, limit: number): ChunkNode {
    const at = ins.at;
    const end = Math.min(at + ins.span, limit);
    const h = ins.header;
    const hEnd = Math.min(at + ins.headerLen, limit);
    const pEnd = h ? Math.min(hEnd + h.payloadLength, end) : hEnd;
    // A FramedChunk builds its field trees when first read: a 100 MB stream has many chunks nobody expands.
    const node: ChunkNode = new FramedChunk(
      this.chunks.length,
      call,
      { start: at, end },
      { start: at, end: hEnd },
      { start: hEnd, end: pEnd },
      { start: pEnd, end },
      h,
      h ? chunkTypeName(h.type) : 'partial header',
      ins.complete,
      ins.computedHeaderCrc,
      ins.computedPayloadCrc,
      this.source,
    );
    if (!h) node.headerFields = [];
    // With a decoded payload the getter builds the payload tree; without one it is settled here.
    if (ins.payload) {
      /* lazy */
    } else if (pEnd > hEnd) {
      node.payloadFields = [
        fragmentField(
          node.payloadBytes,
          h && (h.flags & FLAG_CONTINUES || this.ctx.continuing) ? 'record fragment (CONTINUES)' : 'incomplete payload',
        ),
      ];
      this.onFields?.(node.payloadFields);
    } else {
      node.payloadFields = [];
    }
    this.chunks.push(node);
    for (const i of ins.issues) {
      this.problems.push({
        code: i.code,
        severity: i.severity,
        message: i.message,
        bytes: i.bytes,
        chunk: node.index,
        ...(i.related ? { related: i.related } : {}),
      });
    }
    if (h) {
      if (h.type === CHUNK_TYPES.BEGIN && ins.payload?.record?.type === 'BEGIN') {
        const max = ins.payload.record.v.maxPayloadLength;
        if (max >= 64) this.ctx.maxPayload = max;
        // An unknown major version is reported once (VER-MAJOR), not again as VER-MIXED on every chunk.
        if (h.versionMajor === VERSION_MAJOR)
          this.ctx.streamVersion ??= { major: h.versionMajor, minor: h.versionMinor };
      }
      // A chunk of another type inside a record does not end it (see openRecord).
      if (this.openRecord === undefined || this.openRecord === h.type)
        this.openRecord = h.flags & FLAG_CONTINUES ? h.type : undefined;
    }
    return node;
  }
}

export interface CallLayout {
  bytes: ByteRange;
  bufferNull?: boolean;
  size?: number;
  expect?: CallNode['expect'];
  text?: CallNode['text'];
}

/** Frame explicitly laid-out calls (the text form says which bytes go into which call). */
export function decodeCalls(
  bytes: Uint8Array,
  layout: CallLayout[],
  form: 'binary' | 'text',
  opts: DecodeOptions = {},
): SavedStateDocument {
  const framer = new Framer(bytes, opts.onFields, opts.maxProblems, opts.maxChunks);
  const calls: CallNode[] = layout.map((l, index) => ({
    kind: 'call',
    index,
    bytes: l.bytes,
    items: framer.frame(index, l.bytes.start, l.bytes.end),
    bufferNull: l.bufferNull ?? false,
    size: l.size ?? l.bytes.end - l.bytes.start,
    ...(l.expect ? { expect: l.expect } : {}),
    ...(l.text ? { text: l.text } : {}),
  }));
  const steps: Step[] = calls.map((c) => ({ kind: 'call', call: c.index }));
  const problems = framer.problems.finish();
  assignCalls(problems, calls);
  const cut = framer.cut;
  return {
    form,
    bytes,
    calls,
    chunks: framer.chunks,
    steps: stepsBeforeCut(steps, cut),
    channel: { ...defaultChannelConfig(), ...opts.channel },
    stream: { versionMajor: VERSION_MAJOR, versionMinor: VERSION_MINOR, maxPayload: DEFAULT_MAX_PAYLOAD },
    problems,
    ...(cut ? { cut } : {}),
  };
}

/** The steps before the first one that runs a call at or after the cut (all of them when there is none). */
export function stepsBeforeCut(steps: Step[], cut: SavedStateDocument['cut']): Step[] {
  if (!cut) return steps;
  const i = steps.findIndex((s) => s.kind === 'call' && s.call >= cut.call);
  return i < 0 ? steps : steps.slice(0, i);
}

/** Decode a binary stream, cutting it into restore calls as `buffering` says (one chunk per call by default). */
export function decodeBinary(bytes: Uint8Array, opts: DecodeOptions = {}): SavedStateDocument {
  const buffering = opts.buffering ?? 'chunk';
  const framer = new Framer(bytes, opts.onFields, opts.maxProblems, opts.maxChunks);
  const items = framer.frame(0, 0, bytes.length);
  const groups: (ChunkNode | RawNode)[][] = [];
  if (buffering === 'whole') {
    if (items.length) groups.push(items);
  } else {
    // Bytes that cannot be framed begin one last call that runs to the end of the input: the
    // harness cannot know where a chunk after them would start (docs/format.md §4, Binary files).
    const cut = items.findIndex(unframed);
    const framed = cut < 0 ? items : items.slice(0, cut);
    if (buffering === 'chunk') {
      // A framed item is a whole chunk or one cut short after its header (32 bytes or more): one call each.
      for (const it of framed) groups.push([it]);
    } else {
      const limit = Math.max(1, buffering.size);
      let cur: (ChunkNode | RawNode)[] = [];
      let size = 0;
      for (const it of framed) {
        const n = it.bytes.end - it.bytes.start;
        // A chunk starts a new buffer once the current one cannot hold it.
        if (cur.length && size + n > limit) {
          groups.push(cur);
          cur = [];
          size = 0;
        }
        cur.push(it);
        size += n;
      }
      if (cur.length) groups.push(cur);
    }
    if (cut >= 0) groups.push(items.slice(cut));
    // Lists grown by push keep spare room: one chunk per call is the default.
    for (let i = 0; i < groups.length; i++)
      if (groups[i].length > 1 && groups[i].length < 8) groups[i] = groups[i].slice();
  }
  const calls: CallNode[] = groups.map((g, index) => {
    for (const it of g) it.call = index;
    const start = g.length ? g[0].bytes.start : 0;
    const end = g.length ? g[g.length - 1].bytes.end : 0;
    return { kind: 'call', index, bytes: { start, end }, items: g, bufferNull: false, size: end - start };
  });
  const problems = framer.problems.finish();
  assignCalls(problems, calls);
  // The bytes past the chunk limit are the last item: its call is where the restore stops.
  const cut = framer.cut && { ...framer.cut, call: items[items.length - 1].call };
  return {
    form: 'binary',
    bytes,
    calls,
    chunks: framer.chunks,
    steps: stepsBeforeCut(
      calls.map((c) => ({ kind: 'call', call: c.index })),
      cut,
    ),
    channel: { ...defaultChannelConfig(), ...opts.channel },
    stream: { versionMajor: VERSION_MAJOR, versionMinor: VERSION_MINOR, maxPayload: DEFAULT_MAX_PAYLOAD },
    problems,
    ...(cut ? { cut } : {}),
  };
}

/** Bytes no header frames: no magic (raw), or a header the input cuts short. */
export function unframed(it: ChunkNode | RawNode): boolean {
  return (
    it.kind === 'raw' ||
    !it.header ||
    it.headerBytes.end - it.headerBytes.start < framedHeaderSize(it.header.headerSize)
  );
}

/**
 * Tag each problem with the call whose bytes hold it (an empty call holds its own offset when no
 * call's bytes do). Linear: a binary search among the calls per problem, not a scan.
 */
function assignCalls(problems: Problem[], calls: CallNode[]): void {
  if (problems.length === 0) return;
  const filled = calls.filter((c) => c.bytes.end > c.bytes.start);
  const endingAt = new Map<number, number>();
  for (const c of calls) if (!endingAt.has(c.bytes.end)) endingAt.set(c.bytes.end, c.index);
  for (const p of problems) {
    if (!p.bytes) continue;
    const at = p.bytes.start;
    const i = indexAtOffset(filled, at);
    const call = i >= 0 ? filled[i].index : endingAt.get(at);
    if (call !== undefined) p.call = call;
  }
}
