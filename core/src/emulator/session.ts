// Replays a decoded document's steps (restore calls and channel operations) one at a time,
// the way a driver would call VmbChannelRestoreFromBuffer, and records what each returned.
// The debugger steps it; the CLI and the language server run it to the end.

import { diagnosticInfo, type DiagnosticCode } from '../diagnostics';
import { indexAtOffset } from '../lookup';
import type {
  ByteRange,
  CallNode,
  ChannelLifecycle,
  ChannelOpName,
  Expectation,
  Problem,
  SavedStateDocument,
} from '../model';
import { formatStatus, ntSuccess, STATUS, statusName } from '../ntstatus';
import {
  EmulatedChannel,
  type ChannelMark,
  type RestoreCallResult,
  type RestoreFinding,
  type RestorePhase,
} from './channel';

export interface CallTrace {
  kind: 'call';
  step: number;
  call: number;
  bytes: ByteRange;
  status: number;
  statusName: string;
  ntSuccess: boolean;
  /** Indices of the document's chunks this call examined; all applied unless the call failed. */
  chunks: number[];
  failure?: Problem;
  /** An argument or state check refused the call (ARG-*, STATE-ENABLED/DONE/FAILED): it changed nothing. */
  refused: boolean;
  warnings: Problem[];
  phase: RestorePhase;
  lifecycle: ChannelLifecycle;
  expect?: Expectation & { ok: boolean };
}

export interface OpTrace {
  kind: 'op';
  step: number;
  op: ChannelOpName;
  ok: boolean;
  message: string;
  phase: RestorePhase;
  lifecycle: ChannelLifecycle;
  /** Enable after a finished restore: what a VMBus server does next, in order. */
  afterRestore?: string[];
  /** WARN-ENABLE-NEW on an Enable while the restore is unfinished or failed. */
  warning?: Problem;
}

export type TraceEntry = CallTrace | OpTrace;

export interface RestoreOutcome {
  /**
   * SUCCESS when the restore finished; else the status of the last call that made it Failed;
   * else (refused calls do not count) END_OF_FILE: the input ran out first, or a limit stopped
   * the analysis (docs/format.md §8).
   */
  status: number;
  /** The diagnostic code behind `status`: the deciding call's failure, EOF-TRUNCATED (or the limit's code), or none on success. */
  code?: DiagnosticCode;
  /** The call that decided the outcome (finished or failed the restore), if one did. */
  call?: number;
  /** Harness findings: EOF-TRUNCATED, EXPECT-MISMATCH. */
  findings: Problem[];
}

// Most calls examine one chunk or none and warn of nothing: one shared, frozen empty list each
// instead of two arrays per call (a stream may hold a million calls).
const NO_CHUNKS: number[] = Object.freeze([]) as unknown as number[];
const NO_WARNINGS: Problem[] = Object.freeze([]) as unknown as Problem[];

/** The defined indices, in an array of exactly their length (filter would over-allocate). */
function chunkIndices(at: (number | undefined)[]): number[] {
  let n = 0;
  for (const i of at) if (i !== undefined) n++;
  if (n === at.length) return at as number[];
  const out = new Array<number>(n);
  let k = 0;
  for (const i of at) if (i !== undefined) out[k++] = i;
  return out;
}

/** At most this many channel marks per rewindable session: rewindTo replays fewer than steps / MAX_MARKS steps. */
const MAX_MARKS = 4096;

export interface RestoreSessionOptions {
  /** Keep marks of the channel as steps run, so rewindTo can go back (the debugger's time travel). */
  rewindable?: boolean;
}

export class RestoreSession {
  private _channel!: EmulatedChannel;
  private _trace: TraceEntry[] = [];
  private position = 0;
  /** marks[j]: the channel before step j × markEvery (rewindable sessions only). */
  private marks: ChannelMark[] = [];
  private readonly markEvery: number;

  private _doc: SavedStateDocument;

  constructor(
    doc: SavedStateDocument,
    private readonly options: RestoreSessionOptions = {},
  ) {
    this._doc = doc;
    this.markEvery = Math.max(1, Math.ceil(doc.steps.length / MAX_MARKS));
    this.reset();
  }

  get doc(): SavedStateDocument {
    return this._doc;
  }

  /**
   * Go on with `doc`, a version of this session's document whose steps before `step` are the same
   * steps over the same bytes (an edit after them): the channel and trace go back to before
   * `step` (rewindTo), and the steps from there run on `doc`. The language server resumes the
   * restore of an edited text this way. Throws on a session made without `rewindable` or a
   * document with another number of steps (the marks are spaced by it).
   */
  resumeOn(doc: SavedStateDocument, step: number): void {
    if (!this.options.rewindable) throw new Error('resumeOn needs a session made with { rewindable: true }');
    if (doc.steps.length !== this._doc.steps.length) throw new Error('resumeOn needs the same number of steps');
    this._doc = doc;
    this.rewindTo(Math.min(step, this.position));
  }

  reset(): void {
    this._channel = new EmulatedChannel(this.doc.channel, this.doc.schemaFailures);
    this._trace = [];
    this.position = 0;
    this.marks = [];
  }

  /**
   * Put the session where it was before step `step` ran (0 ≤ step ≤ steps run): the channel from
   * the nearest mark at or before it, then the steps from there replayed; the trace is cut to
   * `step` entries. Going forward just runs the steps. Throws on a session made without `rewindable`.
   */
  rewindTo(step: number): void {
    if (!this.options.rewindable) throw new Error('rewindTo needs a session made with { rewindable: true }');
    const target = Math.max(0, Math.min(step, this.doc.steps.length));
    if (target < this.position) {
      const j = Math.min(Math.floor(target / this.markEvery), this.marks.length - 1);
      this._channel.rewind(this.marks[j]);
      // Later marks name collection lengths the rewind just cut: replay records them again.
      this.marks.length = j + 1;
      this.position = j * this.markEvery;
      this._trace.length = this.position;
    }
    while (this.position < target && this.step());
  }

  get channel(): EmulatedChannel {
    return this._channel;
  }
  get trace(): readonly TraceEntry[] {
    return this._trace;
  }
  /** Index of the next step to run. */
  get nextStep(): number {
    return this.position;
  }
  get done(): boolean {
    return this.position >= this.doc.steps.length;
  }

  /** Run the next step; undefined once all steps ran. */
  step(): TraceEntry | undefined {
    const s = this.doc.steps[this.position];
    if (!s) return undefined;
    if (this.options.rewindable && this.position === this.marks.length * this.markEvery)
      this.marks.push(this._channel.mark());
    const step = this.position++;
    let entry: TraceEntry;
    if (s.kind === 'op') {
      const { warning, ...r } = this._channel.operation(s.op);
      entry = { kind: 'op', step, op: s.op, ...r };
      if (warning)
        entry.warning = {
          code: warning.code,
          message: warning.message,
          severity: warning.severity,
          ...(s.text ? { text: s.text } : {}),
        };
    } else {
      entry = this.runCall(step, this.doc.calls[s.call]);
    }
    this._trace.push(entry);
    return entry;
  }

  runToEnd(): RestoreOutcome {
    while (this.step());
    return this.outcome();
  }

  private runCall(step: number, call: CallNode): CallTrace {
    return runRestoreCall(this._channel, this.doc.bytes, step, call, (at) => this.chunkAt(at));
  }

  /** Index of the document chunk holding a stream offset. */
  private chunkAt(offset: number): number | undefined {
    const i = indexAtOffset(this.doc.chunks, offset);
    return i < 0 ? undefined : i;
  }

  /** How the run ended and the harness findings; meaningful once done. */
  outcome(): RestoreOutcome {
    const tracker = new OutcomeTracker();
    for (const t of this._trace) tracker.add(t);
    return tracker.outcome(this.doc);
  }
}

/**
 * What decides a run's outcome, gathered entry by entry as the trace grows: the session reads it
 * from its whole trace, the streaming pass (streamAnalysis.ts) keeps only this, not the trace.
 */
export class OutcomeTracker {
  /** EXPECT-MISMATCH findings of calls whose `.expect` failed, in call order. */
  private readonly findings: Problem[] = [];
  private last?: CallTrace;
  private decided?: CallTrace;
  private started = false;
  private tail?: TraceEntry;

  add(t: TraceEntry): void {
    this.tail = t;
    if (t.kind !== 'call') return;
    const c = t;
    if (c.expect && !c.expect.ok) {
      const want = formatStatus(c.expect.status) + (c.expect.diag ? ` with ${c.expect.diag}` : '');
      const got = formatStatus(c.status) + (c.failure ? ` with ${c.failure.code}` : '');
      this.findings.push({
        code: 'EXPECT-MISMATCH',
        severity: 'error',
        message: `Restore call ${c.call + 1} was expected to return ${want}, returned ${got}.`,
        call: c.call,
        bytes: c.bytes,
        ...(c.expect.text ? { text: c.expect.text } : {}),
      });
    }
    this.last = c;
    // The restore that decides: the last call that finished it or made it Failed. A Cleanup
    // resets the phase but not this: a failure before it still decides unless a later call
    // finishes the restore. Refused calls change nothing and decide nothing.
    if (!c.refused && (c.failure || c.status === STATUS.STATUS_SUCCESS)) this.decided = c;
    if (!c.refused) this.started = true;
  }

  /** The outcome once every step ran; `doc` gives the cut, the input's length and `.expect-end`. */
  outcome(doc: Pick<SavedStateDocument, 'cut' | 'bytes' | 'expectEnd'>): RestoreOutcome {
    const findings = [...this.findings];
    const { last, decided, started } = this;
    let status: number;
    let code: DiagnosticCode | undefined;
    if (decided && !decided.failure) status = STATUS.STATUS_SUCCESS;
    else if (decided) {
      status = decided.status;
      code = decided.failure?.code;
    } else if (doc.cut) {
      // A limit stopped the analysis before the restore finished: the input did not end, so no
      // EOF-TRUNCATED; the limit's own finding (already reported) stands for the rest.
      status = STATUS.STATUS_END_OF_FILE;
      code = doc.cut.code;
    } else {
      status = STATUS.STATUS_END_OF_FILE;
      code = 'EOF-TRUNCATED';
      const info = diagnosticInfo('EOF-TRUNCATED')!;
      const end = doc.bytes.length;
      // Ending right after a Cleanup: the fresh restore it began holds no call (docs/format.md §4).
      const tail = this.tail;
      const afterCleanup = started && tail?.kind === 'op' && tail.op === 'Cleanup' && tail.ok;
      findings.push({
        code: info.code,
        severity: 'error',
        message: !last
          ? 'The input holds no restore call: there is no chunk to restore.'
          : afterCleanup
            ? `The input ends right after .op Cleanup (step ${tail.step + 1}): Cleanup dropped what restore call ${last.call + 1} and the calls before it restored, and the fresh restore it began holds no call.`
            : started
              ? `The input ends after restore call ${last.call + 1} returned ${formatStatus(last.status)}: restore still expects more chunks (an END chunk with FINAL).`
              : `The input ends after restore call ${last.call + 1} returned ${formatStatus(last.status)}: every call was refused, so the restore never started.`,
        status,
        bytes: { start: end, end },
      });
    }
    const want = doc.expectEnd;
    if (want) {
      const gotCode = code;
      if (want.status !== status || (want.diag !== undefined && want.diag !== gotCode)) {
        findings.push({
          code: 'EXPECT-MISMATCH',
          severity: 'error',
          message: `The run was expected to end with ${formatStatus(want.status)}${want.diag ? ` (${want.diag})` : ''}, ended with ${formatStatus(status)}${gotCode ? ` (${gotCode})` : ''}.`,
          ...(want.text ? { text: want.text } : {}),
        });
      }
    }
    return { status, ...(code ? { code } : {}), ...(decided ? { call: decided.call } : {}), findings };
  }
}

/**
 * Run restore call `call` (step `step`) on `channel` and record it; `chunkAt` maps a stream offset
 * to the index of the chunk holding it. The session and the streaming pass (streamAnalysis.ts) share it.
 */
export function runRestoreCall(
  channel: EmulatedChannel,
  bytes: Uint8Array,
  step: number,
  call: CallNode,
  chunkAt: (offset: number) => number | undefined,
): CallTrace {
  const buffer = call.bufferNull ? null : bytes.subarray(call.bytes.start, call.bytes.end);
  const r: RestoreCallResult = channel.restoreFromBuffer(buffer, call.size, call.bytes.start);
  // Keys set one by one in a fixed order, not spread: one per refused call of a long stream.
  const toProblem = (f: RestoreFinding): Problem => {
    // Argument and state refusals concern the whole call: they sit on its buffer.
    const p: Problem = {
      code: f.code,
      message: f.message,
      severity: f.severity,
      call: call.index,
      bytes: f.bytes ?? call.bytes,
    };
    if (f.bytes) p.chunk = chunkAt(f.bytes.start);
    if (f.severity === 'error') p.status = r.status;
    if (f.related) p.related = f.related.map((x) => ({ message: x.message, bytes: x.bytes }));
    return p;
  };
  const trace: CallTrace = {
    kind: 'call',
    step,
    call: call.index,
    bytes: call.bytes,
    status: r.status,
    statusName: statusName(r.status) ?? formatStatus(r.status),
    ntSuccess: ntSuccess(r.status),
    refused: r.refused === true,
    chunks: r.chunks.length ? chunkIndices(r.chunks.map((c) => chunkAt(c.at))) : NO_CHUNKS,
    warnings: r.warnings.length ? r.warnings.map(toProblem) : NO_WARNINGS,
    phase: r.phase,
    lifecycle: r.lifecycle,
  };
  if (r.failure) trace.failure = toProblem(r.failure);
  if (call.expect) {
    const got = r.failure?.code;
    trace.expect = {
      ...call.expect,
      ok: call.expect.status === r.status && (call.expect.diag === undefined || call.expect.diag === got),
    };
  }
  return trace;
}
