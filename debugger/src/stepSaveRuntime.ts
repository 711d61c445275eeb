// Step Save's runtime (docs/step-save.md): restores the program to get the channel state, then
// steps the save calls one at a time — the fixture's `.save-begin`/`.save`/`.save-end` lines, or
// for a file without them a correct driver loop with a fixed SaveBufferSize — and says where to stop.

import {
  chunkTypeFromName,
  formatStatus,
  ntSuccess,
  RestoreSession,
  saveSourceOf,
  saveWithBufferSize,
  SaveStepper,
  STATUS,
  statusMeaning,
  type RestoreOutcome,
  type SavedChunk,
  type SavedStateDocument,
  type SaveStep,
  type SaveStepTrace,
} from '../../core/src';

/** Default SaveBufferSize of the driver loop when the launch gives none. */
export const DEFAULT_SAVE_BUFFER = 4096;

export type SaveStopReason = 'entry' | 'step' | 'breakpoint' | 'exception';

/** A function breakpoint on chunks: `chunk N` (1-based, in the save's chunk order) or a chunk type name. */
export interface ChunkBreakpoint {
  name: string;
  chunk?: number;
  type?: number;
}

/** Parse a function breakpoint name; undefined when it names no chunk. */
export function parseChunkBreakpoint(name: string): ChunkBreakpoint | undefined {
  const n = name.trim();
  const m = /^chunk\s+(\d+)$/i.exec(n);
  if (m && +m[1] >= 1) return { name: n, chunk: +m[1] - 1 };
  const type = ['BEGIN', 'OFFER', 'CHANNEL_STATE', 'GPADL', 'PACKET', 'PENDING_MESSAGE', 'END', 'NOTE', 'RING'].find(
    (t) => t === n.toUpperCase(),
  );
  return type ? { name: n, type: chunkTypeFromName(type) } : undefined;
}

export class StepSaveRuntime {
  readonly restore: RestoreOutcome;
  readonly steps: SaveStep[];
  /** Where the steps come from: the fixture's save lines, or the driver loop with `bufferSize`. */
  readonly origin: 'fixture' | 'loop';
  private readonly stepper: SaveStepper;
  chunkBreakpoints: ChunkBreakpoint[] = [];
  /** 0-based lines (text programs) with a breakpoint: stop after the save call on that line. */
  lineBreakpoints = new Set<number>();

  constructor(
    readonly doc: SavedStateDocument,
    readonly bufferSize = DEFAULT_SAVE_BUFFER,
  ) {
    const session = new RestoreSession(doc);
    this.restore = session.runToEnd();
    if (doc.saveSteps?.length) {
      this.origin = 'fixture';
      this.steps = doc.saveSteps;
    } else {
      this.origin = 'loop';
      const calls = saveWithBufferSize(saveSourceOf(session.channel), bufferSize).calls.length;
      this.steps = [
        { call: 'begin' },
        ...Array.from({ length: calls }, (): SaveStep => ({ call: 'continue', bufferSize })),
        { call: 'end' },
      ];
    }
    this.stepper = new SaveStepper(this.steps, session.channel);
  }

  get done(): boolean {
    return this.stepper.done;
  }
  get trace(): readonly SaveStepTrace[] {
    return this.stepper.trace;
  }
  get current(): SaveStepTrace | undefined {
    return this.stepper.trace[this.stepper.trace.length - 1];
  }
  get chunks(): readonly SavedChunk[] {
    return this.stepper.save.chunks;
  }
  get problems() {
    return this.stepper.problems;
  }
  /** The stream written so far. */
  stream(): Uint8Array {
    return this.stepper.save.streamSoFar();
  }

  /** One save call (`next`). */
  step(): SaveStepTrace | undefined {
    return this.stepper.step();
  }

  /** Run until a breakpoint, a failing call or the end (`continue`). */
  run(): { trace?: SaveStepTrace; reason: SaveStopReason | 'end'; hit?: string } {
    for (;;) {
      const t = this.stepper.step();
      if (!t) return { reason: 'end' };
      const hit = this.hitBy(t);
      if (hit) return { trace: t, reason: 'breakpoint', hit };
      if (failed(t)) return { trace: t, reason: 'exception' };
      if (this.done) return { trace: t, reason: 'end' };
    }
  }

  /** The breakpoint a call hits: a chunk it wrote, or the line of its directive. */
  hitBy(t: SaveStepTrace): string | undefined {
    for (const i of t.written) {
      const b = this.chunkBreakpoints.find((x) => x.chunk === i || x.type === this.chunks[i].type);
      if (b) return `${b.name} (chunk ${i + 1}, ${this.chunks[i].label})`;
    }
    const line = this.steps[t.index].text?.start.line;
    if (line !== undefined && this.lineBreakpoints.has(line)) return `line ${line + 1}`;
    return undefined;
  }

  /** What the stop shows: the call, its status and NT_SUCCESS meaning, the bytes, the chunks so far. */
  describe(t: SaveStepTrace | undefined): Record<string, string> {
    if (!t) {
      return {
        nextCall: this.steps.length ? `1 of ${this.steps.length} (${callText(this.steps[0])})` : 'none',
        restore: formatStatus(this.restore.status),
        origin: this.originText(),
      };
    }
    const step = this.steps[t.index];
    const v: Record<string, string> = {
      call: `${t.index + 1} of ${this.steps.length}`,
      function: callText(step),
    };
    if (t.status !== undefined) {
      v.status = formatStatus(t.status);
      v.ntSuccess = ntSuccess(t.status) ? 'TRUE' : 'FALSE';
      v.meaning = statusMeaning(t.status);
    }
    if (t.bytesFilled !== undefined) v.bytesFilled = String(t.bytesFilled);
    if (t.bytesRequired !== undefined) v.bytesRequired = String(t.bytesRequired);
    if (step.call === 'continue')
      v.writtenByThisCall = t.written.map((i) => `chunk ${i + 1} ${this.chunks[i].label}`).join(', ') || 'nothing';
    v.chunksWritten = `${t.writtenTotal} of ${this.chunks.length}`;
    if (t.unwritten !== undefined) v.unwritten = String(t.unwritten);
    if (t.refused) v.refused = `${t.refused.code}: ${t.refused.message}`;
    if (t.expect) v.expect = `${formatStatus(t.expect.status)}: ${t.expect.ok ? 'ok' : 'MISMATCH'}`;
    v.phase = t.phase;
    return v;
  }

  /** Each chunk of the save and whether it is written: by an earlier call, by this one, or not yet. */
  chunkRows(t: SaveStepTrace | undefined): { name: string; value: string }[] {
    const now = new Set(t?.written ?? []);
    const total = t?.writtenTotal ?? 0;
    return this.chunks.map((c, i) => ({
      name: `chunk ${i + 1}`,
      value: `${c.label}, ${c.bytes.length} bytes, seq ${c.sequence}: ${
        now.has(i) ? 'written by this call ◀' : i < total ? 'written' : 'not yet written'
      }`,
    }));
  }

  originText(): string {
    return this.origin === 'fixture'
      ? `the fixture's ${this.steps.length} save line(s)`
      : `a driver loop: SaveBegin, SaveContinue with ${this.bufferSize}-byte buffers while it returns STATUS_BUFFER_OVERFLOW, SaveEnd`;
  }
}

function callText(s: SaveStep): string {
  if (s.call === 'begin') return 'VmbChannelSaveBegin(Channel)';
  if (s.call === 'end') return 'VmbChannelSaveEnd(Channel)';
  return `VmbChannelSaveContinue(Channel, ${s.bufferNull ? 'NULL' : 'SaveBuffer'}, ${s.bufferSize}, &BytesFilled, &BytesRequired)`;
}

/** A call that did not make progress: refused, BUFFER_TOO_SMALL, or a SaveEnd with chunks left. */
export function failed(t: SaveStepTrace): boolean {
  if (t.refused) return true;
  if (t.unwritten) return true;
  return t.status !== undefined && !ntSuccess(t.status) && t.status !== STATUS.STATUS_BUFFER_OVERFLOW;
}
