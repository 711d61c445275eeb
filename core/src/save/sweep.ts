// The buffer-size sweep (docs/format.md §8.9): restore one stream under every distinct packing of
// its whole chunks into N-byte buffers (only the sizes where the packing changes), and, when the
// stream restores, the save side at every size: where SaveContinue returns BUFFER_TOO_SMALL.

import { decodeBinary, unframed } from '../decoder';
import type { DiagnosticCode } from '../diagnostics';
import { RestoreSession } from '../emulator/session';
import type { ChannelConfig } from '../model';
import { STATUS, statusName, formatStatus } from '../ntstatus';
import { channelStateOf, unsaveableReason, type ChannelState } from './channelState';
import { saveChunks } from './saveChunks';

/** Most packings a sweep runs; the rest of the range is reported as not swept. */
export const MAX_SWEEP_PACKINGS = 4096;
/**
 * Most chunks a sweep restores in all (chunks × packings): each packing is a full restore, so a
 * large stream stops sooner (a few seconds; about 12 s on a loaded 2-core machine).
 */
export const MAX_SWEEP_CHUNK_RESTORES = 500_000;

export interface SweepOptions {
  /** Smallest buffer size swept (default 1). */
  min?: number;
  /** Largest buffer size swept (default: the stream's length, or 1 for an empty stream). */
  max?: number;
  channel?: Partial<ChannelConfig>;
  maxPackings?: number;
  /** Chunk restores budget (MAX_SWEEP_CHUNK_RESTORES by default). */
  maxChunkRestores?: number;
}

/** The restore under one packing, which holds for every size in [from, to]. */
export interface SweepPacking {
  from: number;
  to: number;
  /** Bytes of each restore call, in order. */
  calls: number[];
  /**
   * The largest call's bytes. A size below it is a harness leniency: a chunk larger than N gets a
   * buffer of its own, which a real N-byte buffer could not hold.
   */
  largestCall: number;
  /** What each call returned. */
  statuses: number[];
  /** The run's outcome (docs/format.md §4). */
  outcome: number;
  code?: DiagnosticCode;
  /** 1-based number of the call that decided the outcome, if one did. */
  decidingCall?: number;
  /** Chunks the restore committed (applied) by the end of the run. */
  committedChunks: number;
}

/** Consecutive sizes with the same outcome and code (packings merged). */
export interface SweepRange {
  from: number;
  to: number;
  outcome: number;
  code?: DiagnosticCode;
  packings: number;
}

/** The save side at one range of sizes: a correct loop (SaveContinue while BUFFER_OVERFLOW). */
export interface SaveSweepRange {
  from: number;
  to: number;
  /** The last SaveContinue's status: STATUS_SUCCESS, or STATUS_BUFFER_TOO_SMALL. */
  status: number;
  /** SaveContinue calls made, the last included. */
  calls: number;
  /** With BUFFER_TOO_SMALL: the chunk's size the call asked for. */
  bytesRequired?: number;
}

export interface SaveSweep {
  /** Whether re-saving the restored state writes this stream byte for byte (it was produced by a save). */
  identical: boolean;
  chunks: number[];
  largestChunk: number;
  ranges: SaveSweepRange[];
}

export interface SweepResult {
  min: number;
  max: number;
  streamBytes: number;
  /** Spans of the framed chunks, in order (bytes that cannot be framed are always their own last call). */
  chunks: number[];
  largestChunk: number;
  packings: SweepPacking[];
  ranges: SweepRange[];
  /** Sizes at which the outcome (status or code) differs from the size below. */
  changes: { at: number; from: string; to: string }[];
  /** The smallest size that holds every chunk (no oversized call) and restores with STATUS_SUCCESS. */
  smallestWorking?: number;
  /** Present when some packing of the range restores the stream to a state that can be saved. */
  save?: SaveSweep;
  /** Set when a limit (packings, chunk restores) stopped the sweep before `max`: the last size swept. */
  stoppedAt?: number;
}

/** Greedy packing of spans into buffers of at most `n` bytes (a span larger than n alone), as the decoder packs. */
export function packSpans(spans: readonly number[], n: number): number[][] {
  const limit = Math.max(1, n);
  const out: number[][] = [];
  let cur: number[] = [];
  let size = 0;
  spans.forEach((s, i) => {
    if (cur.length && size + s > limit) {
      out.push(cur);
      cur = [];
      size = 0;
    }
    cur.push(i);
    size += s;
  });
  if (cur.length) out.push(cur);
  return out;
}

/** The smallest size above the packing's where some buffer could take the next span: the next change. */
export function nextPackingChange(spans: readonly number[], packing: readonly number[][]): number {
  let next = Infinity;
  for (let c = 0; c + 1 < packing.length; c++) {
    const total = packing[c].reduce((n, i) => n + spans[i], 0);
    next = Math.min(next, total + spans[packing[c + 1][0]]);
  }
  return next;
}

const sum = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0);
const label = (status: number, code?: string) =>
  `${statusName(status) ?? formatStatus(status)}${code ? ` (${code})` : ''}`;

export function sweepBufferSizes(bytes: Uint8Array, opts: SweepOptions = {}): SweepResult {
  const min = Math.max(1, Math.floor(opts.min ?? 1));
  const max = Math.max(min, Math.floor(opts.max ?? Math.max(1, bytes.length)));
  const maxPackings = opts.maxPackings ?? MAX_SWEEP_PACKINGS;
  const items = decodeBinary(bytes, { buffering: 'whole' }).calls[0]?.items ?? [];
  const cut = items.findIndex(unframed);
  const spans = (cut < 0 ? items : items.slice(0, cut)).map((it) => it.bytes.end - it.bytes.start);
  const largestChunk = spans.length ? Math.max(...spans) : 0;

  const packings: SweepPacking[] = [];
  const budget = opts.maxChunkRestores ?? MAX_SWEEP_CHUNK_RESTORES;
  let stoppedAt: number | undefined;
  let restored: ChannelState | undefined;
  for (let n = min; n <= max;) {
    // Always one packing; then stop before either budget would be passed.
    const over = packings.length >= maxPackings || (packings.length + 1) * Math.max(1, spans.length) > budget;
    if (packings.length && over) {
      stoppedAt = n - 1;
      break;
    }
    const packing = packSpans(spans, n);
    const to = Math.min(max, nextPackingChange(spans, packing) - 1);
    const session = new RestoreSession(decodeBinary(bytes, { buffering: { size: n }, channel: opts.channel }));
    const outcome = session.runToEnd();
    // Every packing that succeeds committed the same chunks up to END: the same state.
    if (!restored && outcome.status === STATUS.STATUS_SUCCESS) restored = channelStateOf(session.channel.state);
    const calls = session.doc.calls.map((c) => c.bytes.end - c.bytes.start);
    packings.push({
      from: n,
      to,
      calls,
      largestCall: calls.length ? Math.max(...calls) : 0,
      statuses: session.trace.flatMap((t) => (t.kind === 'call' ? [t.status] : [])),
      outcome: outcome.status,
      ...(outcome.code ? { code: outcome.code } : {}),
      ...(outcome.call !== undefined ? { decidingCall: outcome.call + 1 } : {}),
      committedChunks: session.channel.state.chunks,
    });
    n = to + 1;
  }

  const ranges: SweepRange[] = [];
  for (const p of packings) {
    const last = ranges[ranges.length - 1];
    if (last && last.outcome === p.outcome && last.code === p.code) {
      last.to = p.to;
      last.packings++;
    } else
      ranges.push({ from: p.from, to: p.to, outcome: p.outcome, ...(p.code ? { code: p.code } : {}), packings: 1 });
  }
  const changes = ranges
    .slice(1)
    .map((r, i) => ({ at: r.from, from: label(ranges[i].outcome, ranges[i].code), to: label(r.outcome, r.code) }));
  const working = packings.find((p) => p.outcome === STATUS.STATUS_SUCCESS && p.to >= largestChunk);
  const smallestWorking = working && Math.max(working.from, largestChunk);

  const save = restored && saveSide(bytes, restored, opts, min, stoppedAt ?? max);
  return {
    min,
    max,
    streamBytes: bytes.length,
    chunks: spans,
    largestChunk,
    packings,
    ranges,
    changes,
    ...(smallestWorking !== undefined ? { smallestWorking } : {}),
    ...(save ? { save } : {}),
    ...(stoppedAt !== undefined ? { stoppedAt } : {}),
  };
}

/** The save side: re-save the state a successful packing restored, at every size of [min, max]. */
function saveSide(
  bytes: Uint8Array,
  state: ChannelState,
  opts: SweepOptions,
  min: number,
  max: number,
): SaveSweep | undefined {
  if (unsaveableReason(state)) return undefined;
  const chunks = saveChunks(state).map((c) => c.bytes);
  const sizes = chunks.map((c) => c.length);
  const saved = new Uint8Array(sum(sizes));
  let at = 0;
  for (const c of chunks) {
    saved.set(c, at);
    at += c.length;
  }
  const identical = saved.length === bytes.length && saved.every((b, i) => b === bytes[i]);
  const largest = Math.max(...sizes);
  const ranges: SaveSweepRange[] = [];
  const maxSteps = opts.maxPackings ?? MAX_SWEEP_PACKINGS;
  for (let n = min, steps = 0; n <= max && steps < maxSteps; steps++) {
    // The loop's calls at size n: whole chunks packed greedily until one is larger than n.
    const tooBig = sizes.findIndex((s) => s > n);
    const fits = tooBig < 0 ? sizes : sizes.slice(0, tooBig);
    const packing = packSpans(fits, n);
    const r: SaveSweepRange =
      tooBig < 0
        ? { from: n, to: n, status: STATUS.STATUS_SUCCESS, calls: packing.length }
        : {
            from: n,
            to: n,
            status: STATUS.STATUS_BUFFER_TOO_SMALL,
            calls: packing.length + 1,
            bytesRequired: sizes[tooBig],
          };
    // Sizes up to the next packing change, or the next size at which another chunk fits.
    const nextFit = tooBig < 0 ? Infinity : sizes[tooBig];
    r.to = Math.min(max, nextPackingChange(fits, packing) - 1, nextFit - 1);
    const last = ranges[ranges.length - 1];
    if (last && last.status === r.status && last.calls === r.calls && last.bytesRequired === r.bytesRequired)
      last.to = r.to;
    else ranges.push(r);
    n = r.to + 1;
  }
  return { identical, chunks: sizes, largestChunk: largest, ranges };
}
