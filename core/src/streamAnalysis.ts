// The analysis of a binary stream in one streaming pass (docs/format.md §8.3, "Streaming passes"): the
// decoder frames one call's chunks at a time, the emulated restore runs that call, the caller sees
// the call, its items and its trace entry, and all of it is dropped; only what the final report
// needs stays (the capped problem list, the outcome, counts, 8 bytes per chunk and per call).

import { foldConsequences } from './consequences';
import { Framer, unframed, type Buffering } from './decoder';
import { EmulatedChannel } from './emulator/channel';
import { OutcomeTracker, runRestoreCall, type CallTrace, type RestoreOutcome } from './emulator/session';
import { DEFAULT_MAX_PAYLOAD, HEADER_SIZE, VERSION_MAJOR, VERSION_MINOR } from './layout';
import { MAX_CHUNKS } from './limits';
import {
  defaultChannelConfig,
  type CallNode,
  type ChannelConfig,
  type ChunkNode,
  type Problem,
  type RawNode,
  type SavedStateDocument,
} from './model';
import { capProblems } from './problemCap';
import { TraceMerger } from './traceMerge';

export interface StreamOptions {
  /** How the stream is cut into calls; 'whole' cannot stream (one call holds every chunk). */
  buffering?: Exclude<Buffering, 'whole'>;
  channel?: Partial<ChannelConfig>;
  maxProblems?: number;
  maxChunks?: number;
}

/** What a streaming pass shows its caller, in stream order; nothing it is given is kept after the call returns. */
export interface StreamVisitor {
  /** A call's head (`items` empty): its items follow. */
  call?(head: CallNode): void;
  item?(it: ChunkNode | RawNode): void;
  /** The call's restore, after its items (none for a call past the chunk limit: it is not restored); `typeName` names the call's chunks. */
  trace?(t: CallTrace, typeName: (chunk: number) => string): void;
}

/** What the report of the whole stream needs: the same values analyze() gives for its document. */
export interface StreamSummary {
  form: 'binary';
  size: number;
  calls: number;
  chunks: number;
  /** Restore steps run: one per call, up to the call the chunk limit cut. */
  steps: number;
  channel: ChannelConfig;
  stream: SavedStateDocument['stream'];
  cut?: SavedStateDocument['cut'];
  problems: Problem[];
  outcome: RestoreOutcome;
}

/** Stands in for the framer's chunk list: its length is the next chunk's index; nothing is kept. */
class ChunkCounter {
  length = 0;
  push(): number {
    return ++this.length;
  }
}

/** Byte ranges in index order, 8 bytes each (16 past 4 GiB): what the pass keeps of every chunk and call. */
class Ranges {
  private a: Uint32Array | Float64Array;
  length = 0;
  /** `capacity`: the most ranges expected (sized once: a grown array's copies would be garbage the size of the list). */
  constructor(
    private readonly wide: boolean,
    capacity: number,
  ) {
    const n = 2 * Math.max(16, capacity);
    this.a = wide ? new Float64Array(n) : new Uint32Array(n);
  }
  push(start: number, end: number): void {
    if (2 * this.length + 2 > this.a.length) {
      const b = this.wide ? new Float64Array(this.a.length * 2) : new Uint32Array(this.a.length * 2);
      b.set(this.a);
      this.a = b;
    }
    this.a[2 * this.length] = start;
    this.a[2 * this.length + 1] = end;
    this.length++;
  }
  /** Index of the range holding `offset`, or -1 (indexAtOffset over nodes, lookup.ts). */
  at(offset: number): number {
    let lo = 0;
    let hi = this.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (offset < this.a[2 * mid]) hi = mid - 1;
      else if (offset >= this.a[2 * mid + 1]) lo = mid + 1;
      else return mid;
    }
    return -1;
  }
  /** The first range ending at `offset`, or -1. */
  endingAt(offset: number): number {
    for (let i = 0; i < this.length; i++) if (this.a[2 * i + 1] === offset) return i;
    return -1;
  }
}

/**
 * One pass of decode and restore over `bytes`, call by call. The summary equals what
 * decodeBinary + analyze give (problems, outcome, counts), the visitor sees the same calls, items
 * and trace entries in the same order; memory stays bounded by the largest call, not the stream.
 */
export function streamBinaryAnalysis(bytes: Uint8Array, opts: StreamOptions, visit: StreamVisitor = {}): StreamSummary {
  return dispatch(walk(bytes, opts, true), visit) as StreamSummary;
}

/** The calls and items alone, without the restore and without collecting problems: a cheaper pass for a dump's listing. */
export function streamBinaryLayout(
  bytes: Uint8Array,
  opts: StreamOptions,
  visit: Pick<StreamVisitor, 'call' | 'item'> = {},
): Pick<StreamSummary, 'calls' | 'chunks'> {
  return dispatch(walk(bytes, opts, false), visit);
}

/** What a pass meets, in stream order (the visitor's calls as values, for a caller that yields). */
export type StreamEvent =
  | { kind: 'call'; head: CallNode }
  | { kind: 'item'; item: ChunkNode | RawNode }
  | { kind: 'trace'; trace: CallTrace; typeName: (chunk: number) => string };

function dispatch<R>(events: Generator<StreamEvent, R>, visit: StreamVisitor): R {
  for (;;) {
    const e = events.next();
    if (e.done) return e.value;
    const v = e.value;
    if (v.kind === 'call') visit.call?.(v.head);
    else if (v.kind === 'item') visit.item?.(v.item);
    else visit.trace?.(v.trace, v.typeName);
  }
}

/** The framing-only pass as events: the disassembler writes each call's lines as it is framed. */
export function streamBinaryLayoutEvents(
  bytes: Uint8Array,
  opts: StreamOptions,
): Generator<StreamEvent, Pick<StreamSummary, 'calls' | 'chunks'>> {
  return walk(bytes, opts, false);
}

function walk(bytes: Uint8Array, opts: StreamOptions, restoreCalls: true): Generator<StreamEvent, StreamSummary>;
function walk(
  bytes: Uint8Array,
  opts: StreamOptions,
  restoreCalls: boolean,
): Generator<StreamEvent, StreamSummary | Pick<StreamSummary, 'calls' | 'chunks'>>;
function* walk(
  bytes: Uint8Array,
  opts: StreamOptions,
  restoreCalls: boolean,
): Generator<StreamEvent, StreamSummary | Pick<StreamSummary, 'calls' | 'chunks'>> {
  // What the steps below meet, given out after each step (at most one call's worth).
  const queue: StreamEvent[] = [];
  const buffering = opts.buffering ?? 'chunk';
  const len = bytes.length;
  const framer = new Framer(bytes, undefined, restoreCalls ? opts.maxProblems : 0, opts.maxChunks);
  // The framer numbers chunks by the length of its list and stops at the chunk limit by it: a
  // counter in its place keeps the numbering without a list of the stream's length to grow.
  (framer as unknown as { chunks: ChunkCounter }).chunks = new ChunkCounter();
  const channelConfig: ChannelConfig = { ...defaultChannelConfig(), ...opts.channel };
  const channel = new EmulatedChannel(channelConfig);
  // Offsets fit 32 bits below 4 GiB (the CLI reads at most MAX_STREAM_BYTES).
  const wide = len >= 2 ** 32;
  // A chunk is at least a 32-byte header but the last; a call holds a chunk but the last.
  const most = Math.min(opts.maxChunks ?? MAX_CHUNKS, Math.floor(len / HEADER_SIZE)) + 2;
  const chunkRanges = new Ranges(wide, most);
  const callRanges = new Ranges(wide, most);
  const merger = new TraceMerger(() => framer.problems.overflowed);
  merger.trackTentative();
  const tracker = new OutcomeTracker();
  const chunkAt = (offset: number) => {
    const i = chunkRanges.at(offset);
    return i < 0 ? undefined : i;
  };
  // Decoder problems wait here until the call holding their offset exists (assignCalls, decoder.ts).
  let seen = 0;
  let pending: Problem[] = [];
  const assignPending = (final: boolean) => {
    const items = framer.problems.items;
    for (; seen < items.length; seen++) pending.push(items[seen]);
    const rest: Problem[] = [];
    for (const p of pending) {
      if (!p.bytes) continue;
      let call = callRanges.at(p.bytes.start);
      if (call < 0 && final) call = callRanges.endingAt(p.bytes.start);
      if (call < 0) {
        if (!final) rest.push(p);
        continue;
      }
      p.call = call;
      merger.index(p);
    }
    pending = rest;
  };

  // The current call's chunk names, for its trace entry.
  let names = new Map<number, string>();
  /** Frame the next item at `pos`; the framer's own list lets go of it. */
  const next = (pos: number): ChunkNode | RawNode => {
    const [it] = framer.frame(0, 0, len, 1, pos);
    if (it.kind === 'chunk') {
      chunkRanges.push(it.bytes.start, it.bytes.end);
    }
    return it;
  };
  const open = (start: number, end: number): CallNode => {
    const head: CallNode = {
      kind: 'call',
      index: callRanges.length,
      bytes: { start, end },
      items: [],
      bufferNull: false,
      size: end - start,
    };
    callRanges.push(start, end);
    queue.push({ kind: 'call', head });
    names = new Map();
    return head;
  };
  const show = (head: CallNode, it: ChunkNode | RawNode) => {
    it.call = head.index;
    if (it.kind === 'chunk') names.set(it.index, it.typeName);
    queue.push({ kind: 'item', item: it });
  };
  const restore = (head: CallNode) => {
    if (!restoreCalls) return;
    assignPending(false);
    const t = runRestoreCall(channel, bytes, head.index, head, (at) => chunkAt(at));
    merger.add(t);
    tracker.add(t);
    const callNames = names;
    queue.push({ kind: 'trace', trace: t, typeName: (i) => callNames.get(i) ?? '?' });
  };

  const limit = buffering === 'chunk' ? 0 : Math.max(1, buffering.size);
  let group: (ChunkNode | RawNode)[] = [];
  let size = 0;
  const flush = () => {
    if (!group.length) return;
    const head = open(group[0].bytes.start, group[group.length - 1].bytes.end);
    for (const it of group) show(head, it);
    group = [];
    size = 0;
    restore(head);
  };
  let pos = 0;
  while (pos < len) {
    const it = next(pos);
    if (unframed(it)) {
      // Bytes that cannot be framed begin one last call that runs to the end of the input.
      flush();
      const head = open(it.bytes.start, len);
      show(head, it);
      for (let at = it.bytes.end; at < len;) {
        const more = next(at);
        show(head, more);
        at = more.bytes.end;
      }
      // Past the chunk limit the restore stops before the call holding the cut (stepsBeforeCut).
      if (!framer.cut) restore(head);
      yield* drain(queue);
      break;
    }
    const n = it.bytes.end - it.bytes.start;
    // A chunk starts a new buffer once the current one cannot hold it.
    if (group.length && size + n > limit) flush();
    group.push(it);
    size += n;
    pos = it.bytes.end;
    yield* drain(queue);
  }
  flush();
  yield* drain(queue);
  if (!restoreCalls) return { calls: callRanges.length, chunks: framer.chunks.length };

  assignPending(true);
  const decoderProblems = framer.problems.finish();
  const more = decoderProblems[decoderProblems.length - 1];
  if (framer.problems.overflowed && more.bytes) {
    let call = callRanges.at(more.bytes.start);
    if (call < 0) call = callRanges.endingAt(more.bytes.start);
    if (call >= 0) more.call = call;
  }
  merger.end(framer.problems.overflowed);
  const cut = framer.cut && { ...framer.cut, call: callRanges.length - 1 };
  const outcome = tracker.outcome({ bytes, ...(cut ? { cut } : {}) });
  let problems = [...decoderProblems, ...merger.added, ...outcome.findings];
  problems = foldConsequences(problems);
  problems.sort((a, b) => (a.bytes?.start ?? Infinity) - (b.bytes?.start ?? Infinity));
  return {
    form: 'binary',
    size: len,
    calls: callRanges.length,
    chunks: framer.chunks.length,
    steps: cut ? cut.call : callRanges.length,
    channel: channelConfig,
    stream: { versionMajor: VERSION_MAJOR, versionMinor: VERSION_MINOR, maxPayload: DEFAULT_MAX_PAYLOAD },
    ...(cut ? { cut } : {}),
    problems: capProblems(problems, opts.maxProblems),
    outcome,
  };
}

function* drain(queue: StreamEvent[]): Generator<StreamEvent> {
  for (let i = 0; i < queue.length; i++) yield queue[i];
  queue.length = 0;
}
