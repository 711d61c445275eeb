// Runs a fixture's save-side calls (`.save-begin`, `.save bufsize=N`, `.save-end`) against the
// channel its restore steps left, and reports them as problems like restore calls (docs/format.md §9.5).

import type { EmulatedChannel } from '../emulator/channel';
import type { Problem, SavedStateDocument, SaveStep } from '../model';
import { formatStatus, STATUS, statusMeaning } from '../ntstatus';
import { EmulatedSave, saveSourceOf, type SavePhase, type SaveRefusal } from './emulatedSave';
import type { SavedChunk } from './saveChunks';

/** One save-side call as it ran. */
export interface SaveStepTrace {
  /** Index into doc.saveSteps. */
  index: number;
  call: SaveStep['call'];
  /** SaveBegin and SaveContinue return a status; SaveEnd is VOID. */
  status?: number;
  bufferSize?: number;
  bytesFilled?: number;
  bytesRequired?: number;
  /** Chunks this call wrote (0-based, into `chunks` of the run). */
  written: number[];
  /** Chunks written by the end of this call. */
  writtenTotal: number;
  /** SaveEnd: chunks never written. */
  unwritten?: number;
  refused?: SaveRefusal;
  phase: SavePhase;
  expect?: SaveStep['expect'] & { ok: boolean };
}

export interface SaveStepsRun {
  trace: SaveStepTrace[];
  /** The chunks SaveBegin snapshotted (empty when no SaveBegin succeeded). */
  chunks: readonly SavedChunk[];
  /** The stream written so far. */
  stream: Uint8Array;
  problems: Problem[];
}

const callName = { begin: 'VmbChannelSaveBegin', continue: 'VmbChannelSaveContinue', end: 'VmbChannelSaveEnd' };

/** A stepper over the save steps, for the debugger (one call per step) and runSaveSteps (all). */
export class SaveStepper {
  readonly save: EmulatedSave;
  readonly trace: SaveStepTrace[] = [];
  readonly problems: Problem[] = [];
  private position = 0;

  constructor(
    readonly steps: readonly SaveStep[],
    channel: EmulatedChannel,
  ) {
    this.save = new EmulatedSave(saveSourceOf(channel));
  }

  get done(): boolean {
    return this.position >= this.steps.length;
  }
  get nextIndex(): number {
    return this.position;
  }

  /** Run the next save call; undefined once every call ran (the end-of-input check runs then, once). */
  step(): SaveStepTrace | undefined {
    const s = this.steps[this.position];
    if (!s) return undefined;
    const index = this.position++;
    const t = this.runOne(index, s);
    this.trace.push(t);
    this.report(s, t);
    if (this.done) this.finish();
    return t;
  }

  runToEnd(): void {
    while (this.step());
  }

  private runOne(index: number, s: SaveStep): SaveStepTrace {
    const base = { index, call: s.call, written: [] as number[] };
    if (s.call === 'begin') {
      const r = this.save.saveBegin();
      return { ...base, status: r.status, writtenTotal: 0, phase: this.save.phase, ...refusal(r.refused) };
    }
    if (s.call === 'end') {
      const r = this.save.saveEnd();
      return {
        ...base,
        writtenTotal: this.save.written,
        phase: r.phase,
        ...(r.refused ? { refused: r.refused } : { unwritten: r.unwritten }),
      };
    }
    const size = s.bufferSize ?? 0;
    const r = this.save.saveContinue(size, s.bufferNull ? null : undefined);
    return {
      ...base,
      status: r.status,
      bufferSize: size,
      bytesFilled: r.bytesFilled,
      bytesRequired: r.bytesRequired,
      written: r.written,
      writtenTotal: r.writtenTotal,
      phase: r.phase,
      ...refusal(r.refused),
    };
  }

  /** Problems of one call: refusals, BUFFER_TOO_SMALL, SaveEnd with chunks left, .expect mismatches. */
  private report(s: SaveStep, t: SaveStepTrace): void {
    const where = `save call ${t.index + 1} (${callName[s.call]})`;
    const at = s.text ? { text: s.text } : {};
    const exp = s.expect;
    if (exp && t.status !== undefined) {
      const ok =
        exp.status === t.status &&
        (exp.diag === undefined ||
          exp.diag === t.refused?.code ||
          (exp.diag === 'SAVE-TOO-SMALL' && t.status === STATUS.STATUS_BUFFER_TOO_SMALL));
      t.expect = { ...exp, ok };
      if (!ok)
        this.problems.push({
          code: 'EXPECT-MISMATCH',
          severity: 'error',
          message: `The ${where} was expected to return ${formatStatus(exp.status)}${exp.diag ? ` with ${exp.diag}` : ''}, returned ${formatStatus(t.status)}${t.refused ? ` with ${t.refused.code}` : ''}.`,
          ...(exp.text ? { text: exp.text } : at),
        });
    }
    const asserted = t.expect?.ok === true;
    const sev = asserted ? 'info' : 'error';
    const note = asserted ? ' (expected by .expect)' : '';
    if (t.refused) {
      const returns = t.status === undefined ? 'does nothing (VOID)' : `returns ${formatStatus(t.status)}`;
      this.problems.push({
        code: t.refused.code,
        severity: sev,
        message: `${t.refused.message} → ${where} ${returns}.${note}`,
        ...at,
      });
    } else if (t.status === STATUS.STATUS_BUFFER_TOO_SMALL) {
      this.problems.push({
        code: 'SAVE-TOO-SMALL',
        severity: sev,
        message: `SaveBufferSize ${t.bufferSize} cannot hold the next chunk (${t.bytesRequired} bytes): ${where} returns ${formatStatus(t.status)}, BytesRequired ${t.bytesRequired}. ${statusMeaning(t.status)}${note}`,
        ...at,
      });
    } else if (s.call === 'end' && t.unwritten !== undefined) {
      const ok = s.unwritten === undefined || s.unwritten === t.unwritten;
      if (!ok)
        this.problems.push({
          code: 'EXPECT-MISMATCH',
          severity: 'error',
          message: `.save-end unwritten=${s.unwritten}, but ${t.unwritten} chunk(s) were never written.`,
          ...at,
        });
      if (t.unwritten > 0)
        this.problems.push(
          incomplete(t.unwritten, this.save.chunks.length, `${where} ends the save`, s.unwritten === t.unwritten, at),
        );
    }
  }

  /** The input ended: a save left in progress with chunks unwritten is incomplete. */
  private finish(): void {
    if (this.save.phase !== 'Saving') return;
    const left = this.save.chunks.length - this.save.written;
    const last = this.steps[this.steps.length - 1];
    this.problems.push(
      incomplete(
        left,
        this.save.chunks.length,
        'the fixture ends without finishing the save',
        false,
        last?.text ? { text: last.text } : {},
      ),
    );
  }
}

function refusal(r: SaveRefusal | undefined): { refused?: SaveRefusal } {
  return r ? { refused: r } : {};
}

function incomplete(
  left: number,
  total: number,
  how: string,
  asserted: boolean,
  at: { text?: Problem['text'] },
): Problem {
  return {
    code: 'SAVE-INCOMPLETE',
    severity: asserted ? 'info' : 'error',
    message:
      `${left} of ${total} chunk(s) were never written: ${how} while chunks remain. A loop that treats ` +
      'STATUS_BUFFER_OVERFLOW as failure (`if (!NT_SUCCESS(status))`) stops here; call VmbChannelSaveContinue again instead.' +
      (asserted ? ' (expected by .save-end unwritten=)' : ''),
    ...at,
  };
}

/** Run every save step of `doc` on the channel its restore left. */
export function runSaveSteps(doc: SavedStateDocument, channel: EmulatedChannel): SaveStepsRun | undefined {
  if (!doc.saveSteps?.length) return undefined;
  const s = new SaveStepper(doc.saveSteps, channel);
  s.runToEnd();
  return { trace: s.trace, chunks: s.save.chunks, stream: s.save.streamSoFar(), problems: s.problems };
}
